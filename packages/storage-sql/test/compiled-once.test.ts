import Database from "better-sqlite3"
import { type CompiledQuery, Kysely, SqliteDialect } from "kysely"
import { describe, expect, it } from "vitest"
import { runCompiled } from "../src/compiled-once.js"
import { oneOf, oneOfBound } from "../src/repositories/sql-lists.js"
import type { SqlDialectSpecifics } from "../src/sql-dialect.js"

interface Items {
  items: { workspace_id: string; id: string }
}

const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => undefined, lockMigrations: async () => undefined }

const openItems = async (table = "items") => {
  const db = new Kysely<Items>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
  await db.schema.createTable(table).addColumn("workspace_id", "text").addColumn("id", "text").execute()
  await db
    .insertInto(table as "items")
    .values(["a", "b", "c", "d", "e"].flatMap((id) => [{ workspace_id: "w-1", id }, { workspace_id: "w-2", id }]))
    .execute()
  return db
}

// The ids of `workspaceId` among `ids`, through runCompiled, counting the compilations.
const itemsAmong = async (db: Kysely<Items>, workspaceId: string, ids: ReadonlyArray<string>, compiled: { count: number }) => {
  const bound = oneOfBound(sqlite, ids)
  const { rows } = await runCompiled(
    db,
    `items among ${bound.shape}`,
    (): CompiledQuery<{ id: string }> => {
      compiled.count++
      return db.selectFrom("items").select("id").where("workspace_id", "=", workspaceId).where(oneOf(sqlite, "id", ids)).orderBy("id").compile()
    },
    [workspaceId, ...bound.parameters]
  )
  return rows.map((r) => r.id)
}

describe("runCompiled", () => {
  it("compiles a shape once and answers each call with its own parameters, in a transaction too", async () => {
    const db = await openItems()
    const compiled = { count: 0 }
    // Three ids and four pad to the same list of four: one shape.
    expect(await itemsAmong(db, "w-1", ["a", "b", "x"], compiled)).toEqual(["a", "b"])
    expect(await itemsAmong(db, "w-2", ["c", "d", "e", "y"], compiled)).toEqual(["c", "d", "e"])
    expect(compiled.count).toBe(1)
    // Two ids are another text, compiled once more.
    expect(await itemsAmong(db, "w-1", ["e", "z"], compiled)).toEqual(["e"])
    expect(await db.transaction().execute((trx) => itemsAmong(trx, "w-2", ["a", "q"], compiled))).toEqual(["a"])
    expect(compiled.count).toBe(2)
    await db.destroy()
  })

  it("keeps each Kysely instance's texts apart, and compiles every time through a plugin", async () => {
    const first = await openItems()
    const second = await openItems()
    const compiled = { count: 0 }
    expect(await itemsAmong(first, "w-1", ["a"], compiled)).toEqual(["a"])
    expect(await itemsAmong(second, "w-1", ["b"], compiled)).toEqual(["b"])
    expect(compiled.count).toBe(2)
    // withSchema is a plugin that rewrites table names: its query is its own, not the text compiled above.
    const inMain = first.withSchema("main")
    expect(await itemsAmong(inMain, "w-2", ["c"], compiled)).toEqual(["c"])
    expect(await itemsAmong(inMain, "w-2", ["d"], compiled)).toEqual(["d"])
    expect(compiled.count).toBe(4)
    await first.destroy()
    await second.destroy()
  })
})
