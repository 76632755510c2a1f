import type { InvalidInput, ProfileId, WorkspaceId } from "@kith/core"
import type { SegmentRule } from "@kith/segments"
import { Context, type Effect, Schema } from "effect"
import type { StorageFailure } from "../errors.js"
import type { InvalidCursor, Page, PageRequest } from "./page.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * No segment has this id in the workspace.
 *
 * @example
 * ```ts
 * import { SegmentNotFound } from "@kith/storage"
 * new SegmentNotFound({ segmentId: "seg-vip" }).message // => "No segment seg-vip"
 * ```
 */
export class SegmentNotFound extends Schema.TaggedError<SegmentNotFound>("@kith/storage/SegmentNotFound")("SegmentNotFound", {
  segmentId: Schema.String
}) {
  override get message(): string {
    return `No segment ${this.segmentId}`
  }
}

/**
 * A segment with this id is already stored: `define` never overwrites one
 * (`update` makes a new version of it).
 *
 * @example
 * ```ts
 * import { SegmentExists } from "@kith/storage"
 * new SegmentExists({ segmentId: "seg-vip" }).message // => "A segment seg-vip is already stored: update it instead"
 * ```
 */
export class SegmentExists extends Schema.TaggedError<SegmentExists>("@kith/storage/SegmentExists")("SegmentExists", {
  segmentId: Schema.String
}) {
  override get message(): string {
    return `A segment ${this.segmentId} is already stored: update it instead`
  }
}

/**
 * A membership change was computed for a version of the segment the store no
 * longer holds (its rule was updated meanwhile): nothing was written;
 * evaluate the stored version again.
 *
 * @example
 * ```ts
 * import { SegmentVersionChanged } from "@kith/storage"
 * new SegmentVersionChanged({ segmentId: "seg-vip", expectedVersion: 1, foundVersion: 2 }).message
 * // => "Segment seg-vip is at version 2, not 1: nothing was written"
 * ```
 */
export class SegmentVersionChanged extends Schema.TaggedError<SegmentVersionChanged>("@kith/storage/SegmentVersionChanged")("SegmentVersionChanged", {
  segmentId: Schema.String,
  expectedVersion: Schema.Number,
  foundVersion: Schema.Number
}) {
  override get message(): string {
    return `Segment ${this.segmentId} is at version ${this.foundVersion}, not ${this.expectedVersion}: nothing was written`
  }
}

/**
 * A stored segment definition (SEG-6): its rule, its version (1 when
 * defined, one more on every update) and who created and last changed it,
 * when.
 *
 * @example
 * ```ts
 * const segment: StoredSegment = {
 *   segmentId: "seg-recent", name: "Bought in the last 30 days", version: 1,
 *   rule: { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } },
 *   createdBy: "staff-lan", createdAt: new Date("2026-01-05T02:00:00Z"), updatedBy: "staff-lan", updatedAt: new Date("2026-01-05T02:00:00Z")
 * }
 * ```
 */
export interface StoredSegment {
  readonly segmentId: string
  readonly name: string
  readonly rule: SegmentRule
  readonly version: number
  readonly createdBy: string
  readonly createdAt: Date
  readonly updatedBy: string
  readonly updatedAt: Date
}

/**
 * A current member of a segment: since when, and under which version of the
 * segment it entered.
 *
 * @example
 * ```ts
 * const member: SegmentMember = { segmentId: "seg-recent", profileId: "p_m-1" as ProfileId, enteredAt: new Date("2026-01-05T02:00:00Z"), version: 1 }
 * ```
 */
export interface SegmentMember {
  readonly segmentId: string
  readonly profileId: ProfileId
  readonly enteredAt: Date
  readonly version: number
}

/**
 * One entry of a profile's membership history: it entered or exited a
 * segment at an instant, under a version of the segment.
 *
 * @example
 * ```ts
 * const change: MembershipChange = { segmentId: "seg-recent", profileId: "p_m-1" as ProfileId, change: "exited", at: new Date("2026-02-03T17:00:00Z"), version: 1 }
 * ```
 */
export interface MembershipChange {
  readonly segmentId: string
  readonly profileId: ProfileId
  readonly change: "entered" | "exited"
  readonly at: Date
  readonly version: number
}

/**
 * A profile whose verdict in a segment changes by time alone at `at`: it is
 * re-evaluated then (SEG-8).
 *
 * @example
 * ```ts
 * const due: DueEvaluation = { segmentId: "seg-recent", profileId: "p_m-1" as ProfileId, at: new Date("2026-02-03T17:00:00Z") }
 * ```
 */
export interface DueEvaluation {
  readonly segmentId: string
  readonly profileId: ProfileId
  readonly at: Date
}

/**
 * A membership computed at `asOf` for `version` of a segment, to apply: the
 * members among the `scope` (every profile of the workspace, or the profiles
 * listed — the others keep their membership), and the instant each profile
 * of the scope is next due for re-evaluation (the scope's earlier schedule
 * is replaced; a profile absent from `due` is never due), or `"kept"`: the
 * schedule is left as it is (a refresh writes it afterwards a page at a
 * time, with `Segments.schedule`).
 *
 * @example
 * ```ts
 * const refresh: MembershipRefresh = {
 *   version: 1, asOf: new Date("2026-01-05T02:00:00Z"), scope: "all",
 *   members: ["p_m-1" as ProfileId], due: [{ profileId: "p_m-1" as ProfileId, at: new Date("2026-02-03T17:00:00Z") }]
 * }
 * ```
 */
export interface MembershipRefresh {
  readonly version: number
  readonly asOf: Date
  readonly scope: "all" | ReadonlyArray<ProfileId>
  readonly members: ReadonlyArray<ProfileId>
  readonly due: ReadonlyArray<{ readonly profileId: ProfileId; readonly at: Date }> | "kept"
}

/**
 * The re-evaluation schedule of one range of profile ids in a segment,
 * computed for `version`: the ids after `after` (exclusive; absent: from the
 * first) up to `through` (inclusive; absent: to the last). Every profile of
 * the range is next due at its instant in `due`, and a profile of the range
 * absent from `due` is never due. A refresh writes the whole id space as
 * consecutive ranges, one page at a time, so its memory stays bounded.
 *
 * `asOf` is the instant the entries were computed at. The segment's schedule
 * holds from that instant (see `Segments.scheduledFrom`) once the last range
 * (no `through`) of a sequence begun by a first range (no `after`) is
 * written: the first range forgets the instant the schedule held from, the
 * last one sets it. Without `asOf`, the range forgets it.
 *
 * @example
 * ```ts
 * const range: ScheduleRange = { version: 1, after: "p_a" as ProfileId, through: "p_m" as ProfileId, due: [{ profileId: "p_b" as ProfileId, at: new Date("2026-02-03T17:00:00Z") }] }
 * ```
 */
export interface ScheduleRange {
  readonly version: number
  readonly asOf?: Date | undefined
  readonly after?: ProfileId | undefined
  readonly through?: ProfileId | undefined
  readonly due: ReadonlyArray<{ readonly profileId: ProfileId; readonly at: Date }>
}

/**
 * What applying a membership changed: who entered, who exited (each sorted
 * by id), and how many members the segment has after it.
 *
 * @example
 * ```ts
 * const outcome: MembershipOutcome = { entered: ["p_m-1" as ProfileId], exited: [], members: 1 }
 * ```
 */
export interface MembershipOutcome {
  readonly entered: ReadonlyArray<ProfileId>
  readonly exited: ReadonlyArray<ProfileId>
  readonly members: number
}

/**
 * Who changes a segment and when (time is a parameter).
 *
 * @example
 * ```ts
 * const by: SegmentChangeBy = { actor: "staff-lan", at: new Date("2026-01-05T02:00:00Z") }
 * ```
 */
export interface SegmentChangeBy {
  readonly actor: string
  readonly at: Date
}

/**
 * Stored segments and their membership (SEG-6, SEG-8): definitions with
 * versions; the current members with the instant each entered; every
 * profile's history of entering and exiting; counts; members in stable
 * pages; and each profile's next-change instant, so re-evaluation happens
 * when it is due instead of in a daily sweep. Applying a membership diffs it
 * against the stored one in one transaction. Evaluating rules is not this
 * service's work: `SegmentInputsStore` gives members, `@kith/segments` the
 * instants.
 *
 * @example
 * ```ts
 * import type { ProfileId, WorkspaceId } from "@kith/core"
 * import { Effect } from "effect"
 *
 * const shop = "shop-1" as WorkspaceId
 * const at = new Date("2026-01-05T02:00:00Z")
 * const rule = { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } } as const
 * const program = Effect.gen(function*() {
 *   yield* (yield* Workspaces).create({ workspaceId: shop })
 *   const segments = yield* Segments
 *   yield* segments.define(shop, { segmentId: "seg-recent", name: "Recent buyers", rule, actor: "staff-lan", at })
 *   yield* segments.apply(shop, "seg-recent", { version: 1, asOf: at, scope: "all", members: ["p_m-1" as ProfileId], due: [] })
 *   return yield* segments.count(shop, "seg-recent")
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend())))) // => 1
 * ```
 */
export class Segments extends Context.Service<
  Segments,
  {
    /** Stores a new segment at version 1; an id already stored is {@link SegmentExists}. */
    readonly define: (
      workspaceId: WorkspaceId,
      input: SegmentChangeBy & { readonly segmentId: string; readonly name: string; readonly rule: SegmentRule }
    ) => Effect.Effect<StoredSegment, UnknownWorkspace | SegmentExists | InvalidInput | StorageFailure>
    /** Stores a new version of a segment (its name, its rule or both); its membership stays until it is refreshed. */
    readonly update: (
      workspaceId: WorkspaceId,
      segmentId: string,
      change: SegmentChangeBy & { readonly name?: string | undefined; readonly rule?: SegmentRule | undefined }
    ) => Effect.Effect<StoredSegment, UnknownWorkspace | SegmentNotFound | InvalidInput | StorageFailure>
    /** Removes a segment: every member exits at `by.at` (kept in their history), its schedule goes. Returns how many exited. */
    readonly remove: (workspaceId: WorkspaceId, segmentId: string, by: SegmentChangeBy) => Effect.Effect<number, UnknownWorkspace | SegmentNotFound | StorageFailure>
    readonly get: (workspaceId: WorkspaceId, segmentId: string) => Effect.Effect<StoredSegment, UnknownWorkspace | SegmentNotFound | StorageFailure>
    /** Every segment of the workspace, by id. */
    readonly list: (workspaceId: WorkspaceId) => Effect.Effect<ReadonlyArray<StoredSegment>, UnknownWorkspace | StorageFailure>
    /**
     * Applies a membership computed for `refresh.version` (else
     * {@link SegmentVersionChanged}): profiles of the scope that are members
     * now and were not enter at `asOf`; those that were and are not exit at
     * `asOf`; both go into their history. Profiles merged into one of a
     * listed scope are in the scope too (they are no longer live: they
     * exit). One transaction.
     */
    readonly apply: (
      workspaceId: WorkspaceId,
      segmentId: string,
      refresh: MembershipRefresh
    ) => Effect.Effect<MembershipOutcome, UnknownWorkspace | SegmentNotFound | SegmentVersionChanged | InvalidInput | StorageFailure>
    /** `apply` for several segments, in one transaction: all are written or none. Answers who entered and exited each (not the counts: they cost a count per segment). */
    readonly applyMany: (
      workspaceId: WorkspaceId,
      refreshes: ReadonlyArray<MembershipRefresh & { readonly segmentId: string }>
    ) => Effect.Effect<
      ReadonlyArray<Omit<MembershipOutcome, "members"> & { readonly segmentId: string }>,
      UnknownWorkspace | SegmentNotFound | SegmentVersionChanged | InvalidInput | StorageFailure
    >
    /** The current members, by profile id, in pages. */
    readonly members: (
      workspaceId: WorkspaceId,
      segmentId: string,
      page: PageRequest
    ) => Effect.Effect<Page<SegmentMember>, UnknownWorkspace | SegmentNotFound | InvalidCursor | StorageFailure>
    /** How many members the segment has (counted by the store). */
    readonly count: (workspaceId: WorkspaceId, segmentId: string) => Effect.Effect<number, UnknownWorkspace | SegmentNotFound | StorageFailure>
    /** The segments a profile is in now, by segment id. */
    readonly of: (workspaceId: WorkspaceId, profileId: ProfileId) => Effect.Effect<ReadonlyArray<SegmentMember>, UnknownWorkspace | StorageFailure>
    /** A profile's entries and exits, oldest first. */
    readonly history: (workspaceId: WorkspaceId, profileId: ProfileId) => Effect.Effect<ReadonlyArray<MembershipChange>, UnknownWorkspace | StorageFailure>
    /**
     * Replaces the schedule of one range of profile ids (see
     * {@link ScheduleRange}) computed for `range.version` (else
     * {@link SegmentVersionChanged}); only the entries that differ are
     * written. One transaction. Returns how many entries the range holds.
     */
    readonly schedule: (
      workspaceId: WorkspaceId,
      segmentId: string,
      range: ScheduleRange
    ) => Effect.Effect<number, UnknownWorkspace | SegmentNotFound | SegmentVersionChanged | InvalidInput | StorageFailure>
    /** Re-evaluations due at or before `now`, earliest first, at most `limit`. */
    readonly due: (workspaceId: WorkspaceId, now: Date, limit: number) => Effect.Effect<ReadonlyArray<DueEvaluation>, UnknownWorkspace | StorageFailure>
    /**
     * The instant the segment's schedule holds from, or `null` when none is
     * known (never scheduled whole, a schedule under way, a new version): for
     * every profile, either its entry is at or before that instant (it must
     * be computed again), or its verdict is the same from that instant up to
     * its entry and differs at it — no entry: the same for ever. Each write of
     * entries computed at an instant later than it moves it there (the
     * entries not written stay true from a later instant, or have come due).
     * A refresh at or after it only needs the entries that have come due.
     */
    readonly scheduledFrom: (workspaceId: WorkspaceId, segmentId: string) => Effect.Effect<Date | null, UnknownWorkspace | SegmentNotFound | StorageFailure>
    /** The profiles whose entry in the segment's schedule is at or before `now`, by id. */
    readonly dueIn: (workspaceId: WorkspaceId, segmentId: string, now: Date) => Effect.Effect<ReadonlyArray<ProfileId>, UnknownWorkspace | SegmentNotFound | StorageFailure>
    /**
     * Replaces the schedule of these profiles with `due` (each entry one of
     * `profiles`; a profile without one is never due), computed at `asOf` for
     * `version` (else {@link SegmentVersionChanged}); `scheduledFrom` moves to
     * `asOf` if it was earlier. One transaction. Returns how many entries were written.
     */
    readonly reschedule: (
      workspaceId: WorkspaceId,
      segmentId: string,
      change: {
        readonly version: number
        readonly asOf: Date
        readonly profiles: ReadonlyArray<ProfileId>
        readonly due: ReadonlyArray<{ readonly profileId: ProfileId; readonly at: Date }>
      }
    ) => Effect.Effect<number, UnknownWorkspace | SegmentNotFound | SegmentVersionChanged | InvalidInput | StorageFailure>
  }
>()("@kith/storage/Segments") {}

/**
 * A segment definition as an engine stores it: the rule as JSON text, times
 * in epoch ms.
 *
 * @example
 * ```ts
 * const row: SegmentRow = { segmentId: "seg-vip", name: "VIP", rule: "{\"version\":1,\"rule\":{\"all\":[]}}", version: 1,
 *   createdBy: "staff-lan", createdAt: 1767578400000, updatedBy: "staff-lan", updatedAt: 1767578400000 }
 * ```
 */
export interface SegmentRow {
  readonly segmentId: string
  readonly name: string
  readonly rule: string
  readonly version: number
  readonly createdBy: string
  readonly createdAt: number
  readonly updatedBy: string
  readonly updatedAt: number
}

/**
 * A current member as an engine stores it.
 *
 * @example
 * ```ts
 * const row: SegmentMemberRow = { segmentId: "seg-vip", profileId: "p_m-1", enteredAt: 1767578400000, version: 1 }
 * ```
 */
export interface SegmentMemberRow {
  readonly segmentId: string
  readonly profileId: string
  readonly enteredAt: number
  readonly version: number
}

/**
 * A history entry as an engine stores it, numbered per workspace in the order written.
 *
 * @example
 * ```ts
 * const row: SegmentHistoryRow = { seq: 1, segmentId: "seg-vip", profileId: "p_m-1", change: "entered", at: 1767578400000, version: 1 }
 * ```
 */
export interface SegmentHistoryRow {
  readonly seq: number
  readonly segmentId: string
  readonly profileId: string
  readonly change: "entered" | "exited"
  readonly at: number
  readonly version: number
}

/**
 * A scheduled re-evaluation as an engine stores it.
 *
 * @example
 * ```ts
 * const row: SegmentDueRow = { segmentId: "seg-vip", profileId: "p_m-1", dueAt: 1770138000000 }
 * ```
 */
export interface SegmentDueRow {
  readonly segmentId: string
  readonly profileId: string
  readonly dueAt: number
}

/**
 * The segment reads an engine implements, all scoped by workspace.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.segments.count("shop-1", "seg-vip") // => 0
 * ```
 */
export interface SegmentReads {
  readonly segment: (workspaceId: string, segmentId: string) => Promise<SegmentRow | undefined>
  /** Every segment, by id. */
  readonly segments: (workspaceId: string) => Promise<ReadonlyArray<SegmentRow>>
  /** Members ordered by profile id, after `after` (exclusive), at most `limit`. */
  readonly members: (workspaceId: string, segmentId: string, page: { readonly after?: string | undefined; readonly limit: number }) => Promise<ReadonlyArray<SegmentMemberRow>>
  /** The profile ids of the members among these profiles, or of every member when `profileIds` is absent (a diff reads nothing else of them). */
  readonly memberIdsAmong: (workspaceId: string, segmentId: string, profileIds?: ReadonlyArray<string>) => Promise<ReadonlyArray<string>>
  readonly count: (workspaceId: string, segmentId: string) => Promise<number>
  /** A profile's memberships, by segment id. */
  readonly ofProfile: (workspaceId: string, profileId: string) => Promise<ReadonlyArray<SegmentMemberRow>>
  /** A profile's history, by seq. */
  readonly history: (workspaceId: string, profileId: string) => Promise<ReadonlyArray<SegmentHistoryRow>>
  /** Scheduled re-evaluations at or before `now`, ordered by (dueAt, segmentId, profileId), at most `limit`. */
  readonly due: (workspaceId: string, now: number, limit: number) => Promise<ReadonlyArray<SegmentDueRow>>
  /** The highest history seq of the workspace (0 when none). */
  readonly lastSeq: (workspaceId: string) => Promise<number>
  /** The instant the segment's schedule holds from (epoch ms), or `null` (see `Segments.scheduledFrom`). */
  readonly scheduledFrom: (workspaceId: string, segmentId: string) => Promise<number | null>
  /** The profiles whose entry in the segment's schedule is at or before `now`, by id. */
  readonly dueIn: (workspaceId: string, segmentId: string, now: number) => Promise<ReadonlyArray<string>>
}

/**
 * The segment writes (and reads) of one transaction.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", (tx) => tx.segments.putSegment("shop-1", row))
 * ```
 */
export interface SegmentWrites extends SegmentReads {
  /** Inserts or replaces a definition. */
  readonly putSegment: (workspaceId: string, row: SegmentRow) => Promise<void>
  /** Sets the instant the segment's schedule holds from (`null`: none known). */
  readonly setScheduledFrom: (workspaceId: string, segmentId: string, at: number | null) => Promise<void>
  /** Deletes a definition, its members and its schedule (history stays). */
  readonly deleteSegment: (workspaceId: string, segmentId: string) => Promise<void>
  readonly insertMembers: (workspaceId: string, rows: ReadonlyArray<SegmentMemberRow>) => Promise<void>
  readonly deleteMembers: (workspaceId: string, segmentId: string, profileIds: ReadonlyArray<string>) => Promise<void>
  readonly appendHistory: (workspaceId: string, rows: ReadonlyArray<SegmentHistoryRow>) => Promise<void>
  /** Replaces the schedule of these profiles (every profile when `profileIds` is `"all"`) in the segment. */
  readonly replaceDue: (workspaceId: string, segmentId: string, profileIds: "all" | ReadonlyArray<string>, rows: ReadonlyArray<SegmentDueRow>) => Promise<void>
  /**
   * Makes the schedule of the segment's profiles with ids after `range.after`
   * (exclusive, absent: from the first) up to `range.through` (inclusive,
   * absent: to the last) exactly `rows`, writing only what differs.
   */
  readonly replaceDueBetween: (
    workspaceId: string,
    segmentId: string,
    range: { readonly after?: string | undefined; readonly through?: string | undefined },
    rows: ReadonlyArray<SegmentDueRow>
  ) => Promise<void>
  /** Erasure: deletes every membership, history entry and schedule entry of these profiles. */
  readonly eraseProfiles: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<void>
}
