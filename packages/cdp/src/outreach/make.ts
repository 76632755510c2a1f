import type { ProfileId } from "@kith/core"
import {
  actOnPlan,
  audienceMembers,
  type ContactPolicy,
  createPlan,
  type DecidedOutboxEntry,
  type ExecutionRecipient,
  type Occurrence,
  outboxEntry,
  outboxOccurrence,
  type Plan,
  type PlanCommand,
  planOccurrences,
  renderText,
  type SegmentVersion,
  type SentMessage,
  type ShopEvent,
  vietnamContactPolicy
} from "@kith/outreach"
import type { SegmentContext } from "@kith/segments"
import {
  type DecidedWrites,
  type HeldRedecision,
  type OutboxEntry,
  type OutboxRecord,
  OutreachPerformance,
  OutreachRuns,
  OutreachStore,
  type PageRequest,
  SegmentInputsStore,
  SegmentNotFound,
  Segments,
  StorageFailure,
  type StoredSegment
} from "@kith/storage"
import { Effect, Result } from "effect"
import { instantOf, limitOf, pageRequestOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"
import type { WorkspaceContext } from "../workspace-context.js"
import type { CdpOutreachOptions, OutreachApi, PlanBy, TickOutcome } from "./api.js"
import { recipientOf } from "./recipients.js"
import { shopEventsOf } from "./shop-events.js"
import { runOutboxWorker } from "./worker.js"

const DAY = 86_400_000
// The longest cap period is a local month: every send that can count toward a cap is younger than this.
const CAP_HISTORY_MS = 32 * DAY
// Plans and held rows taken per tick pass, and automated plans' recipients looked at per pass.
const BATCH = 1_000
const SYSTEM = { kind: "system" } as const

const textOf = (field: string, value: unknown): Result.Result<string, InvalidArgument> =>
  typeof value === "string" && value.trim() !== "" ? Result.succeed(value) : Result.fail(new InvalidArgument({ field, reason: `a non-empty string, got ${JSON.stringify(value)}` }))

const byOf = (by: PlanBy | undefined): Result.Result<PlanBy, InvalidArgument> => {
  if (by === undefined || typeof by !== "object") return Result.fail(new InvalidArgument({ field: "by", reason: "who acts and when: { actor, at }" }))
  return Result.map(instantOf("by.at", by.at), () => by)
}

const windowOf = (days: number | undefined): Result.Result<number | undefined, InvalidArgument> =>
  days === undefined || (Number.isFinite(days) && days > 0 && days <= 365)
    ? Result.succeed(days)
    : Result.fail(new InvalidArgument({ field: "attributionWindowDays", reason: `a number of days above 0 and at most 365, got ${String(days)}` }))

/** A recipient to decide for: the profile, and for an automated plan the occurrence it is owed. */
interface Candidate {
  readonly recipient: ExecutionRecipient
  readonly occurrence?: Occurrence | undefined
}

/**
 * `cdp.outreach` on one workspace, as Effects (see {@link OutreachApi}).
 *
 * @param context - the workspace and its stores
 * @param options - the contact policy and the shop's name
 * @returns the namespace
 */
export const makeOutreachNamespace = Effect.fnUntraced(function* (context: WorkspaceContext, options: CdpOutreachOptions = {}) {
  const { workspaceId, settings } = context
  const store = yield* OutreachStore
  const runs = yield* OutreachRuns
  const performanceStore = yield* OutreachPerformance
  const segments = yield* Segments
  const inputsStore = yield* SegmentInputsStore
  const policy: ContactPolicy = options.policy ?? { ...vietnamContactPolicy, timeZone: settings.timezone }
  const shared = options.shopName === undefined ? {} : { "shop.name": options.shopName }

  const actionOptions = (by: PlanBy) => ({ at: by.at, actor: by.actor, timeZone: settings.timezone, ...(by.permissions === undefined ? {} : { permissions: by.permissions }) })

  // The audience's segments at `at`: their versions (the plan's resolution) and their members evaluated at that instant.
  const resolveAudience = Effect.fnUntraced(function* (plan: Plan, at: Date) {
    const all = yield* segments.list(workspaceId)
    const ruleContext: SegmentContext = { timeZone: settings.timezone, currency: settings.currency, segments: new Map(all.map((s) => [s.segmentId, s.rule])) }
    const { include, exclude } = plan.definition.audience
    const versions: Array<SegmentVersion> = []
    const members = new Map<string, ReadonlyArray<ProfileId>>()
    for (const id of [...include, ...exclude]) {
      const segment: StoredSegment | undefined = all.find((s) => s.segmentId === id)
      if (segment === undefined) return yield* new SegmentNotFound({ segmentId: id })
      versions.push({ segmentId: id, version: segment.version })
      members.set(id, yield* inputsStore.members(workspaceId, segment.rule, { asOf: at, context: ruleContext }))
    }
    return { versions, recipients: audienceMembers(plan.definition.audience, members), ruleContext }
  })

  // Each profile as the policy sees it for this plan at `at`, read a page at a time; an erased one stays, marked, so its row says why nothing goes.
  const recipientsOf = Effect.fnUntraced(function* (plan: Plan, ids: ReadonlyArray<ProfileId>, at: Date) {
    const out = new Map<ProfileId, ExecutionRecipient>()
    for (const records of yield* runs.recipients(workspaceId, ids)) {
      const recipient = recipientOf(records, plan.definition, at)
      out.set(records.profileId, { ...recipient, values: { ...shared, ...recipient.values } })
    }
    return out
  })

  // A text that cannot be rendered for a recipient refuses the whole fill before anything is written.
  const checkRendering = (plan: Plan, candidates: ReadonlyArray<Candidate>) => {
    const voucher = plan.definition.voucher.kind === "none" ? {} : { "voucher.code": plan.definition.voucher.code }
    for (const { recipient } of candidates) {
      const rendered = renderText(plan.definition.content, recipient.locale, { ...recipient.values, ...voucher })
      if (Result.isFailure(rendered)) return Effect.fail(rendered.failure)
    }
    return Effect.void
  }

  // Decides every candidate over the sends as they stand in the write transaction; each decision to send counts toward the next.
  const decideAll = (plan: Plan, candidates: ReadonlyArray<Candidate>, at: Date) => (history: ReadonlyMap<string, ReadonlyArray<SentMessage>>) => {
    const running = new Map<string, Array<SentMessage>>()
    const entries: Array<OutboxEntry> = []
    for (const { recipient, occurrence } of candidates) {
      const sends = running.get(recipient.profileId) ?? [...(history.get(recipient.profileId) ?? [])]
      running.set(recipient.profileId, sends)
      const decided = Result.getOrThrow(outboxEntry(plan, recipient, sends, { at, policy, occurrence }))
      if (decided.decision === "send") sends.push({ channel: plan.definition.channel, purpose: plan.definition.purpose, at })
      entries.push(entryOf(plan, recipient.profileId as ProfileId, outboxOccurrence(occurrence), decided))
    }
    return entries
  }

  const entryOf = (plan: Plan, profileId: ProfileId, occurrence: string, decided: DecidedOutboxEntry): OutboxEntry => ({
    planId: plan.id,
    profileId,
    occurrence,
    channel: plan.definition.channel,
    purpose: plan.definition.purpose,
    decision: decided.decision,
    reason: decided.reason,
    holdout: decided.holdout,
    availableAt: decided.availableAt,
    message: decided.message
  })

  // Writes the candidates' rows (and the plan's move, when given) in one transaction.
  const fill = Effect.fnUntraced(function* (plan: Plan, candidates: ReadonlyArray<Candidate>, at: Date, move?: { readonly plan: Plan; readonly expectedVersion: number }) {
    yield* checkRendering(plan, candidates)
    const decide = decideAll(plan, candidates, at)
    return yield* runs.write(workspaceId, {
      profileIds: [...new Set(candidates.map((c) => c.recipient.profileId as ProfileId))],
      since: new Date(at.getTime() - CAP_HISTORY_MS),
      now: at,
      decide: (history): DecidedWrites => ({ entries: decide(history), redecisions: [], plan: move })
    })
  })

  // Starts a plan (send now, or the system at its start): resolves its audience at `at`, moves it, and for a one-time plan fills its outbox with the move.
  const start = Effect.fnUntraced(function* (plan: Plan, command: "send" | "start", by: PlanBy) {
    const { versions, recipients } = yield* resolveAudience(plan, by.at)
    const moved = yield* Effect.fromResult(actOnPlan(plan, { action: command, audience: versions }, actionOptions(by)))
    const candidates = plan.kind === "one_time" ? [...(yield* recipientsOf(moved, recipients, by.at)).values()].map((recipient) => ({ recipient })) : []
    const written = yield* fill(moved, candidates, by.at, { plan: moved, expectedVersion: plan.version })
    return { plan: moved, queued: written.inserted }
  })

  const change = Effect.fnUntraced(function* (id: string, command: PlanCommand, by: PlanBy) {
    const plan = yield* store.getPlan(workspaceId, id)
    const moved = yield* Effect.fromResult(actOnPlan(plan, command, actionOptions(by)))
    if (command.action === "cancel") {
      // The plan's move and the cancellation of its unclaimed rows commit together.
      yield* runs.write(workspaceId, { profileIds: [], since: by.at, now: by.at, decide: () => ({ entries: [], redecisions: [], plan: { plan: moved, expectedVersion: plan.version }, cancelOutboxOf: plan.id }) })
      return moved
    }
    return yield* store.savePlan(workspaceId, moved, plan.version)
  })

  // The occurrences automated plans in progress owe at `now`, written (each once: the outbox keeps one row per occurrence).
  const fillAutomated = Effect.fnUntraced(function* (plan: Plan, now: Date, shopEvents: ReadonlyArray<ShopEvent>) {
    const { recipients, ruleContext } = yield* resolveAudience(plan, now)
    let queued = 0
    for (let i = 0; i < recipients.length; i += BATCH) {
      const ids = recipients.slice(i, i + BATCH)
      const inputs = yield* inputsStore.inputsOf(workspaceId, ids)
      const owed: Array<{ readonly profileId: ProfileId; readonly occurrence: Occurrence }> = []
      for (const id of ids) {
        const held = inputs.get(id)
        if (held === undefined) continue
        for (const occurrence of planOccurrences(plan, held, shopEvents, { asOf: now, context: ruleContext }).occurrences) owed.push({ profileId: id, occurrence })
      }
      if (owed.length === 0) continue
      const people = yield* recipientsOf(plan, [...new Set(owed.map((o) => o.profileId))], now)
      const candidates = owed.flatMap(({ profileId, occurrence }) => {
        const recipient = people.get(profileId)
        return recipient === undefined ? [] : [{ recipient, occurrence }]
      })
      queued += (yield* fill(plan, candidates, now)).inserted
    }
    return queued
  })

  // Held rows whose hold ended: decided again at `now` over the sends as they stand.
  const releaseHeld = Effect.fnUntraced(function* (now: Date) {
    const due = yield* store.heldDue(workspaceId, now, BATCH)
    if (due.length === 0) return 0
    const plans = new Map<string, Plan>()
    for (const planId of new Set(due.map((r) => r.planId))) plans.set(planId, yield* store.getPlan(workspaceId, planId))
    const candidates: Array<{ readonly row: OutboxRecord; readonly plan: Plan; readonly recipient: ExecutionRecipient }> = []
    for (const [planId, plan] of plans) {
      const rows = due.filter((r) => r.planId === planId)
      const people = yield* recipientsOf(plan, rows.map((r) => r.profileId), now)
      for (const row of rows) {
        // Every id is answered (an erased person as erased), so no held row is left that no worker claims.
        const recipient = people.get(row.profileId)
        if (recipient !== undefined) candidates.push({ row, plan, recipient })
      }
    }
    const written = yield* runs.write(workspaceId, {
      profileIds: [...new Set(candidates.map((c) => c.row.profileId))],
      since: new Date(now.getTime() - CAP_HISTORY_MS),
      now,
      decide: (history) => {
        const running = new Map<string, Array<SentMessage>>()
        const redecisions: Array<HeldRedecision> = []
        for (const { row, plan, recipient } of candidates) {
          const sends = running.get(row.profileId) ?? [...(history.get(row.profileId) ?? [])]
          running.set(row.profileId, sends)
          const decided = outboxEntry(plan, recipient, sends, { at: now, policy, occurrence: { products: row.message.products } })
          if (Result.isFailure(decided)) continue
          const d = decided.success
          if (d.decision === "send") sends.push({ channel: row.channel, purpose: row.purpose, at: now })
          redecisions.push({ outboxId: row.outboxId, decision: d.decision, reason: d.reason, availableAt: d.availableAt, message: d.message })
        }
        return { entries: [], redecisions }
      }
    })
    return written.redecided
  })

  // In-progress plans whose outbox drained (an automated plan also past the end of its active period) complete.
  const completeDrained = Effect.fnUntraced(function* (now: Date, inProgress: ReadonlyArray<Plan>) {
    const completed: Array<string> = []
    for (const plan of inProgress) {
      const to = plan.definition.automation?.activePeriod.to
      if (plan.kind === "automated" && (to === null || to === undefined || now.getTime() < to.getTime())) continue
      if (!(yield* store.planDrained(workspaceId, plan.id))) continue
      const moved = actOnPlan(plan, { action: "complete" }, { at: now, actor: SYSTEM, timeZone: settings.timezone })
      if (Result.isFailure(moved)) continue
      const saved = yield* store.savePlan(workspaceId, moved.success, plan.version).pipe(Effect.catchTag("PlanVersionChanged", () => Effect.succeed(undefined)))
      if (saved !== undefined) completed.push(plan.id)
    }
    return completed
  })

  const allInProgress = Effect.fnUntraced(function* () {
    const out: Array<Plan> = []
    for (let cursor: string | undefined; ; ) {
      const page = yield* store.listPlans(workspaceId, { status: "in_progress", page: { limit: BATCH, cursor } })
      out.push(...page.items)
      if (page.nextCursor === undefined) return out
      cursor = page.nextCursor
    }
  })

  const outreach: OutreachApi<"effect"> = {
    create: Effect.fn("Cdp.outreach.create")(function* (input, by) {
      const checked = yield* Effect.fromResult(byOf(by))
      const plan = yield* Effect.fromResult(createPlan({ id: input?.id, definition: input?.definition }, actionOptions(checked)))
      return yield* store.createPlan(workspaceId, plan)
    }),
    update: Effect.fn("Cdp.outreach.update")(function* (id, definition, by) {
      return yield* change(yield* Effect.fromResult(textOf("id", id)), { action: "edit", definition }, yield* Effect.fromResult(byOf(by)))
    }),
    schedule: Effect.fn("Cdp.outreach.schedule")(function* (id, when, by) {
      return yield* change(yield* Effect.fromResult(textOf("id", id)), { action: "schedule", ...(when?.sendAt === undefined ? {} : { sendAt: when.sendAt }) }, yield* Effect.fromResult(byOf(by)))
    }),
    sendNow: Effect.fn("Cdp.outreach.sendNow")(function* (id, by) {
      const checked = yield* Effect.fromResult(byOf(by))
      const plan = yield* store.getPlan(workspaceId, yield* Effect.fromResult(textOf("id", id)))
      return (yield* start(plan, "send", checked)).plan
    }),
    cancel: Effect.fn("Cdp.outreach.cancel")(function* (id, by) {
      return yield* change(yield* Effect.fromResult(textOf("id", id)), { action: "cancel" }, yield* Effect.fromResult(byOf(by)))
    }),
    delete: Effect.fn("Cdp.outreach.delete")(function* (id, by) {
      return yield* change(yield* Effect.fromResult(textOf("id", id)), { action: "delete" }, yield* Effect.fromResult(byOf(by)))
    }),
    list: Effect.fn("Cdp.outreach.list")(function* (request) {
      const page: PageRequest = yield* Effect.fromResult(pageRequestOf(request))
      return yield* store.listPlans(workspaceId, { status: request?.status, page })
    }),
    get: (id) => store.getPlan(workspaceId, id),
    tick: Effect.fn("Cdp.outreach.tick")(function* (tickOptions) {
      const now = yield* Effect.fromResult(instantOf("now", tickOptions?.now))
      // Kept before anything else, so an event the host reports once still triggers at a later tick (a LIVE reminder due hours after its announcement).
      yield* runs.recordShopEvents(workspaceId, yield* Effect.fromResult(shopEventsOf(tickOptions.shopEvents)))
      const started: Array<string> = []
      let queued = 0
      for (const plan of yield* store.duePlans(workspaceId, now, BATCH)) {
        // Another tick started it first: nothing of this one was written.
        const outcome = yield* start(plan, "start", { actor: SYSTEM, at: now }).pipe(Effect.catchTag("PlanVersionChanged", () => Effect.succeed(undefined)))
        if (outcome === undefined) continue
        started.push(plan.id)
        queued += outcome.queued
      }
      const inProgress = yield* allInProgress()
      const automated = inProgress.filter((plan) => plan.kind === "automated")
      if (automated.length > 0) {
        // Every kept event that can still cause an occurrence inside an active period; each plan's own period filters the rest.
        const from = Math.min(...automated.map((plan) => plan.definition.automation?.activePeriod.from.getTime() ?? now.getTime()))
        const shopEvents = yield* runs.shopEvents(workspaceId, new Date(from))
        for (const plan of automated) queued += yield* fillAutomated(plan, now, shopEvents)
      }
      const redecided = yield* releaseHeld(now)
      const completed = yield* completeDrained(now, inProgress)
      return { started, queued, redecided, completed } satisfies TickOutcome
    }),
    runWorker: Effect.fn("Cdp.outreach.runWorker")(function* (worker) {
      if (typeof worker?.sender?.send !== "function") return yield* new InvalidArgument({ field: "sender", reason: "an OutreachSender: an object with send(message, { idempotencyKey, attempt, signal })" })
      const concurrency = yield* Effect.fromResult(limitOf("concurrency", worker.concurrency, 4, 1_000))
      return yield* Effect.tryPromise({
        try: () =>
          runOutboxWorker({
            delivery: runs.delivery,
            workspaceId,
            sender: worker.sender,
            concurrency,
            ...(worker.signal === undefined ? {} : { signal: worker.signal }),
            ...(worker.untilDrained === undefined ? {} : { untilDrained: worker.untilDrained }),
            ...(worker.workerId === undefined ? {} : { workerId: worker.workerId }),
            ...(worker.clock === undefined ? {} : { clock: worker.clock }),
            ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits })
          }),
        catch: (cause) => new StorageFailure({ operation: "Cdp.outreach.runWorker", cause })
      })
    }),
    outbox: Effect.fn("Cdp.outreach.outbox")(function* (id, request) {
      const page = yield* Effect.fromResult(pageRequestOf(request))
      yield* store.getPlan(workspaceId, id)
      return yield* store.outboxOf(workspaceId, id, page)
    }),
    performance: Effect.fn("Cdp.outreach.performance")(function* (target) {
      const days = yield* Effect.fromResult(windowOf(target?.attributionWindowDays))
      const windowOptions = { attributionWindowDays: days }
      if (target !== undefined && "plan" in target) return yield* performanceStore.ofPlan(workspaceId, target.plan, windowOptions)
      if (target !== undefined && "segment" in target) return yield* performanceStore.ofSegment(workspaceId, target.segment, windowOptions)
      return yield* new InvalidArgument({ field: "target", reason: "a plan ({ plan: id }) or a segment ({ segment: id })" })
    })
  }
  return outreach
})
