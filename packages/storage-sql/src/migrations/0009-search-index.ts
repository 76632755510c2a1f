import { type Kysely, sql, SqliteAdapter } from "kysely"
import { BACKFILL_PAGE } from "./backfill.js"
import type { Migration, MigrationProgress } from "./migration.js"

/**
 * Whether a migration runs on SQLite (else Postgres).
 *
 * @example
 * ```ts
 * if (onSqlite(db)) await sql`PRAGMA optimize`.execute(db)
 * ```
 */
export const onSqlite = (db: Kysely<unknown>): boolean => db.getExecutor().adapter instanceof SqliteAdapter

// The FTS5 index keeps each profile's search text under the profile's rowid (the rows carry no integer key of
// their own; SQLite's VACUUM keeps rowids of rowid tables). `contentless_delete` lets a row be replaced when its
// text changes without keeping a second copy of the text. The update trigger fires only when the text changes:
// a plain one made rewriting 5,000 unchanged rows 26 times slower.
const SQLITE_SEARCH_INDEX = [
  "create virtual table profile_search using fts5(search_text, content='', contentless_delete=1, tokenize='trigram')",
  "create trigger profile_search_on_insert after insert on profiles begin insert into profile_search(rowid, search_text) values (new.rowid, new.search_text); end",
  "create trigger profile_search_on_update after update of search_text on profiles when old.search_text is not new.search_text begin " +
    "delete from profile_search where rowid = old.rowid; insert into profile_search(rowid, search_text) values (new.rowid, new.search_text); end",
  "create trigger profile_search_on_delete after delete on profiles begin delete from profile_search where rowid = old.rowid; end"
]

/**
 * Fills SQLite's profile search index from the profiles already stored,
 * `BACKFILL_PAGE` rows at a time in rowid order, reporting the rows done.
 *
 * @param db - a Kysely inside the migration's transaction
 * @param progress - told the rows indexed so far and the total
 *
 * @example
 * ```ts
 * await fillSqliteSearchIndex(db, ({ done, total }) => console.log(`${done}/${total}`))
 * ```
 */
export const fillSqliteSearchIndex = async (db: Kysely<unknown>, progress: (p: MigrationProgress) => void = () => undefined): Promise<void> => {
  const total = Number((await sql<{ n: number }>`select count(*) as n from profiles`.execute(db)).rows[0]?.n ?? 0)
  let after = 0
  let done = 0
  progress({ done, total })
  for (;;) {
    const page = await sql<{ r: number }>`select max(r) as r, count(*) as n from (select rowid as r from profiles where rowid > ${after} order by rowid limit ${BACKFILL_PAGE})`.execute(db)
    const last = page.rows[0]?.r
    if (last === null || last === undefined) break
    const inserted = await sql`insert into profile_search(rowid, search_text) select rowid, search_text from profiles where rowid > ${after} and rowid <= ${last}`.execute(db)
    done += Number(inserted.numAffectedRows ?? 0)
    after = Number(last)
    progress({ done, total })
  }
}

/**
 * Schema version 9: reads at scale.
 *
 * - Lists and counts of live profiles by stage read a partial index of live
 *   profiles (`profiles_live_by_stage`, replacing `profiles_by_stage`): a
 *   count of buyers is a count of index entries.
 * - Search (PRF-12) gets a trigram index of the folded search text, so a
 *   substring of 3 characters or more is found without reading every
 *   profile. SQLite: an FTS5 table with the trigram tokenizer, kept by
 *   triggers in the transaction of every profile write and filled from the
 *   existing profiles page by page. Postgres: a `pg_trgm` GIN index
 *   (`profiles_search_trgm`, on `workspace_id` through `btree_gin`, then
 *   the text). Where the extensions cannot be created (a managed database
 *   that does not offer them, a role without the right), the migration
 *   leaves the index out and search keeps scanning, as before — equally
 *   correct, slower on a large workspace; creating the extensions and
 *   the index later by hand needs no other change.
 */
export const migration9: Migration = {
  version: 9,
  name: "search_index",
  up: async (db, progress) => {
    await db.schema.dropIndex("profiles_by_stage").execute()
    await db.schema
      .createIndex("profiles_live_by_stage")
      .on("profiles")
      // merged_into, always null here, makes the index cover the condition: SQLite then counts without reading rows.
      .columns(["workspace_id", "stage", "profile_id", "merged_into"])
      .where(sql.ref("merged_into"), "is", null)
      .execute()
    if (onSqlite(db)) {
      await sql.raw(SQLITE_SEARCH_INDEX[0]!).execute(db)
      await fillSqliteSearchIndex(db, progress)
      for (const statement of SQLITE_SEARCH_INDEX.slice(1)) await sql.raw(statement).execute(db)
      return
    }
    // A refused CREATE EXTENSION must not abort the migration's transaction: it runs under a savepoint.
    await sql`savepoint search_extensions`.execute(db)
    try {
      await sql`create extension if not exists pg_trgm`.execute(db)
      await sql`create extension if not exists btree_gin`.execute(db)
      await sql`release savepoint search_extensions`.execute(db)
    } catch {
      await sql`rollback to savepoint search_extensions`.execute(db)
      return
    }
    // The extension may live in another schema than this store's (one database, several kith schemas).
    const found = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)
    const opclass = sql`${sql.id(found.rows[0]!.schema)}.gin_trgm_ops`
    progress?.({ done: 0, total: 1 })
    await sql`create index profiles_search_trgm on profiles using gin (workspace_id, search_text ${opclass})`.execute(db)
    progress?.({ done: 1, total: 1 })
  }
}
