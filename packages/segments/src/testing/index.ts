/**
 * fast-check arbitraries for `@kith/segments`: random valid rules, random
 * segment inputs, contexts and whole scenarios, for property tests here and
 * for any other engine that must agree with the in-memory one (the SQL
 * engine proves itself equal with them). Needs `fast-check` (an optional
 * peer dependency).
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * import { evaluate } from "@kith/segments"
 * import { arbScenario } from "@kith/segments/testing"
 *
 * fc.assert(fc.property(arbScenario(), ({ rule, profiles, asOf, context }) => {
 *   const members = profiles.filter((inputs) => evaluate(rule, inputs, { asOf, context }))
 *   return members.length <= profiles.length
 * }))
 * ```
 *
 * @packageDocumentation
 */
export * from "./arbitraries.js"
