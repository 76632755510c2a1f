import type { ProfileId, WorkspaceId } from "@kith/core"
import type { OutboxMessage, Plan, ReasonCode, SentMessage, ShopEvent } from "@kith/outreach"
import type { ConsentRecord, ContactRestrictionRecord } from "@kith/privacy"
import { Context, type Effect } from "effect"
import type { StorageFailure } from "../errors.js"
import type { StoredProfile } from "./profiles.js"
import type { OutboxDecision, OutboxDelivery, OutboxEntry, PlanNotFound, PlanVersionChanged } from "./outreach.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * A new decision on a held outbox row, as plan execution makes it when the hold ends.
 *
 * @example
 * ```ts
 * const change: HeldRedecision = { outboxId: "ob_1f2e", decision: "send", reason: "consented", availableAt: new Date("2026-01-05T00:00:00Z") }
 * ```
 */
export interface HeldRedecision {
  readonly outboxId: string
  readonly decision: OutboxDecision
  readonly reason: ReasonCode
  readonly availableAt: Date
  readonly message?: OutboxMessage | undefined
}

/** What a decision made inside the write writes: new rows, new decisions on held rows, and the plan's move (all or nothing). */
export interface DecidedWrites {
  readonly entries: ReadonlyArray<OutboxEntry>
  readonly redecisions: ReadonlyArray<HeldRedecision>
  /** The plan as moved (to in progress, or sent), saved only if the store still holds `expectedVersion`. */
  readonly plan?: { readonly plan: Plan; readonly expectedVersion: number } | undefined
  /** A plan whose pending and held rows become cancelled (a cancel: with the plan's move, so no worker claims them after). */
  readonly cancelOutboxOf?: string | undefined
}

/**
 * One decided write of plan execution: the recipients whose earlier sends
 * the decisions count, from when, and the decisions themselves — a pure
 * function of those sends, called inside the workspace's write transaction.
 *
 * @example
 * ```ts
 * const write: DecidedWrite = { profileIds: ["p_m-1" as ProfileId], since: new Date("2025-12-01T00:00:00Z"), now: new Date("2026-01-05T02:00:00Z"), decide: () => ({ entries: [], redecisions: [] }) }
 * ```
 */
export interface DecidedWrite {
  readonly profileIds: ReadonlyArray<ProfileId>
  readonly since: Date
  readonly now: Date
  /** Given each profile's sends (decision `send`: pending, claimed or sent; at or after `since`), what to write. */
  readonly decide: (history: ReadonlyMap<string, ReadonlyArray<SentMessage>>) => DecidedWrites
}

/**
 * What plan execution knows of one recipient before deciding: the live
 * profile (with its identifiers), the privacy feature's consent records and
 * contact restrictions for it, and what stops any contact — erased (the profile was deleted, or
 * anonymized: kept without a personal value) and suppressed (an identifier
 * it holds is on the workspace's suppression list).
 *
 * @example
 * ```ts
 * const gone: RecipientRecords = { profileId: "p_m-1" as ProfileId, consent: [], restrictions: [], erased: true, suppressed: false }
 * ```
 */
export interface RecipientRecords {
  /** The id asked about. */
  readonly profileId: ProfileId
  /** The live profile it names now (a merged-away id: the survivor); absent when deleted. */
  readonly profile?: StoredProfile | undefined
  /** The live profile's consent records, oldest first. */
  readonly consent: ReadonlyArray<ConsentRecord>
  /** The live profile's contact restrictions (do-not-contact, blocks of the shop and their lifts), oldest first. */
  readonly restrictions: ReadonlyArray<ContactRestrictionRecord>
  readonly erased: boolean
  readonly suppressed: boolean
}

/**
 * Plan execution's writes (OUT-7): decisions are made **when rows are
 * written**, inside the workspace's serialized write transaction, over the
 * recipients' sends as they stand in that transaction — so two runs can
 * never both count the same empty history, and the frequency caps hold
 * whatever number of workers deliver afterwards. The plan's move commits
 * with its rows or not at all.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const runs = yield* OutreachRuns
 *   return yield* runs.write(shop, { profileIds: [], since, now, decide: () => ({ entries: [], redecisions: [] }) })
 * })
 * ```
 */
export class OutreachRuns extends Context.Service<
  OutreachRuns,
  {
    /** Reads the sends, decides, writes rows, new decisions and the plan in one transaction; returns how many rows were new and how many held rows changed. */
    readonly write: (
      workspaceId: WorkspaceId,
      write: DecidedWrite
    ) => Effect.Effect<{ readonly inserted: number; readonly redecided: number }, UnknownWorkspace | PlanNotFound | PlanVersionChanged | StorageFailure>
    /**
     * The records of these profiles (see {@link RecipientRecords}), one per
     * id asked, in the order asked; read a page at a time, a few queries per
     * page (profiles, identifiers, consent, suppression) whatever its size.
     */
    readonly recipients: (workspaceId: WorkspaceId, profileIds: ReadonlyArray<ProfileId>) => Effect.Effect<ReadonlyArray<RecipientRecords>, UnknownWorkspace | StorageFailure>
    /**
     * Keeps the shop's events automated plans trigger on (price changes,
     * LIVEs scheduled), so a host reports each once: a key already kept
     * keeps its first report (report a changed price or a moved LIVE under
     * a new key). Returns how many were new.
     */
    readonly recordShopEvents: (workspaceId: WorkspaceId, events: ReadonlyArray<ShopEvent>) => Effect.Effect<number, UnknownWorkspace | StorageFailure>
    /** The kept shop events that can still cause an occurrence due at or after `since` (a price change at or after it, a LIVE starting at or after it), by time then key. */
    readonly shopEvents: (workspaceId: WorkspaceId, since: Date) => Effect.Effect<ReadonlyArray<ShopEvent>, UnknownWorkspace | StorageFailure>
    /** The engine's delivery operations, for the worker loop (claims run outside the workspace's write lock). */
    readonly delivery: OutboxDelivery
  }
>()("@kith/storage/OutreachRuns") {}
