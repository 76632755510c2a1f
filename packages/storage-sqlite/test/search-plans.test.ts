import type { WorkspaceId } from "@kith/core"
import { EventStore, ProfileStore, type ProfileQuery, Workspaces } from "@kith/storage"
import { sampleShopEvents } from "@kith/storage/testing"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { Effect } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

// SQLite chooses a search's plan by how many hits its trigram index has: a rare term's page is read from the index,
// a term with thousands of hits in id order. Both must find exactly what the folded text holds. 3,500 people with an
// email in 60% of them put "example" (every sample email's domain) above the bound in one workspace; a second
// workspace shares the index, so its hits count toward the bound but never show.
const people = 3_500
const shop = "shop-plans" as WorkspaceId
const other = "shop-other" as WorkspaceId

let store: Awaited<ReturnType<typeof openSqliteStorage>>
const run = <A, E>(effect: Effect.Effect<A, E, never>) => Effect.runPromise(effect)

beforeAll(async () => {
  store = await openSqliteStorage()
    await Effect.runPromise(
    Effect.gen(function* () {
      const workspaces = yield* Workspaces
      const events = yield* EventStore
      for (const [workspaceId, count, seed] of [[shop, people, 11], [other, 300, 12]] as const) {
        yield* workspaces.create({ workspaceId })
        const all = sampleShopEvents({ people: count, eventsPerPerson: 1, seed })
        for (let i = 0; i < all.length; i += 500) yield* events.ingest(workspaceId, all.slice(i, i + 500) as never)
      }
    }).pipe(Effect.provide(store.layer))
  )
}, 120_000)
afterAll(() => store.close())

const searchAll = async (workspaceId: WorkspaceId, text: string, limit: number): Promise<Array<string>> => {
  const out: Array<string> = []
  let cursor: string | undefined
  do {
    const query: ProfileQuery = { text, limit, cursor }
    const page = await run(ProfileStore.use((p) => p.search(workspaceId, query)).pipe(Effect.provide(store.layer)))
    out.push(...page.items.map((p) => p.profileId))
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return out
}

const holders = async (workspaceId: WorkspaceId, text: string): Promise<Array<string>> =>
  (await sql<{ profile_id: string }>`select profile_id from profiles where workspace_id = ${workspaceId} and merged_into is null and instr(search_text, ${text}) > 0 order by profile_id`.execute(store.db)).rows.map((r) => r.profile_id)

const indexHits = async (text: string): Promise<number> =>
  Number((await sql<{ n: number }>`select count(*) as n from profile_search where profile_search match ${`"${text}"`}`.execute(store.db)).rows[0]!.n)

describe("SQLite search plans", () => {
  it("a term with thousands of index hits and a rare one each find exactly the profiles whose folded text holds them", async () => {
    expect(await indexHits("example")).toBeGreaterThan(2_000)
    const rare = (await holders(shop, "user1")).length
    expect(rare).toBeGreaterThan(0)
    expect(rare).toBeLessThan(2_000)
    for (const text of ["example", "user1", "user12", "user1234.s11", "no such text", "xa"]) {
      for (const limit of text === "example" ? [97, 500] : text === "user1" ? [50, 500] : [1, 7, 500]) {
        const found = await searchAll(shop, text, limit)
        expect(new Set(found).size, `${text} / ${limit}`).toBe(found.length)
        expect([...found].sort(), `${text} / ${limit}`).toEqual(await holders(shop, text))
      }
    }
  }, 120_000)

  it("counts what the search finds on either plan", async () => {
    for (const text of ["example", "user1", "no such text"]) {
      const counted = await run(ProfileStore.use((p) => p.count(shop, { text })).pipe(Effect.provide(store.layer)))
      expect(counted, text).toBe((await holders(shop, text)).length)
    }
  })

  it("never lists another workspace's hits, though they share the index", async () => {
    expect(await holders(other, "example")).not.toEqual([])
    expect((await searchAll(other, "example", 50)).sort()).toEqual(await holders(other, "example"))
  }, 60_000)
})
