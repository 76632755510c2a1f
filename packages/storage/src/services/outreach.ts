import type { PlanId, ProfileId } from "@kith/core"
import {
  decodePlanDefinitionResult,
  type MessagePurpose,
  type OutboundMessage,
  type OutboxMessage,
  outboxIdOf,
  type OutreachChannel,
  type Plan,
  type PlanChange,
  type ReasonCode
} from "@kith/outreach"
import { Result } from "effect"
import type { StorageWrites } from "../backend.js"
import { isStorableKey, requireWorkspace } from "../lookups.js"
import { InvalidCursor } from "../port/page.js"
import {
  type ClaimedMessage,
  type ClaimedOutboxRow,
  type OutboxEntry,
  type OutboxRecord,
  type OutboxRow,
  OutreachStore,
  PlanExists,
  PlanNotFound,
  type PlanRow,
  PlanVersionChanged,
  type RecipientSend
} from "../port/outreach.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { attempt } from "./attempt.js"
import { pageOf } from "./paging.js"
import type { ServiceContext } from "./service-context.js"

// The class of a typed error an operation may report.
type ErrorClass = abstract new (...args: never) => Error

/**
 * A plan as its row: JSON text for the definition, resolution and history,
 * epoch ms for instants; `updatedAt` is its last change.
 *
 * @param plan - the plan
 * @returns its row
 *
 * @example
 * ```ts
 * const row = planRowOf(plan)
 * ```
 */
export const planRowOf = (plan: Plan): PlanRow => ({
  planId: plan.id,
  status: plan.status,
  kind: plan.kind,
  definition: JSON.stringify(plan.definition),
  startAt: plan.startAt === null ? null : plan.startAt.getTime(),
  resolution: plan.resolution === null ? null : JSON.stringify(plan.resolution),
  history: JSON.stringify(plan.history),
  version: plan.version,
  updatedAt: plan.history.length === 0 ? 0 : plan.history[plan.history.length - 1]!.at.getTime()
})

/**
 * A plan read back from its row.
 *
 * @param row - the stored row
 * @returns the plan
 *
 * @example
 * ```ts
 * const same = planOf(planRowOf(plan))
 * ```
 */
export const planOf = (row: PlanRow): Plan => {
  const definition = decodePlanDefinitionResult(JSON.parse(row.definition))
  // A definition was decoded before it was stored; one that no longer decodes is damaged storage.
  if (Result.isFailure(definition)) throw new Error(`stored definition of plan ${row.planId} no longer decodes: ${definition.failure.message}`)
  const resolution = row.resolution === null ? null : (JSON.parse(row.resolution) as { at: string; segments: NonNullable<Plan["resolution"]>["segments"] })
  const history = (JSON.parse(row.history) as Array<Omit<PlanChange, "at"> & { at: string }>).map((change) => ({ ...change, at: new Date(change.at) }))
  return {
    id: row.planId as PlanId,
    definition: definition.success,
    status: row.status,
    kind: row.kind,
    startAt: row.startAt === null ? null : new Date(row.startAt),
    resolution: resolution === null ? null : { at: new Date(resolution.at), segments: resolution.segments },
    history,
    version: row.version
  }
}

const stateOfDecision = { send: "pending", hold: "held", skip: "skipped" } as const

/**
 * The row of an outbox entry written at `now`: its id is {@link outboxIdOf}
 * its key, its state follows the decision (`send` → pending, `hold` → held,
 * `skip` → skipped), no attempt yet.
 *
 * @param workspaceId - the workspace
 * @param entry - the decided message
 * @param now - when it is written
 * @returns the row to insert
 *
 * @example
 * ```ts
 * const row = outboxRowOf("shop-1", entry, Date.parse("2026-01-05T02:00:00Z"))
 * ```
 */
export const outboxRowOf = (workspaceId: string, entry: OutboxEntry, now: number): OutboxRow => ({
  outboxId: outboxIdOf(workspaceId, entry.planId, entry.profileId, entry.occurrence),
  planId: entry.planId,
  profileId: entry.profileId,
  occurrence: entry.occurrence,
  channel: entry.channel,
  purpose: entry.purpose,
  decision: entry.decision,
  reason: entry.reason,
  holdout: entry.holdout,
  message: JSON.stringify(entry.message),
  state: stateOfDecision[entry.decision],
  attempts: 0,
  availableAt: entry.availableAt.getTime(),
  leaseOwner: null,
  leaseExpiresAt: null,
  lastError: null,
  createdAt: now,
  sentAt: null
})

/**
 * An outbox row read back.
 *
 * @param row - the stored row
 * @returns the record
 *
 * @example
 * ```ts
 * const record = outboxRecordOf(row)
 * ```
 */
export const outboxRecordOf = (row: OutboxRow): OutboxRecord => ({
  outboxId: row.outboxId,
  planId: row.planId,
  profileId: row.profileId as ProfileId,
  occurrence: row.occurrence,
  channel: row.channel as OutreachChannel,
  purpose: row.purpose as MessagePurpose,
  decision: row.decision,
  reason: row.reason as ReasonCode,
  holdout: row.holdout,
  message: JSON.parse(row.message) as OutboxMessage,
  availableAt: new Date(row.availableAt),
  state: row.state,
  attempts: row.attempts,
  leaseOwner: row.leaseOwner,
  leaseExpiresAt: row.leaseExpiresAt === null ? null : new Date(row.leaseExpiresAt),
  lastError: row.lastError,
  createdAt: new Date(row.createdAt),
  sentAt: row.sentAt === null ? null : new Date(row.sentAt)
})

/**
 * The message a sender gets for a claimed row: the stored message with the
 * row's ids, channel and purpose.
 *
 * @param row - a claimed row
 * @returns the outbound message
 *
 * @example
 * ```ts
 * const message = outboundMessageOf(claimed)
 * ```
 */
export const outboundMessageOf = (row: ClaimedOutboxRow): OutboundMessage => {
  // The parsed object is this call's own, so the row's fields are set on it rather than spread into a copy: a spread
  // copies every property into an object built key by key, several times the cost of the parse itself, on each send.
  const message = JSON.parse(row.message) as Record<string, unknown>
  message["outboxId"] = row.outboxId
  message["planId"] = row.planId
  message["profileId"] = row.profileId
  message["occurrence"] = row.occurrence
  message["channel"] = row.channel
  message["purpose"] = row.purpose
  return message as unknown as OutboundMessage
}

const claimedMessageOf = (row: ClaimedOutboxRow): ClaimedMessage => ({
  message: outboundMessageOf(row),
  attempt: row.attempts,
  leaseExpiresAt: new Date(row.leaseExpiresAt)
})

const sendOf = (row: { profileId: string; planId: string; channel: string; purpose: string; state: RecipientSend["state"]; at: number }): RecipientSend => ({
  profileId: row.profileId as ProfileId,
  planId: row.planId,
  channel: row.channel as OutreachChannel,
  purpose: row.purpose as MessagePurpose,
  state: row.state,
  at: new Date(row.at)
})

/**
 * The {@link OutreachStore} service on an engine: plans and the outbox
 * through the engine's transactions, delivery through its non-locking
 * delivery path.
 *
 * @param context - the engine and options of `storageLayer`
 * @returns the service
 *
 * @example
 * ```ts
 * const store = makeOutreachStore(context)
 * ```
 */
export const makeOutreachStore = ({ backend }: ServiceContext): typeof OutreachStore.Service => {
  const written = <A, const Classes extends ReadonlyArray<ErrorClass>>(operation: string, workspaceId: string, expected: Classes, work: (tx: StorageWrites) => Promise<A>) =>
    attempt(operation, [UnknownWorkspace, ...expected], () =>
      isStorableKey(workspaceId)
        ? backend.transaction(workspaceId, async (tx) => {
            await requireWorkspace(tx, workspaceId)
            return work(tx)
          })
        : Promise.reject(new UnknownWorkspace({ workspaceId }))
    )
  const read = <A, const Classes extends ReadonlyArray<ErrorClass>>(operation: string, workspaceId: string, expected: Classes, work: () => Promise<A>) =>
    attempt(operation, [UnknownWorkspace, ...expected], async () => {
      await requireWorkspace(backend.read, workspaceId)
      return work()
    })
  const requirePlan = async (workspaceId: string, planId: string): Promise<PlanRow> => {
    const row = isStorableKey(planId) ? await backend.read.outreach.plan(workspaceId, planId) : undefined
    if (row === undefined) throw new PlanNotFound({ planId })
    return row
  }
  // Plan ids and outbox ids are storable keys, so a cursor is the last id itself.
  const checkCursor = (cursor: string | undefined): string | undefined => {
    if (cursor !== undefined && !isStorableKey(cursor)) throw new InvalidCursor({ cursor, reason: "not an id of this list" })
    return cursor
  }
  const { delivery } = backend
  return {
    createPlan: (workspaceId, plan) =>
      written("OutreachStore.createPlan", workspaceId, [PlanExists], async (tx) => {
        if (!(await tx.outreach.insertPlan(workspaceId, planRowOf(plan)))) throw new PlanExists({ planId: plan.id })
        return plan
      }),
    savePlan: (workspaceId, plan, expectedVersion) =>
      written("OutreachStore.savePlan", workspaceId, [PlanNotFound, PlanVersionChanged], async (tx) => {
        if (await tx.outreach.updatePlan(workspaceId, planRowOf(plan), expectedVersion)) return plan
        const held = await tx.outreach.plan(workspaceId, plan.id)
        if (held === undefined) throw new PlanNotFound({ planId: plan.id })
        throw new PlanVersionChanged({ planId: plan.id, expectedVersion, foundVersion: held.version })
      }),
    getPlan: (workspaceId, planId) => read("OutreachStore.getPlan", workspaceId, [PlanNotFound], async () => planOf(await requirePlan(workspaceId, planId))),
    listPlans: (workspaceId, { status, page }) =>
      read("OutreachStore.listPlans", workspaceId, [InvalidCursor], async () => {
        const rows = await backend.read.outreach.plans(workspaceId, { status, after: checkCursor(page.cursor), limit: page.limit })
        return pageOf(rows, page.limit, (row) => row.planId, rows.map(planOf))
      }),
    duePlans: (workspaceId, now, limit) =>
      read("OutreachStore.duePlans", workspaceId, [], async () => (await backend.read.outreach.duePlans(workspaceId, now.getTime(), limit)).map(planOf)),
    insertOutbox: (workspaceId, entries, now) =>
      written("OutreachStore.insertOutbox", workspaceId, [], (tx) =>
        tx.outreach.insertOutbox(
          workspaceId,
          entries.map((entry) => outboxRowOf(workspaceId, entry, now.getTime()))
        )
      ),
    heldDue: (workspaceId, now, limit) =>
      read("OutreachStore.heldDue", workspaceId, [], async () => (await backend.read.outreach.heldDue(workspaceId, now.getTime(), limit)).map(outboxRecordOf)),
    redecide: (workspaceId, changes) =>
      written("OutreachStore.redecide", workspaceId, [], (tx) =>
        tx.outreach.redecide(
          workspaceId,
          changes.map((c) => ({
            outboxId: c.outboxId,
            decision: c.decision,
            reason: c.reason,
            availableAt: c.availableAt.getTime(),
            message: c.message === undefined ? undefined : JSON.stringify(c.message)
          }))
        )
      ),
    cancelPlanOutbox: (workspaceId, planId, now) =>
      written("OutreachStore.cancelPlanOutbox", workspaceId, [], (tx) => tx.outreach.cancelPlanOutbox(workspaceId, planId, now.getTime())),
    outboxOf: (workspaceId, planId, page) =>
      read("OutreachStore.outboxOf", workspaceId, [InvalidCursor], async () => {
        const rows = await backend.read.outreach.outbox(workspaceId, planId, { after: checkCursor(page.cursor), limit: page.limit })
        return pageOf(rows, page.limit, (row) => row.outboxId, rows.map(outboxRecordOf))
      }),
    outboxCounts: (workspaceId, planId) => read("OutreachStore.outboxCounts", workspaceId, [], () => backend.read.outreach.outboxCounts(workspaceId, planId)),
    sentHistory: (workspaceId, profileIds, since) =>
      read("OutreachStore.sentHistory", workspaceId, [], async () => (await backend.read.outreach.sentHistory(workspaceId, profileIds, since.getTime())).map(sendOf)),
    planDrained: (workspaceId, planId) => read("OutreachStore.planDrained", workspaceId, [], () => backend.read.outreach.planDrained(workspaceId, planId)),
    claim: (workspaceId, options) =>
      attempt("OutreachStore.claim", [], async () =>
        (
          await delivery.claim(workspaceId, {
            workerId: options.workerId,
            limit: options.limit,
            leaseMs: options.leaseMs,
            now: options.now.getTime(),
            rateLimits: options.rateLimits
          })
        ).map(claimedMessageOf)
      ),
    complete: (workspaceId, workerId, outboxIds, now) => attempt("OutreachStore.complete", [], () => delivery.complete(workspaceId, workerId, outboxIds, now.getTime())),
    fail: (workspaceId, workerId, failures, now) => attempt("OutreachStore.fail", [], () => delivery.fail(workspaceId, workerId, failures, now.getTime())),
    renew: (workspaceId, workerId, outboxIds, now, leaseMs) =>
      attempt("OutreachStore.renew", [], () => delivery.renew(workspaceId, workerId, outboxIds, now.getTime(), leaseMs))
  }
}
