import { AttributedOrderEvent, emptyPerformance, MessageOutcomes, type PlanPerformance, VoucherClaimEvents } from "@kith/outreach"
import type { EventKinds, OutboxRow, OutreachPerformanceReads, TimelineRow } from "@kith/storage"
import { CompiledQuery, type Kysely, type RawBuilder, sql } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { unplannedParameter } from "../unplanned-parameter.js"
import { newestFirstParameters, newestFirstText, parameterNamer, textPerNewestFirstShape } from "./events.js"

// A property of an event's payload as text, and as a number: JSON functions differ between the engines.
const propertyText = (dialect: SqlDialectSpecifics, alias: string, name: string): RawBuilder<string | null> =>
  dialect.name === "postgres"
    ? sql<string | null>`(cast(${sql.ref(`${alias}.payload`)} as jsonb) #>> ${sql.lit(`{properties,${name}}`)})`
    : sql<string | null>`json_extract(${sql.ref(`${alias}.payload`)}, ${sql.lit(`$.properties.${name}`)})`
const propertyNumber = (dialect: SqlDialectSpecifics, alias: string, name: string): RawBuilder<number | null> =>
  dialect.name === "postgres"
    ? sql<number | null>`cast(${propertyText(dialect, alias, name)} as double precision)`
    : sql<number | null>`cast(${propertyText(dialect, alias, name)} as real)`


const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value))

// Literals, in this order: the partial index on outcome events by deliveryId (migration 14) names exactly these, and
// SQLite uses a partial index only when the query repeats its terms with constants.
const messageNames = sql.join(Object.values(MessageOutcomes).map((name) => sql.lit(name)))

// The statement of `received`, written once per dialect: parameters are the workspace, then the workspace and the
// profile id twice for each of the two lookups of the survivor, then the limit. The survivor the id stands for is
// found by a scalar subquery on the profile's key and the profiles merged into it through profiles_by_survivor, so a
// timeline page reads the person's messages in one statement, without reading the profile first.
const receivedStatement = (dialect: SqlDialectSpecifics): string => {
  let n = 0
  const next = () => dialect.parameter(n++)
  const survivor = () => `coalesce((select merged_into from profiles where workspace_id = ${next()} and profile_id = ${next()}), ${next()})`
  return (
    `select * from outreach_outbox where workspace_id = ${next()} and state = 'sent' and profile_id in (` +
    `select ${survivor()} union all select profile_id from profiles where workspace_id = ${next()} and merged_into = ${survivor()}) ` +
    `order by sent_at desc, outbox_id limit ${unplannedParameter(dialect, next())}`
  )
}

// The statement of `timelineNewestFirst` for one shape: the newest events (ofProfileNewestFirst's statement, its
// parameters first) and the newest sent outbox rows before the same position, each read newest first with the limit,
// merged and cut to the limit by the engine. Its outbox half names the person as the events half does (the survivor
// of the profile row, and every profile merged into it: no rows for an id no profile has); its parameters follow the
// events', then the limit of the whole.
const timelineText = (dialect: SqlDialectSpecifics, only: EventKinds | undefined, before: boolean): string => {
  const next = parameterNamer(dialect)
  const events = newestFirstText(dialect, only, before, next)
  const survivor = () => `(select coalesce(p.merged_into, p.profile_id) from profiles p where p.workspace_id = ${next()} and p.profile_id = ${next()})`
  let sent =
    `select outbox_id, profile_id, plan_id, channel, message, sent_at from outreach_outbox where workspace_id = ${next()} and state = 'sent' and profile_id in (` +
    `select ${survivor()} union all select q.profile_id from profiles q where q.workspace_id = ${next()} and q.merged_into = ${survivor()})`
  if (before) sent += ` and (sent_at < ${next()} or (sent_at = ${next()} and outbox_id < ${next()}))`
  sent += ` order by sent_at desc, outbox_id desc limit ${unplannedParameter(dialect, next())}`
  return (
    `select 0 as sent, message_id as id, profile_id, ts, type, name, payload from (${events}) e ` +
    `union all select 1, outbox_id, profile_id, sent_at, channel, plan_id, message from (${sent}) m order by ts desc, id desc limit ${unplannedParameter(dialect, next())}`
  )
}

/**
 * Performance with SQL (OUT-8): one statement for the plan's rows by state
 * and reason, one for the message events of its sent rows (matched on
 * `deliveryId` = outbox id), one for the orders and vouchers within the
 * attribution window after each exposure — the first `Message Delivered`
 * (or the send) for a messaged recipient, the decision for a control-group
 * member — each order counted once per group. The same rule as
 * `@kith/outreach`'s `planPerformance`, which the contract checks it against.
 *
 * @param db - Kysely over the kith schema (or a transaction)
 * @param dialect - the dialect's specifics
 * @returns the reads
 *
 * @example
 * ```ts
 * const reads = sqlOutreachPerformance(db, sqliteSpecifics)
 * ```
 */
export const sqlOutreachPerformance = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): OutreachPerformanceReads => {
  let receivedText: string | undefined
  const timelineTextOf = textPerNewestFirstShape((only, before) => timelineText(dialect, only, before))
  const deliveryId = propertyText(dialect, "e", "deliveryId")
  // SQLite compares a TEXT column with a JSON value under TEXT affinity, which the index on the bare JSON value cannot
  // serve; unary + drops the column's affinity so the lookup is an index search (1.65 s against 9 ms of CPU for 5,000
  // rows over 20,000 events).
  const outboxIdAsIndexed = dialect.name === "sqlite" ? sql`+o.outbox_id` : sql`o.outbox_id`

  const counts = async (workspaceId: string, planId: string) => {
    const result = await sql<{ state: string; decision: string; reason: string; n: number | string }>`
      select state, decision, reason, count(*) as n from outreach_outbox
      where workspace_id = ${workspaceId} and plan_id = ${planId}
      group by state, decision, reason`.execute(db)
    return result.rows
  }

  const outcomes = async (workspaceId: string, planId: string) => {
    const result = await sql<{ name: string; n: number | string }>`
      select e.name as name, count(distinct o.outbox_id) as n
      from events e join outreach_outbox o on o.workspace_id = e.workspace_id and o.outbox_id = ${deliveryId}
      where e.workspace_id = ${workspaceId} and e.type = 'track' and e.name in (${messageNames})
        and o.plan_id = ${planId} and o.state = 'sent'
      group by e.name`.execute(db)
    return result.rows
  }

  const groups = async (workspaceId: string, planId: string, voucherCode: string | null, windowMs: number) => {
    const code = voucherCode ?? ""
    // `holdout` is 0 or 1 on both engines.
    const holdout = sql<boolean>`o.holdout = 1`
    const result = await sql<{ holdout: number | boolean; recipients: number | string; orders: number | string; revenue: number | string | null; used: number | string; claimed: number | string }>`
      with exposure as (
        select o.outbox_id, o.profile_id, case when ${holdout} then 1 else 0 end as holdout,
          case when ${holdout} then o.created_at
               else coalesce((select min(e.ts) from events e
                              where e.workspace_id = o.workspace_id and e.type = 'track' and e.name in (${messageNames}) and e.name = ${sql.lit(MessageOutcomes.delivered)} and ${deliveryId} = ${outboxIdAsIndexed}), o.sent_at)
          end as at
        from outreach_outbox o
        where o.workspace_id = ${workspaceId} and o.plan_id = ${planId} and (${holdout} or o.state = 'sent')
      ),
      hits as (
        select distinct x.holdout, x.profile_id, e.message_id, e.name,
          ${propertyNumber(dialect, "e", "total")} as total, ${propertyText(dialect, "e", "coupon")} as coupon
        from exposure x join events e on e.workspace_id = ${workspaceId} and e.profile_id = x.profile_id
        where e.type = 'track' and e.name in (${sql.join([...VoucherClaimEvents])}) and e.ts > x.at and e.ts <= x.at + ${windowMs}
      ),
      sizes as (select holdout, count(*) as recipients from exposure group by holdout)
      select s.holdout as holdout, s.recipients as recipients,
        (select count(distinct h.message_id) from hits h where h.holdout = s.holdout and h.name = ${AttributedOrderEvent}) as orders,
        (select sum(t.total) from (select distinct h.message_id, h.total from hits h where h.holdout = s.holdout and h.name = ${AttributedOrderEvent}) t) as revenue,
        (select count(distinct h.message_id) from hits h where h.holdout = s.holdout and h.name = ${AttributedOrderEvent} and h.coupon = ${code}) as used,
        (select count(distinct h.profile_id) from hits h where h.holdout = s.holdout and h.coupon = ${code}) as claimed
      from sizes s`.execute(db)
    const of = (flag: number) => {
      const row = result.rows.find((r) => Number(r.holdout) === flag)
      return row === undefined
        ? { recipients: 0, orders: 0, revenue: 0, vouchersClaimed: 0, vouchersUsed: 0 }
        : {
            recipients: num(row.recipients),
            orders: num(row.orders),
            revenue: num(row.revenue),
            vouchersClaimed: voucherCode === null ? 0 : num(row.claimed),
            vouchersUsed: voucherCode === null ? 0 : num(row.used)
          }
    }
    return { messaged: of(0), holdout: of(1) }
  }

  return {
    plans: async (workspaceId, plans, attributionWindowMs) => {
      const out = new Map<string, PlanPerformance>()
      for (const { planId, voucherCode } of plans) {
        const byState = { pending: 0, held: 0, sent: 0, dead: 0, cancelled: 0 }
        const skipped: Partial<Record<string, number>> = {}
        let recipients = 0
        for (const row of await counts(workspaceId, planId)) {
          const n = num(row.n)
          recipients += n
          if (row.state in byState) byState[row.state as keyof typeof byState] += n
          if (row.decision === "skip") skipped[row.reason] = (skipped[row.reason] ?? 0) + n
        }
        const seen = new Map((await outcomes(workspaceId, planId)).map((r) => [r.name, num(r.n)]))
        out.set(planId, {
          ...emptyPerformance,
          recipients,
          ...byState,
          skipped: skipped as PlanPerformance["skipped"],
          delivered: seen.get(MessageOutcomes.delivered) ?? 0,
          read: seen.get(MessageOutcomes.read) ?? 0,
          clicked: seen.get(MessageOutcomes.clicked) ?? 0,
          replied: seen.get(MessageOutcomes.replied) ?? 0,
          unsubscribed: seen.get(MessageOutcomes.unsubscribed) ?? 0,
          ...(await groups(workspaceId, planId, voucherCode, attributionWindowMs))
        })
      }
      return out
    },
    received: async (workspaceId, profileId, limit) => {
      receivedText ??= receivedStatement(dialect)
      const { rows } = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(receivedText, [workspaceId, workspaceId, profileId, profileId, workspaceId, workspaceId, profileId, profileId, limit]))
      return rows.map(outboxRowOfSql)
    },
    timelineNewestFirst: async (workspaceId, profileId, before, limit, only) => {
      const text = timelineTextOf(only, before !== undefined)
      const parameters = newestFirstParameters(workspaceId, profileId, before, limit, only)
      parameters.push(workspaceId, workspaceId, profileId, workspaceId, workspaceId, profileId)
      if (before !== undefined) parameters.push(before.timestamp, before.timestamp, before.messageId)
      parameters.push(limit, limit)
      const { rows } = await db.executeQuery<TimelineSqlRow>(CompiledQuery.raw(text, parameters))
      return rows.map(timelineRowOfSql)
    }
  }
}

// A row of the timeline statement: an event's columns, or a sent outbox row's in their place (`sent` = 1: the
// outbox id, profile, sending instant, channel, plan and message).
interface TimelineSqlRow {
  readonly sent: number | string
  readonly id: string
  readonly profile_id: string
  readonly ts: number | string | bigint
  readonly type: string
  readonly name: string | null
  readonly payload: string
}

const timelineRowOfSql = (r: TimelineSqlRow): TimelineRow =>
  Number(r.sent) === 1
    ? { outboxId: r.id, planId: String(r.name), channel: r.type, message: r.payload, sentAt: Number(r.ts) }
    : { messageId: r.id, profileId: r.profile_id, type: r.type, name: r.name, timestamp: Number(r.ts), payload: r.payload }

// An outbox row as this repository reads it (`select *`), in the port's shape.
const outboxRowOfSql = (r: Record<string, unknown>): OutboxRow => ({
  outboxId: String(r["outbox_id"]),
  planId: String(r["plan_id"]),
  profileId: String(r["profile_id"]),
  occurrence: String(r["occurrence"]),
  channel: String(r["channel"]),
  purpose: String(r["purpose"]),
  decision: r["decision"] as OutboxRow["decision"],
  reason: String(r["reason"]),
  holdout: Number(r["holdout"]) === 1,
  message: String(r["message"]),
  state: r["state"] as OutboxRow["state"],
  attempts: Number(r["attempts"]),
  availableAt: Number(r["available_at"]),
  leaseOwner: r["lease_owner"] === null ? null : String(r["lease_owner"]),
  leaseExpiresAt: r["lease_expires_at"] === null ? null : Number(r["lease_expires_at"]),
  lastError: r["last_error"] === null ? null : String(r["last_error"]),
  createdAt: Number(r["created_at"]),
  sentAt: r["sent_at"] === null ? null : Number(r["sent_at"])
})
