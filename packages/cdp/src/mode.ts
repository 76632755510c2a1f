import type { Effect } from "effect"

/**
 * The two forms of the facade: `"effect"`, the {@link Cdp} service, whose
 * operations return Effects with their typed errors; `"promise"`, the
 * {@link CdpClient} of `createCdp`, whose operations return Promises that
 * reject with the same errors. Every operation is declared once, generic
 * over the form, so both show the same documentation.
 *
 * @example
 * ```ts
 * const service: ProfilesApi<"effect"> = (yield* Cdp).profiles
 * const client: ProfilesApi<"promise"> = (await createCdp({ storage, workspace: "shop-1" })).profiles
 * ```
 */
export type CdpMode = "effect" | "promise"

/**
 * What an operation gives in each form: `Effect<A, E>` for the {@link Cdp}
 * service, `Promise<A>` (rejecting with an `E`, an `Error` with a `_tag`)
 * for the client of `createCdp`.
 *
 * @example
 * ```ts
 * type InEffect = Returns<"effect", number, StorageFailure> // Effect.Effect<number, StorageFailure>
 * type InPromise = Returns<"promise", number, StorageFailure> // Promise<number>
 * ```
 */
export type Returns<M extends CdpMode, A, E> = M extends "effect" ? Effect.Effect<A, E> : Promise<A>
