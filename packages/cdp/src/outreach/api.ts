import type { InvalidInput } from "@kith/core"
import type { ShopEvent } from "@kith/outreach"
import type { ContactPolicy, IllegalPlanAction, NotPermitted, OutreachSender, Plan, PlanActor, PlanDefinitionInput, PlanPermissions, PlanStatus, UnfilledPlaceholder } from "@kith/outreach"
import type { PlanPerformance } from "@kith/outreach"
import type {
  InvalidCursor,
  OutboxRecord,
  Page,
  PlanExists,
  PlanNotFound,
  PlanVersionChanged,
  RateLimit,
  SegmentNotFound,
  SegmentPerformance,
  StorageFailure,
  UnknownWorkspace
} from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { OutboxWorkerSummary } from "./worker.js"
import type { ListRequest } from "../list-request.js"
import type { CdpMode, Returns } from "../mode.js"

/**
 * Who acts on a plan and when, with the workspace's permissions (default:
 * `@kith/outreach`'s `defaultPlanPermissions`).
 *
 * @example
 * ```ts
 * const by: PlanBy = { actor: { kind: "staff", id: "s-lan", role: "marketer" }, at: new Date("2026-01-05T02:00:00Z") }
 * ```
 */
export interface PlanBy {
  readonly actor: PlanActor
  readonly at: Date
  readonly permissions?: PlanPermissions | undefined
}

/** The failures of a call that changes a plan: nothing is written when one is reported. */
export type PlanChangeError =
  | InvalidArgument
  | InvalidInput
  | IllegalPlanAction
  | NotPermitted
  | PlanExists
  | PlanNotFound
  | PlanVersionChanged
  | SegmentNotFound
  | UnfilledPlaceholder
  | UnknownWorkspace
  | StorageFailure

/**
 * Options of `tick`: the instant, and the shop's price changes and LIVE
 * schedule the price-drop and LIVE-reminder triggers read (none by default).
 *
 * @example
 * ```ts
 * const options: TickOptions = { now: new Date("2026-01-06T02:00:00Z") }
 * ```
 */
export interface TickOptions {
  readonly now: Date
  /**
   * The shop's events since the last tick (price changes, LIVEs scheduled),
   * each reported once: kith keeps them, so a LIVE announced in the
   * morning reminds its followers in the evening without being passed
   * again. A key already kept keeps its first report (report a changed
   * price or a moved LIVE under a new key); a bad event refuses the tick
   * with `InvalidArgument` naming it.
   */
  readonly shopEvents?: ReadonlyArray<ShopEvent> | undefined
}

/**
 * What one `tick` did: the plans it started (their outbox filled), the held
 * messages it decided again, and the plans it completed (their outbox drained).
 *
 * @example
 * ```ts
 * const outcome: TickOutcome = { started: ["plan-camon"], queued: 120, redecided: 0, completed: [] }
 * ```
 */
export interface TickOutcome {
  readonly started: ReadonlyArray<string>
  /** Outbox rows written by the plans started. */
  readonly queued: number
  /** Held rows decided again (sent, held longer or skipped). */
  readonly redecided: number
  readonly completed: ReadonlyArray<string>
}

/**
 * Options of `runWorker`: the host's sender, how many messages it sends at
 * once, and a signal that stops the worker (it returns once its in-flight
 * messages are settled). `untilDrained: true` returns once nothing is left to claim.
 *
 * @example
 * ```ts
 * const controller = new AbortController()
 * const options: RunWorkerOptions = { sender: { send: async (m) => console.log(m.to, m.text) }, concurrency: 8, signal: controller.signal }
 * ```
 */
export interface RunWorkerOptions {
  readonly sender: OutreachSender
  readonly concurrency?: number | undefined
  readonly signal?: AbortSignal | undefined
  readonly untilDrained?: boolean | undefined
  readonly workerId?: string | undefined
  /** The worker's clock; default the system clock. */
  readonly clock?: (() => number) | undefined
}

/**
 * Which performance: a plan's, or a segment's (the sum over the plans whose
 * audience includes it); the attribution window in days, default 7.
 *
 * @example
 * ```ts
 * const ofPlan: PerformanceTarget = { plan: "plan-camon", attributionWindowDays: 3 }
 * const ofSegment: PerformanceTarget = { segment: "seg-vip" }
 * ```
 */
export type PerformanceTarget =
  | { readonly plan: string; readonly attributionWindowDays?: number | undefined }
  | { readonly segment: string; readonly attributionWindowDays?: number | undefined }

/**
 * `cdp.outreach` (OUT-2, OUT-3, OUT-7, OUT-8): plans through their machine —
 * create, update, schedule, send now, cancel, delete, list, get — and their
 * delivery. `tick({ now })` starts the scheduled plans that are due: it
 * resolves their recipients from the audience's segments at that instant
 * (the segments' versions recorded in the plan's resolution), decides for
 * each recipient with the one contact policy and writes the outbox in the
 * same transaction as the plan's move to `in_progress`; it decides held
 * messages again when their hold ends, and completes a plan once its outbox
 * is drained. `runWorker` delivers the outbox through the host's sender,
 * each message with its stable idempotency key. `outbox(plan)` shows every
 * row with its decision and reason; `performance` the figures.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 *
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * const by = { actor: { kind: "staff", id: "s-lan", role: "marketer" }, at: new Date("2026-01-05T02:00:00Z") } as const
 * await cdp.segments.create({ id: "buyers", name: "Buyers", template: "recent", params: { days: 30 }, actor: "s-lan", at: by.at })
 * const plan = await cdp.outreach.create({ id: "plan-camon", definition: {
 *   name: "Cảm ơn", purpose: "care", channel: "zalo", audience: { include: ["buyers"], exclude: [] },
 *   content: { variants: { vi: 'Cảm ơn {{firstName | "bạn"}}!' }, fallbackLocale: "vi" },
 *   voucher: { kind: "none" }, products: ["p-ao"], callToAction: { kind: "product_list" }, holdoutPercent: 0
 * } }, by)
 * plan.status // => "draft"
 * const scheduled = await cdp.outreach.schedule("plan-camon", { sendAt: "2026-01-06T09:00" }, by)
 * scheduled.startAt // => new Date("2026-01-06T02:00:00Z")
 * const tick = await cdp.outreach.tick({ now: new Date("2026-01-06T02:00:00Z") })
 * tick.started // => ["plan-camon"]
 * await cdp.close()
 * ```
 */
export interface OutreachApi<M extends CdpMode> {
  /** Creates a plan in draft; a bad definition is `InvalidInput` naming every problem, a taken id `PlanExists`. */
  create(input: { readonly id: string; readonly definition: PlanDefinitionInput }, by: PlanBy): Returns<M, Plan, PlanChangeError>
  /** Replaces a draft's definition. */
  update(id: string, definition: PlanDefinitionInput, by: PlanBy): Returns<M, Plan, PlanChangeError>
  /** Schedules a draft: a one-time plan at a local time `yyyy-MM-ddTHH:mm` in the workspace timezone, an automated plan at its active period. */
  schedule(id: string, when: { readonly sendAt?: string | undefined }, by: PlanBy): Returns<M, Plan, PlanChangeError>
  /** Sends a draft now: resolves its recipients at `by.at` and fills its outbox with the plan's move to in progress, in one transaction. */
  sendNow(id: string, by: PlanBy): Returns<M, Plan, PlanChangeError>
  /** Cancels a scheduled plan (before its start) or one in progress: its messages not yet claimed by a worker are cancelled. */
  cancel(id: string, by: PlanBy): Returns<M, Plan, PlanChangeError>
  /** Deletes a draft (or a cancelled one-time plan); the plan and its history are kept with status `deleted`. */
  delete(id: string, by: PlanBy): Returns<M, Plan, PlanChangeError>
  /** Plans by id, in pages, of one status when given. */
  list(request?: ListRequest & { readonly status?: PlanStatus | undefined }): Returns<M, Page<Plan>, InvalidArgument | InvalidCursor | UnknownWorkspace | StorageFailure>
  get(id: string): Returns<M, Plan, PlanNotFound | UnknownWorkspace | StorageFailure>
  /** Starts due plans, decides due held messages again, completes drained plans (see above). */
  tick(options: TickOptions): Returns<M, TickOutcome, PlanChangeError | InvalidCursor>
  /** Delivers the outbox through `sender` until `signal` aborts (or, with `untilDrained`, until nothing is left to claim). */
  runWorker(options: RunWorkerOptions): Returns<M, OutboxWorkerSummary, InvalidArgument | StorageFailure>
  /** A plan's outbox rows by outbox id, in pages: decision, reason, holdout, state. */
  outbox(id: string, request?: ListRequest): Returns<M, Page<OutboxRecord>, InvalidArgument | InvalidCursor | PlanNotFound | UnknownWorkspace | StorageFailure>
  /** A plan's or a segment's performance. */
  performance(target: PerformanceTarget): Returns<M, PlanPerformance | SegmentPerformance, InvalidArgument | PlanNotFound | UnknownWorkspace | StorageFailure>
}

/**
 * Options of `cdp.outreach`: the contact policy every message goes through
 * (default `@kith/outreach`'s `vietnamContactPolicy`, in the workspace
 * timezone) and the values of placeholders every recipient shares.
 *
 * @example
 * ```ts
 * const options: CdpOutreachOptions = { shopName: "Tiệm Áo Lan" }
 * ```
 */
export interface CdpOutreachOptions {
  readonly policy?: ContactPolicy | undefined
  /** The `{{shop.name}}` of every message. */
  readonly shopName?: string | undefined
  /** Per-channel rate limits every worker of the workspace shares, e.g. `{ zalo: { limit: 100, windowMs: 1_000 } }`. */
  readonly rateLimits?: Readonly<Record<string, RateLimit>> | undefined
}
