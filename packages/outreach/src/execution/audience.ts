import type { PlanAudience } from "../plan/plan-definition.js"

/**
 * The recipients of a plan (OUT-3): the profiles in any segment of
 * `audience.include` and in none of `audience.exclude`, each once, sorted by
 * id so the outbox is filled in the same order whatever order the store
 * returned the members in. A segment without members (absent from
 * `membersOf`) contributes none.
 *
 * @param audience - the plan's audience
 * @param membersOf - the members of each audience segment at the instant the plan starts
 * @returns the profile ids, sorted
 *
 * @example
 * ```ts
 * const members = new Map([["seg-vip", ["p-2", "p-1"]], ["seg-loyal", ["p-3", "p-1"]], ["seg-staff", ["p-3"]]])
 * audienceMembers({ include: ["seg-vip", "seg-loyal"], exclude: ["seg-staff"] }, members) // => ["p-1", "p-2"]
 * ```
 */
export const audienceMembers = <Id extends string>(audience: PlanAudience, membersOf: ReadonlyMap<string, ReadonlyArray<Id>>): ReadonlyArray<Id> => {
  const excluded = new Set<string>(audience.exclude.flatMap((id) => membersOf.get(id) ?? []))
  const included = new Set<Id>(audience.include.flatMap((id) => membersOf.get(id) ?? []))
  return [...included].filter((id) => !excluded.has(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
