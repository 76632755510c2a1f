import Database from "better-sqlite3"
import { type CompiledQuery, Kysely, SqliteDialect } from "kysely"
import { describe, expect, it } from "vitest"
import { runCompiled } from "../src/compiled-once.js"
import { oneOf, oneOfBound } from "../src/repositories/sql-lists.js"
import type { SqlDialectSpecifics } from "../src/sql-dialect.js"

interface Items {
  items: { workspace_id: string; id: string }
}

const sqliteLike = (): SqlDialectSpecifics => ({ name: "sqlite", parameter: () => "?", lockWorkspace: async () => undefined, lockMigrations: async () => undefined })

const openItems = async () => {
  const db = new Kysely<Items>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
  await db.schema.createTable("items").addColumn("workspace_id", "text").addColumn("id", "text").execute()
  await db
    .insertInto("items")
    .values(["a", "b", "c", "d", "e"].flatMap((id) => [{ workspace_id: "w-1", id }, { workspace_id: "w-2", id }]))
    .execute()
  return db
}

// The ids of `workspaceId` among `ids`, through runCompiled, counting the compilations.
const itemsAmong = async (db: Kysely<Items>, dialect: SqlDialectSpecifics, workspaceId: string, ids: ReadonlyArray<string>, compiled: { count: number }) => {
  const bound = oneOfBound(dialect, ids)
  const { rows } = await runCompiled(
    db,
    dialect,
    `items among ${bound.shape}`,
    (): CompiledQuery<{ id: string }> => {
      compiled.count++
      return db.selectFrom("items").select("id").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "id", ids)).orderBy("id").compile()
    },
    [workspaceId, ...bound.parameters]
  )
  return rows.map((r) => r.id)
}

describe("runCompiled", () => {
  it("compiles a shape once and answers each call with its own parameters", async () => {
    const db = await openItems()
    const dialect = sqliteLike()
    const compiled = { count: 0 }
    // Three ids and four pad to the same list of four: one shape.
    expect(await itemsAmong(db, dialect, "w-1", ["a", "b", "x"], compiled)).toEqual(["a", "b"])
    expect(await itemsAmong(db, dialect, "w-2", ["c", "d", "e", "y"], compiled)).toEqual(["c", "d", "e"])
    expect(compiled.count).toBe(1)
    // Two ids are another text, compiled once more.
    expect(await itemsAmong(db, dialect, "w-1", ["e", "z"], compiled)).toEqual(["e"])
    expect(await itemsAmong(db, dialect, "w-2", ["a", "q"], compiled)).toEqual(["a"])
    expect(compiled.count).toBe(2)
    await db.destroy()
  })

  it("keeps each dialect's compiled queries apart", async () => {
    const db = await openItems()
    const compiled = { count: 0 }
    expect(await itemsAmong(db, sqliteLike(), "w-1", ["a"], compiled)).toEqual(["a"])
    expect(await itemsAmong(db, sqliteLike(), "w-1", ["b"], compiled)).toEqual(["b"])
    expect(compiled.count).toBe(2)
    await db.destroy()
  })
})
