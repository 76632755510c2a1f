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
import { randomUUID } from "node:crypto"
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

// The outbox states that have a row in `outreach_outbox_due`.
const QUEUED = ["pending", "held"] as const

/**
 * Deletes the due rows of these outbox rows while they are in one of
 * `states`, keyed as the outbox rows stand (every write path keeps a pending
 * or held row's due row equal to it), before the rows change: a writer takes
 * the due row first, then the outbox row, as a claim does. Returns the ids
 * whose due row it deleted.
 *
 * @param db - Kysely over the kith schema, or a transaction
 * @param dialect - the dialect's specifics
 * @param workspaceId - the workspace
 * @param outboxIds - the rows
 * @param states - the states whose due rows go
 * @returns the ids unqueued
 *
 * @example
 * ```ts
 * await unqueueOutbox(trx, sqliteSpecifics, "shop-1", ["ob_1f2e"], ["held"])
 * ```
 */
export const unqueueOutbox = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  workspaceId: string,
  outboxIds: ReadonlyArray<string>,
  states: ReadonlyArray<string>
): Promise<Array<string>> => {
  const out: Array<string> = []
  for (const chunk of chunks([...new Set(outboxIds)], idsPerQuery(dialect))) {
    const { rows } = await sql<{ outbox_id: string }>`
      delete from outreach_outbox_due where workspace_id = ${workspaceId} and (state, available_at, outbox_id) in (
        select state, available_at, outbox_id from outreach_outbox
        where workspace_id = ${workspaceId} and ${oneOf(dialect, "outbox_id", chunk)} and state in (${sql.join(states)}))
      returning outbox_id`.execute(db)
    out.push(...rows.map((r) => r.outbox_id))
  }
  return out
}

/**
 * Writes the due row of each of these outbox rows that is pending or held
 * and has none, after the rows changed (a row that has one keeps it).
 *
 * @param db - Kysely over the kith schema, or a transaction
 * @param dialect - the dialect's specifics
 * @param workspaceId - the workspace
 * @param outboxIds - the rows
 *
 * @example
 * ```ts
 * await enqueueOutbox(trx, sqliteSpecifics, "shop-1", ["ob_1f2e"])
 * ```
 */
export const enqueueOutbox = async (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, workspaceId: string, outboxIds: ReadonlyArray<string>): Promise<void> => {
  for (const chunk of chunks([...new Set(outboxIds)], idsPerQuery(dialect))) {
    await sql`
      insert into outreach_outbox_due (workspace_id, state, available_at, outbox_id, channel)
      select workspace_id, state, available_at, outbox_id, channel from outreach_outbox
      where workspace_id = ${workspaceId} and ${oneOf(dialect, "outbox_id", chunk)} and state in (${sql.join(QUEUED)})
      on conflict do nothing`.execute(db)
  }
}

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
          .selectFrom("outreach_outbox_due as d")
          .innerJoin("outreach_outbox as o", (j) => j.onRef("o.workspace_id", "=", "d.workspace_id").onRef("o.outbox_id", "=", "d.outbox_id"))
          .selectAll("o")
          .where("d.workspace_id", "=", workspaceId)
          .where("d.state", "=", "held")
          .where("d.available_at", "<=", now)
          .orderBy("d.available_at")
          .orderBy("d.outbox_id")
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
        await enqueueOutbox(db, dialect, workspaceId, chunk.map((row) => row.outboxId))
      }
      return added
    },
    redecide: async (workspaceId, changes) => {
      let changed = 0
      const ids = changes.map((c) => c.outboxId)
      await unqueueOutbox(db, dialect, workspaceId, ids, ["held"])
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
      await enqueueOutbox(db, dialect, workspaceId, ids)
      return changed
    },
    cancelPlanOutbox: async (workspaceId, planId, now) => {
      // The due rows first: on Postgres a worker's claim holds them while it takes their rows, and those rows are
      // not cancelled (the delete waits for the claim, then finds them gone).
      const { rows } = await sql<{ outbox_id: string }>`
        delete from outreach_outbox_due where workspace_id = ${workspaceId} and (state, available_at, outbox_id) in (
          select state, available_at, outbox_id from outreach_outbox where workspace_id = ${workspaceId} and plan_id = ${planId} and state in (${sql.join(QUEUED)}))
        returning outbox_id`.execute(db)
      let cancelled = 0
      for (const chunk of chunks(rows.map((r) => r.outbox_id), idsPerQuery(dialect))) {
        cancelled += affected(
          await db
            .updateTable("outreach_outbox")
            .set({ state: "cancelled", available_at: now })
            .where("workspace_id", "=", workspaceId)
            .where(oneOf(dialect, "outbox_id", chunk))
            .where("state", "in", QUEUED)
            .executeTakeFirst()
        )
      }
      return cancelled
    },
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
// What every claim returns of the rows it leases: the columns of ClaimedColumns.
const claimedColumns = sql`outbox_id, plan_id, profile_id, occurrence, channel, purpose, message, attempts`

/**
 * Outbox delivery on SQL, outside the workspace's write lock. A claim takes
 * the oldest due rows from `outreach_outbox_due` (deleting them), leases
 * their outbox rows and writes one `outreach_outbox_leases` row for the
 * batch — on Postgres in one statement, the due rows selected `FOR UPDATE
 * SKIP LOCKED`, so workers in several processes take disjoint batches
 * without waiting for each other; on SQLite in one transaction under the
 * single writer lock. Before that, it takes over the rows of leases that
 * have ended (a dead worker's): each such lease is read (locked, skipping
 * those another claim holds, on Postgres), its rows still claimed and
 * expired are leased again, and the lease is dropped once none of its rows
 * is claimed. With rate limits, the channels' windows are read (locked on
 * Postgres) and updated in the claim's own transaction. Completions and
 * renewals are one statement per batch on the outbox alone, guarded by
 * `lease_owner` and `state = 'claimed'`; on Postgres they, like the claim's
 * outbox update, are HOT updates (no indexed column changes).
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
  const returned = (leaseExpiresAt: number) => (r: ClaimedColumns): ClaimedOutboxRow => ({
    outboxId: r.outbox_id,
    planId: r.plan_id,
    profileId: r.profile_id,
    occurrence: r.occurrence,
    channel: r.channel,
    purpose: r.purpose,
    message: r.message,
    attempts: Number(r.attempts),
    leaseExpiresAt
  })
  const claimSet = (request: ClaimRequest) => {
    const leaseExpiresAt = request.now + request.leaseMs
    return sql`state = 'claimed', lease_owner = ${request.workerId}, lease_expires_at = ${leaseExpiresAt}, available_at = ${leaseExpiresAt}, attempts = attempts + 1`
  }
  const writeLease = async (handle: Kysely<KithDatabase>, workspaceId: string, request: ClaimRequest, outboxIds: ReadonlyArray<string>): Promise<void> => {
    if (outboxIds.length === 0) return
    await handle
      .insertInto("outreach_outbox_leases")
      .values({ workspace_id: workspaceId, expires_at: request.now + request.leaseMs, lease_id: randomUUID(), outbox_ids: JSON.stringify(outboxIds) })
      .execute()
  }

  // Due pending rows, oldest available_at first: their due rows deleted, their outbox rows leased, one lease row for them.
  const claimPending = async (
    handle: Kysely<KithDatabase>,
    workspaceId: string,
    request: ClaimRequest,
    limit: number,
    channel: RawBuilder<unknown>
  ): Promise<ReadonlyArray<ClaimedOutboxRow>> => {
    const leaseExpiresAt = request.now + request.leaseMs
    if (rowLocks) {
      // The due rows are picked once, by an `array(…)` evaluated before the delete runs, and deleted by their
      // place (ctid, stable while the row is locked); their outbox rows are found by id. Joins here let the
      // planner hash the whole due table, or the whole outbox, for each claim.
      const { rows } = await sql<ClaimedColumns>`
          with gone as (
            delete from outreach_outbox_due where ctid = any(array(
              select ctid from outreach_outbox_due
              where workspace_id = ${workspaceId} and state = 'pending' and available_at <= ${request.now}${channel}
              order by available_at limit ${limit} for update skip locked))
            returning outbox_id),
          claimed as (
            update outreach_outbox set ${claimSet(request)}
            where workspace_id = ${workspaceId} and outbox_id = any(array(select outbox_id from gone)) and state = 'pending'
            returning ${claimedColumns}),
          lease as (
            insert into outreach_outbox_leases (workspace_id, expires_at, lease_id, outbox_ids)
            select ${workspaceId}, ${leaseExpiresAt}, ${randomUUID()}, cast(json_agg(outbox_id) as text) from claimed having count(*) > 0)
          select * from claimed`.execute(handle)
      return rows.map(returned(leaseExpiresAt))
    }
    const gone = await sql<{ outbox_id: string }>`
        delete from outreach_outbox_due where workspace_id = ${workspaceId} and (state, available_at, outbox_id) in (
          select state, available_at, outbox_id from outreach_outbox_due
          where workspace_id = ${workspaceId} and state = 'pending' and available_at <= ${request.now}${channel}
          order by available_at limit ${limit})
        returning outbox_id`.execute(handle)
    const claimed: Array<ClaimedOutboxRow> = []
    for (const chunk of chunks(gone.rows.map((r) => r.outbox_id), idsPerQuery(dialect))) {
      const { rows } = await sql<ClaimedColumns>`
          update outreach_outbox set ${claimSet(request)}
          where workspace_id = ${workspaceId} and ${oneOf(dialect, "outbox_id", chunk)} and state = 'pending'
          returning ${claimedColumns}`.execute(handle)
      claimed.push(...rows.map(returned(leaseExpiresAt)))
    }
    await writeLease(handle, workspaceId, request, claimed.map((r) => r.outboxId))
    return claimed
  }

  // Takes over rows whose lease ended, from the leases that ended: each lease once per claim, oldest first. Runs in a
  // transaction (the leases it reads stay locked until it ends, on Postgres).
  const takeOver = async (
    trx: Kysely<KithDatabase>,
    workspaceId: string,
    request: ClaimRequest,
    limit: number,
    channelOk: (channel: string) => boolean
  ): Promise<Array<ClaimedOutboxRow>> => {
    const leaseExpiresAt = request.now + request.leaseMs
    const taken: Array<ClaimedOutboxRow> = []
    const seen = new Set<string>()
    let after: { readonly expiresAt: number; readonly leaseId: string } | undefined
    while (taken.length < limit) {
      const { rows: leases } = await sql<{ expires_at: number | string; lease_id: string; outbox_ids: string }>`
          select expires_at, lease_id, outbox_ids from outreach_outbox_leases
          where workspace_id = ${workspaceId} and expires_at <= ${request.now}${after === undefined ? sql`` : sql` and (expires_at, lease_id) > (${after.expiresAt}, ${after.leaseId})`}
          order by expires_at, lease_id limit 16${rowLocks ? sql` for update skip locked` : sql``}`.execute(trx)
      if (leases.length === 0) break
      for (const lease of leases) {
        after = { expiresAt: Number(lease.expires_at), leaseId: lease.lease_id }
        if (seen.has(lease.lease_id) || taken.length >= limit) continue
        seen.add(lease.lease_id)
        const ids: ReadonlyArray<string> = JSON.parse(lease.outbox_ids)
        const held: Array<{ readonly outbox_id: string; readonly channel: string; readonly lease_expires_at: number | string | bigint | null }> = []
        for (const chunk of chunks(ids, idsPerQuery(dialect))) {
          held.push(
            ...(await trx
              .selectFrom("outreach_outbox")
              .select(["outbox_id", "channel", "lease_expires_at"])
              .where("workspace_id", "=", workspaceId)
              .where(oneOf(dialect, "outbox_id", chunk))
              .where("state", "=", "claimed")
              .execute())
          )
        }
        const expired = held
          .filter((r) => Number(r.lease_expires_at) <= request.now && channelOk(r.channel))
          .sort((a, b) => Number(a.lease_expires_at) - Number(b.lease_expires_at) || (a.outbox_id < b.outbox_id ? -1 : 1))
          .slice(0, limit - taken.length)
          .map((r) => r.outbox_id)
        const stillExpired = sql`workspace_id = ${workspaceId} and state = 'claimed' and lease_expires_at <= ${request.now}`
        // On Postgres a row another claim (or its owner's completion) holds is skipped, not waited for: two claims taking
        // over leases that share rows never wait on each other.
        const rows: Array<ClaimedColumns> = []
        for (const chunk of chunks(expired, idsPerQuery(dialect))) {
          const result = rowLocks
            ? await sql<ClaimedColumns>`
                update outreach_outbox set ${claimSet(request)}
                where workspace_id = ${workspaceId} and outbox_id = any(array(
                  select outbox_id from outreach_outbox where ${stillExpired} and ${oneOf(dialect, "outbox_id", chunk)} for update skip locked))
                returning ${claimedColumns}`.execute(trx)
            : await sql<ClaimedColumns>`
                update outreach_outbox set ${claimSet(request)} where ${stillExpired} and ${oneOf(dialect, "outbox_id", chunk)}
                returning ${claimedColumns}`.execute(trx)
          rows.push(...result.rows)
        }
        taken.push(...rows.map(returned(leaseExpiresAt)))
        const retaken = new Set(rows.map((r) => r.outbox_id))
        // The lease keeps its rows still claimed and not taken now (renewed, or past the limit): looked at again when the earliest ends.
        const rest = held.filter((r) => !retaken.has(r.outbox_id))
        const key = sql`workspace_id = ${workspaceId} and expires_at = ${lease.expires_at} and lease_id = ${lease.lease_id}`
        if (rest.length === 0) await sql`delete from outreach_outbox_leases where ${key}`.execute(trx)
        else {
          const next = Math.min(...rest.map((r) => Number(r.lease_expires_at)))
          await sql`update outreach_outbox_leases set expires_at = ${next}, outbox_ids = ${JSON.stringify(rest.map((r) => r.outbox_id))} where ${key}`.execute(trx)
        }
      }
    }
    await writeLease(trx, workspaceId, request, taken.map((r) => r.outboxId))
    return taken
  }

  // Expired leases are taken first: a dead worker's rows are taken over at once, not after the backlog of pending rows
  // (then due pending rows, oldest first).
  const claimIn = async (
    handle: Kysely<KithDatabase>,
    inTransaction: boolean,
    workspaceId: string,
    request: ClaimRequest,
    limit: number,
    channels: { readonly only: string } | { readonly except: ReadonlyArray<string> }
  ): Promise<ReadonlyArray<ClaimedOutboxRow>> => {
    const channel =
      "only" in channels ? sql` and channel = ${channels.only}` : channels.except.length === 0 ? sql`` : sql` and channel not in (${sql.join(channels.except)})`
    const channelOk = (c: string) => ("only" in channels ? c === channels.only : !channels.except.includes(c))
    const ended = await handle
      .selectFrom("outreach_outbox_leases")
      .select("lease_id")
      .where("workspace_id", "=", workspaceId)
      .where("expires_at", "<=", request.now)
      .limit(1)
      .executeTakeFirst()
    const inOne = <A>(work: (trx: Kysely<KithDatabase>) => Promise<A>): Promise<A> => (inTransaction ? work(handle) : handle.transaction().execute(work))
    const expired = ended === undefined ? [] : await inOne((trx) => takeOver(trx, workspaceId, request, limit, channelOk))
    if (expired.length >= limit) return expired
    // Postgres claims pending rows in one statement; SQLite's takes several, in one transaction.
    const pending = rowLocks ? await claimPending(handle, workspaceId, request, limit - expired.length, channel) : await inOne((trx) => claimPending(trx, workspaceId, request, limit - expired.length, channel))
    return [...expired, ...pending]
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
        const rows = budget > 0 ? await claimIn(trx, true, workspaceId, request, budget, { only: channel }) : []
        claimed.push(...rows)
        await trx
          .updateTable("outreach_rate_limits")
          .set({ window_start: windowStart, used: used + rows.length })
          .where("workspace_id", "=", workspaceId)
          .where("channel", "=", channel)
          .execute()
      }
      if (claimed.length < request.limit) claimed.push(...(await claimIn(trx, true, workspaceId, request, request.limit - claimed.length, { except: limited })))
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
      return limited.length === 0 ? claimIn(db, false, workspaceId, request, request.limit, { except: [] }) : claimRateLimited(workspaceId, request, limited)
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
        // Retried rows are due again.
        await enqueueOutbox(trx, dialect, workspaceId, failures.map((f) => f.outboxId))
        return changed
      })
    },
    renew: (workspaceId, workerId, outboxIds, now, leaseMs) =>
      held(workspaceId, workerId, outboxIds, { lease_expires_at: now + leaseMs, available_at: now + leaseMs })
  }
}
