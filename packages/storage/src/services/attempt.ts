import { Effect } from "effect"
import { StorageFailure } from "../errors.js"

// The class of a typed error a port operation may report.
type ErrorClass = abstract new (...args: never) => Error

const isOneOf = <const Classes extends ReadonlyArray<ErrorClass>>(e: unknown, classes: Classes): e is InstanceType<Classes[number]> =>
  classes.some((c) => e instanceof c)

/**
 * Runs a port operation's backend work as an Effect. The work throws its
 * typed errors as instances of the classes the operation lists in
 * `expected`; anything else it throws (a driver error, a bug) is the
 * database failing, reported as {@link StorageFailure} with the cause, never
 * as a mislabelled type.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { UnknownWorkspace } from "@kith/storage"
 *
 * const missing = attempt("Workspaces.get", [UnknownWorkspace], () => Promise.reject(new UnknownWorkspace({ workspaceId: "shop-9" })))
 * await Effect.runPromise(Effect.flip(missing)) // => UnknownWorkspace { workspaceId: "shop-9" }
 * const broken = attempt("Workspaces.get", [UnknownWorkspace], () => Promise.reject(new Error("disk full")))
 * const failure = await Effect.runPromise(Effect.flip(broken))
 * failure._tag // => "StorageFailure"
 * ```
 */
export const attempt = <A, const Classes extends ReadonlyArray<ErrorClass>>(
  operation: string,
  expected: Classes,
  work: () => Promise<A>
): Effect.Effect<A, InstanceType<Classes[number]> | StorageFailure> =>
  Effect.tryPromise({
    try: work,
    catch: (e) => (isOneOf(e, expected) ? e : new StorageFailure({ operation, cause: e }))
  })
