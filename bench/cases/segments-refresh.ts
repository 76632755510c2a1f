// What the segments.refresh.* cases time: cdp.segments.refresh of three
// segments — the "lapsed" and "regular" templates and one rule of 12
// conditions — each refresh listing the members through the store's SQL
// engine, diffing them against the stored membership (entries and exits into
// the history) and scheduling every profile's next change by time alone
// (SEG-8), beside a hand-written SQL query for each rule on the same tables
// and indexes (the query a person would write to list the members: one
// grouped pass over the activity rows). Setup checks that both list the same
// members, defines the segments if the store lacks them and refreshes them
// once at ASOF (the first, cold refresh: every member enters, every schedule
// entry is written; untimed, its time logged). The timed refreshes move
// forward a day each from the last refresh the store holds, like a daily
// refresh: each diffs a day's entries and exits and reschedules the profiles
// whose next change came that day. (Refreshing back to ASOF at each run would
// schedule every profile again, as a refresh back in time must.) The baseline
// moves a day each the same way; it runs after the case, so its days are the
// next ones — the hand-written queries cost the same on any day. The
// segments.refresh.<engine>.first cases time instead each rule's first refresh
// at ASOF (what a user meets after creating a segment or changing its rule:
// every member enters, every schedule entry is written), each run on segments
// defined afresh and deleted after, untimed, beside the same hand-written queries.
// They carry no target: the hand-written queries only list the members, and
// the floor of a first refresh (segments-first-floor.ts: the listing, then the
// rows a first refresh writes, written by plain statements) already takes more
// than 1.5 times as long, on both engines (segments.refresh.<engine>.first.floor;
// on SQLite only just).
// What kith adds on top of that floor is segments.refresh.<engine>.first.vs-floor,
// whose target is the ratio the daily refreshes are held to.
//
// The store: PROFILES profiles (1,000,000 by default; KITH_BENCH_SEGMENT_PROFILES
// overrides, for a smoke run; KITH_BENCH_SEGMENT_STORE names a second copy, for runs that must not share
// the store with another's) with about 10 activity rows each, generated
// straight into the segment-input tables — no events, no ingestion: a seeded
// generator (mulberry32) draws each profile's facts and rows (0–3 orders of
// one line each, product views, page views, cart adds, over the two years
// before ASOF) and the SQL backend's own segmentInputs.replace writes them,
// 2,000 profiles per transaction, into a SQLite store; the Postgres store is
// a copy of its tables (one multi-row statement of array parameters per
// 10,000 rows). Built once per engine and size, kept in
// bench/.cache/segments-refresh-<n>-v<version>.sqlite (gitignored) and the
// Postgres schema kith_bench_segments_<n>_v<version>, each built under a
// temporary name and renamed when complete (the name is the fixture-version
// marker: a changed generator bumps STORE_VERSION). The refreshes write the
// segments' membership and schedule into the same store, kept between runs.
import type { WorkspaceId } from "@kith/core"
import { type ActivityRow, type LastOrderCondition, type OrdersCondition, type SegmentInputs, type SegmentRule, activityRow, emptyFacts, segmentTemplate, timeRangeBounds } from "@kith/segments"
import { type CdpClient, createCdp } from "@kith/cdp"
import { SegmentInputsStore, type StorageServices, Workspaces } from "@kith/storage"
import { DEFAULT_PG_URL, openPostgresStorage } from "@kith/storage-postgres"
import { DEFAULT_CACHE_SIZE_MB, openSqliteStorage } from "@kith/storage-sqlite"
import Database from "better-sqlite3"
import { Effect, type Layer } from "effect"
import { join } from "node:path"
import pg from "pg"
import { type BenchCase, defineBench, measured } from "../harness.js"
import { cachedSqliteStore } from "./cached-sqlite-store.js"
import { type FirstRefreshRows, type FloorSql, capturedRows, writeFirstRefreshRows } from "./segments-first-floor.js"
import { backendCpuMs, cpuSpentBetween } from "./outreach-deliver/backend-cpu.js"

export type Engine = "sqlite" | "postgres"

export const PROFILES = Number(process.env["KITH_BENCH_SEGMENT_PROFILES"] ?? 1_000_000)
const STORE_VERSION = 1
const SEED = 20261205
const TIME_ZONE = "Asia/Ho_Chi_Minh"
export const ASOF = new Date("2025-12-31T20:00:00+07:00")
const workspace = "segments-shop" as WorkspaceId
const pgUrl = process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL
const cacheDir = join(import.meta.dirname, "..", ".cache")
const STORE_NAME = process.env["KITH_BENCH_SEGMENT_STORE"] === undefined ? "" : `_${process.env["KITH_BENCH_SEGMENT_STORE"].replace(/[^a-z0-9]/gi, "")}`
const sqlitePath = join(cacheDir, `segments-refresh-${PROFILES}-v${STORE_VERSION}${STORE_NAME}.sqlite`)
const pgSchema = `kith_bench_segments_${PROFILES}_v${STORE_VERSION}${STORE_NAME}`.toLowerCase()
const DAY = 86_400_000
const PER_TRANSACTION = 2_000
// The connections of both sides on Postgres carry this name: their backends' CPU time counts with the bench process's.
// Without parallel workers: a worker lives for one query, gone before its CPU time can be read.
const APPLICATION = "kith-bench-segments-refresh"
const pgUrlNamed = `${pgUrl}${pgUrl.includes("?") ? "&" : "?"}application_name=${APPLICATION}&options=${encodeURIComponent("-c max_parallel_workers_per_gather=0")}`

const log = (text: string) => process.stderr.write(`[segments-store] ${new Date().toISOString()} ${text}\n`)

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const PROVINCES = ["Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ"] as const
const CATEGORIES = ["Thời trang", "Mỹ phẩm", "Đồ gia dụng", "Giày dép"] as const

/** One profile's inputs, drawn from `random`. */
const profileOf = (i: number, random: () => number): SegmentInputs => {
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)]!
  const profileId = `p_${String(i).padStart(7, "0")}`
  const at = () => ASOF.getTime() - Math.floor(random() * 730 * DAY)
  const activity: Array<ActivityRow> = []
  const orders = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3][Math.floor(random() * 10)]!
  for (let o = 0; o < orders; o++) {
    const placed = at()
    const failed = random() < 0.1
    const value = (1 + Math.floor(random() * 20)) * 100_000
    const category = pick(CATEGORIES)
    const status = failed ? { failedAt: placed + DAY } : { completedAt: placed + 2 * DAY }
    activity.push(activityRow("order", placed, `o-${i}-${o}`, { orderId: `o-${i}-${o}`, quantity: 1, value, currency: "VND", ...status }))
    activity.push(activityRow("order_line", placed, `o-${i}-${o}#0`, { orderId: `o-${i}-${o}`, productId: `sku-${Math.floor(random() * 500)}`, category, quantity: 1, value, currency: "VND", ...status }))
  }
  const views = 2 + Math.floor(random() * 6)
  for (let v = 0; v < views; v++) activity.push(activityRow("product_viewed", at(), `v-${i}-${v}`, { productId: `sku-${Math.floor(random() * 500)}`, category: pick(CATEGORIES), channel: pick(["web", "app"]) }))
  const pages = Math.floor(random() * 3)
  for (let v = 0; v < pages; v++) activity.push(activityRow("page_viewed", at(), `pg-${i}-${v}`, { channel: "web" }))
  if (random() < 0.4) activity.push(activityRow("product_added", at(), `c-${i}`, { productId: `sku-${Math.floor(random() * 500)}`, channel: "web" }))
  activity.sort((a, b) => a.at - b.at)
  const born = random() < 0.7 ? `${1960 + Math.floor(random() * 45)}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}` : null
  const channel = pick(["web", "zalo", "app"])
  return {
    facts: {
      ...emptyFacts(profileId),
      gender: pick(["male", "female", "female", null] as const),
      birthday: born,
      province: pick(PROVINCES),
      country: "VN",
      stage: orders > 0 ? "buyer" : pick(["visitor", "lead"] as const),
      tags: random() < 0.1 ? ["vip"] : random() < 0.2 ? ["sale"] : [],
      channels: [channel],
      sources: [channel === "zalo" ? "zalo_oa" : "own_website"],
      firstChannel: channel,
      firstSource: channel === "zalo" ? "zalo_oa" : "own_website",
      points: Math.floor(random() * 2_000)
    },
    activity
  }
}

const fill = async (layer: Layer.Layer<StorageServices>, backend: { transaction: <A>(ws: string, work: (tx: import("@kith/storage").StorageWrites) => Promise<A>) => Promise<A> }) => {
  await Effect.runPromise(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId: workspace, timeZone: TIME_ZONE })).pipe(Effect.provide(layer)))
  const random = mulberry32(SEED)
  for (let start = 0; start < PROFILES; start += PER_TRANSACTION) {
    const chunk: Array<SegmentInputs> = []
    for (let i = start; i < Math.min(PROFILES, start + PER_TRANSACTION); i++) chunk.push(profileOf(i, random))
    await backend.transaction(workspace, (tx) => tx.segmentInputs.replace(workspace, chunk))
    if ((start / PER_TRANSACTION) % 50 === 0) log(`${start + chunk.length} profiles`)
  }
}

export const sqliteStore = (): Promise<string> =>
  cachedSqliteStore(sqlitePath, (store) => fill(store.layer, store.backend), log, (file) => {
    const db = new Database(file)
    db.exec("analyze")
    db.close()
  })

// The tables a Postgres store is copied from the SQLite one: the same generated profiles, many times faster than
// writing them again through the store (one bound statement per 10,000 rows, each column one array parameter).
const COPIED = ["workspaces", "segment_facts", "segment_fact_lists", "segment_traits", "segment_activity"] as const
const ROWS_PER_COPY = 10_000

const copyTable = async (from: Database.Database, client: pg.Client, schema: string, table: string) => {
  const types = (
    await client.query("select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position", [schema, table])
  ).rows as Array<{ column_name: string; data_type: string }>
  const columns = types.map((t) => t.column_name)
  const insert = `insert into "${schema}"."${table}" (${columns.map((c) => `"${c}"`).join(", ")}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t.data_type}[]`).join(", ")})`
  let batch: Array<Array<unknown>> = columns.map(() => [])
  let n = 0
  const flush = async () => {
    if (batch[0]!.length === 0) return
    await client.query(insert, batch)
    batch = columns.map(() => [])
  }
  for (const row of from.prepare(`select ${columns.map((c) => `"${c}"`).join(", ")} from "${table}"`).raw().iterate() as Iterable<Array<unknown>>) {
    row.forEach((v, i) => batch[i]!.push(typeof v === "bigint" ? v.toString() : v))
    if (++n % ROWS_PER_COPY === 0) await flush()
    if (n % 1_000_000 === 0) log(`${table}: ${n} rows`)
  }
  await flush()
  log(`${table}: ${n} rows copied`)
}

export const postgresStore = async (): Promise<string> => {
  const client = new pg.Client({ connectionString: pgUrl })
  await client.connect()
  try {
    const exists = (await client.query("select 1 from information_schema.schemata where schema_name = $1", [pgSchema])).rowCount === 1
    if (exists) return pgSchema
    const source = await sqliteStore()
    const building = `${pgSchema}_building`
    await client.query(`drop schema if exists "${building}" cascade`)
    log(`building schema ${building} from ${source}`)
    // The store creates the schema and its tables (every migration), then the generated rows are copied in.
    await (await openPostgresStorage({ connectionString: pgUrl, schema: building, maxConnections: 2 })).close()
    const from = new Database(source, { readonly: true })
    try {
      await client.query("begin")
      for (const table of COPIED) {
        await client.query(`delete from "${building}"."${table}"`)
        await copyTable(from, client, building, table)
      }
      await client.query("commit")
    } finally {
      from.close()
    }
    for (const table of COPIED) await client.query(`vacuum analyze "${building}"."${table}"`)
    await client.query(`alter schema "${building}" rename to "${pgSchema}"`)
    log(`built schema ${pgSchema}`)
    return pgSchema
  } finally {
    await client.end()
  }
}

// The templates with their default parameters; the hand-written queries read their windows and counts from them.
const lapsed = segmentTemplate("lapsed").rule().rule as LastOrderCondition
const regular = segmentTemplate("regular").rule().rule as OrdersCondition

/** The three rules refreshed, by name. */
export const rules: ReadonlyArray<readonly [string, SegmentRule]> = [
  ["lapsed", { version: 1, rule: lapsed }],
  ["regular", { version: 1, rule: regular }],
  [
    "twelve",
    {
      version: 1,
      rule: {
        all: [
          { kind: "orders", during: { withinLastDays: 365 }, count: { min: 1 } },
          { not: { kind: "last_order", during: { withinLastDays: 14 } } },
          { kind: "orders", during: { withinLastDays: 365 }, spend: { min: 300_000 } },
          { kind: "bought", categories: ["Thời trang", "Mỹ phẩm"], during: { withinLastDays: 365 } },
          { kind: "activity", of: ["product_viewed"], during: { withinLastDays: 180 }, count: { min: 1 } },
          { not: { kind: "activity", of: ["product_added"], during: { withinLastDays: 7 } } },
          { kind: "field", field: "province", in: ["Hà Nội", "Hồ Chí Minh", "Đà Nẵng"] },
          { kind: "field", field: "channels", hasAny: ["web", "zalo"] },
          { not: { kind: "field", field: "tags", hasAny: ["sale"] } },
          { kind: "field", field: "stage", in: ["buyer"] },
          { any: [{ kind: "field", field: "gender", in: ["female"] }, { kind: "age", min: 18, max: 45 }] }
        ]
      }
    }
  ]
]

/**
 * One SQL statement with positional `?` parameters, on either engine; and `floor`, the connection the floor writes
 * through (see segments-first-floor.ts).
 */
interface Sql {
  readonly all: FloorSql["all"]
  readonly floor: FloorSql
  readonly close: () => Promise<void>
}

// Rows per insert of array parameters, on Postgres.
const ROWS_PER_ARRAYS = 10_000

const openSql = async (engine: Engine, location: string): Promise<Sql> => {
  if (engine === "sqlite") {
    const allOn = (db: Database.Database): FloorSql["all"] => async (text, params) => {
      const statement = db.prepare(text)
      return statement.reader ? (statement.all(...params) as Array<Record<string, unknown>>) : (statement.run(...params), [])
    }
    // Writable: the first-refresh cases forget the segments they refreshed, between their timed runs.
    const db = new Database(location)
    // The floor writes as the store does: the store's page cache, sync and temporary tables (openSqliteStorage's
    // defaults), on a connection of its own, so that the hand-written queries keep theirs.
    const writer = new Database(location)
    writer.pragma("synchronous = NORMAL")
    writer.pragma(`cache_size = ${-DEFAULT_CACHE_SIZE_MB * 1024}`)
    writer.pragma("temp_store = MEMORY")
    return {
      all: allOn(db),
      floor: {
        all: allOn(writer),
        // One prepared one-row insert per row: for the lapsed schedule's 358,000 rows 1.7–2.1 s, against 2.6–4.9 s with
        // 10-, 100- or 500-row statements.
        insert: async (table, columns, _types, rows) => {
          const statement = writer.prepare(`insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`)
          for (const row of rows) statement.run(...row)
        }
      },
      close: async () => {
        db.close()
        writer.close()
      }
    }
  }
  const client = new pg.Client({ connectionString: pgUrlNamed })
  await client.connect()
  await client.query(`set search_path to "${location}"`)
  const all: FloorSql["all"] = async (text, params) => {
    let n = 0
    return (await client.query({ text: text.replace(/\?/g, () => `$${++n}`), values: [...params] })).rows as Array<Record<string, unknown>>
  }
  return {
    all,
    floor: {
      all,
      // Kith's own way on Postgres: each column one array parameter, 10,000 rows a statement, and a column holding one
      // value in every row (the workspace, the segment) bound once.
      insert: async (table, columns, types, rows) => {
        for (let start = 0; start < rows.length; start += ROWS_PER_ARRAYS) {
          const chunk = rows.slice(start, start + ROWS_PER_ARRAYS)
          const values = columns.map((_, c) => chunk.map((row) => row[c]))
          const constant = values.map((v) => v.every((x) => x === v[0]))
          const parameters: Array<unknown> = []
          const selected: Array<string> = []
          const unnested: Array<string> = []
          values.forEach((v, c) => {
            parameters.push(constant[c] ? v[0] : v)
            if (constant[c]) selected.push(`$${parameters.length}::${types[c]}`)
            else {
              unnested.push(`$${parameters.length}::${types[c]}[]`)
              selected.push(`u.c${c}`)
            }
          })
          const names = columns.flatMap((_, c) => (constant[c] ? [] : [`c${c}`]))
          await client.query(`insert into ${table} (${columns.join(", ")}) select ${selected.join(", ")} from unnest(${unnested.join(", ")}) as u(${names.join(", ")})`, parameters)
        }
      }
    },
    close: () => client.end()
  }
}

const SUCCESSFUL = "a.completed_at <= ? and (a.failed_at is null or a.failed_at > ?)"
// The hand-written queries: each rule as one grouped pass over the profile's rows, the bounds computed by the same helper.
const byHand: Record<string, (sql: Sql, at: Date) => Promise<Array<string>>> = {
  lapsed: async (sql, at) => {
    const bounds = (range: Parameters<typeof timeRangeBounds>[0]) => timeRangeBounds(range, at, TIME_ZONE)
    const { lo, hi } = bounds(lapsed.during)
    const asOf = at.getTime()
    const rows = await sql.all(
      `select a.profile_id from segment_activity a where a.workspace_id = ? and a.kind = 'order' and a.at <= ? and ${SUCCESSFUL} group by a.profile_id having max(a.at) >= ? and max(a.at) <= ? order by a.profile_id`,
      [workspace, asOf, asOf, asOf, lo, hi]
    )
    return rows.map((r) => String(r["profile_id"]))
  },
  regular: async (sql, at) => {
    const bounds = (range: Parameters<typeof timeRangeBounds>[0]) => timeRangeBounds(range, at, TIME_ZONE)
    const { lo, hi } = bounds(regular.during)
    const asOf = at.getTime()
    const rows = await sql.all(
      `select a.profile_id from segment_activity a where a.workspace_id = ? and a.kind = 'order' and a.at >= ? and a.at <= ? and ${SUCCESSFUL} group by a.profile_id having count(*) >= ? order by a.profile_id`,
      [workspace, lo, hi, asOf, asOf, regular.count?.min ?? 1]
    )
    return rows.map((r) => String(r["profile_id"]))
  },
  twelve: async (sql, at) => {
    const bounds = (range: Parameters<typeof timeRangeBounds>[0]) => timeRangeBounds(range, at, TIME_ZONE)
    const asOf = at.getTime()
    const y = bounds({ withinLastDays: 365 })
    const d14 = bounds({ withinLastDays: 14 })
    const d180 = bounds({ withinLastDays: 180 })
    const d7 = bounds({ withinLastDays: 7 })
    const ok = `a.kind = 'order' and a.at <= ? and ${SUCCESSFUL}`
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(at)
    const year = Number(today.slice(0, 4))
    const bornBy = (age: number) => `${year - age}${today.slice(4)}`
    const rows = await sql.all(
      `select f.profile_id from segment_facts f join (
         select a.profile_id,
           sum(case when ${ok} and a.at >= ? then 1 else 0 end) as orders_year,
           max(case when ${ok} then a.at end) as last_order,
           sum(case when ${ok} and a.at >= ? and a.currency = 'VND' then a.value else 0 end) as spend_year,
           sum(case when a.kind = 'order_line' and a.at >= ? and a.at <= ? and ${SUCCESSFUL} and a.category in ('Thời trang', 'Mỹ phẩm') then 1 else 0 end) as bought,
           sum(case when a.kind = 'product_viewed' and a.at >= ? and a.at <= ? then 1 else 0 end) as viewed,
           sum(case when a.kind = 'product_added' and a.at >= ? and a.at <= ? then 1 else 0 end) as added
         from segment_activity a where a.workspace_id = ? group by a.profile_id
       ) s on s.profile_id = f.profile_id
       where f.workspace_id = ? and f.stage = 'buyer' and f.province in ('Hà Nội', 'Hồ Chí Minh', 'Đà Nẵng')
         and s.orders_year >= 1 and (s.last_order < ?) and s.spend_year >= 300000 and s.bought > 0 and s.viewed > 0 and s.added = 0
         and exists (select 1 from segment_fact_lists l where l.workspace_id = f.workspace_id and l.profile_id = f.profile_id and l.list = 'channels' and l.value in ('web', 'zalo'))
         and not exists (select 1 from segment_fact_lists l where l.workspace_id = f.workspace_id and l.profile_id = f.profile_id and l.list = 'tags' and l.value = 'sale')
         and (f.gender = 'female' or (f.birthday <= ? and f.birthday <= ? and f.birthday > ?))
       order by f.profile_id`,
      [
        asOf, asOf, asOf, y.lo,
        asOf, asOf, asOf,
        asOf, asOf, asOf, y.lo,
        y.lo, y.hi, asOf, asOf,
        d180.lo, d180.hi,
        d7.lo, d7.hi,
        workspace, workspace, d14.lo,
        today, bornBy(18), bornBy(46)
      ]
    )
    return rows.map((r) => String(r["profile_id"]))
  }
}

/** What a refresh case holds open: the store's layer, a facade on it and a plain SQL connection to the same database. */
export interface Data {
  readonly engine: Engine
  readonly layer: Layer.Layer<StorageServices>
  readonly cdp: CdpClient
  readonly sql: Sql
  readonly close: () => Promise<void>
  /** On Postgres, a connection that reads the CPU time of the backends serving both sides. */
  readonly monitor: pg.Client | undefined
  /** The instant of the store's last refresh, when setup ended: the n-th timed refresh runs n days after it. */
  start: number
  /** Timed refreshes so far. */
  ticks: number
  /** For the floor: the rows each rule's first refresh wrote, by rule name; captured at the floor's first run. */
  firstRows?: ReadonlyMap<string, FirstRefreshRows>
}

const nextInstant = (data: Data): Date => new Date(data.start + ++data.ticks * DAY)

const membersByEngine = (data: Data) =>
  Effect.runPromise(
    Effect.forEach(rules, ([, rule]) => SegmentInputsStore.use((s) => s.members(workspace, rule, { asOf: ASOF }))).pipe(Effect.provide(data.layer))
  )

const refreshAll = async (data: Data, asOf: Date) => {
  const outcomes = []
  for (const [name] of rules) outcomes.push(await data.cdp.segments.refresh(name, { asOf }))
  return outcomes
}

const withHand = async (data: Data, asOf: Date) => {
  const out: Array<Array<string>> = []
  for (const [name] of rules) out.push(await byHand[name]!(data.sql, asOf))
  return out
}

// On Postgres the work is shared with the server: the CPU time of the backends serving the bench's connections is
// added to the process's own (SQLite runs inside the process: its CPU time is the process's). Measured here, not by
// the harness, on both engines: a run may hold untimed work around `work` (the first refreshes' cleanup).
const withBackendCpu = async (data: Data, work: () => Promise<unknown>): Promise<unknown> => {
  const monitor = data.monitor
  const before = monitor === undefined ? undefined : await backendCpuMs(monitor, APPLICATION)
  const started = performance.now()
  const own = process.cpuUsage()
  await work()
  const used = process.cpuUsage(own)
  const ms = performance.now() - started
  if (monitor === undefined || before === undefined) return measured(ms, (used.user + used.system) / 1000)
  const backends = cpuSpentBetween(before, await backendCpuMs(monitor, APPLICATION))
  if (backends === null) throw new Error(`no Postgres backend named ${APPLICATION} is visible in /proc: the server's CPU time cannot be counted`)
  return measured(ms, (used.user + used.system) / 1000 + backends)
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`

// The first refresh of a segment (no membership, no schedule: what a user meets after creating one, or after
// changing its rule) of each rule, at ASOF: a segment defined afresh under another id, refreshed (timed), then
// forgotten — its rows deleted, untimed — so that every run meets the same empty start.
const FIRST = "first-"
// The floor's rows are written under these segment ids (see segments-first-floor.ts).
const FLOOR = "floor-"
const SEGMENT_TABLES = ["segments", "segment_members", "segment_due", "segment_history"] as const
const forgetFirstRefreshes = async (data: Data) => {
  for (const table of SEGMENT_TABLES) {
    await data.sql.all(`delete from ${table} where workspace_id = ? and (segment_id like '${FIRST}%' or segment_id like '${FLOOR}%')`, [workspace])
  }
  // Each run deletes about 870,000 rows. A Postgres server whose autovacuum is off, or has not come round yet (the
  // one on these machines runs without it), keeps them as dead rows that every later run's writes and scans wade
  // through: vacuumed here, untimed, each run meets the tables as the first did.
  if (data.engine === "postgres") for (const table of SEGMENT_TABLES) await data.sql.all(`vacuum (analyze) ${table}`, [])
}
// Each rule defined afresh under its first-refresh id, on an empty start.
const defineFirstSegments = async (data: Data) => {
  await forgetFirstRefreshes(data)
  for (const [name, rule] of rules) await data.cdp.segments.create({ id: `${FIRST}${name}`, name: `${FIRST}${name}`, rule, actor: "bench", at: ASOF })
}
const firstRefreshes = async (data: Data) => {
  await defineFirstSegments(data)
  const took: Array<string> = []
  const work = async () => {
    for (const [name] of rules) {
      const started = performance.now()
      await data.cdp.segments.refresh(`${FIRST}${name}`, { asOf: ASOF })
      took.push(`${name} ${seconds(started)}`)
    }
  }
  const figures = await withBackendCpu(data, work)
  console.error(`segments.refresh.${data.engine}: first refreshes: ${took.join(", ")}`)
  await forgetFirstRefreshes(data)
  return figures
}

// The floor of each rule's first refresh (segments-first-floor.ts): its hand-written query, then the rows its first
// refresh wrote (captured at its first run, untimed), written again; forgotten after, untimed, as the first
// refreshes are.
const floorRefreshes = async (data: Data) => {
  const captured = (data.firstRows ??= await captureFirstRows(data))
  await forgetFirstRefreshes(data)
  const took: Array<string> = []
  const work = async () => {
    for (const [name] of rules) {
      const started = performance.now()
      await byHand[name]!(data.sql, ASOF)
      const listed = performance.now()
      await writeFirstRefreshRows(data.sql.floor, workspace, `${FLOOR}${name}`, captured.get(name)!)
      took.push(`${name} ${seconds(started)} (listing ${((listed - started) / 1000).toFixed(1)} s)`)
    }
  }
  const figures = await withBackendCpu(data, work)
  console.error(`segments.refresh.${data.engine}: floors: ${took.join(", ")}`)
  await forgetFirstRefreshes(data)
  return figures
}

// The rows each rule's first refresh writes, for the floor: one first refresh of each, untimed, read back and forgotten.
const captureFirstRows = async (data: Data): Promise<ReadonlyMap<string, FirstRefreshRows>> => {
  const started = performance.now()
  await defineFirstSegments(data)
  const out = new Map<string, FirstRefreshRows>()
  for (const [name] of rules) {
    await data.cdp.segments.refresh(`${FIRST}${name}`, { asOf: ASOF })
    out.set(name, await capturedRows(data.sql.floor, workspace, `${FIRST}${name}`))
  }
  // Left in place: the floor's run forgets them before its timed work.
  console.error(`segments.refresh.${data.engine}: captured the first refreshes' rows (${[...out].map(([name, r]) => `${name}: ${r.members.length} members, ${r.history.length} history, ${r.due.length} due`).join("; ")}), ${seconds(started)}`)
  return out
}

/** What a refresh case times: the daily refreshes, each rule's first refresh, its floor, or the first refresh against its floor. */
export type RefreshKind = "steady" | "first" | "first-floor" | "first-vs-floor"

const CASE_NAMES: Record<RefreshKind, (engine: Engine) => string> = {
  steady: (engine) => `segments.refresh.${engine}`,
  first: (engine) => `segments.refresh.${engine}.first`,
  "first-floor": (engine) => `segments.refresh.${engine}.first.floor`,
  "first-vs-floor": (engine) => `segments.refresh.${engine}.first.vs-floor`
}

/**
 * The case `segments.refresh.<engine>` (the steady, daily refreshes), with `first`
 * `segments.refresh.<engine>.first` (each rule's first refresh), both beside the same hand-written queries; with
 * `first-floor` `segments.refresh.<engine>.first.floor` (the first refreshes' floor, beside the hand-written
 * queries), and with `first-vs-floor` `segments.refresh.<engine>.first.vs-floor` (the first refreshes beside their floor).
 */
export const refreshCase = (engine: Engine, kind: RefreshKind = "steady"): BenchCase<Data> =>
  defineBench<Data>({
    name: CASE_NAMES[kind](engine),
    n: PROFILES,
    setup: async () => {
      const location = engine === "sqlite" ? await sqliteStore() : await postgresStore()
      const store = engine === "sqlite" ? await openSqliteStorage({ filename: location }) : await openPostgresStorage({ connectionString: pgUrlNamed, schema: location, maxConnections: 2 })
      const sql = await openSql(engine, location)
      const cdp = await createCdp({ storage: store, workspace })
      const monitor = engine === "postgres" ? new pg.Client({ connectionString: pgUrl }) : undefined
      await monitor?.connect()
      const close = async () => {
        await cdp.close()
        await sql.close()
        await store.close()
        await monitor?.end()
      }
      const data: Data = { engine, layer: store.layer, cdp, sql, monitor, start: ASOF.getTime(), ticks: 0, close }
      const [engineMembers, handMembers] = [await membersByEngine(data), await withHand(data, ASOF)]
      console.error(`segments.refresh.${engine}: ${PROFILES} profiles; members ${rules.map(([name], i) => `${name} ${engineMembers[i]!.length}`).join(", ")}`)
      rules.forEach(([name], i) => {
        if (engineMembers[i]!.join() !== handMembers[i]!.join()) throw new Error(`${name}: the engine lists ${engineMembers[i]!.length} members, the hand-written SQL ${handMembers[i]!.length}`)
      })
      const defined = new Set((await cdp.segments.list()).map((s) => s.segmentId))
      const refreshAt = async (name: string, at: Date, why: string) => {
        const started = performance.now()
        const outcome = await cdp.segments.refresh(name, { asOf: at })
        console.error(`segments.refresh.${engine}: ${why} refresh of ${name} at ${at.toISOString()}: ${outcome.entered.length} entered, ${outcome.exited.length} exited, ${seconds(started)}`)
      }
      for (const [name, rule] of rules) {
        if (defined.has(name)) continue
        await cdp.segments.create({ id: name, name, rule, actor: "bench", at: ASOF })
        await refreshAt(name, ASOF, "first")
      }
      // The store is kept between runs and its refreshes only move forward (one back in time would schedule every
      // profile again): the timed refreshes continue from the last one stored, which is where each segment's
      // schedule holds from (read from its row; a segment whose schedule holds from no instant is scheduled whole).
      const held = await sql.all("select segment_id, scheduled_from from segments where workspace_id = ?", [workspace])
      const from = new Map(held.map((r) => [String(r["segment_id"]), r["scheduled_from"] === null ? null : Number(r["scheduled_from"])]))
      data.start = Math.max(ASOF.getTime(), ...[...from.values()].filter((t): t is number => t !== null))
      for (const [name] of rules) if (from.get(name) !== data.start) await refreshAt(name, new Date(data.start), "catch-up")
      return data
    },
    teardown: (data) => data.close(),
    run: (data) =>
      kind === "steady" ? withBackendCpu(data, () => refreshAll(data, nextInstant(data))) : kind === "first-floor" ? floorRefreshes(data) : firstRefreshes(data),
    baseline: (data) =>
      kind === "first-vs-floor"
        ? floorRefreshes(data)
        : // The floor lists the members at ASOF: beside it, the same queries at the same instant.
          withBackendCpu(data, () => withHand(data, kind === "first-floor" ? ASOF : nextInstant(data))),
    repeat: 3,
    processes: 1,
    // The first refreshes carry no target against a listing query (see the file's head): against their floor they do.
    ...(kind === "steady" || kind === "first-vs-floor" ? { targetRatio: 1.5 } : {})
  })
