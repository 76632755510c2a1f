import type { SegmentInputWrites } from "@kith/storage"
import { type ActivityKind, type ActivityRow, type ProfileFacts, type SegmentInputs, type TraitValue, emptyFacts, inActivityOrder } from "@kith/segments"
import { type Kysely, sql } from "kysely"
import { insertRows } from "../bulk-insert.js"
import type { KithDatabase } from "../schema/index.js"
import { segmentMembersQuery } from "../segments/members-query.js"
import { scheduleScopeOf } from "../segments/schedule-scope.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { chunks, idsPerQuery, oneOf } from "./sql-lists.js"

const FACT_COLUMNS = [
  "workspace_id",
  "profile_id",
  "gender",
  "birthday",
  "country",
  "province",
  "district",
  "region",
  "stage",
  "account_status",
  "tier",
  "points",
  "first_channel",
  "first_source",
  "assignee_id",
  "collaborator_id",
  "lead_status",
  "care_status"
] as const

const ACTIVITY_COLUMNS = [
  "workspace_id",
  "profile_id",
  "ord",
  "kind",
  "at",
  "key",
  "order_id",
  "product_id",
  "category",
  "quantity",
  "value",
  "currency",
  "completed_at",
  "failed_at",
  "channel",
  "device_type",
  "os",
  "plan_id",
  "csat",
  "agent",
  "rating",
  "ticket_kind",
  "event_name"
] as const

/** The four list facts, in the order they are written. */
export const LIST_FACTS = ["tags", "customerGroups", "channels", "sources"] as const

const factValues = (workspaceId: string, f: ProfileFacts): Array<unknown> => [
  workspaceId,
  f.profileId,
  f.gender,
  f.birthday,
  f.country,
  f.province,
  f.district,
  f.region,
  f.stage,
  f.accountStatus,
  f.tier,
  f.points,
  f.firstChannel,
  f.firstSource,
  f.assigneeId,
  f.collaboratorId,
  f.leadStatus,
  f.careStatus
]

const activityValues = (workspaceId: string, profileId: string, ord: number, r: ActivityRow): Array<unknown> => [
  workspaceId,
  profileId,
  ord,
  r.kind,
  r.at,
  r.key,
  r.orderId,
  r.productId,
  r.category,
  r.quantity,
  r.value,
  r.currency,
  r.completedAt,
  r.failedAt,
  r.channel,
  r.deviceType,
  r.os,
  r.planId,
  r.csat,
  r.agent,
  r.rating,
  r.ticketKind,
  r.eventName
]

const traitValues = (workspaceId: string, profileId: string, name: string, v: TraitValue): Array<unknown> => [
  workspaceId,
  profileId,
  name,
  typeof v === "string" ? v : null,
  typeof v === "number" ? v : null,
  typeof v === "boolean" ? (v ? 1 : 0) : null
]

const int = (v: number | string | bigint | null): number | null => (v === null ? null : Number(v))

const TABLES = ["segment_facts", "segment_fact_lists", "segment_traits", "segment_activity"] as const

/**
 * Writes the segment inputs of some profiles in the four typed tables
 * (facts, list values, traits, activity rows), as bound multi-row inserts.
 * Their previous rows must be gone (see {@link sqlSegmentInputs}' `replace`).
 *
 * @example
 * ```ts
 * await insertSegmentInputs(trx, sqliteSpecifics, "shop-1", [{ facts: emptyFacts("p_m-1"), activity: [] }])
 * ```
 */
export const insertSegmentInputs = (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  workspaceId: string,
  inputs: ReadonlyArray<SegmentInputs>
): Promise<void> =>
  insertFactsAndRows(
    db,
    dialect,
    workspaceId,
    inputs.map((i) => i.facts),
    inputs.flatMap(({ facts, activity }) => activity.map((row, ord) => activityValues(workspaceId, facts.profileId, ord, row)))
  )

const insertFactsAndRows = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  workspaceId: string,
  profiles: ReadonlyArray<ProfileFacts>,
  activity: ReadonlyArray<ReadonlyArray<unknown>>
): Promise<void> => {
  const facts: Array<Array<unknown>> = []
  const lists: Array<Array<unknown>> = []
  const traits: Array<Array<unknown>> = []
  for (const f of profiles) {
    facts.push(factValues(workspaceId, f))
    for (const list of LIST_FACTS) f[list].forEach((value, ord) => lists.push([workspaceId, f.profileId, list, ord, value]))
    for (const [name, value] of Object.entries(f.traits)) traits.push(traitValues(workspaceId, f.profileId, name, value))
  }
  await insertRows(db, dialect, { table: "segment_facts", columns: FACT_COLUMNS }, facts)
  await insertRows(db, dialect, { table: "segment_fact_lists", columns: ["workspace_id", "profile_id", "list", "ord", "value"] }, lists)
  await insertRows(db, dialect, { table: "segment_traits", columns: ["workspace_id", "profile_id", "name", "text_value", "number_value", "boolean_value"] }, traits)
  await insertRows(db, dialect, { table: "segment_activity", columns: ACTIVITY_COLUMNS }, activity)
}

const removeInputs = async (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, workspaceId: string, profileIds: ReadonlyArray<string>): Promise<void> => {
  for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
    for (const table of TABLES) await db.deleteFrom(table).where("workspace_id", "=", workspaceId).where("profile_id", "in", chunk).execute()
  }
}

/**
 * Reads the stored inputs of these profiles: all of them, or (for a
 * schedule) only the activity rows of `only.kinds`, and empty facts where
 * `only.facts` is false.
 */
const readInputs = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  workspaceId: string,
  profileIds: ReadonlyArray<string>,
  only: { readonly kinds: ReadonlyArray<string> | "all"; readonly facts: boolean } = { kinds: "all", facts: true }
): Promise<Map<string, SegmentInputs>> => {
    const out = new Map<string, SegmentInputs>()
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const none = Promise.resolve([])
      const [facts, lists, traits, activity] = await Promise.all([
        only.facts
          ? db.selectFrom("segment_facts").selectAll().where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).execute()
          : none,
        only.facts
          ? db.selectFrom("segment_fact_lists").selectAll().where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).orderBy("profile_id").orderBy("list").orderBy("ord").execute()
          : none,
        only.facts ? db.selectFrom("segment_traits").selectAll().where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).orderBy("profile_id").orderBy("name").execute() : none,
        only.kinds !== "all" && only.kinds.length === 0
          ? none
          : db
              .selectFrom("segment_activity")
              .selectAll()
              .where("workspace_id", "=", workspaceId)
              .where(oneOf(dialect, "profile_id", chunk))
              // A schedule's read of some kinds takes them by the (profile, kind) index, in no order: they are sorted below.
              .$if(only.kinds !== "all", (q) => q.where("kind", "in", only.kinds as ReadonlyArray<string>))
              .$if(only.kinds === "all", (q) => q.orderBy("profile_id").orderBy("ord"))
              .execute()
      ])
      const built = new Map<string, { facts: ProfileFacts & Record<string, unknown>; activity: Array<ActivityRow> }>()
      for (const f of facts) {
        built.set(f.profile_id, {
          facts: {
            profileId: f.profile_id,
            gender: f.gender as ProfileFacts["gender"],
            birthday: f.birthday,
            country: f.country,
            province: f.province,
            district: f.district,
            region: f.region as ProfileFacts["region"],
            stage: f.stage as ProfileFacts["stage"],
            accountStatus: f.account_status as ProfileFacts["accountStatus"],
            tier: f.tier,
            points: Number(f.points),
            tags: [],
            customerGroups: [],
            channels: [],
            sources: [],
            firstChannel: f.first_channel,
            firstSource: f.first_source,
            assigneeId: f.assignee_id,
            collaboratorId: f.collaborator_id,
            leadStatus: f.lead_status as ProfileFacts["leadStatus"],
            careStatus: f.care_status as ProfileFacts["careStatus"],
            traits: {}
          },
          activity: []
        })
      }
      if (!only.facts) for (const profileId of chunk) built.set(profileId, { facts: emptyFacts(profileId), activity: [] })
      for (const l of lists) (built.get(l.profile_id)?.facts[l.list as (typeof LIST_FACTS)[number]] as Array<string> | undefined)?.push(l.value)
      for (const t of traits) {
        const held = built.get(t.profile_id)
        if (held === undefined) continue
        const value = t.text_value ?? (t.number_value === null ? null : Number(t.number_value)) ?? (t.boolean_value === null ? null : Number(t.boolean_value) === 1)
        if (value !== null) (held.facts.traits as Record<string, TraitValue>)[t.name] = value
      }
      for (const a of activity) {
        built.get(a.profile_id)?.activity.push({
          kind: a.kind as ActivityKind,
          at: Number(a.at),
          key: a.key,
          orderId: a.order_id,
          productId: a.product_id,
          category: a.category,
          quantity: int(a.quantity),
          value: int(a.value),
          currency: a.currency,
          completedAt: int(a.completed_at),
          failedAt: int(a.failed_at),
          channel: a.channel,
          deviceType: a.device_type,
          os: a.os,
          planId: a.plan_id,
          csat: int(a.csat),
          agent: a.agent,
          rating: int(a.rating),
          ticketKind: a.ticket_kind,
          eventName: a.event_name
        })
      }
      // Rows added later carry later positions: give them back in the inputs' own order.
      for (const [id, inputs] of built) out.set(id, { facts: inputs.facts, activity: inputs.activity.sort(inActivityOrder) })
    }
    return out
  }

/**
 * The segment inputs on SQL: the four typed tables, written with the change
 * that produced them, and rules evaluated by one compiled query
 * ({@link segmentMembersQuery}) over them.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * await sqlSegmentInputs(db, sqlite).count("shop-1", { version: 1, rule: { all: [] } }, { asOf: new Date("2025-06-30T17:00:00Z") }) // => 0
 * await db.destroy()
 * ```
 */
export const sqlSegmentInputs = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): SegmentInputWrites => ({
  inputsOf: (workspaceId, profileIds) => readInputs(db, dialect, workspaceId, profileIds),
  members: async (workspaceId, rule, evaluation) => {
    const rows = await segmentMembersQuery(db, workspaceId, rule, evaluation).orderBy("f.profile_id").execute()
    return rows.map((r) => r.profile_id)
  },
  schedulable: async (workspaceId, rule, evaluation, page) => {
    const scope = scheduleScopeOf(rule, evaluation.context ?? {})
    const ids = await db
      .selectFrom("segment_facts as f")
      .select("f.profile_id")
      .where("f.workspace_id", "=", workspaceId)
      .$if(page.after !== undefined, (q) => q.where("f.profile_id", ">", page.after!))
      .where(scope.mayChange)
      .orderBy("f.profile_id")
      .limit(page.limit)
      .execute()
    const held = await readInputs(db, dialect, workspaceId, ids.map((r) => r.profile_id), { kinds: scope.kinds, facts: scope.readsFacts })
    return ids.flatMap((r) => held.get(r.profile_id) ?? [])
  },
  count: async (workspaceId, rule, evaluation) => {
    const inner = segmentMembersQuery(db, workspaceId, rule, evaluation)
    const row = await db.selectFrom(inner.as("m")).select(sql<number | string>`count(*)`.as("n")).executeTakeFirstOrThrow()
    return Number(row.n)
  },
  rfmInputs: async (workspaceId, asOf, currency) => {
    const at = asOf.getTime()
    const rows = await db
      .selectFrom("segment_activity as a")
      .select([
        "a.profile_id",
        sql<number | string>`max(a.at)`.as("last"),
        sql<number | string>`count(*)`.as("orders"),
        sql<number | string>`coalesce(sum(case when a.currency = ${currency} then coalesce(a.value, 0) else 0 end), 0)`.as("spend")
      ])
      .where("a.workspace_id", "=", workspaceId)
      .where("a.kind", "=", "order")
      .where("a.at", "<=", at)
      .where("a.completed_at", "<=", at)
      .where((eb) => eb.or([eb("a.failed_at", "is", null), eb("a.failed_at", ">", at)]))
      .groupBy("a.profile_id")
      .execute()
    return rows.map((r) => ({ profileId: r.profile_id, lastPurchaseAt: new Date(Number(r.last)), successfulOrders: Number(r.orders), totalSpend: Number(r.spend) }))
  },
  replace: async (workspaceId, inputs) => {
    if (inputs.length === 0) return
    await removeInputs(db, dialect, workspaceId, inputs.map((i) => i.facts.profileId))
    await insertSegmentInputs(db, dialect, workspaceId, inputs)
  },
  insert: (workspaceId, inputs) => insertSegmentInputs(db, dialect, workspaceId, inputs),
  amend: async (workspaceId, changes) => {
    for (const chunk of chunks(changes, idsPerQuery(dialect))) {
      const ids = chunk.map((c) => c.facts.profileId)
      for (const table of ["segment_facts", "segment_fact_lists", "segment_traits"] as const) {
        await db.deleteFrom(table).where("workspace_id", "=", workspaceId).where("profile_id", "in", ids).execute()
      }
      // Order rows are rewritten only for the profiles whose orders changed.
      const reordered = chunk.filter((c) => c.orders !== undefined).map((c) => c.facts.profileId)
      if (reordered.length > 0) {
        await db.deleteFrom("segment_activity").where("workspace_id", "=", workspaceId).where("profile_id", "in", reordered).where("kind", "in", ["order", "order_line"]).execute()
      }
      const last = await db
        .selectFrom("segment_activity")
        .select(["profile_id", sql<number | string>`max(ord)`.as("ord")])
        .where("workspace_id", "=", workspaceId)
        .where("profile_id", "in", ids)
        .groupBy("profile_id")
        .execute()
      const next = new Map(last.map((r) => [r.profile_id, Number(r.ord) + 1]))
      const activity: Array<Array<unknown>> = []
      for (const { facts, orders, added } of chunk) {
        let ord = next.get(facts.profileId) ?? 0
        for (const row of [...(orders ?? []), ...added]) activity.push(activityValues(workspaceId, facts.profileId, ord++, row))
      }
      await insertFactsAndRows(db, dialect, workspaceId, chunk.map((c) => c.facts), activity)
    }
  },
  setPipelineStatuses: async (workspaceId, statuses) => {
    for (const { profileId, leadStatus, careStatus } of statuses) {
      await db.updateTable("segment_facts").set({ lead_status: leadStatus, care_status: careStatus }).where("workspace_id", "=", workspaceId).where("profile_id", "=", profileId).execute()
    }
  },
  remove: (workspaceId, profileIds) => removeInputs(db, dialect, workspaceId, profileIds)
})
