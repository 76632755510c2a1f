import type { ProfileId } from "@kith/core"
import { EvidenceGraph } from "../engine/graph.js"
import { RootTable } from "../engine/root-table.js"
import { asResolvedPolicy, type NormalizedIdentifier } from "../normalize.js"
import type { IdentityPolicy, ResolvedIdentityPolicy } from "../policy.js"
import type { TraitMergeConfig } from "../trait-strategy.js"
import type { TraitObservation } from "../traits.js"
import { ComponentIndex } from "./components.js"
import { ConstraintStore, type IdentityConstraints } from "./constraints.js"
import { LedgerLog } from "./ledger-log.js"

/**
 * The profile id of the profile whose earliest record (in canonical order:
 * observed time, then record id) is `recordId`. Profile ids are derived, so
 * batch and incremental resolution name profiles identically.
 *
 * @example
 * ```ts
 * profileIdOfRecord("evt-1") // => "p_evt-1"
 * ```
 */
export const profileIdOfRecord = (recordId: string): ProfileId => `p_${recordId}` as ProfileId

/**
 * Options of {@link createResolver} and {@link resolveBatch}.
 *
 * @example
 * ```ts
 * const options: ResolverOptions = { policy: { quarantineThreshold: 3 }, constraints: { doNotMerge: [["r-1", "r-2"]], mustLink: [] }, traits: { sourceTrust: ["manual"] } }
 * ```
 */
export interface ResolverOptions {
  /** The workspace identity policy; defaults everywhere when omitted. */
  readonly policy?: IdentityPolicy | ResolvedIdentityPolicy
  /** Constraints saved from an earlier state (splits and manual merges); they apply to records as they arrive. */
  readonly constraints?: IdentityConstraints
  /** Trait strategies and source trust for {@link IdentityResolver.traitsOf} and merge previews. */
  readonly traits?: TraitMergeConfig
}

/**
 * Everything one resolver holds: the evidence graph, person-made constraints,
 * the per-component index, the ledger, and the trait choices of manual
 * merges. The resolver's operations (ingestion, queries, split, manual merge)
 * are functions over it, one file each. Internal to the package.
 */
export class ResolverState {
  readonly graph: EvidenceGraph
  readonly traitConfig: TraitMergeConfig
  readonly constraints: ConstraintStore
  readonly components: ComponentIndex
  readonly ledger = new LedgerLog()
  /** Old profile id → the id it merged into; followed by `currentProfileId`, so old ids keep resolving. */
  readonly redirects = new Map<string, ProfileId>()
  /** Trait choices of manual merges, by the canonical record of the profile that took them. */
  readonly manualTraits = new Map<number, Array<TraitObservation>>()
  /** How many manual trait observations were made: numbers their `manual:<n>` record ids. */
  manualCount = 0
  // Profile ids by canonical record, built once: every decision names one.
  private readonly profileIds = new RootTable<ProfileId>()
  // One shared, immutable identifier object per key: ledger entries point at it instead of copying.
  private readonly identifiers = new RootTable<NormalizedIdentifier>()

  constructor(options: ResolverOptions) {
    this.graph = new EvidenceGraph(asResolvedPolicy(options.policy))
    this.traitConfig = options.traits ?? {}
    this.constraints = new ConstraintStore(options.constraints)
    this.components = new ComponentIndex(this.graph, this.constraints)
  }

  /** The id of the profile whose canonical record is `index`. */
  profileIdOfIndex(index: number): ProfileId {
    let id = this.profileIds.get(index)
    if (id === undefined) {
      id = profileIdOfRecord(this.graph.records[index]!.recordId)
      this.profileIds.set(index, id)
    }
    return id
  }

  /** The canonical record of a live profile id; `undefined` for an unknown id or one merged away. */
  canonicalIndexOf(profileId: string): number | undefined {
    if (!profileId.startsWith("p_")) return undefined
    const index = this.graph.recordIndex.get(profileId.slice(2))
    return index !== undefined && this.graph.profileRecord[index] === index ? index : undefined
  }

  /** The normalized identifier of a key, as one frozen object per key. */
  identifierOfKey(key: number): NormalizedIdentifier {
    let identifier = this.identifiers.get(key)
    if (identifier === undefined) {
      identifier = Object.freeze({ type: this.graph.typeOfKey(key), value: this.graph.keyValue[key]! })
      this.identifiers.set(key, identifier)
    }
    return identifier
  }
}
