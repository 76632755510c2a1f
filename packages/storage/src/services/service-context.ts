import type { ResolvedIdentityPolicy, TraitMergeConfig } from "@kith/identity"
import type { Summarizer } from "@kith/profile"
import type { StorageBackend } from "../backend.js"

/**
 * What every service of the port is built from: the engine and the options
 * `storageLayer` resolved once.
 *
 * @example
 * ```ts
 * const context: ServiceContext = { backend, maxEventBytes: 65_536, policy: resolveIdentityPolicy({}), traits: {}, summarizerFor }
 * ```
 */
export interface ServiceContext {
  readonly backend: StorageBackend
  /** Largest accepted event, in bytes of its JSON. */
  readonly maxEventBytes: number
  readonly policy: ResolvedIdentityPolicy
  /** Per-trait merge strategies (IDN-10). */
  readonly traits: TraitMergeConfig
  /** The summarizer of a workspace timezone (one per timezone, reused). */
  readonly summarizerFor: (timeZone: string) => Summarizer
}
