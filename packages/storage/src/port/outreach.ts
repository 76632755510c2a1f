import type { ProfileId, WorkspaceId } from "@kith/core"
import type { MessagePurpose, OutboundMessage, OutboxMessage, OutreachChannel, Plan, PlanStatus, ReasonCode } from "@kith/outreach"
import { Context, type Effect, Schema } from "effect"
import type { StorageFailure } from "../errors.js"
import type { InvalidCursor, Page, PageRequest } from "./page.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * No plan has this id in the workspace.
 *
 * @example
 * ```ts
 * import { PlanNotFound } from "@kith/storage"
 * new PlanNotFound({ planId: "plan-1" }).message // => "No plan plan-1"
 * ```
 */
export class PlanNotFound extends Schema.TaggedError<PlanNotFound>("@kith/storage/PlanNotFound")("PlanNotFound", {
  planId: Schema.String
}) {
  override get message(): string {
    return `No plan ${this.planId}`
  }
}

/**
 * A plan with this id is already stored: `createPlan` never overwrites one.
 *
 * @example
 * ```ts
 * import { PlanExists } from "@kith/storage"
 * new PlanExists({ planId: "plan-1" }).message // => "A plan plan-1 is already stored"
 * ```
 */
export class PlanExists extends Schema.TaggedError<PlanExists>("@kith/storage/PlanExists")("PlanExists", {
  planId: Schema.String
}) {
  override get message(): string {
    return `A plan ${this.planId} is already stored`
  }
}

/**
 * A plan was changed from a version the store no longer holds (someone
 * saved it meanwhile): nothing was written; read it again and redo the change.
 *
 * @example
 * ```ts
 * import { PlanVersionChanged } from "@kith/storage"
 * new PlanVersionChanged({ planId: "plan-1", expectedVersion: 2, foundVersion: 3 }).message
 * // => "Plan plan-1 is at version 3, not 2: nothing was written"
 * ```
 */
export class PlanVersionChanged extends Schema.TaggedError<PlanVersionChanged>("@kith/storage/PlanVersionChanged")("PlanVersionChanged", {
  planId: Schema.String,
  expectedVersion: Schema.Number,
  foundVersion: Schema.Number
}) {
  override get message(): string {
    return `Plan ${this.planId} is at version ${this.foundVersion}, not ${this.expectedVersion}: nothing was written`
  }
}

/**
 * The states of an outbox row. `pending` waits for a worker (from
 * `availableAt`), `held` waits for the policy's hold to end (re-decided at
 * `availableAt`), `claimed` is leased by one worker until its lease expires;
 * `skipped`, `sent`, `dead` (failed its last attempt) and `cancelled` (its
 * plan was cancelled before a worker claimed it) are terminal.
 *
 * @example
 * ```ts
 * import { OutboxStates } from "@kith/storage"
 * OutboxStates.length // => 7
 * ```
 */
export const OutboxStates = ["pending", "held", "skipped", "claimed", "sent", "dead", "cancelled"] as const
/** One of {@link OutboxStates}. */
export type OutboxState = (typeof OutboxStates)[number]

/** The policy's verdict on a message, as its outbox row keeps it. */
export type OutboxDecision = "send" | "hold" | "skip"

/**
 * A plan as an engine stores it: the definition, resolution and history as
 * JSON text, instants in epoch ms.
 *
 * @example
 * ```ts
 * const row: PlanRow = { planId: "plan-1", status: "draft", kind: "one_time", definition: "{}", startAt: null, resolution: null,
 *   history: "[]", version: 1, updatedAt: 1767578400000 }
 * ```
 */
export interface PlanRow {
  readonly planId: string
  readonly status: PlanStatus
  readonly kind: "one_time" | "automated"
  readonly definition: string
  readonly startAt: number | null
  readonly resolution: string | null
  readonly history: string
  readonly version: number
  readonly updatedAt: number
}

/**
 * An outbox row as an engine stores it: one per (plan, profile, occurrence)
 * (`occurrence` is `""` for a one-time plan), with the policy's decision and
 * reason, the message as JSON text, and its delivery state. `outboxId` is the
 * idempotency key handed to the sender (`outboxIdOf` of `@kith/outreach`).
 *
 * @example
 * ```ts
 * const row: OutboxRow = { outboxId: "ob_1f2e", planId: "plan-1", profileId: "p_m-1", occurrence: "", channel: "zalo",
 *   purpose: "promotion", decision: "send", reason: "consented", holdout: false, message: "{}", state: "pending", attempts: 0,
 *   availableAt: 1767578400000, leaseOwner: null, leaseExpiresAt: null, lastError: null, createdAt: 1767578400000, sentAt: null }
 * ```
 */
export interface OutboxRow {
  readonly outboxId: string
  readonly planId: string
  readonly profileId: string
  readonly occurrence: string
  readonly channel: string
  readonly purpose: string
  readonly decision: OutboxDecision
  readonly reason: string
  readonly holdout: boolean
  readonly message: string
  readonly state: OutboxState
  readonly attempts: number
  readonly availableAt: number
  readonly leaseOwner: string | null
  readonly leaseExpiresAt: number | null
  readonly lastError: string | null
  readonly createdAt: number
  readonly sentAt: number | null
}

/**
 * A row a worker claimed: what the sender needs (the message still as JSON
 * text: a worker parses it only when it sends), the attempt this claim is
 * (1 for the first) and when its lease expires.
 *
 * @example
 * ```ts
 * const claimed: ClaimedOutboxRow = { outboxId: "ob_1f2e", planId: "plan-1", profileId: "p_m-1", occurrence: "", channel: "zalo",
 *   purpose: "promotion", message: "{}", attempts: 1, leaseExpiresAt: 1767578430000 }
 * ```
 */
export interface ClaimedOutboxRow
  extends Pick<OutboxRow, "outboxId" | "planId" | "profileId" | "occurrence" | "channel" | "purpose" | "message" | "attempts"> {
  /** Never null on a claimed row (an {@link OutboxRow}'s is null outside a lease). */
  readonly leaseExpiresAt: number
}

/**
 * A channel's rate limit, shared by every worker of the workspace: at most
 * `limit` claims per fixed window of `windowMs`.
 *
 * @example
 * ```ts
 * const zalo: RateLimit = { limit: 100, windowMs: 1_000 }
 * ```
 */
export interface RateLimit {
  readonly limit: number
  readonly windowMs: number
}

/**
 * What a worker asks of a claim: its id, how many rows at most, the lease,
 * the instant, and the per-channel rate limits (channels not listed are not
 * limited).
 *
 * @example
 * ```ts
 * const request: ClaimRequest = { workerId: "w-1", limit: 300, leaseMs: 30_000, now: 1767578400000, rateLimits: { zalo: { limit: 100, windowMs: 1_000 } } }
 * ```
 */
export interface ClaimRequest {
  readonly workerId: string
  readonly limit: number
  readonly leaseMs: number
  readonly now: number
  readonly rateLimits?: Readonly<Record<string, RateLimit>> | undefined
}

/**
 * A failed attempt to record: the error, and either the instant the row may
 * be claimed again or `"dead"` (no attempt is left).
 *
 * @example
 * ```ts
 * const failure: OutboxFailure = { outboxId: "ob_1f2e", error: "zalo: 503", retryAt: 1767578401000 }
 * ```
 */
export interface OutboxFailure {
  readonly outboxId: string
  readonly error: string
  readonly retryAt: number | "dead"
}

/**
 * A new decision on a held row (the policy decided it again when its hold
 * ended): `send` makes it pending from `availableAt`, `hold` keeps it held
 * until `availableAt`, `skip` ends it. The message may be rendered again.
 *
 * @example
 * ```ts
 * const change: OutboxRedecision = { outboxId: "ob_1f2e", decision: "send", reason: "consented", availableAt: 1767578400000 }
 * ```
 */
export interface OutboxRedecision {
  readonly outboxId: string
  readonly decision: OutboxDecision
  readonly reason: string
  readonly availableAt: number
  readonly message?: string | undefined
}

/**
 * How many rows of a plan are in one state with one decision, reason and
 * holdout flag.
 *
 * @example
 * ```ts
 * const count: OutboxCountRow = { state: "skipped", decision: "skip", reason: "no_consent", holdout: false, count: 12 }
 * ```
 */
export interface OutboxCountRow {
  readonly state: OutboxState
  readonly decision: OutboxDecision
  readonly reason: string
  readonly holdout: boolean
  readonly count: number
}

/**
 * A message a recipient was sent or is about to be sent (decision `send`,
 * state pending, claimed or sent), as the caps count it: `at` is when it was
 * sent, or when it is planned.
 *
 * @example
 * ```ts
 * const send: RecipientSendRow = { profileId: "p_m-1", planId: "plan-1", channel: "zalo", purpose: "promotion", state: "sent", at: 1767578400000 }
 * ```
 */
export interface RecipientSendRow {
  readonly profileId: string
  readonly planId: string
  readonly channel: string
  readonly purpose: string
  readonly state: OutboxState
  readonly at: number
}

/**
 * The outreach reads an engine implements, all scoped by workspace.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.outreach.plan("shop-1", "plan-1") // => undefined
 * ```
 */
export interface OutreachReads {
  readonly plan: (workspaceId: string, planId: string) => Promise<PlanRow | undefined>
  /** Plans ordered by id after `after` (exclusive), at most `limit`, of one status when given. */
  readonly plans: (
    workspaceId: string,
    query: { readonly status?: PlanStatus | undefined; readonly after?: string | undefined; readonly limit: number }
  ) => Promise<ReadonlyArray<PlanRow>>
  /** Scheduled plans with `startAt <= now`, by (startAt, planId), at most `limit`. */
  readonly duePlans: (workspaceId: string, now: number, limit: number) => Promise<ReadonlyArray<PlanRow>>
  /** A plan's outbox ordered by outbox id after `after` (exclusive), at most `limit`. */
  readonly outbox: (workspaceId: string, planId: string, page: { readonly after?: string | undefined; readonly limit: number }) => Promise<ReadonlyArray<OutboxRow>>
  /** These rows (those that exist), by outbox id. */
  readonly outboxRows: (workspaceId: string, outboxIds: ReadonlyArray<string>) => Promise<ReadonlyArray<OutboxRow>>
  /** A plan's rows counted by (state, decision, reason, holdout), in that order. */
  readonly outboxCounts: (workspaceId: string, planId: string) => Promise<ReadonlyArray<OutboxCountRow>>
  /** Held rows whose hold ends at or before `now`, by (availableAt, outboxId), at most `limit`. */
  readonly heldDue: (workspaceId: string, now: number, limit: number) => Promise<ReadonlyArray<OutboxRow>>
  /** The sends (decision `send`; pending, claimed or sent) of these profiles at or after `since`, by (profileId, at). */
  readonly sentHistory: (workspaceId: string, profileIds: ReadonlyArray<string>, since: number) => Promise<ReadonlyArray<RecipientSendRow>>
  /** Whether no row of the plan is pending, held or claimed. */
  readonly planDrained: (workspaceId: string, planId: string) => Promise<boolean>
  /**
   * Every row of these profiles (of any plan), by outbox id: what an erasure
   * of them changes. Inside a transaction, no worker changes them until it
   * commits (row locks where delivery runs outside the workspace's lock).
   */
  readonly outboxOfProfiles: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<OutboxRow>>
}

/**
 * What an erasure does to the outbox (PRIV-2): rows deleted, and rows kept
 * as given (the same outbox id, plan, profile and occurrence; the message,
 * state, decision, reason, lease and last error replaced).
 *
 * @example
 * ```ts
 * const change: OutboxErasure = { deleted: ["ob_1f2e"], kept: [] }
 * ```
 */
export interface OutboxErasure {
  readonly deleted: ReadonlyArray<string>
  readonly kept: ReadonlyArray<OutboxRow>
}

/**
 * The outreach writes (and reads) of one transaction.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", (tx) => tx.outreach.insertOutbox("shop-1", rows))
 * ```
 */
export interface OutreachWrites extends OutreachReads {
  /** Inserts a new plan; `false` (nothing written) when its id is taken. */
  readonly insertPlan: (workspaceId: string, row: PlanRow) => Promise<boolean>
  /** Replaces a plan if it is at `expectedVersion`; `false` (nothing written) otherwise. */
  readonly updatePlan: (workspaceId: string, row: PlanRow, expectedVersion: number) => Promise<boolean>
  /** Inserts rows; one whose (plan, profile, occurrence) is stored already is left alone. Returns how many were new. */
  readonly insertOutbox: (workspaceId: string, rows: ReadonlyArray<OutboxRow>) => Promise<number>
  /** Applies new decisions to rows still held; returns how many changed. */
  readonly redecide: (workspaceId: string, changes: ReadonlyArray<OutboxRedecision>) => Promise<number>
  /** Pending and held rows of the plan become cancelled (claimed and terminal ones stay); returns how many. */
  readonly cancelPlanOutbox: (workspaceId: string, planId: string, now: number) => Promise<number>
  /** Deletes rows and rewrites others in place (see {@link OutboxErasure}); the caps no longer count a row that is not a send any more. */
  readonly eraseOutbox: (workspaceId: string, change: OutboxErasure) => Promise<void>
}

/**
 * Delivery: what workers do to the outbox. It runs outside the workspace's
 * write lock (claims must not queue behind ingestion), each operation one
 * short transaction of its own: a claim leases rows no live lease holds
 * (pending and due, or claimed with an expired lease) and takes their
 * channels' rate-limit budget in the same transaction; completions, failures
 * and renewals change only rows still claimed by the same worker, so a
 * worker whose lease was taken over can change nothing.
 *
 * @example
 * ```ts
 * const claimed = await backend.delivery.claim("shop-1", { workerId: "w-1", limit: 300, leaseMs: 30_000, now: Date.now() })
 * await backend.delivery.complete("shop-1", "w-1", claimed.map((r) => r.outboxId), Date.now())
 * ```
 */
export interface OutboxDelivery {
  /** Leases up to `limit` rows to the worker — rows whose lease expired first, then due pending rows, earliest `availableAt` first; each claim is one more attempt. */
  readonly claim: (workspaceId: string, request: ClaimRequest) => Promise<ReadonlyArray<ClaimedOutboxRow>>
  /** Marks these rows sent if the worker still holds them; returns how many. */
  readonly complete: (workspaceId: string, workerId: string, outboxIds: ReadonlyArray<string>, now: number) => Promise<number>
  /** Records failed attempts of rows the worker still holds (pending again at `retryAt`, or dead); returns how many. */
  readonly fail: (workspaceId: string, workerId: string, failures: ReadonlyArray<OutboxFailure>, now: number) => Promise<number>
  /** Extends the leases of rows the worker still holds to `now + leaseMs`; returns how many. */
  readonly renew: (workspaceId: string, workerId: string, outboxIds: ReadonlyArray<string>, now: number, leaseMs: number) => Promise<number>
}

/**
 * A message to put in the outbox, as plan execution decided it: `send`
 * becomes pending from `availableAt`, `hold` held until `availableAt`, `skip`
 * skipped (with its reason, kept for the plan's report).
 *
 * @example
 * ```ts
 * const entry: OutboxEntry = {
 *   planId: "plan-1", profileId: "p_m-1" as ProfileId, occurrence: "", channel: "zalo", purpose: "promotion",
 *   decision: "send", reason: "consented", holdout: false, availableAt: new Date("2026-01-05T02:00:00Z"),
 *   message: { text: "Chào Lan", locale: "vi", to: "+84912345678", products: ["sku-1"], voucher: { kind: "none" } }
 * }
 * ```
 */
export interface OutboxEntry {
  readonly planId: string
  readonly profileId: ProfileId
  readonly occurrence: string
  readonly channel: OutreachChannel
  readonly purpose: MessagePurpose
  readonly decision: OutboxDecision
  readonly reason: ReasonCode
  readonly holdout: boolean
  readonly availableAt: Date
  readonly message: OutboxMessage
}

/**
 * A stored outbox row, decoded: its entry, its id (the idempotency key) and
 * its delivery state.
 *
 * @example
 * ```ts
 * const record: OutboxRecord = { ...entry, outboxId: "ob_1f2e", state: "sent", attempts: 1, leaseOwner: null, leaseExpiresAt: null,
 *   lastError: null, createdAt: new Date("2026-01-05T02:00:00Z"), sentAt: new Date("2026-01-05T02:00:03Z") }
 * ```
 */
export interface OutboxRecord extends OutboxEntry {
  readonly outboxId: string
  readonly state: OutboxState
  readonly attempts: number
  readonly leaseOwner: string | null
  readonly leaseExpiresAt: Date | null
  readonly lastError: string | null
  readonly createdAt: Date
  readonly sentAt: Date | null
}

/**
 * A recipient's send as the caps count it (see {@link RecipientSendRow}).
 *
 * @example
 * ```ts
 * const send: RecipientSend = { profileId: "p_m-1" as ProfileId, planId: "plan-1", channel: "zalo", purpose: "promotion", state: "sent", at: new Date("2026-01-05T02:00:00Z") }
 * ```
 */
export interface RecipientSend {
  readonly profileId: ProfileId
  readonly planId: string
  readonly channel: OutreachChannel
  readonly purpose: MessagePurpose
  readonly state: OutboxState
  readonly at: Date
}

/**
 * Options of {@link OutreachStore}'s `claim`.
 *
 * @example
 * ```ts
 * const options: ClaimOptions = { workerId: "w-1", limit: 300, leaseMs: 30_000, now: new Date("2026-01-05T02:00:00Z") }
 * ```
 */
export interface ClaimOptions {
  readonly workerId: string
  readonly limit: number
  readonly leaseMs: number
  readonly now: Date
  readonly rateLimits?: Readonly<Record<string, RateLimit>> | undefined
}

/**
 * A claimed message, ready for the sender: the message with its ids, the
 * attempt this is, and the lease.
 *
 * @example
 * ```ts
 * const claimed: ClaimedMessage = { message, attempt: 1, leaseExpiresAt: new Date("2026-01-05T02:00:30Z") }
 * ```
 */
export interface ClaimedMessage {
  readonly message: OutboundMessage
  readonly attempt: number
  readonly leaseExpiresAt: Date
}

/**
 * Stored outreach plans and their outbox (OUT-7): plans with optimistic
 * versions; one outbox row per (plan, profile, occurrence) carrying the
 * policy's decision and reason; and delivery — claims with leases, completions,
 * retries and dead rows — for workers. Deciding is not this service's work
 * (`@kith/outreach` decides; plan execution writes the decisions here).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const store = yield* OutreachStore
 *   yield* store.createPlan(shop, plan)
 *   return (yield* store.getPlan(shop, plan.id)).version
 * })
 * const version = await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend()))))
 * ```
 */
export class OutreachStore extends Context.Service<
  OutreachStore,
  {
    /** Stores a new plan as given; an id already stored is {@link PlanExists}. */
    readonly createPlan: (workspaceId: WorkspaceId, plan: Plan) => Effect.Effect<Plan, UnknownWorkspace | PlanExists | StorageFailure>
    /** Replaces a stored plan if the store still holds `expectedVersion` of it (else {@link PlanVersionChanged}). */
    readonly savePlan: (
      workspaceId: WorkspaceId,
      plan: Plan,
      expectedVersion: number
    ) => Effect.Effect<Plan, UnknownWorkspace | PlanNotFound | PlanVersionChanged | StorageFailure>
    readonly getPlan: (workspaceId: WorkspaceId, planId: string) => Effect.Effect<Plan, UnknownWorkspace | PlanNotFound | StorageFailure>
    /** Plans by id, in pages, of one status when given. */
    readonly listPlans: (
      workspaceId: WorkspaceId,
      query: { readonly status?: PlanStatus | undefined; readonly page: PageRequest }
    ) => Effect.Effect<Page<Plan>, UnknownWorkspace | InvalidCursor | StorageFailure>
    /** Scheduled plans whose start is at or before `now`, earliest first, at most `limit`. */
    readonly duePlans: (workspaceId: WorkspaceId, now: Date, limit: number) => Effect.Effect<ReadonlyArray<Plan>, UnknownWorkspace | StorageFailure>
    /** Writes entries (one transaction); those already in the outbox are left alone. Returns how many were new. */
    readonly insertOutbox: (workspaceId: WorkspaceId, entries: ReadonlyArray<OutboxEntry>, now: Date) => Effect.Effect<number, UnknownWorkspace | StorageFailure>
    /** Held rows whose hold ended at or before `now`, at most `limit`. */
    readonly heldDue: (workspaceId: WorkspaceId, now: Date, limit: number) => Effect.Effect<ReadonlyArray<OutboxRecord>, UnknownWorkspace | StorageFailure>
    /** Applies new decisions to rows still held; returns how many changed. */
    readonly redecide: (
      workspaceId: WorkspaceId,
      changes: ReadonlyArray<{ readonly outboxId: string; readonly decision: OutboxDecision; readonly reason: ReasonCode; readonly availableAt: Date; readonly message?: OutboxMessage }>
    ) => Effect.Effect<number, UnknownWorkspace | StorageFailure>
    /** Pending and held rows of the plan become cancelled; returns how many. */
    readonly cancelPlanOutbox: (workspaceId: WorkspaceId, planId: string, now: Date) => Effect.Effect<number, UnknownWorkspace | StorageFailure>
    /** A plan's outbox by outbox id, in pages. */
    readonly outboxOf: (workspaceId: WorkspaceId, planId: string, page: PageRequest) => Effect.Effect<Page<OutboxRecord>, UnknownWorkspace | InvalidCursor | StorageFailure>
    /** A plan's rows counted by state, decision, reason and holdout. */
    readonly outboxCounts: (workspaceId: WorkspaceId, planId: string) => Effect.Effect<ReadonlyArray<OutboxCountRow>, UnknownWorkspace | StorageFailure>
    /** The sends (pending, claimed or sent) of these profiles at or after `since`, for the caps. */
    readonly sentHistory: (
      workspaceId: WorkspaceId,
      profileIds: ReadonlyArray<ProfileId>,
      since: Date
    ) => Effect.Effect<ReadonlyArray<RecipientSend>, UnknownWorkspace | StorageFailure>
    /** Whether no row of the plan is pending, held or claimed. */
    readonly planDrained: (workspaceId: WorkspaceId, planId: string) => Effect.Effect<boolean, UnknownWorkspace | StorageFailure>
    /** Leases rows to a worker (see {@link OutboxDelivery}). */
    readonly claim: (workspaceId: WorkspaceId, options: ClaimOptions) => Effect.Effect<ReadonlyArray<ClaimedMessage>, StorageFailure>
    /** Marks rows the worker still holds sent; returns how many. */
    readonly complete: (workspaceId: WorkspaceId, workerId: string, outboxIds: ReadonlyArray<string>, now: Date) => Effect.Effect<number, StorageFailure>
    /** Records failed attempts of rows the worker still holds; returns how many. */
    readonly fail: (workspaceId: WorkspaceId, workerId: string, failures: ReadonlyArray<OutboxFailure>, now: Date) => Effect.Effect<number, StorageFailure>
    /** Extends the leases of rows the worker still holds; returns how many. */
    readonly renew: (
      workspaceId: WorkspaceId,
      workerId: string,
      outboxIds: ReadonlyArray<string>,
      now: Date,
      leaseMs: number
    ) => Effect.Effect<number, StorageFailure>
  }
>()("@kith/storage/OutreachStore") {}
