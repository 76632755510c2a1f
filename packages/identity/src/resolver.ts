import type { ProfileId } from "@kith/core"
import type { Result } from "effect"
import type { InvalidIdentityOperation, UnknownSubject } from "./errors.js"
import type { Explanation } from "./explain.js"
import type { IdentityWarning, LedgerEntry, ManualAction } from "./ledger.js"
import type { NormalizedIdentifier } from "./normalize.js"
import type { ResolvedIdentityPolicy } from "./policy.js"
import type { IdentityRecord } from "./record.js"
import type { IdentityConstraints } from "./resolver/constraints.js"
import { type IdentityDecision, ingestRecord } from "./resolver/ingest.js"
import { type BatchSummary, ingestRecords } from "./resolver/ingest-batch.js"
import { ledgerFrom } from "./resolver/ledger-log.js"
import { type MergePreview, manualMerge, previewManualMerge, type TraitChoice } from "./resolver/manual-merge.js"
import {
  allProfiles,
  assignments,
  currentProfileId,
  currentWarnings,
  explain,
  identifiersOfProfile,
  partition,
  profileById,
  profileOf,
  type ResolvedProfile,
  traitsOf
} from "./resolver/queries.js"
import { type SplitOutcome, splitRecords } from "./resolver/split.js"
import { ResolverState, type ResolverOptions } from "./resolver/state.js"
import type { TraitMergeConfig } from "./trait-strategy.js"
import type { ProvenancedTrait } from "./traits.js"

export type { IdentityConstraints } from "./resolver/constraints.js"
export type { IdentityDecision } from "./resolver/ingest.js"
export type { BatchSummary } from "./resolver/ingest-batch.js"
export type { IdentifierConflict, ManualMergePreview, MergePreview, TraitChoice, TraitConflict } from "./resolver/manual-merge.js"
export type { ResolvedProfile } from "./resolver/queries.js"
export { linkingIdentifiers, type SplitOutcome } from "./resolver/split.js"
export { profileIdOfRecord, type ResolverOptions } from "./resolver/state.js"

/**
 * The identity state of one workspace, resolved incrementally or in bulk:
 * records, profiles, the ledger and person-made constraints. Batch and
 * incremental resolution use the same component resolver, so feeding the same
 * records in any order, in one batch or one by one, gives the same profiles
 * with the same ids (IDN-6).
 *
 * @example
 * ```ts
 * const resolver = createResolver()
 * const at = new Date("2025-03-01T02:00:00Z")
 * resolver.ingest({ recordId: "r-1", observedAt: at, source: "web", identifiers: [{ type: "phone", value: "0912 345 678" }] })
 * // => { kind: "created", profileId: "p_r-1", ... }
 * resolver.ingest({ recordId: "r-2", observedAt: at, source: "zalo_oa", identifiers: [{ type: "phone", value: "+84 912 345 678" }, { type: "zalo_id", value: "445566" }] })
 * // => { kind: "attached", profileId: "p_r-1", ... }
 * ```
 */
export class IdentityResolver {
  // The operations live beside their state, one file per seam under
  // ./resolver/: ingestion and its fast paths, queries, split, manual merge,
  // the ledger. This class is their public face.
  private readonly state: ResolverState

  constructor(options: ResolverOptions = {}) {
    this.state = new ResolverState(options)
  }

  /** The resolved policy in force. */
  get policy(): ResolvedIdentityPolicy {
    return this.state.graph.policy
  }

  /** How many records the state holds. */
  get size(): number {
    return this.state.graph.records.length
  }

  // ---------------------------------------------------------------- ingestion

  /**
   * Resolves one record against the current state (IDN-1, IDN-6): only the
   * component it touches is re-resolved, with the batch logic.
   *
   * @param record - the record, identifiers raw
   * @returns the decision, with warnings
   * @throws InvalidInput (from `@kith/core`, subject `identity record`) naming each bad field of a malformed record, such as an invalid `observedAt`; nothing changes
   *
   * @example
   * ```ts
   * resolver.ingest({ recordId: "r-3", observedAt: new Date("2025-03-02T00:00:00Z"), source: "web", identifiers: [{ type: "email", value: "test@test.com" }] })
   * // => { kind: "created", profileId: "p_r-3", warnings: [{ kind: "rejected", reason: "blocked", ... }], ... }
   * ```
   */
  ingest(record: IdentityRecord): IdentityDecision {
    return ingestRecord(this.state, record)
  }

  /**
   * Loads many records at once (IDN-6): the bulk path of {@link resolveBatch},
   * integer node ids, union-find over typed arrays and a fast path for
   * components no guard can touch. Known record ids are skipped.
   *
   * @param records - the records, identifiers raw
   * @returns how many records were loaded and how many profiles exist
   * @throws InvalidInput naming each bad field when any record is malformed; then no record is loaded
   *
   * @example
   * ```ts
   * createResolver().ingestBatch(records) // => { records: 1000, duplicates: 0, profiles: 412 }
   * ```
   */
  ingestBatch(records: Iterable<IdentityRecord>): BatchSummary {
    return ingestRecords(this.state, records)
  }

  // ------------------------------------------------------------------ queries

  /**
   * The profile a record belongs to now.
   *
   * @example
   * ```ts
   * resolver.profileOf("r-2") // => "p_r-1"
   * ```
   */
  profileOf(recordId: string): ProfileId | undefined {
    return profileOf(this.state, recordId)
  }

  /**
   * Follows merges: the live profile id an old id now resolves to, or
   * `undefined` for an id never seen.
   *
   * @example
   * ```ts
   * resolver.currentProfileId("p_r-5") // => "p_r-1" after r-5's profile merged into r-1's
   * ```
   */
  currentProfileId(profileId: ProfileId): ProfileId | undefined {
    return currentProfileId(this.state, profileId)
  }

  /**
   * A profile with its records and identifiers (following merges).
   *
   * @example
   * ```ts
   * resolver.profile("p_r-1" as ProfileId)
   * // => { profileId: "p_r-1", recordIds: ["r-1", "r-2"], identifiers: [{ type: "phone", value: "+84912345678" }, ...] }
   * ```
   */
  profile(profileId: ProfileId): ResolvedProfile | undefined {
    return profileById(this.state, profileId)
  }

  /**
   * The identifiers of a profile (following merges), as {@link profile}
   * gives them (sorted by type, then value), without sorting its records or
   * listing their ids: cheaper where only what a profile holds is wanted.
   *
   * @example
   * ```ts
   * import type { ProfileId } from "@kith/core"
   * import { createResolver } from "@kith/identity"
   *
   * const resolver = createResolver()
   * resolver.ingest({
   *   recordId: "chat-1", observedAt: new Date("2025-03-01T02:00:00Z"), source: "zalo_oa",
   *   identifiers: [{ type: "zalo_id", value: "4455667788" }, { type: "phone", value: "0912 345 678" }]
   * })
   * resolver.profileIdentifiers("p_chat-1" as ProfileId)
   * // => [{ type: "phone", value: "+84912345678" }, { type: "zalo_id", value: "4455667788" }]
   * resolver.profileIdentifiers("p_nobody" as ProfileId) // => undefined
   * ```
   */
  profileIdentifiers(profileId: ProfileId): ReadonlyArray<NormalizedIdentifier> | undefined {
    return identifiersOfProfile(this.state, profileId)
  }

  /**
   * Every profile, in canonical order of their first records.
   *
   * @example
   * ```ts
   * [...resolver.profiles()].length // => 412
   * ```
   */
  profiles(): IterableIterator<ResolvedProfile> {
    return allProfiles(this.state)
  }

  /**
   * The partition of records into profiles as sorted record-id lists, sorted:
   * a canonical form to compare two states.
   *
   * @example
   * ```ts
   * resolver.partition() // => [["r-1", "r-2"], ["r-3"]]
   * ```
   */
  partition(): Array<Array<string>> {
    return partition(this.state)
  }

  /**
   * The profile id of every record, as a map: a compact view for comparing
   * states and for storage.
   *
   * @example
   * ```ts
   * resolver.assignments().get("r-2") // => "p_r-1"
   * ```
   */
  assignments(): Map<string, ProfileId> {
    return assignments(this.state)
  }

  /**
   * Every current warning: rejected identifiers, drops, refusals and
   * quarantines, as the state stands now.
   *
   * @example
   * ```ts
   * resolver.warnings().filter((w) => w.kind === "quarantined")
   * // => [{ kind: "quarantined", identifier: { type: "phone", value: "+84281234567" }, profileIds: [...] }]
   * ```
   */
  warnings(): Array<IdentityWarning> {
    return currentWarnings(this.state)
  }

  /**
   * Person-made constraints to persist (splits and manual merges), by record id.
   *
   * @example
   * ```ts
   * resolver.constraints() // => { doNotMerge: [["r-1", "r-7"]], mustLink: [] }
   * ```
   */
  constraints(): IdentityConstraints {
    return this.state.constraints.byRecordId(this.state.graph.records)
  }

  /**
   * Explains two records (IDN-7): the chain of shared identifiers that joined
   * them, or why they were kept apart (guards, quarantine, blocked values, or
   * nothing in common).
   *
   * @example
   * ```ts
   * resolver.explain("r-1", "r-3")
   * // => Result.succeed({ joined: true, profileId: "p_r-1", chain: [
   * //      { from: "r-1", to: "r-2", identifier: { type: "phone", value: "+84912345678" }, rule: "shared_identifier" },
   * //      { from: "r-2", to: "r-3", identifier: { type: "zalo_id", value: "445566" }, rule: "shared_identifier" }] })
   * ```
   */
  explain(recordA: string, recordB: string): Result.Result<Explanation, UnknownSubject> {
    return explain(this.state, recordA, recordB)
  }

  /**
   * The merged traits of a profile, each with its provenance (IDN-10):
   * observations of its records' traits plus manual choices, merged with the
   * configured strategies.
   *
   * @example
   * ```ts
   * resolver.traitsOf("p_r-1" as ProfileId)?.fullName // => { value: "Nguyễn Thị Lan", source: "zalo_oa", strategy: "newest", ... }
   * ```
   */
  traitsOf(profileId: ProfileId, config: TraitMergeConfig = this.state.traitConfig): Record<string, ProvenancedTrait> | undefined {
    return traitsOf(this.state, profileId, config)
  }

  // ------------------------------------------------------------------- ledger

  /**
   * The append-only ledger (IDN-7). Records loaded in bulk get their `created`
   * / `linked` entries derived from the state right after their load, in
   * canonical order, with the identifier each shares with an earlier record of
   * its profile.
   *
   * @example
   * ```ts
   * resolver.ledger().filter((e) => e.kind === "merged")
   * // => [{ seq: 7, kind: "merged", from: "p_r-5", into: "p_r-1", identifier: { type: "phone", value: "+84912345678" }, rule: "shared_identifier", ... }]
   * ```
   */
  ledger(): Array<LedgerEntry> {
    return ledgerFrom(this.state, 0)
  }

  /**
   * How many ledger entries there are: the `seq` the next one will get.
   *
   * @example
   * ```ts
   * const before = resolver.ledgerLength
   * resolver.ingest(record)
   * resolver.ledgerFrom(before) // => the entries this ingestion appended
   * ```
   */
  get ledgerLength(): number {
    return this.state.ledger.nextSeq
  }

  /**
   * The ledger entries numbered `seq` and later, in order: what was appended
   * since {@link IdentityResolver.ledgerLength} read `seq`. Cheaper than
   * slicing {@link IdentityResolver.ledger}: entries of earlier bulk loads are
   * not derived at all.
   *
   * @example
   * ```ts
   * resolver.ingestBatch(history)
   * const start = resolver.ledgerLength
   * resolver.ingest(late)
   * resolver.ledgerFrom(start) // => [{ seq: start, kind: "linked", recordId: late.recordId, ... }]
   * ```
   */
  ledgerFrom(seq: number): Array<LedgerEntry> {
    return ledgerFrom(this.state, seq)
  }

  // ------------------------------------------------------ split, manual merge

  /**
   * Splits two records of one profile apart (IDN-8): records a do-not-merge
   * pair (later records respect it, and re-feeding the same records does not
   * re-merge them), drops the manual merges that joined the two sides, and
   * re-resolves the component without that evidence. The two records always
   * end apart; the outcome says where each went (`a`, `b`: the side holding
   * the profile's earliest record keeps the id `from`, so `b === from` when
   * `recordB` was that record) and names in `linking` the identifiers both
   * sides still hold, which only the split keeps from re-linking them.
   *
   * @param recordA - a record that stays on one side
   * @param recordB - a record that goes to the other side
   * @param action - when, by whom, why
   * @returns the old profile id, where each record went, the identifiers still linking the sides, and the profiles it became
   *
   * @example
   * ```ts
   * import { Result } from "effect"
   *
   * const sisters = resolveBatch([
   *   { recordId: "r-1", observedAt: new Date("2025-03-01T00:00:00Z"), source: "web", identifiers: [{ type: "phone", value: "0912345678" }, { type: "email", value: "lan@gmail.com" }] },
   *   { recordId: "r-2", observedAt: new Date("2025-03-02T00:00:00Z"), source: "web", identifiers: [{ type: "phone", value: "0912 345 678" }, { type: "email", value: "hoa@gmail.com" }] }
   * ])
   * const split = sisters.split("r-1", "r-2", { at: new Date("2025-04-01T00:00:00Z"), actor: "staff-7", reason: "two sisters share a phone" })
   * Result.getOrThrow(split).linking // => [{ type: "phone", value: "+84912345678" }]
   * split // => Result.succeed({ from: "p_r-1", a: "p_r-1", b: "p_r-2", linking: [...], profiles: [...] })
   * ```
   */
  split(recordA: string, recordB: string, action: ManualAction): Result.Result<SplitOutcome, UnknownSubject | InvalidIdentityOperation> {
    return splitRecords(this.state, recordA, recordB, action)
  }

  /**
   * Previews a manual merge without changing anything (IDN-9): the merged
   * records and identifiers, unique-type conflicts, and per-trait conflicts to
   * choose on, their sides named `a` (`profileA`) and `b` (`profileB`) like
   * the choices of {@link IdentityResolver.manualMerge}. Type the result as
   * {@link ManualMergePreview}; the conflicts' `into` and `from` are deprecated.
   *
   * @param profileA - one profile (`a` in conflicts and choices)
   * @param profileB - the other (`b`)
   *
   * @example
   * ```ts
   * resolver.previewManualMerge("p_r-1" as ProfileId, "p_r-9" as ProfileId)
   * // => Result.succeed({ into: "p_r-1", from: "p_r-9", identifierConflicts: [{ type: "user_id", values: ["u-1", "u-9"] }],
   * //      traitConflicts: [{ name: "fullName", a: { value: "Lan", ... }, b: { value: "Nguyễn Thị Lan", ... }, ... }], ... })
   * ```
   */
  previewManualMerge(profileA: ProfileId, profileB: ProfileId): Result.Result<MergePreview, UnknownSubject | InvalidIdentityOperation> {
    return previewManualMerge(this.state, profileA, profileB)
  }

  /**
   * Merges two profiles by hand (IDN-9), over every guard: records a must-link
   * pair, removes do-not-merge pairs between them, and stores each trait choice
   * as a `manual` observation at `action.at`.
   *
   * @param profileA - one profile (`"a"` in choices)
   * @param profileB - the other (`"b"` in choices)
   * @param action - when, by whom, why, and the per-trait choices
   * @returns the merged profile
   *
   * @example
   * ```ts
   * resolver.manualMerge("p_r-1" as ProfileId, "p_r-9" as ProfileId, { at: new Date("2025-04-01T00:00:00Z"), actor: "staff-7", choices: { fullName: "b" } })
   * // => Result.succeed({ profileId: "p_r-1", recordIds: [...], identifiers: [...] })
   * ```
   */
  manualMerge(
    profileA: ProfileId,
    profileB: ProfileId,
    action: ManualAction & { readonly choices?: Readonly<Record<string, TraitChoice>> }
  ): Result.Result<ResolvedProfile, UnknownSubject | InvalidIdentityOperation> {
    return manualMerge(this.state, profileA, profileB, action)
  }
}

/**
 * Creates an empty identity state for incremental resolution.
 *
 * @param options - policy, saved constraints, trait merge configuration
 * @returns the resolver
 *
 * @example
 * ```ts
 * const resolver = createResolver({ policy: { quarantineThreshold: 3 } })
 * resolver.ingest(record) // => { kind: "created", profileId: "p_r-1", ... }
 * ```
 */
export const createResolver = (options: ResolverOptions = {}): IdentityResolver => new IdentityResolver(options)

/**
 * Resolves a whole set of records at once (a file, a backfill) into profiles
 * (IDN-1, IDN-6). The result is the same state the incremental resolver
 * reaches from the same records in any order, and can keep ingesting.
 *
 * @param records - the records, identifiers raw, in any order
 * @param options - policy, saved constraints, trait merge configuration
 * @returns the resolved state
 *
 * @example
 * ```ts
 * const state = resolveBatch([
 *   { recordId: "r-1", observedAt: new Date("2025-01-01T00:00:00Z"), source: "web", identifiers: [{ type: "email", value: "Lan@Gmail.com" }] },
 *   { recordId: "r-2", observedAt: new Date("2025-01-02T00:00:00Z"), source: "shopee", identifiers: [{ type: "email", value: "lan@gmail.com" }, { type: "shopee_buyer_id", value: "sp-9" }] }
 * ])
 * state.partition() // => [["r-1", "r-2"]]
 * state.profileOf("r-2") // => "p_r-1"
 * ```
 */
export const resolveBatch = (records: Iterable<IdentityRecord>, options: ResolverOptions = {}): IdentityResolver => {
  const resolver = new IdentityResolver(options)
  resolver.ingestBatch(records)
  return resolver
}
