import type {
  ClaimedOutboxRow,
  ClaimRequest,
  OutboxCountRow,
  OutboxDecision,
  OutboxDelivery,
  OutboxRow,
  OutboxState,
  OutreachWrites,
  PlanRow,
  RecipientSendRow
} from "@kith/storage"
import { type Kysely, type RawBuilder, type Selectable, sql } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { OutreachOutboxTable, OutreachPlansTable } from "../schema/outreach.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { sqlOutboxErasure } from "./outreach-erasure.js"
import { chunks, idsPerQuery, oneOf } from "./sql-lists.js"

// Rows per multi-row insert: 19 columns each, well under both engines' parameter limits.
const ROWS_PER_INSERT = 200

const toPlan = (r: Selectable<OutreachPlansTable>): PlanRow => ({
  planId: r.plan_id,
  status: r.status as PlanRow["status"],
  kind: r.kind as PlanRow["kind"],
  definition: r.definition,
  startAt: r.start_at === null ? null : Number(r.start_at),
  resolution: r.resolution,
  history: r.history,
  version: Number(r.version),
  updatedAt: Number(r.updated_at)
})

const planColumns = (workspaceId: string, row: PlanRow) => ({
  workspace_id: workspaceId,
  plan_id: row.planId,
  status: row.status,
  kind: row.kind,
  definition: row.definition,
  start_at: row.startAt,
  resolution: row.resolution,
  history: row.history,
  version: row.version,
  updated_at: row.updatedAt
})

/** A stored outbox row in the port's shape. */
export const toOutbox = (r: Selectable<OutreachOutboxTable>): OutboxRow => ({
  outboxId: r.outbox_id,
  planId: r.plan_id,
  profileId: r.profile_id,
  occurrence: r.occurrence,
  channel: r.channel,
  purpose: r.purpose,
  decision: r.decision as OutboxDecision,
  reason: r.reason,
  holdout: Number(r.holdout) === 1,
  message: r.message,
  state: r.state as OutboxState,
  attempts: Number(r.attempts),
  availableAt: Number(r.available_at),
  leaseOwner: r.lease_owner,
  leaseExpiresAt: r.lease_expires_at === null ? null : Number(r.lease_expires_at),
  lastError: r.last_error,
  createdAt: Number(r.created_at),
  sentAt: r.sent_at === null ? null : Number(r.sent_at)
})

const outboxColumns = (workspaceId: string, row: OutboxRow) => ({
  workspace_id: workspaceId,
  outbox_id: row.outboxId,
  plan_id: row.planId,
  profile_id: row.profileId,
  occurrence: row.occurrence,
  channel: row.channel,
  purpose: row.purpose,
  decision: row.decision,
  reason: row.reason,
  holdout: row.holdout ? 1 : 0,
  message: row.message,
  state: row.state,
  attempts: row.attempts,
  available_at: row.availableAt,
  lease_owner: row.leaseOwner,
  lease_expires_at: row.leaseExpiresAt,
  last_error: row.lastError,
  created_at: row.createdAt,
  sent_at: row.sentAt,
  // Rows are decided when written.
  decided_at: row.createdAt
})

const stateOfDecision = { send: "pending", hold: "held", skip: "skipped" } as const

const affected = (result: { readonly numUpdatedRows?: bigint } | undefined): number => Number(result?.numUpdatedRows ?? 0n)

/**
 * Outreach plans and the outbox on SQL (`outreach_plans`,
 * `outreach_outbox`): the reads and the writes plan execution makes inside
 * a workspace transaction.
 *
 * @param db - Kysely over the kith schema, or a transaction
 * @param dialect - the dialect's specifics
 * @returns the repository
 *
 * @example
 * ```ts
 * const plan = await sqlOutreach(db, sqliteSpecifics).plan("shop-1", "plan-1")
 * ```
 */
export const sqlOutreach = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): OutreachWrites => {
  const outboxOfPlan = (workspaceId: string, planId: string) => db.selectFrom("outreach_outbox").where("workspace_id", "=", workspaceId).where("plan_id", "=", planId)
  return {
    plan: async (workspaceId, planId) => {
      const row = await db.selectFrom("outreach_plans").selectAll().where("workspace_id", "=", workspaceId).where("plan_id", "=", planId).executeTakeFirst()
      return row === undefined ? undefined : toPlan(row)
    },
    plans: async (workspaceId, { status, after, limit }) => {
      let query = db.selectFrom("outreach_plans").selectAll().where("workspace_id", "=", workspaceId)
      if (status !== undefined) query = query.where("status", "=", status)
      if (after !== undefined) query = query.where("plan_id", ">", after)
      return (await query.orderBy("plan_id").limit(limit).execute()).map(toPlan)
    },
    duePlans: async (workspaceId, now, limit) =>
      (
        await db
          .selectFrom("outreach_plans")
          .selectAll()
          .where("workspace_id", "=", workspaceId)
          .where("status", "=", "scheduled")
          .where("start_at", "<=", now)
          .orderBy("start_at")
          .orderBy("plan_id")
          .limit(limit)
          .execute()
      ).map(toPlan),
    outbox: async (workspaceId, planId, { after, limit }) => {
      let query = outboxOfPlan(workspaceId, planId).selectAll()
      if (after !== undefined) query = query.where("outbox_id", ">", after)
      return (await query.orderBy("outbox_id").limit(limit).execute()).map(toOutbox)
    },
    outboxRows: async (workspaceId, outboxIds) => {
      const out: Array<OutboxRow> = []
      for (const chunk of chunks([...new Set(outboxIds)], idsPerQuery(dialect))) {
        const rows = await db.selectFrom("outreach_outbox").selectAll().where("workspace_id", "=", workspaceId).where(oneOf(dialect, "outbox_id", chunk)).execute()
        out.push(...rows.map(toOutbox))
      }
      return out.sort((a, b) => (a.outboxId < b.outboxId ? -1 : a.outboxId > b.outboxId ? 1 : 0))
    },
    outboxCounts: async (workspaceId, planId) =>
      (
        await outboxOfPlan(workspaceId, planId)
          .select(["state", "decision", "reason", "holdout", (eb) => eb.fn.countAll<number | string | bigint>().as("count")])
          .groupBy(["state", "decision", "reason", "holdout"])
          .orderBy("state")
          .orderBy("decision")
          .orderBy("reason")
          .orderBy("holdout")
          .execute()
      ).map(
        (r): OutboxCountRow => ({ state: r.state as OutboxState, decision: r.decision as OutboxDecision, reason: r.reason, holdout: Number(r.holdout) === 1, count: Number(r.count) })
      ),
    heldDue: async (workspaceId, now, limit) =>
      (
        await db
          .selectFrom("outreach_outbox")
          .selectAll()
          .where("workspace_id", "=", workspaceId)
          .where("state", "=", "held")
          .where("available_at", "<=", now)
          .orderBy("available_at")
          .orderBy("outbox_id")
          .limit(limit)
          .execute()
      ).map(toOutbox),
    sentHistory: async (workspaceId, profileIds, since) => {
      const sends: Array<RecipientSendRow> = []
      for (const chunk of chunks([...new Set(profileIds)], idsPerQuery(dialect))) {
        const rows = await db
          .selectFrom("outreach_outbox")
          .select(["profile_id", "plan_id", "channel", "purpose", "state", "created_at", "decided_at", "sent_at"])
          .where("workspace_id", "=", workspaceId)
          .where(oneOf(dialect, "profile_id", chunk))
          .where("decision", "=", "send")
          .where("state", "in", ["pending", "claimed", "sent"])
          .execute()
        for (const r of rows) {
          // Sent: when handed to the sender; pending or claimed: when decided (a claimed row's available_at is its lease end).
          const at = r.state === "sent" ? Number(r.sent_at) : Number(r.decided_at ?? r.created_at)
          if (at >= since) sends.push({ profileId: r.profile_id, planId: r.plan_id, channel: r.channel, purpose: r.purpose, state: r.state as OutboxState, at })
        }
      }
      return sends.sort((a, b) => (a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : a.at - b.at || (a.planId < b.planId ? -1 : a.planId > b.planId ? 1 : 0)))
    },
    planDrained: async (workspaceId, planId) =>
      (await outboxOfPlan(workspaceId, planId).select("outbox_id").where("state", "in", ["pending", "held", "claimed"]).limit(1).executeTakeFirst()) === undefined,
    insertPlan: async (workspaceId, row) => {
      const result = await db
        .insertInto("outreach_plans")
        .values(planColumns(workspaceId, row))
        .onConflict((oc) => oc.columns(["workspace_id", "plan_id"]).doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
    },
    updatePlan: async (workspaceId, row, expectedVersion) => {
      const { workspace_id: _w, plan_id: _p, ...columns } = planColumns(workspaceId, row)
      const result = await db
        .updateTable("outreach_plans")
        .set(columns)
        .where("workspace_id", "=", workspaceId)
        .where("plan_id", "=", row.planId)
        .where("version", "=", expectedVersion)
        .executeTakeFirst()
      return affected(result) === 1
    },
    insertOutbox: async (workspaceId, rows) => {
      let added = 0
      for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
        const result = await db
          .insertInto("outreach_outbox")
          .values(chunk.map((row) => outboxColumns(workspaceId, row)))
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst()
        added += Number(result.numInsertedOrUpdatedRows ?? 0n)
      }
      return added
    },
    redecide: async (workspaceId, changes) => {
      let changed = 0
      for (const c of changes) {
        const result = await db
          .updateTable("outreach_outbox")
          .set({
            decision: c.decision,
            reason: c.reason,
            state: stateOfDecision[c.decision],
            available_at: c.availableAt,
            // A send is available at the instant it is decided.
            ...(c.decision === "send" ? { decided_at: c.availableAt } : {}),
            ...(c.message === undefined ? {} : { message: c.message })
          })
          .where("workspace_id", "=", workspaceId)
          .where("outbox_id", "=", c.outboxId)
          .where("state", "=", "held")
          .executeTakeFirst()
        changed += affected(result)
      }
      return changed
    },
    cancelPlanOutbox: async (workspaceId, planId, now) =>
      affected(
        await db
          .updateTable("outreach_outbox")
          .set({ state: "cancelled", available_at: now })
          .where("workspace_id", "=", workspaceId)
          .where("plan_id", "=", planId)
          .where("state", "in", ["pending", "held"])
          .executeTakeFirst()
      ),
    ...sqlOutboxErasure(db, dialect)
  }
}

interface ClaimedColumns {
  readonly outbox_id: string
  readonly plan_id: string
  readonly profile_id: string
  readonly occurrence: string
  readonly channel: string
  readonly purpose: string
  readonly message: string
  readonly attempts: number | string
}

/**
 * Outbox delivery on SQL, outside the workspace's write lock: a claim is one
 * `UPDATE … RETURNING` over the oldest due rows — on Postgres they are
 * selected `FOR UPDATE SKIP LOCKED`, so workers in several processes take
 * disjoint batches without waiting for each other; on SQLite the statement
 * runs under the single writer lock. With rate limits, the channels' windows
 * are read (locked on Postgres) and updated in the claim's own transaction
 * (`BEGIN IMMEDIATE` on SQLite). Completions and renewals are one statement
 * per batch, guarded by `lease_owner` and `state = 'claimed'`.
 *
 * @param db - Kysely over the kith schema (not a transaction)
 * @param dialect - the dialect's specifics
 * @returns the delivery operations
 *
 * @example
 * ```ts
 * const delivery = sqlOutboxDelivery(db, postgresSpecifics)
 * await delivery.claim("shop-1", { workerId: "w-1", limit: 300, leaseMs: 30_000, now: Date.now() })
 * ```
 */
export const sqlOutboxDelivery = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): OutboxDelivery => {
  const rowLocks = dialect.name === "postgres"
  // Leases up to `limit` rows in one state, oldest `available_at` first, in one statement.
  const claimState = async (
    handle: Kysely<KithDatabase>,
    workspaceId: string,
    request: ClaimRequest,
    limit: number,
    state: "claimed" | "pending",
    channel: RawBuilder<unknown>
  ): Promise<ReadonlyArray<ClaimedOutboxRow>> => {
    const leaseExpiresAt = request.now + request.leaseMs
    const due = sql`
        select workspace_id, outbox_id from outreach_outbox
        where workspace_id = ${workspaceId} and state = ${state} and available_at <= ${request.now}${channel}
        order by available_at limit ${limit}`
    const set = sql`state = 'claimed', lease_owner = ${request.workerId}, lease_expires_at = ${leaseExpiresAt}, available_at = ${leaseExpiresAt}, attempts = attempts + 1`
    // Postgres: the rows are picked once, in a materialized CTE — under `IN (…)` the planner may run the
    // SKIP LOCKED subquery again and take more rows than the limit. SQLite runs one writer at a time.
    const result = rowLocks
      ? await sql<ClaimedColumns>`
          with picked as materialized (${due} for update skip locked)
          update outreach_outbox as o set ${set}
          from picked where o.workspace_id = picked.workspace_id and o.outbox_id = picked.outbox_id
          returning o.outbox_id, o.plan_id, o.profile_id, o.occurrence, o.channel, o.purpose, o.message, o.attempts`.execute(handle)
      : await sql<ClaimedColumns>`
          update outreach_outbox set ${set}
          where workspace_id = ${workspaceId} and outbox_id in (select outbox_id from (${due}))
          returning outbox_id, plan_id, profile_id, occurrence, channel, purpose, message, attempts`.execute(handle)
    return result.rows.map((r) => ({
      outboxId: r.outbox_id,
      planId: r.plan_id,
      profileId: r.profile_id,
      occurrence: r.occurrence,
      channel: r.channel,
      purpose: r.purpose,
      message: r.message,
      attempts: Number(r.attempts),
      leaseExpiresAt
    }))
  }

  // A claimed row's available_at is its lease's end. Expired leases are taken first: a dead worker's rows are
  // taken over at once, not after the backlog of pending rows (then due pending rows, oldest first).
  const claimIn = async (
    handle: Kysely<KithDatabase>,
    workspaceId: string,
    request: ClaimRequest,
    limit: number,
    channels: { readonly only: string } | { readonly except: ReadonlyArray<string> }
  ): Promise<ReadonlyArray<ClaimedOutboxRow>> => {
    const channel =
      "only" in channels ? sql` and channel = ${channels.only}` : channels.except.length === 0 ? sql`` : sql` and channel not in (${sql.join(channels.except)})`
    const expired = await claimState(handle, workspaceId, request, limit, "claimed", channel)
    return expired.length >= limit ? expired : [...expired, ...(await claimState(handle, workspaceId, request, limit - expired.length, "pending", channel))]
  }

  const claimRateLimited = (workspaceId: string, request: ClaimRequest, limited: ReadonlyArray<string>) =>
    db.transaction().execute(async (trx) => {
      const claimed: Array<ClaimedOutboxRow> = []
      // Channels in a fixed order, so two workers lock their windows in the same order and never deadlock.
      for (const channel of limited) {
        if (claimed.length >= request.limit) break
        const rate = request.rateLimits![channel]!
        const windowStart = Math.floor(request.now / rate.windowMs) * rate.windowMs
        await trx
          .insertInto("outreach_rate_limits")
          .values({ workspace_id: workspaceId, channel, window_start: windowStart, used: 0 })
          .onConflict((oc) => oc.columns(["workspace_id", "channel"]).doNothing())
          .execute()
        let window = trx.selectFrom("outreach_rate_limits").select(["window_start", "used"]).where("workspace_id", "=", workspaceId).where("channel", "=", channel)
        if (rowLocks) window = window.forUpdate()
        const held = await window.executeTakeFirstOrThrow()
        const used = Number(held.window_start) === windowStart ? Number(held.used) : 0
        const budget = Math.min(rate.limit - used, request.limit - claimed.length)
        const rows = budget > 0 ? await claimIn(trx, workspaceId, request, budget, { only: channel }) : []
        claimed.push(...rows)
        await trx
          .updateTable("outreach_rate_limits")
          .set({ window_start: windowStart, used: used + rows.length })
          .where("workspace_id", "=", workspaceId)
          .where("channel", "=", channel)
          .execute()
      }
      if (claimed.length < request.limit) claimed.push(...(await claimIn(trx, workspaceId, request, request.limit - claimed.length, { except: limited })))
      return claimed
    })

  // Changes rows of `ids` the worker still holds, one statement per chunk; returns how many.
  const held = async (
    workspaceId: string,
    workerId: string,
    ids: ReadonlyArray<string>,
    set: { readonly state?: string; readonly sent_at?: number; readonly lease_owner?: null; readonly lease_expires_at?: number | null; readonly available_at?: number }
  ): Promise<number> => {
    let changed = 0
    for (const chunk of chunks([...new Set(ids)], idsPerQuery(dialect))) {
      const result = await db
        .updateTable("outreach_outbox")
        .set(set)
        .where("workspace_id", "=", workspaceId)
        .where("lease_owner", "=", workerId)
        .where("state", "=", "claimed")
        .where(oneOf(dialect, "outbox_id", chunk))
        .executeTakeFirst()
      changed += affected(result)
    }
    return changed
  }

  return {
    claim: async (workspaceId, request) => {
      if (request.limit <= 0) return []
      const limited = Object.keys(request.rateLimits ?? {}).sort()
      // Without rate limits a claim is one statement: no transaction to open.
      return limited.length === 0 ? claimIn(db, workspaceId, request, request.limit, { except: [] }) : claimRateLimited(workspaceId, request, limited)
    },
    complete: (workspaceId, workerId, outboxIds, now) => held(workspaceId, workerId, outboxIds, { state: "sent", sent_at: now, lease_owner: null, lease_expires_at: null }),
    fail: async (workspaceId, workerId, failures, now) => {
      if (failures.length === 0) return 0
      return db.transaction().execute(async (trx) => {
        let changed = 0
        for (const f of failures) {
          const result = await trx
            .updateTable("outreach_outbox")
            .set({
              state: f.retryAt === "dead" ? "dead" : "pending",
              available_at: f.retryAt === "dead" ? now : f.retryAt,
              last_error: f.error,
              lease_owner: null,
              lease_expires_at: null
            })
            .where("workspace_id", "=", workspaceId)
            .where("outbox_id", "=", f.outboxId)
            .where("lease_owner", "=", workerId)
            .where("state", "=", "claimed")
            .executeTakeFirst()
          changed += affected(result)
        }
        return changed
      })
    },
    renew: (workspaceId, workerId, outboxIds, now, leaseMs) =>
      held(workspaceId, workerId, outboxIds, { lease_expires_at: now + leaseMs, available_at: now + leaseMs })
  }
}
