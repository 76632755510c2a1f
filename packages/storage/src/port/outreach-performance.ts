import type { ProfileId, WorkspaceId } from "@kith/core"
import type { PlanPerformance } from "@kith/outreach"
import { Context, type Effect } from "effect"
import type { StorageFailure } from "../errors.js"
import type { EventKinds, EventPosition, TimelineRow } from "./events.js"
import type { OutboxRecord, OutboxRow, PlanNotFound } from "./outreach.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * A plan whose performance an engine computes: its id and its voucher code
 * (`null` without a voucher), which the orders' coupon is compared with.
 *
 * @example
 * ```ts
 * const query: PerformanceQuery = { planId: "plan-camon", voucherCode: "CAMON10" }
 * ```
 */
export interface PerformanceQuery {
  readonly planId: string
  readonly voucherCode: string | null
}

/**
 * The performance reads an engine implements (OUT-8): each plan's figures
 * from its outbox rows, the message events whose `deliveryId` is a row's
 * outbox id, and its recipients' order and checkout events — computed by the
 * engine (SQL on SQLite and Postgres), equal to `@kith/outreach`'s
 * `planPerformance` over the same rows; and the messages people received.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * const figures = await backend.read.outreachPerformance.plans("shop-1", [{ planId: "plan-1", voucherCode: null }], 7 * 86_400_000)
 * figures.get("plan-1")?.sent // => 0
 * ```
 */
export interface OutreachPerformanceReads {
  /** The performance of each plan (a plan without rows has the empty performance), by plan id. */
  readonly plans: (workspaceId: string, plans: ReadonlyArray<PerformanceQuery>, attributionWindowMs: number) => Promise<ReadonlyMap<string, PlanPerformance>>
  /**
   * The sent outbox rows of the person a profile id stands for, most recently
   * sent first, at most `limit`: the rows of its survivor (the id itself when
   * it is live or unknown) and of every profile merged into that survivor.
   */
  readonly received: (workspaceId: string, profileId: string, limit: number) => Promise<ReadonlyArray<OutboxRow>>
  /**
   * The newest rows of a person's timeline, before the position, at most
   * `limit`, ordered by position (`timelineRowPosition`) descending: the events of
   * `events.ofProfileNewestFirst` (these kinds when given) and the sent
   * outbox rows of `received`, read together (one query on SQL). None for
   * an id no profile has.
   */
  readonly timelineNewestFirst: (
    workspaceId: string,
    profileId: string,
    before: EventPosition | undefined,
    limit: number,
    only?: EventKinds
  ) => Promise<ReadonlyArray<TimelineRow>>
}

/**
 * Options of a performance read: the attribution window in days (default 7).
 *
 * @example
 * ```ts
 * const options: PerformanceOptions = { attributionWindowDays: 3 }
 * ```
 */
export interface PerformanceOptions {
  readonly attributionWindowDays?: number | undefined
}

/**
 * A segment's outreach performance (SEG-10): the sum over the plans whose
 * audience includes it (each plan attributes its own orders), and which plans those are.
 *
 * @example
 * ```ts
 * const figures: SegmentPerformance = { segmentId: "seg-vip", plans: ["plan-1"], ...emptyPerformance }
 * ```
 */
export interface SegmentPerformance extends PlanPerformance {
  readonly segmentId: string
  readonly plans: ReadonlyArray<string>
}

/**
 * Outreach performance (OUT-8, SEG-10) and the messages a person received
 * (the Profile 360 timeline, PRF-6), read from the outbox and the events.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const performance = yield* OutreachPerformance
 *   return (yield* performance.ofPlan(shop, "plan-camon", { attributionWindowDays: 3 })).messaged.orders
 * })
 * ```
 */
export class OutreachPerformance extends Context.Service<
  OutreachPerformance,
  {
    /** A plan's performance. */
    readonly ofPlan: (
      workspaceId: WorkspaceId,
      planId: string,
      options?: PerformanceOptions
    ) => Effect.Effect<PlanPerformance, UnknownWorkspace | PlanNotFound | StorageFailure>
    /** A segment's: the sum over the plans whose audience includes it (none: the empty performance). */
    readonly ofSegment: (workspaceId: WorkspaceId, segmentId: string, options?: PerformanceOptions) => Effect.Effect<SegmentPerformance, UnknownWorkspace | StorageFailure>
    /**
     * The outreach messages a person was sent, most recent first, at most
     * `limit`: the profile's (the survivor's, for a merged-away id) and those
     * of every profile merged into it.
     */
    readonly received: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      limit: number
    ) => Effect.Effect<ReadonlyArray<OutboxRecord>, UnknownWorkspace | StorageFailure>
  }
>()("@kith/storage/OutreachPerformance") {}
