import type { ProfileCountFilter, ProfileEntryRow, ProfileFilter, ProfileRow } from "@kith/storage"
import { type Kysely, type RawBuilder, sql } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { profileColumns, toProfileRow } from "./profile-rows.js"
import { escapeLike } from "./sql-lists.js"
import { unplannedValue } from "../unplanned-parameter.js"

/** The shortest text the trigram index finds (in characters); shorter text is found by a scan. */
export const INDEXED_SEARCH_LENGTH = 3

// Index hits counted, at most, before a search on SQLite chooses its plan. A term with this many hits (about 1% of a
// 200,000-profile store and more) fills a page soonest by reading profiles in id order (what a search did before the
// index; reading every hit from the index and sorting them is slower for it); a rarer one is read from the index.
// FTS5 yields hits lazily, so counting stops at the bound.
const COMMON_HITS = 2_000

// What a page reads of each row, and how a row becomes the port's: the whole profile row, or a list entry.
interface RowShape<R> {
  readonly columns: RawBuilder<unknown>
  readonly toRow: (raw: Record<string, unknown>) => R
}

const wholeRows: RowShape<ProfileRow> = {
  columns: sql.join(profileColumns.map((c) => sql.ref(`p.${c}`))),
  toRow: (raw) => toProfileRow(raw as Parameters<typeof toProfileRow>[0])
}

const msOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value))

// First and last seen are read from the stored summary by the engine (SQLite's json_extract, Postgres's ->>), so a
// list never moves whole summaries into the process nor decodes them.
const entryRows = (dialect: SqlDialectSpecifics): RowShape<ProfileEntryRow> => ({
  columns:
    dialect.name === "sqlite"
      ? sql`p.profile_id, p.traits, json_extract(p.summary, '$.firstSeenAt') as first_seen_at, json_extract(p.summary, '$.lastSeenAt') as last_seen_at`
      : sql`p.profile_id, p.traits, (p.summary::json ->> 'firstSeenAt') as first_seen_at, (p.summary::json ->> 'lastSeenAt') as last_seen_at`,
  toRow: (raw) => ({ profileId: String(raw["profile_id"]), traits: String(raw["traits"]), firstSeenAt: msOrNull(raw["first_seen_at"]), lastSeenAt: msOrNull(raw["last_seen_at"]) })
})

// The conditions every list and count applies, on the `profiles` table aliased `p`.
const conditionsOf = (workspaceId: string, filter: ProfileCountFilter & { readonly afterId?: string | undefined }): Array<RawBuilder<unknown>> => {
  const out: Array<RawBuilder<unknown>> = [sql`p.workspace_id = ${workspaceId}`, sql`p.merged_into is null`]
  if (filter.afterId !== undefined) out.push(sql`p.profile_id > ${filter.afterId}`)
  if (filter.stage !== undefined) out.push(sql`p.stage = ${filter.stage}`)
  if (filter.ids !== undefined) out.push(sql`p.profile_id in (${sql.join(filter.ids)})`)
  if (filter.excludeIds !== undefined && filter.excludeIds.length > 0) out.push(sql`p.profile_id not in (${sql.join(filter.excludeIds)})`)
  return out
}

const likeOf = (dialect: SqlDialectSpecifics, text: string): RawBuilder<unknown> =>
  sql`p.search_text like ${unplannedValue(dialect, `%${escapeLike(text)}%`)} escape '\\'`

// An FTS5 phrase matches the text as a substring under the trigram tokenizer (LIKE with ESCAPE would not use it).
const phraseOf = (text: string): string => `"${text.replaceAll('"', '""')}"`

const where = (conditions: ReadonlyArray<RawBuilder<unknown>>): RawBuilder<unknown> => sql.join(conditions, sql` and `)

// Whether the engine answers this text from its trigram index: SQLite's FTS5 table is queried explicitly;
// Postgres's GIN index serves LIKE itself, and its planner weighs it against reading in id order.
const indexedOnSqlite = (dialect: SqlDialectSpecifics, text: string | undefined): text is string =>
  dialect.name === "sqlite" && text !== undefined && [...text].length >= INDEXED_SEARCH_LENGTH

const execute = async <R>(db: Kysely<KithDatabase>, shape: RowShape<R>, query: RawBuilder<unknown>): Promise<Array<R>> =>
  (await (query as RawBuilder<Record<string, unknown>>).execute(db)).rows.map(shape.toRow)

/**
 * Live profiles by id, filtered (see the port's `ProfileFilter`): one
 * statement for the page (on SQLite a search reads the trigram index's hits
 * up to a bound in the same statement: a rarer term's page comes from those
 * hits, a common one's from a second statement reading in id order).
 *
 * @example
 * ```ts
 * const rows = await listProfiles(db, dialect, "shop-1", { contains: "nguyen", stage: "buyer", limit: 50 })
 * ```
 */
export const listProfiles = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, workspaceId: string, filter: ProfileFilter): Promise<Array<ProfileRow>> =>
  listRows(db, dialect, workspaceId, filter, wholeRows)

/**
 * {@link listProfiles}, each row as a list shows it: id, traits, and first
 * and last seen read from the summary by the engine.
 *
 * @example
 * ```ts
 * const entries = await listProfileEntries(db, dialect, "shop-1", { stage: "buyer", afterId: "p_m-7", limit: 50 })
 * ```
 */
export const listProfileEntries = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, workspaceId: string, filter: ProfileFilter): Promise<Array<ProfileEntryRow>> =>
  listRows(db, dialect, workspaceId, filter, entryRows(dialect))

const listRows = async <R>(db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, workspaceId: string, filter: ProfileFilter, shape: RowShape<R>): Promise<Array<R>> => {
  if (filter.ids !== undefined && filter.ids.length === 0) return []
  const { columns } = shape
  const conditions = conditionsOf(workspaceId, filter)
  const { contains, limit } = filter
  const inIdOrder = (all: ReadonlyArray<RawBuilder<unknown>>) =>
    execute(db, shape, sql`select ${columns} from profiles p where ${where(all)} order by p.profile_id limit ${unplannedValue(dialect, limit)}`)
  if (!indexedOnSqlite(dialect, contains)) return inIdOrder(contains === undefined ? conditions : [...conditions, likeOf(dialect, contains)])
  // One statement reads the index once: its hits (up to the bound) are kept, counted, and — when they are fewer than
  // the bound — joined to their rows by rowid in index order (cross join keeps that order). The left join from one
  // constant row returns the count even when the page is empty; a common term returns no page, only its count.
  const found = await sql<Record<string, unknown>>`
    with hits as materialized (select rowid from profile_search where profile_search match ${phraseOf(contains)} limit ${sql.lit(COMMON_HITS)})
    select (select count(*) from hits) as hit_count, page.* from (select 1) as one left join (
      select ${columns} from hits s cross join profiles p on p.rowid = s.rowid
      where (select count(*) from hits) < ${sql.lit(COMMON_HITS)} and ${where(conditions)} order by p.profile_id limit ${unplannedValue(dialect, limit)}
    ) as page`.execute(db)
  if (Number(found.rows[0]?.["hit_count"] ?? 0) >= COMMON_HITS) return inIdOrder([...conditions, likeOf(dialect, contains)])
  return found.rows.filter((row) => row["profile_id"] !== null).map(shape.toRow)
}

/**
 * How many live profiles the filter keeps, counted by the engine: from the
 * index of live profiles by stage, and for a search text from the trigram
 * index (SQLite's FTS5 table; Postgres's GIN index through LIKE).
 *
 * @example
 * ```ts
 * const buyers = await countProfiles(db, dialect, "shop-1", { stage: "buyer" })
 * ```
 */
export const countProfiles = async (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, workspaceId: string, filter: ProfileCountFilter): Promise<number> => {
  if (filter.ids !== undefined && filter.ids.length === 0) return 0
  const conditions = conditionsOf(workspaceId, filter)
  const { contains } = filter
  const query = indexedOnSqlite(dialect, contains)
    ? sql<{ n: number | string }>`select count(*) as n from profile_search s cross join profiles p on p.rowid = s.rowid where profile_search match ${phraseOf(contains)} and ${where(conditions)}`
    : sql<{ n: number | string }>`select count(*) as n from profiles p where ${where(contains === undefined ? conditions : [...conditions, likeOf(dialect, contains)])}`
  return Number((await query.execute(db)).rows[0]?.n ?? 0)
}
