import type { SchedulableProfile, SegmentEvaluation, SegmentInputWrites } from "@kith/storage"
import { type ActivityKind, type ActivityRow, type ProfileFacts, type SegmentInputs, type SegmentRule, type TraitValue, activityRow, emptyFacts, inActivityOrder } from "@kith/segments"
import { CompiledQuery, type Kysely, type RawBuilder, type Selectable, type SqlBool, sql } from "kysely"
import { insertRows } from "../bulk-insert.js"
import { runCompiled } from "../compiled-once.js"
import type { KithDatabase } from "../schema/index.js"
import type { SegmentActivityTable } from "../schema/segment-inputs.js"
import { segmentMembersQuery } from "../segments/members-query.js"
import { allOf } from "../segments/sql-predicates.js"
import { type CondensedSchedule, condensedScheduleOf } from "../segments/condensed-schedule.js"
import { scheduleScopeOf } from "../segments/schedule-scope.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { chunks, IDS_PER_QUERY, idsPerQuery, oneOf, oneOfBound, paddedList } from "./sql-lists.js"

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

const LIST_COLUMNS = ["workspace_id", "profile_id", "list", "ord", "value"] as const
const TRAIT_COLUMNS = ["workspace_id", "profile_id", "name", "text_value", "number_value", "boolean_value"] as const

// A facts row written over the stored one: every column but the key takes the new value.
const FACTS_UPSERT = `on conflict (workspace_id, profile_id) do update set ${FACT_COLUMNS.filter((c) => c !== "workspace_id" && c !== "profile_id")
  .map((c) => `${c} = excluded.${c}`)
  .join(", ")}`
// The tables written, as insertRows targets (module constants: insertRows keeps its statement texts per target).
const factsTarget = { table: "segment_facts", columns: FACT_COLUMNS } as const
const factsUpsertTarget = { table: "segment_facts", columns: FACT_COLUMNS, onConflict: FACTS_UPSERT } as const
const listsTarget = { table: "segment_fact_lists", columns: LIST_COLUMNS } as const
const traitsTarget = { table: "segment_traits", columns: TRAIT_COLUMNS } as const
const activityTarget = { table: "segment_activity", columns: ACTIVITY_COLUMNS } as const

const listValues = (workspaceId: string, f: ProfileFacts): Array<Array<unknown>> => {
  const rows: Array<Array<unknown>> = []
  for (const list of LIST_FACTS) f[list].forEach((value, ord) => rows.push([workspaceId, f.profileId, list, ord, value]))
  return rows
}

const traitRowValues = (workspaceId: string, f: ProfileFacts): Array<Array<unknown>> =>
  Object.entries(f.traits).map(([name, value]) => traitValues(workspaceId, f.profileId, name, value))

/**
 * What {@link storedFactsOf} reads of one profile: its facts row (in `FACT_COLUMNS` order), its last activity
 * position, and its lists and traits when they were asked for (`undefined` when not read, never "none stored").
 */
interface StoredFacts {
  readonly facts: ReadonlyArray<unknown>
  readonly lists: Map<string, Array<string>> | undefined
  readonly traits: Map<string, TraitValue> | undefined
  readonly lastOrd: number | null
}

// The stored facts rows of these profiles with their last activity position, and the lists and traits of those
// named in `lists` and `traits` (a primary-key seek each), in up to three statements.
const storedFactsOf = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  workspaceId: string,
  ids: ReadonlyArray<string>,
  wanted: { readonly lists: ReadonlyArray<string>; readonly traits: ReadonlyArray<string> }
): Promise<Map<string, StoredFacts>> => {
  const out = new Map<string, StoredFacts>()
  // Every statement binds a padded list of ids, not only those found: a few statement texts for all chunks.
  const held = paddedList(ids)
  const parameters = [workspaceId, ...held]
  const { rows: facts } = await runCompiled(
    db,
    `stored facts ${held.length}`,
    () =>
      db
        .selectFrom("segment_facts as f")
        .select(FACT_COLUMNS.map((c) => `f.${c}` as const))
        .select((eb) =>
          eb
            .selectFrom("segment_activity as a")
            .select(sql<number | string | null>`max(a.ord)`.as("m"))
            .whereRef("a.workspace_id", "=", "f.workspace_id")
            .whereRef("a.profile_id", "=", "f.profile_id")
            .as("last_ord")
        )
        .where("f.workspace_id", "=", workspaceId)
        .where("f.profile_id", "in", held)
        .compile(),
    parameters
  )
  if (facts.length === 0) return out
  // A profile whose lists or traits are read holds some, none perhaps: an empty map, filled by the reads below.
  const listsWanted = new Set(wanted.lists)
  const traitsWanted = new Set(wanted.traits)
  for (const row of facts) {
    const id = row.profile_id
    out.set(id, {
      facts: FACT_COLUMNS.map((c) => (row as Record<string, unknown>)[c]),
      lists: listsWanted.has(id) ? new Map() : undefined,
      traits: traitsWanted.has(id) ? new Map() : undefined,
      lastOrd: row.last_ord === null ? null : Number(row.last_ord)
    })
  }
  if (wanted.lists.length > 0) await readStoredLists(db, workspaceId, paddedList(wanted.lists), out)
  if (wanted.traits.length > 0) await readStoredTraits(db, workspaceId, paddedList(wanted.traits), out)
  return out
}

// The stored lists of these profiles (a padded list of ids), into their entries of `out`.
const readStoredLists = async (db: Kysely<KithDatabase>, workspaceId: string, held: ReadonlyArray<string>, out: Map<string, StoredFacts>): Promise<void> => {
  const { rows: lists } = await runCompiled(
    db,
    `stored fact lists ${held.length}`,
    () =>
      db
        .selectFrom("segment_fact_lists")
        .select(["profile_id", "list", "value"])
        .where("workspace_id", "=", workspaceId)
        .where("profile_id", "in", held)
        .orderBy("profile_id")
        .orderBy("list")
        .orderBy("ord")
        .compile(),
    [workspaceId, ...held]
  )
  for (const l of lists) {
    const stored = out.get(l.profile_id)?.lists
    if (stored === undefined) continue
    let values = stored.get(l.list)
    if (values === undefined) stored.set(l.list, (values = []))
    values.push(l.value)
  }
}

// The stored custom traits of these profiles (a padded list of ids), into their entries of `out`.
const readStoredTraits = async (db: Kysely<KithDatabase>, workspaceId: string, held: ReadonlyArray<string>, out: Map<string, StoredFacts>): Promise<void> => {
  const { rows: traits } = await runCompiled(
    db,
    `stored fact traits ${held.length}`,
    () =>
      db
        .selectFrom("segment_traits")
        .select(["profile_id", "name", "text_value", "number_value", "boolean_value"])
        .where("workspace_id", "=", workspaceId)
        .where("profile_id", "in", held)
        .compile(),
    [workspaceId, ...held]
  )
  for (const t of traits) {
    const value = traitValueOf(t)
    if (value !== null) out.get(t.profile_id)?.traits?.set(t.name, value)
  }
}

// The last activity position of each of these profiles that holds activity rows.
const lastOrdsOf = async (db: Kysely<KithDatabase>, workspaceId: string, ids: ReadonlyArray<string>): Promise<Map<string, number>> => {
  const rows = await db
    .selectFrom("segment_activity")
    .select(["profile_id", sql<number | string>`max(ord)`.as("ord")])
    .where("workspace_id", "=", workspaceId)
    .where("profile_id", "in", paddedList(ids))
    .groupBy("profile_id")
    .execute()
  return new Map(rows.map((r) => [r.profile_id, Number(r.ord)]))
}

// Stored lists or traits that were read: each comparison needs them, so one not read is a fault, never "none".
const readOf = <A>(held: A | undefined): A => {
  if (held === undefined) throw new Error("stored segment facts compared without being read")
  return held
}

// Column values as both engines give them back: numbers may come back as numeric strings (bigint) and booleans as 0/1.
const sameValue = (stored: unknown, value: unknown): boolean =>
  stored === value || (stored !== null && value !== null && typeof value === "number" && Number(stored) === value)

const sameValues = (stored: ReadonlyArray<unknown>, values: ReadonlyArray<unknown>): boolean => {
  for (let i = 0; i < values.length; i++) if (!sameValue(stored[i] ?? null, values[i] ?? null)) return false
  return true
}

const sameLists = (stored: ReadonlyMap<string, ReadonlyArray<string>>, f: ProfileFacts): boolean => {
  for (const list of LIST_FACTS) {
    const held = stored.get(list) ?? []
    const values = f[list]
    if (held.length !== values.length) return false
    for (let i = 0; i < values.length; i++) if (held[i] !== values[i]) return false
  }
  return true
}

const sameTraits = (stored: ReadonlyMap<string, TraitValue>, f: ProfileFacts): boolean => {
  const entries = Object.entries(f.traits)
  if (entries.length !== stored.size) return false
  for (const [name, value] of entries) if (stored.get(name) !== value) return false
  return true
}

// A stored trait row's value: exactly one of its value columns is set.
const traitValueOf = (t: { readonly text_value: string | null; readonly number_value: number | string | null; readonly boolean_value: number | string | null }): TraitValue | null =>
  t.text_value ?? (t.number_value === null ? null : Number(t.number_value)) ?? (t.boolean_value === null ? null : Number(t.boolean_value) === 1)

// The statement deleting the rows of some orders of some profiles, for each length of the (padded) lists of the
// profiles and of the (profile, order) pairs: built once, so each pair of lengths is one statement text. The list
// of profiles lets the (profile, kind) index find the candidate rows; the pairs then say exactly which go.
const orderRowsDeleteTexts = new WeakMap<SqlDialectSpecifics, Map<string, string>>()
const orderRowsDeleteText = (dialect: SqlDialectSpecifics, profiles: number, pairs: number): string => {
  let texts = orderRowsDeleteTexts.get(dialect)
  if (texts === undefined) orderRowsDeleteTexts.set(dialect, (texts = new Map()))
  const shape = `${profiles}.${pairs}`
  let text = texts.get(shape)
  if (text === undefined) {
    let n = 0
    const next = () => dialect.parameter(n++)
    const workspace = next()
    const ids = Array.from({ length: profiles }, next).join(", ")
    const values = Array.from({ length: pairs }, () => `(${next()}, ${next()})`).join(", ")
    text =
      `delete from segment_activity where workspace_id = ${workspace} and profile_id in (${ids}) and kind in ('order', 'order_line') ` +
      `and (profile_id, order_id) in (values ${values})`
    texts.set(shape, text)
  }
  return text
}

// Deletes the order and order line rows of these (profile, order) pairs.
const deleteOrderRows = async (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, workspaceId: string, pairs: ReadonlyArray<readonly [string, string]>): Promise<void> => {
  if (pairs.length === 0) return
  const profiles = paddedList([...new Set(pairs.map(([p]) => p))])
  const listed = paddedList(pairs)
  const parameters: Array<unknown> = [workspaceId, ...profiles]
  for (const [p, o] of listed) parameters.push(p, o)
  await db.executeQuery(CompiledQuery.raw(orderRowsDeleteText(dialect, profiles.length, listed.length), parameters))
}

// Deletes the rows of `table` held by these profiles.
const removeRows = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  table: "segment_fact_lists" | "segment_traits",
  workspaceId: string,
  profiles: ReadonlyArray<ProfileFacts>
): Promise<void> => {
  if (profiles.length === 0) return
  const ids = profiles.map((f) => f.profileId)
  const bound = oneOfBound(dialect, ids)
  await runCompiled(
    db,
    `remove ${table} ${bound.shape}`,
    () => db.deleteFrom(table).where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", ids)).compile(),
    [workspaceId, ...bound.parameters]
  )
}

const insertFactsAndRows = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  workspaceId: string,
  profiles: ReadonlyArray<ProfileFacts>,
  activity: ReadonlyArray<ReadonlyArray<unknown>>
): Promise<void> => {
  await insertRows(db, dialect, factsTarget, profiles.map((f) => factValues(workspaceId, f)))
  await insertRows(db, dialect, listsTarget, profiles.flatMap((f) => listValues(workspaceId, f)))
  await insertRows(db, dialect, traitsTarget, profiles.flatMap((f) => traitRowValues(workspaceId, f)))
  await insertRows(db, dialect, activityTarget, activity)
}

const removeInputs = async (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, workspaceId: string, profileIds: ReadonlyArray<string>): Promise<void> => {
  for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
    const bound = oneOfBound(dialect, chunk)
    for (const table of TABLES) {
      await runCompiled(
        db,
        `remove inputs ${table} ${bound.shape}`,
        () => db.deleteFrom(table).where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).compile(),
        [workspaceId, ...bound.parameters]
      )
    }
  }
}

/**
 * Reads the stored inputs of these profiles: all of them, or (for a
 * schedule) only the activity rows of `only.kinds`, and empty facts where
 * `only.facts` is false. `only.range`, where given, holds every id in the
 * store's own order (ids after `after`, up to `through`); `only.columns`
 * are the activity columns read (the others come back null).
 */
const readInputs = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  workspaceId: string,
  profileIds: ReadonlyArray<string>,
  only: {
    readonly kinds: ReadonlyArray<string> | "all"
    readonly facts: boolean
    readonly range?: { readonly after?: string | undefined; readonly through: string } | undefined
    readonly columns?: ReadonlyArray<string> | undefined
    readonly rows?: RawBuilder<SqlBool> | undefined
  } = { kinds: "all", facts: true }
): Promise<Map<string, SegmentInputs>> => {
    const out = new Map<string, SegmentInputs>()
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const none = Promise.resolve([])
      // A page's range of ids, when known, bounds the key as well: the planner then expects a page's rows, not the
      // workspace's (given the list alone, Postgres read whole tables for each page of a schedule).
      const chunkOf = (column: string) =>
        only.range === undefined
          ? oneOf(dialect, column, chunk)
          : allOf([
              ...(only.range.after === undefined ? [] : [sql<SqlBool>`${sql.ref(column)} > ${only.range.after}`]),
              sql<SqlBool>`${sql.ref(column)} <= ${only.range.through}`,
              oneOf(dialect, column, chunk)
            ])
      const [facts, lists, traits, activity] = await Promise.all([
        only.facts
          ? db.selectFrom("segment_facts").selectAll().where("workspace_id", "=", workspaceId).where(chunkOf("profile_id")).execute()
          : none,
        only.facts
          ? db.selectFrom("segment_fact_lists").selectAll().where("workspace_id", "=", workspaceId).where(chunkOf("profile_id")).orderBy("profile_id").orderBy("list").orderBy("ord").execute()
          : none,
        only.facts ? db.selectFrom("segment_traits").selectAll().where("workspace_id", "=", workspaceId).where(chunkOf("profile_id")).orderBy("profile_id").orderBy("name").execute() : none,
        only.kinds !== "all" && only.kinds.length === 0
          ? none
          : db
              .selectFrom("segment_activity")
              // Only the columns read: a row of a score of columns costs the driver several times one of a few.
              .select((only.columns ?? ACTIVITY_COLUMNS) as ReadonlyArray<(typeof ACTIVITY_COLUMNS)[number]>)
              .where("workspace_id", "=", workspaceId)
              .where(chunkOf("profile_id"))
              // A schedule's read of some kinds takes them by the (profile, kind) index, in no order: they are sorted below.
              .$if(only.kinds !== "all", (q) => q.where("kind", "in", only.kinds as ReadonlyArray<string>))
              .$if(only.rows !== undefined, (q) => q.where(only.rows!))
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
        const value = traitValueOf(t)
        if (value !== null) (held.facts.traits as Record<string, TraitValue>)[t.name] = value
      }
      for (const a of activity as ReadonlyArray<Pick<Selectable<SegmentActivityTable>, "profile_id" | "kind" | "at" | "key"> & Partial<Selectable<SegmentActivityTable>>>) {
        built.get(a.profile_id)?.activity.push({
          kind: a.kind as ActivityKind,
          at: Number(a.at),
          key: a.key,
          orderId: a.order_id ?? null,
          productId: a.product_id ?? null,
          category: a.category ?? null,
          quantity: int(a.quantity ?? null),
          value: int(a.value ?? null),
          currency: a.currency ?? null,
          completedAt: int(a.completed_at ?? null),
          failedAt: int(a.failed_at ?? null),
          channel: a.channel ?? null,
          deviceType: a.device_type ?? null,
          os: a.os ?? null,
          planId: a.plan_id ?? null,
          csat: int(a.csat ?? null),
          agent: a.agent ?? null,
          rating: int(a.rating ?? null),
          ticketKind: a.ticket_kind ?? null,
          eventName: a.event_name ?? null
        })
      }
      // Rows added later carry later positions: give them back in the inputs' own order.
      for (const [id, inputs] of built) out.set(id, { facts: inputs.facts, activity: inputs.activity.sort(inActivityOrder) })
    }
    return out
  }

// The last id of the span of `limit` live profiles after `after`, or `undefined` when fewer remain: bounded by it,
// the planner expects a span's rows, not the workspace's.
const spanEnd = async (db: Kysely<KithDatabase>, workspaceId: string, after: string | undefined, limit: number): Promise<string | undefined> =>
  (
    await db
      .selectFrom("segment_facts")
      .select("profile_id")
      .where("workspace_id", "=", workspaceId)
      .$if(after !== undefined, (q) => q.where("profile_id", ">", after!))
      .orderBy("profile_id")
      .limit(1)
      .offset(limit - 1)
      .executeTakeFirst()
  )?.profile_id

// Order rows the edge form re-reads whole: those of profiles with an unsettled order, which are few.
const ORDER_ROW_COLUMNS = ["profile_id", "kind", "at", "key", "completed_at", "failed_at"] as const

// One page of a schedule of a rule over orders alone, condensed (see `condensedScheduleOf`): one query per span of
// profiles gives the profiles whose verdict may change and the rows their next change depends on, where the general
// path asks which profiles may change and then reads their rows back.
const condensedPage = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  workspaceId: string,
  condensed: CondensedSchedule,
  page: { readonly after?: string | undefined; readonly limit: number }
): Promise<ReadonlyArray<SchedulableProfile>> => {
  const out: Array<SchedulableProfile> = []
  let after = page.after
  for (;;) {
    const through = await spanEnd(db, workspaceId, after, page.limit)
    const wanted = page.limit - out.length
    if (condensed.form === "edge") {
      const found = (await condensed.query({ after, through }, wanted).execute(db)).rows
      const unsettled = found.filter((r) => Number(r.unsettled) === 1).map((r) => r.profile_id)
      const held =
        unsettled.length === 0
          ? new Map<string, SegmentInputs>()
          : await readInputs(db, dialect, workspaceId, unsettled, { kinds: ["order"], facts: false, range: { after, through: unsettled.at(-1)! }, columns: ORDER_ROW_COLUMNS })
      // The profiles without unsettled rows share one inputs object per local day of their edge order (see `sharedDay`).
      const byDay = new Map<number, SegmentInputs>()
      for (const r of found) {
        let inputs = held.get(r.profile_id)
        if (inputs === undefined) {
          const edge = Number(r.edge)
          const day = condensed.sharedDay(edge)
          inputs = day === undefined ? undefined : byDay.get(day)
          if (inputs === undefined) {
            inputs = { facts: emptyFacts(r.profile_id), activity: [condensed.edgeRow(edge)] }
            if (day !== undefined) byDay.set(day, inputs)
          }
        }
        out.push({ profileId: r.profile_id, inputs })
      }
    } else {
      const rows = (await condensed.query({ after, through }).execute(db)).rows
      let current: { facts: ProfileFacts; activity: Array<ActivityRow> } | undefined
      let moving = false
      const close = () => {
        if (current !== undefined && moving && out.length < page.limit) out.push({ profileId: current.facts.profileId, inputs: { facts: current.facts, activity: current.activity.sort(inActivityOrder) } })
      }
      for (const r of rows) {
        if (current?.facts.profileId !== r.profile_id) {
          close()
          current = { facts: emptyFacts(r.profile_id), activity: [] }
          moving = false
        }
        const row = activityRow("order", Number(r.at), r.key, {
          completedAt: int(r.completed_at),
          failedAt: int(r.failed_at),
          value: int(r.value),
          currency: r.currency
        })
        current.activity.push(row)
        moving ||= condensed.mayMove(row)
      }
      close()
    }
    if (out.length >= page.limit || through === undefined) break
    after = through
  }
  return out
}

// One page of a schedule: see `SegmentInputReads.schedulable`.
const schedulablePage = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  workspaceId: string,
  rule: SegmentRule,
  evaluation: SegmentEvaluation,
  page: { readonly after?: string | undefined; readonly limit: number }
): Promise<ReadonlyArray<SchedulableProfile>> => {
  const condensed = condensedScheduleOf(rule, { workspaceId, engine: dialect.name, asOf: evaluation.asOf, context: evaluation.context })
  if (condensed !== undefined) return condensedPage(db, dialect, workspaceId, condensed, page)
  const scopeOf = (span?: { readonly after?: string | undefined; readonly through?: string | undefined }) =>
    scheduleScopeOf(rule, { workspaceId, engine: dialect.name, asOf: evaluation.asOf, context: evaluation.context, span })
  const scope = scopeOf()
  // The profiles are taken a span of facts rows at a time, each span bounded by its last id: the planner then
  // expects a span's rows, not the workspace's. (Bounded by `after` alone, Postgres planned for every row after
  // it: it hashed whole tables for the scope's subqueries on each page and compiled each query to machine code.)
  const ids: Array<string> = []
  let after = page.after
  for (;;) {
    const bound = await spanEnd(db, workspaceId, after, page.limit)
    // On Postgres the span's rows are read once for the span (see `scheduleScopeOf`'s `span`).
    const spanned = scopeOf({ after, through: bound })
    const facts = db.selectFrom("segment_facts as f")
    const found = await (
      spanned.rowTests === null ? facts : facts.leftJoin(sql<{ profile_id: string }>`(${spanned.rowTests})`.as("r"), (join) => join.onRef("r.profile_id", "=", "f.profile_id"))
    )
      .select("f.profile_id")
      .where("f.workspace_id", "=", workspaceId)
      .$if(after !== undefined, (q) => q.where("f.profile_id", ">", after!))
      .$if(bound !== undefined, (q) => q.where("f.profile_id", "<=", bound!))
      .where(spanned.mayChange)
      .orderBy("f.profile_id")
      .limit(page.limit - ids.length)
      .execute()
    for (const r of found) ids.push(r.profile_id)
    if (ids.length >= page.limit || bound === undefined) break
    after = bound
  }
  if (ids.length === 0) return []
  const held = await readInputs(db, dialect, workspaceId, ids, { kinds: scope.kinds, facts: scope.readsFacts, range: { after: page.after, through: ids.at(-1)! }, columns: scope.columns, rows: scope.rowsRead })
  return ids.flatMap((id) => {
    const inputs = held.get(id)
    return inputs === undefined ? [] : [{ profileId: id, inputs }]
  })
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
    const list = async (on: Kysely<KithDatabase>) => (await segmentMembersQuery(on, dialect, workspaceId, rule, evaluation).orderBy("f.profile_id").execute()).map((r) => r.profile_id)
    // On Postgres without JIT compilation: over a large workspace the query's estimated cost passes the threshold and
    // its many filters were compiled to machine code first, costing more than running them (one grouped pass).
    return dialect.name === "postgres"
      ? db.transaction().execute(async (trx) => {
          await sql`set local jit = off`.execute(trx)
          return list(trx)
        })
      : list(db)
  },
  schedulable: (workspaceId, rule, evaluation, page) =>
    // On Postgres without JIT compilation: a page's statements run for milliseconds, and their cost estimates (a
    // subquery per profile) passed the threshold, so each was compiled to machine code first, 1 to 4 s of the
    // server's CPU each (a first refresh of a 100k-profile workspace spent more compiling than running its pages).
    dialect.name === "postgres"
      ? db.transaction().execute(async (trx) => {
          await sql`set local jit = off`.execute(trx)
          return schedulablePage(trx, dialect, workspaceId, rule, evaluation, page)
        })
      : schedulablePage(db, dialect, workspaceId, rule, evaluation, page),
  count: async (workspaceId, rule, evaluation) => {
    const inner = segmentMembersQuery(db, dialect, workspaceId, rule, evaluation)
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
  // Most changes are a profile that gained an event or two: its facts row moves (last seen, stage, points) while
  // its lists and traits rarely do. So the stored rows are read first (reading is far cheaper than deleting and
  // writing again, which also rewrites every index entry) and only what differs is written.
  amend: async (workspaceId, changes) => {
    for (const chunk of chunks(changes, idsPerQuery(dialect))) {
      const ids = chunk.map((c) => c.facts.profileId)
      const held = await storedFactsOf(db, dialect, workspaceId, ids, {
        lists: chunk.filter((c) => c.listsAsStored !== true).map((c) => c.facts.profileId),
        traits: chunk.filter((c) => c.traitsAsStored !== true).map((c) => c.facts.profileId)
      })
      // Order rows are rewritten only for the profiles whose orders changed: all of them, or only those of the
      // orders named (a profile's new order leaves the rows of its other orders as they are).
      const reordered = chunk.filter((c) => c.orders !== undefined && c.ordersReplaced === undefined).map((c) => c.facts.profileId)
      if (reordered.length > 0) {
        await db.deleteFrom("segment_activity").where("workspace_id", "=", workspaceId).where("profile_id", "in", paddedList(reordered)).where("kind", "in", ["order", "order_line"]).execute()
      }
      const replacedOrders: Array<readonly [string, string]> = []
      for (const { facts, orders, ordersReplaced } of chunk) {
        if (orders !== undefined && ordersReplaced !== undefined) for (const orderId of ordersReplaced) replacedOrders.push([facts.profileId, orderId])
      }
      for (const pairs of chunks(replacedOrders, IDS_PER_QUERY / 2)) await deleteOrderRows(db, dialect, workspaceId, pairs)
      const factsChanged: Array<ProfileFacts> = []
      const listsChanged: Array<ProfileFacts> = []
      const traitsChanged: Array<ProfileFacts> = []
      for (const { facts, listsAsStored, traitsAsStored } of chunk) {
        const stored = held.get(facts.profileId)
        if (stored === undefined || !sameValues(stored.facts, factValues(workspaceId, facts))) factsChanged.push(facts)
        // A profile with no stored facts row holds no stored inputs the caller could vouch for: all are written.
        if (stored === undefined || (listsAsStored !== true && !sameLists(readOf(stored.lists), facts))) listsChanged.push(facts)
        if (stored === undefined || (traitsAsStored !== true && !sameTraits(readOf(stored.traits), facts))) traitsChanged.push(facts)
      }
      await removeRows(db, dialect, "segment_fact_lists", workspaceId, listsChanged)
      await removeRows(db, dialect, "segment_traits", workspaceId, traitsChanged)
      // A profile without a stored facts row still gets the next free positions for its activity rows.
      const unheld = ids.filter((id) => !held.has(id))
      const lastOrd = new Map<string, number | null>()
      for (const [id, stored] of held) lastOrd.set(id, stored.lastOrd)
      if (unheld.length > 0) for (const [id, ord] of await lastOrdsOf(db, workspaceId, unheld)) lastOrd.set(id, ord)
      const activity: Array<Array<unknown>> = []
      for (const { facts, orders, added } of chunk) {
        const last = lastOrd.get(facts.profileId)
        let ord = last === undefined || last === null ? 0 : last + 1
        for (const row of [...(orders ?? []), ...added]) activity.push(activityValues(workspaceId, facts.profileId, ord++, row))
      }
      await insertRows(db, dialect, factsUpsertTarget, factsChanged.map((f) => factValues(workspaceId, f)))
      await insertRows(db, dialect, listsTarget, listsChanged.flatMap((f) => listValues(workspaceId, f)))
      await insertRows(db, dialect, traitsTarget, traitsChanged.flatMap((f) => traitRowValues(workspaceId, f)))
      await insertRows(db, dialect, activityTarget, activity)
    }
  },
  setPipelineStatuses: async (workspaceId, statuses) => {
    for (const { profileId, leadStatus, careStatus } of statuses) {
      await db.updateTable("segment_facts").set({ lead_status: leadStatus, care_status: careStatus }).where("workspace_id", "=", workspaceId).where("profile_id", "=", profileId).execute()
    }
  },
  remove: (workspaceId, profileIds) => removeInputs(db, dialect, workspaceId, profileIds)
})
