// What the reads.* cases time, on the 200,000-person store of reads-store.ts,
// through @kith/cdp as a user meets it, each beside hand-written SQL doing the
// same job on the same database (the best query a person would write with the
// schema's indexes, including the search index): a page is its rows and
// their identifiers, a timeline page what kith's shows: the newest events of
// the timeline's kinds and the messages the person was sent, merged, cut to
// the page, with its cursor (handTimelinePage).
import { createCdp, type CdpClient } from "@kith/cdp"
import { timelineEventsOf } from "@kith/profile"
import { openPostgresStorage } from "@kith/storage-postgres"
import { openSqliteStorage } from "@kith/storage-sqlite"
import Database from "better-sqlite3"
import pg from "pg"
import { defineBench, type BenchCase } from "../harness.js"
import { pgSchema, pgUrl, postgresReadsStore, readsWorkspace, sqliteReadsStore } from "./reads-store.js"

export type Engine = "sqlite" | "postgres"
export type ReadKind = "search" | "count" | "list" | "timeline"

// Calls per timed repetition: one read takes milliseconds.
const CALLS = 20
const PAGE = 50

/** One SQL statement with positional parameters, on either engine. */
export interface Sql {
  readonly all: (text: string, params: ReadonlyArray<unknown>) => Promise<Array<Record<string, unknown>>>
  readonly close: () => Promise<void>
}

const sqliteSql = (filename: string): Sql => {
  const db = new Database(filename, { readonly: true })
  return { all: async (text, params) => db.prepare(text).all(...params) as Array<Record<string, unknown>>, close: async () => void db.close() }
}

const postgresSql = async (): Promise<Sql> => {
  const client = new pg.Client({ connectionString: pgUrl })
  await client.connect()
  await client.query(`set search_path to "${pgSchema}"`)
  const names = new Map<string, string>()
  return {
    // Named (prepared) statements, as a person using pg for the same query many times would.
    all: async (text, params) => {
      let n = 0
      const numbered = text.replace(/\?/g, () => `$${++n}`)
      let name = names.get(numbered)
      if (name === undefined) names.set(numbered, (name = `reads_${names.size}`))
      return (await client.query({ name, text: numbered, values: [...params] })).rows as Array<Record<string, unknown>>
    },
    close: () => client.end()
  }
}

/** What a case reads, chosen from the store once per process (not timed). */
export interface Targets {
  readonly rareName: string
  readonly noHit: string
  readonly emailFragment: string
  readonly oldPhone: string
  readonly oldPhoneE164: string
  readonly deepCursor: string
  readonly heavyProfile: string
}

const targetsOf = async (sql: Sql, engine: Engine): Promise<Targets> => {
  const ws = readsWorkspace
  // A name held by few people: the folded full name of a profile whose name no one else shares.
  let rareName: string | undefined
  const candidates = await sql.all("select search_text from profiles where workspace_id = ? and merged_into is null and profile_id > 'p_7' order by profile_id limit 400", [ws])
  for (const c of candidates) {
    const name = String(c["search_text"]).split(" | ")[0]!
    if (name.split(" ").length < 3) continue
    const hits = engine === "sqlite"
      ? await sql.all(`select count(*) as n from profile_search where profile_search match ?`, [`"${name}"`])
      : await sql.all("select count(*) as n from profiles where workspace_id = ? and search_text like ?", [ws, `%${name}%`])
    if (Number(hits[0]!["n"]) <= 3) {
      rareName = name
      break
    }
  }
  if (rareName === undefined) throw new Error("no rare name among 400 profiles")
  const withEmail = await sql.all("select value from identifiers where workspace_id = ? and type = 'email' and profile_id > 'p_5' order by profile_id limit 1", [ws])
  const email = String(withEmail[0]!["value"])
  const phone = await sql.all("select value from identifiers where workspace_id = ? and type = 'phone' and value like '+8432%' order by profile_id limit 1", [ws])
  const e164 = String(phone[0]!["value"])
  // The 2003-2018 mobile numbers 032x were 0162x: the old eleven-digit form of +8432x.
  const oldPhone = `0162 ${e164.slice(5, 8)} ${e164.slice(8)}`
  const buyers = await sql.all("select profile_id from profiles where workspace_id = ? and stage = 'buyer' and merged_into is null order by profile_id", [ws])
  const deepCursor = String(buyers[Math.floor(buyers.length * 0.8)]!["profile_id"])
  const heavy = await sql.all("select profile_id, count(*) as n from events where workspace_id = ? group by profile_id order by n desc limit 1", [ws])
  return {
    rareName,
    noHit: "khong ai co ten nay",
    emailFragment: email.slice(0, Math.min(8, email.indexOf("@") + 3)),
    oldPhone,
    oldPhoneE164: e164,
    deepCursor,
    heavyProfile: String(heavy[0]!["profile_id"])
  }
}

const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

// A page of list rows as hand-written SQL gives it: the rows, then their identifiers in one query.
const handPage = async (sql: Sql, rows: Array<Record<string, unknown>>) => {
  if (rows.length === 0) return []
  const ids = rows.map((r) => String(r["profile_id"]))
  const identifiers = await sql.all(`select profile_id, type, value from identifiers where workspace_id = ? and profile_id in (${ids.map(() => "?").join(", ")})`, [readsWorkspace, ...ids])
  return rows.map((r) => {
    const traits = JSON.parse(String(r["traits"])) as Record<string, { value: unknown }>
    const summary = JSON.parse(String(r["summary"])) as { firstSeenAt?: number; lastSeenAt?: number }
    const mine = identifiers.filter((i) => i["profile_id"] === r["profile_id"])
    return { profileId: r["profile_id"], fullName: traits["fullName"]?.value ?? null, phones: mine.filter((i) => i["type"] === "phone").map((i) => i["value"]), firstSeenAt: summary.firstSeenAt, lastSeenAt: summary.lastSeenAt }
  })
}

const rowColumns = "p.profile_id, p.traits, p.summary"

const handSearch = async (sql: Sql, engine: Engine, text: string) => {
  const rows =
    engine === "sqlite" && [...text].length >= 3
      ? await sql.all(
          `select ${rowColumns} from profile_search s cross join profiles p on p.rowid = s.rowid where profile_search match ? and p.workspace_id = ? and p.merged_into is null order by p.profile_id limit ${PAGE}`,
          [`"${text.replaceAll('"', '""')}"`, readsWorkspace]
        )
      : await sql.all(`select ${rowColumns} from profiles p where p.workspace_id = ? and p.merged_into is null and p.search_text like ? escape '\\' order by p.profile_id limit ${PAGE}`, [readsWorkspace, likeOf(text)])
  return handPage(sql, rows)
}

const handPhone = async (sql: Sql, e164: string) => {
  const owners = await sql.all("select profile_id from identifiers where workspace_id = ? and type = 'phone' and value = ?", [readsWorkspace, e164])
  const ids = owners.map((o) => String(o["profile_id"]))
  if (ids.length === 0) return []
  return handPage(sql, await sql.all(`select ${rowColumns} from profiles p where p.workspace_id = ? and p.profile_id in (${ids.map(() => "?").join(", ")}) order by p.profile_id`, [readsWorkspace, ...ids]))
}

// The timeline page's job done by hand, in the simplest honest code: the newest events of the kinds on a timeline
// (the kinds filter kith's page applies, literals taken from `timelineEventsOf`) and the newest outreach messages
// the person was sent (theirs and those of the profiles merged into them), each read newest first with one more row
// than the page, merged, cut to the page, and the cursor of the last item shown (its instant and id, as kith's).
// An event's item is its whole payload parsed; a message's, its outbox columns.
const TIMELINE_PAGE = 20
const timelineKinds = (() => {
  const only = timelineEventsOf()
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`
  const named = [`name in (${only.trackNames.map(literal).join(", ")})`, ...only.trackNamePrefixes.map((prefix) => `name like ${literal(`${prefix}%`)}`)]
  return `(type in (${only.types.map(literal).join(", ")}) or (type = 'track' and (${named.join(" or ")})))`
})()
const handTimelinePage = async (sql: Sql, profileId: string, cursor?: { readonly at: number; readonly id: string }) => {
  const before = cursor === undefined ? "" : " and (ts < ? or (ts = ? and message_id < ?))"
  const sentBefore = cursor === undefined ? "" : " and (sent_at < ? or (sent_at = ? and outbox_id < ?))"
  const position = cursor === undefined ? [] : [cursor.at, cursor.at, cursor.id]
  const events = await sql.all(
    `select message_id, ts, payload from events where workspace_id = ? and profile_id = ? and ${timelineKinds}${before} order by ts desc, message_id desc limit ${TIMELINE_PAGE + 1}`,
    [readsWorkspace, profileId, ...position]
  )
  const messages = await sql.all(
    `select outbox_id, plan_id, channel, message, sent_at from outreach_outbox where workspace_id = ? and state = 'sent' and profile_id in ` +
      `(select ? union all select profile_id from profiles where workspace_id = ? and merged_into = ?)${sentBefore} order by sent_at desc, outbox_id desc limit ${TIMELINE_PAGE + 1}`,
    [readsWorkspace, profileId, readsWorkspace, profileId, ...position]
  )
  const items = [
    ...events.map((r) => ({ id: String(r["message_id"]), at: Number(r["ts"]), event: JSON.parse(String(r["payload"])) as unknown })),
    ...messages.map((r) => ({ id: String(r["outbox_id"]), at: Number(r["sent_at"]), channel: r["channel"], planId: r["plan_id"], message: JSON.parse(String(r["message"])) as unknown }))
  ].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  const page = items.slice(0, TIMELINE_PAGE)
  const last = page[page.length - 1]
  const nextCursor = items.length > TIMELINE_PAGE && last !== undefined ? Buffer.from(JSON.stringify([last.at, last.id])).toString("base64url") : null
  return { items: page.map((item) => ({ ...item, at: new Date(item.at) })), nextCursor }
}

export interface ReadsData {
  readonly targets: Targets
  readonly cdp?: CdpClient
  readonly sql?: Sql
  readonly close: () => Promise<void>
}

const openCdp = async (engine: Engine): Promise<{ cdp: CdpClient; close: () => Promise<void> }> => {
  const store =
    engine === "sqlite" ? await openSqliteStorage({ filename: await sqliteReadsStore() }) : await openPostgresStorage({ connectionString: pgUrl, schema: await postgresReadsStore(), maxConnections: 2 })
  const cdp = await createCdp({ storage: store, workspace: readsWorkspace })
  return { cdp, close: async () => { await cdp.close(); await store.close() } }
}

const openSql = async (engine: Engine): Promise<Sql> => (engine === "sqlite" ? sqliteSql(await sqliteReadsStore()) : postgresSql())

const kithRead = async (cdp: CdpClient, kind: ReadKind, t: Targets): Promise<unknown> => {
  switch (kind) {
    case "search":
      return [
        await cdp.profiles.search(t.rareName, { limit: PAGE }),
        await cdp.profiles.search(t.noHit, { limit: PAGE }),
        await cdp.profiles.search(t.emailFragment, { limit: PAGE }),
        await cdp.profiles.search(t.oldPhone, { limit: PAGE })
      ]
    case "count":
      return cdp.profiles.count({ list: "buyers" })
    case "list":
      return cdp.profiles.buyers({ limit: PAGE, cursor: t.deepCursor })
    case "timeline":
      return cdp.profiles.timeline(t.heavyProfile, { limit: 20 })
  }
}

const handRead = async (sql: Sql, engine: Engine, kind: ReadKind, t: Targets): Promise<unknown> => {
  switch (kind) {
    case "search":
      return [await handSearch(sql, engine, t.rareName), await handSearch(sql, engine, t.noHit), await handSearch(sql, engine, t.emailFragment), await handPhone(sql, t.oldPhoneE164)]
    case "count":
      return Number((await sql.all("select count(*) as n from profiles where workspace_id = ? and stage = 'buyer' and merged_into is null", [readsWorkspace]))[0]!["n"])
    case "list":
      return handPage(
        sql,
        await sql.all(`select ${rowColumns} from profiles p where p.workspace_id = ? and p.stage = 'buyer' and p.merged_into is null and p.profile_id > ? order by p.profile_id limit ${PAGE}`, [
          readsWorkspace,
          t.deepCursor
        ])
      )
    case "timeline":
      return handTimelinePage(sql, t.heavyProfile)
  }
}

/** A read case's name: `reads.<kind>.<engine>`, as its file is named. */
export type ReadsCaseName = `reads.${ReadKind}.${Engine}`

/**
 * The bench case `reads.<kind>.<engine>`: {@link CALLS} reads through
 * `@kith/cdp` against the same reads in hand-written SQL.
 */

export const readsCase = (name: ReadsCaseName, targetRatio = 2): BenchCase<ReadsData> => {
  const [, kind, engine] = name.split(".") as [string, ReadKind, Engine]
  return defineBench<ReadsData>({
    name,
    n: CALLS,
    repeat: 7,
    targetRatio,
    setup: async () => {
      // The store is built (or found) and migrated by the first side to open it; targets come from plain SQL.
      const opened = await openCdp(engine)
      const sql = await openSql(engine)
      const targets = await targetsOf(sql, engine)
      if (process.argv.includes("baseline")) {
        await opened.close()
        return { targets, sql, close: () => sql.close() }
      }
      await sql.close()
      return { targets, cdp: opened.cdp, close: opened.close }
    },
    teardown: (data) => data.close(),
    run: async ({ cdp, targets }) => {
      for (let i = 0; i < CALLS; i++) await kithRead(cdp!, kind, targets)
    },
    baseline: async ({ sql, targets }) => {
      for (let i = 0; i < CALLS; i++) await handRead(sql!, engine, kind, targets)
    }
  })
}

/** Each read once, timed alone, printed: the figures of the README table (`node --conditions=@kith/source --import tsx bench/cases/reads-cases.ts sqlite`). */
const measureEach = async (engine: Engine): Promise<void> => {
  const { cdp, close } = await openCdp(engine)
  const sql = await openSql(engine)
  const t = await targetsOf(sql, engine)
  const median = async (f: () => Promise<unknown>) => {
    const times: Array<number> = []
    for (let i = 0; i < 15; i++) {
      const start = performance.now()
      await f()
      times.push(performance.now() - start)
    }
    return times.sort((a, b) => a - b)[7]!.toFixed(2)
  }
  const rows: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
    [`search a rare name (${t.rareName})`, () => cdp.profiles.search(t.rareName, { limit: PAGE }), () => handSearch(sql, engine, t.rareName)],
    ["search with no hit", () => cdp.profiles.search(t.noHit, { limit: PAGE }), () => handSearch(sql, engine, t.noHit)],
    [`search an email fragment (${t.emailFragment})`, () => cdp.profiles.search(t.emailFragment, { limit: PAGE }), () => handSearch(sql, engine, t.emailFragment)],
    ["search a common name (nguyen)", () => cdp.profiles.search("nguyen", { limit: PAGE }), () => handSearch(sql, engine, "nguyen")],
    [`search an old phone form (${t.oldPhone})`, () => cdp.profiles.search(t.oldPhone, { limit: PAGE }), () => handPhone(sql, t.oldPhoneE164)],
    ["count buyers", () => cdp.profiles.count({ list: "buyers" }), () => handRead(sql, engine, "count", t)],
    ["buyers, a page deep in the cursor chain", () => cdp.profiles.buyers({ limit: PAGE, cursor: t.deepCursor }), () => handRead(sql, engine, "list", t)],
    ["timeline of the heaviest customer, 20 items", () => cdp.profiles.timeline(t.heavyProfile, { limit: 20 }), () => handRead(sql, engine, "timeline", t)]
  ]
  for (const [label, kith, hand] of rows) console.log(`${engine}\t${label}\t${await median(kith)} ms\t${await median(hand)} ms`)
  await sql.close()
  await close()
}

if (process.argv[1] === import.meta.filename) await measureEach(process.argv[2] === "postgres" ? "postgres" : "sqlite")
