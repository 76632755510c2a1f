import type { InvalidInput, ProfileId } from "@kith/core"
import type { Explanation, MissingRfmCutoffs, SegmentReferenceCycle, UnknownSegmentReference } from "@kith/segments"
import type {
  InvalidCursor,
  MembershipChange,
  Page,
  SegmentExists,
  SegmentMember,
  SegmentNotFound,
  SegmentVersionChanged,
  StorageFailure,
  StoredSegment,
  UnknownWorkspace
} from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { ListRequest } from "../list-request.js"
import type { CdpMode, Returns } from "../mode.js"
import type { ProfileLookupError, ProfileReference } from "../profile-reference.js"

/**
 * A segment's rule, given one way: the rule document itself
 * (`rule: { version: 1, rule: … }`, checked by `@kith/segments`'
 * `decodeRule`), or a template of `@kith/segments` with its parameters
 * (`template: "recent", params: { days: 30 }`).
 *
 * @example
 * ```ts
 * const byRule: SegmentRuleInput = { rule: { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } } }
 * const byTemplate: SegmentRuleInput = { template: "lapsed", params: { days: 90 } }
 * ```
 */
export interface SegmentRuleInput {
  readonly rule?: unknown
  readonly template?: string | undefined
  readonly params?: unknown
}

/**
 * A segment to create: its id, name and rule (or template), who creates it and when.
 *
 * @example
 * ```ts
 * const input: SegmentCreate = { id: "recent-buyers", name: "Bought in the last 30 days", template: "recent", params: { days: 30 }, actor: "staff-lan", at: new Date("2026-01-05T02:00:00Z") }
 * ```
 */
export interface SegmentCreate extends SegmentRuleInput {
  readonly id: string
  readonly name: string
  readonly actor: string
  readonly at: Date
}

/**
 * A change to a segment: a new name, a new rule (or template), or both; who and when.
 *
 * @example
 * ```ts
 * const change: SegmentUpdate = { template: "recent", params: { days: 60 }, actor: "staff-lan", at: new Date("2026-02-01T02:00:00Z") }
 * ```
 */
export interface SegmentUpdate extends SegmentRuleInput {
  readonly name?: string | undefined
  readonly actor: string
  readonly at: Date
}

/**
 * How far a refresh has come: its phase and, in the scheduling phase, how
 * many profiles of how many have their next-change instant computed.
 *
 * @example
 * ```ts
 * const progress: RefreshProgress = { phase: "scheduling", done: 1000, total: 4200 }
 * ```
 */
export interface RefreshProgress {
  readonly phase: "members" | "scheduling" | "applied"
  readonly done: number
  readonly total: number
}

/**
 * What a refresh or a due re-evaluation changed.
 *
 * @example
 * ```ts
 * const outcome: RefreshOutcome = { entered: ["p_m-1" as ProfileId], exited: [], members: 1 }
 * ```
 */
export interface RefreshOutcome {
  readonly entered: ReadonlyArray<ProfileId>
  readonly exited: ReadonlyArray<ProfileId>
  readonly members: number
}

/**
 * What `refreshDue` did: how many (segment, profile) verdicts it
 * re-evaluated, and every entry and exit, each with its segment and the
 * instant it happened at (the instant it was due).
 *
 * @example
 * ```ts
 * const outcome: DueOutcome = { evaluated: 1, changes: [{ segmentId: "recent-buyers", profileId: "p_m-1" as ProfileId, change: "exited", at: new Date("2026-02-03T17:00:00Z") }] }
 * ```
 */
export interface DueOutcome {
  readonly evaluated: number
  readonly changes: ReadonlyArray<Omit<MembershipChange, "version">>
}

/** The failures of a call that writes a segment's definition. */
export type SegmentDefinitionError =
  | InvalidArgument
  | InvalidInput
  | SegmentExists
  | SegmentNotFound
  | UnknownSegmentReference
  | SegmentReferenceCycle
  | UnknownWorkspace
  | StorageFailure

/** The failures of a call that evaluates rules. */
export type SegmentEvaluationError =
  | InvalidArgument
  | InvalidInput
  | SegmentNotFound
  | SegmentVersionChanged
  | UnknownSegmentReference
  | SegmentReferenceCycle
  | UnknownWorkspace
  | InvalidCursor
  | StorageFailure

/**
 * `cdp.segments` (SEG-6, SEG-7, SEG-8): stored segments — created from a
 * rule or a template, updated as new versions, removed — and their
 * membership: `refresh` materializes the members through the store's
 * segment engine and records who entered and exited when; every member's
 * next-change instant is kept, so `refreshDue({ now })` re-evaluates exactly
 * the profiles whose verdict changes by time alone (a window edge at local
 * midnight) without a full refresh; ingestion re-evaluates the profiles it
 * touched right after each batch commits. `explain` says why a profile is
 * in or out, `of` and `history` what a profile is in and was in.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 *
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * const recent = await cdp.segments.create({ id: "recent", name: "Bought in the last 30 days", template: "recent", params: { days: 30 }, actor: "staff-lan", at: new Date("2026-01-05T02:00:00Z") })
 * recent.version // => 1
 * recent.rule // => { version: 1, rule: { kind: "first_order", during: { withinLastDays: 30 } } }
 * const ids = (await cdp.segments.list()).map((s) => s.segmentId)
 * ids // => ["recent"]
 * await cdp.close()
 * ```
 */
export interface SegmentsApi<M extends CdpMode> {
  /** Stores a new segment (version 1); a bad rule, an unknown template, a reference to a missing segment or a cycle is a typed error and nothing is written. */
  create(input: SegmentCreate): Returns<M, StoredSegment, SegmentDefinitionError>
  /** Stores a new version (its membership changes at the next refresh). */
  update(id: string, change: SegmentUpdate): Returns<M, StoredSegment, SegmentDefinitionError>
  /** Removes a segment: its members exit (kept in their history). Refused while another segment refers to it. Returns how many exited. */
  remove(id: string, by: { readonly actor: string; readonly at: Date }): Returns<M, number, SegmentDefinitionError>
  /** Every segment, by id. */
  list(): Returns<M, ReadonlyArray<StoredSegment>, UnknownWorkspace | StorageFailure>
  get(id: string): Returns<M, StoredSegment, SegmentNotFound | UnknownWorkspace | StorageFailure>
  /** Materializes the members at `asOf` and the next-change instant of every profile; `onProgress` is told how far it has come (DX-5). */
  refresh(id: string, options: { readonly asOf: Date; readonly onProgress?: ((progress: RefreshProgress) => void) | undefined }): Returns<M, RefreshOutcome, SegmentEvaluationError>
  /** Re-evaluates the (segment, profile) pairs due at or before `now`, each at the instant it was due. */
  refreshDue(options: { readonly now: Date }): Returns<M, DueOutcome, SegmentEvaluationError>
  /** The current members, by profile id, in pages (stable cursor). */
  members(id: string, request?: ListRequest): Returns<M, Page<SegmentMember>, SegmentNotFound | InvalidArgument | InvalidCursor | UnknownWorkspace | StorageFailure>
  count(id: string): Returns<M, number, SegmentNotFound | UnknownWorkspace | StorageFailure>
  /** Why a profile is (or is not) in a segment at `asOf` (SEG-7); a rule with an `rfm` condition is `MissingRfmCutoffs` (its cut-offs come with a refresh). */
  explain(profile: ProfileReference, id: string, options: { readonly asOf: Date }): Returns<M, Explanation, ProfileLookupError | SegmentEvaluationError | MissingRfmCutoffs>
  /** The segments a profile is in now. */
  of(profile: ProfileReference): Returns<M, ReadonlyArray<SegmentMember>, ProfileLookupError>
  /** A person's entries and exits, oldest first: the live profile's and those of the profiles merged into it. */
  history(profile: ProfileReference): Returns<M, ReadonlyArray<MembershipChange>, ProfileLookupError>
}
