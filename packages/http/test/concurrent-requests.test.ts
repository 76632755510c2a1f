// Concurrent requests share transactions (the facade's collect groups the
// writes of concurrent collects), and each request keeps its own fate: its
// answer comes only once its events are committed, a store failure is its
// own, its refused calls were kept before any grouping, and the calls of a
// request keep their order.
import { type CdpClient, createCdp } from "@kith/cdp"
import { EventStore, type StorageServices } from "@kith/storage"
import { openSqliteStorage, type SqliteStorage } from "@kith/storage-sqlite"
import { Effect, Layer } from "effect"
import { sql } from "kysely"
import { afterEach, describe, expect, it } from "vitest"
import { createCollectHandler } from "../src/index.js"
import { startServer } from "./serve.js"

const KEY = "wk_shop_1"
const authorization = `Basic ${Buffer.from(`${KEY}:`).toString("base64")}`
const receivedAt = () => new Date("2025-03-01T02:00:00Z")

const track = (messageId: string, orderId = messageId) => ({
  type: "track",
  messageId,
  userId: `u-${messageId}`,
  event: "Order Completed",
  timestamp: "2025-03-01T09:00:00+07:00",
  properties: { order_id: orderId, total: "19.99", currency: "usd" }
})
const request = (...messageIds: ReadonlyArray<string>) => messageIds.map((id) => track(id))

/** The storage layer with each write of checked events seen (its size) and, while `hold` is set, held until released. */
interface Observed {
  readonly layer: Layer.Layer<StorageServices>
  /** The number of events of each write `collect` asked for (one transaction each), in order. */
  readonly writes: Array<number>
  /** Holds every write until the returned function is called. */
  readonly hold: () => () => void
}

// Lets the runtime run (macrotasks) until `done` holds.
const until = async (done: () => boolean) => {
  for (let turn = 0; !done(); turn++) {
    if (turn === 100_000) throw new Error("gave up waiting")
    await new Promise((resolve) => setImmediate(resolve))
  }
}

const observe = (store: SqliteStorage): Observed => {
  const writes: Array<number> = []
  let gate: Promise<void> | undefined
  const events = Layer.effect(
    EventStore,
    Effect.map(EventStore, (real) => ({
      ...real,
      ingestChecked: (workspaceId: Parameters<typeof real.ingestChecked>[0], checked: Parameters<typeof real.ingestChecked>[1]) =>
        Effect.suspend(() => {
          writes.push(checked.length)
          return gate === undefined ? real.ingestChecked(workspaceId, checked) : Effect.andThen(Effect.promise(() => gate!), real.ingestChecked(workspaceId, checked))
        })
    }))
  ).pipe(Layer.provide(store.layer))
  return {
    layer: Layer.merge(store.layer, events),
    writes,
    hold: () => {
      let release!: () => void
      gate = new Promise((resolve) => (release = resolve))
      return () => {
        gate = undefined
        release()
      }
    }
  }
}

// A real failure of the store: SQLite aborts the insert of any event whose messageId starts with "boom".
const failOnBoom = (store: SqliteStorage) =>
  sql`CREATE TRIGGER boom BEFORE INSERT ON events WHEN NEW.message_id LIKE 'boom%' BEGIN SELECT RAISE(ABORT, 'the disk is full'); END`.execute(store.db)

const opened: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close()
})

const setUp = async () => {
  const store = await openSqliteStorage()
  const observed = observe(store)
  const cdp = await createCdp({ storage: observed.layer, workspace: "shop-1" })
  opened.push(
    () => store.close(),
    () => cdp.close()
  )
  // The facade, counting the collects it is asked for.
  const collects = { count: 0 }
  const target = { collect: (calls: ReadonlyArray<unknown>, options?: Parameters<CdpClient["collect"]>[1]) => (collects.count++, cdp.collect(calls, options)) }
  const handle = createCollectHandler({ writeKeys: { [KEY]: target }, now: receivedAt })
  const post = (calls: ReadonlyArray<unknown>) =>
    handle(new Request("http://localhost/v1/batch", { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify({ batch: calls }) }))
  return { store, cdp, post, collects, ...observed }
}

const stored = async (cdp: CdpClient, messageIds: ReadonlyArray<string>) => {
  const found = await Promise.all(messageIds.map((id) => cdp.events.get(id)))
  return found.map((event) => event !== undefined)
}

describe("concurrent collects share transactions", () => {
  it("requests arriving together are written in one transaction, each answered with its own outcome", async () => {
    const { cdp, post, writes } = await setUp()
    const bodies = [request("a-1", "a-2"), request("b-1"), request("c-1", "c-2", "c-3"), request("d-1")]
    const answers = await Promise.all(bodies.map((body) => post(body).then((response) => response.json())))
    expect(writes).toEqual([7])
    expect(answers).toEqual(bodies.map((body) => ({ success: true, accepted: body.length, duplicates: 0, rejected: [] })))
    expect(await cdp.events.count()).toBe(7)
  })

  it("requests arriving while a write is in flight join the next one; none is answered before its events are committed", async () => {
    const { cdp, post, writes, hold, collects } = await setUp()
    const release = hold()
    const answered: Array<string> = []
    const send = (name: string, body: ReadonlyArray<unknown>) =>
      post(body).then(async (response) => {
        answered.push(name)
        // What an answer reports is already readable by anyone.
        expect(await stored(cdp, body.map((call) => (call as { messageId: string }).messageId))).toEqual(body.map(() => true))
        return response.json()
      })
    const first = send("first", request("f-1"))
    // The first write is held; these arrive while it is in flight.
    await until(() => writes.length === 1)
    const later = [send("second", request("s-1", "s-2")), send("third", request("t-1"))]
    await until(() => collects.count === 3)
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve))
    expect(writes).toEqual([1])
    expect(answered).toEqual([])
    expect(await cdp.events.count()).toBe(0)
    release()
    expect(await Promise.all([first, ...later])).toMatchObject([{ accepted: 1 }, { accepted: 2 }, { accepted: 1 }])
    expect(writes).toEqual([1, 3])
  })

  it("a store failure is the failing request's alone: the group is undone and each request written by itself", async () => {
    const { store, cdp, post, writes } = await setUp()
    await failOnBoom(store)
    const bodies = [request("g-1", "g-2"), request("h-1", "boom-1", "h-2"), request("i-1")]
    const responses = await Promise.all(bodies.map((body) => post(body)))
    expect(responses.map((r) => r.status)).toEqual([200, 500, 200])
    const failed = (await responses[1]!.json()) as { code: string; message: string }
    expect(failed.code).toBe("storage_failure")
    expect(failed.message).toContain("the disk is full")
    expect(await responses[0]!.json()).toMatchObject({ accepted: 2 })
    expect(await responses[2]!.json()).toMatchObject({ accepted: 1 })
    // One grouped attempt (6 events), then each request alone.
    expect(writes).toEqual([6, 2, 3, 1])
    // The failing request is atomic: none of its events, the others' all.
    expect(await stored(cdp, ["g-1", "g-2", "h-1", "boom-1", "h-2", "i-1"])).toEqual([true, true, false, false, false, true])
    // Its retry, once the store is well again, lands.
    await sql`DROP TRIGGER boom`.execute(store.db)
    expect(await (await post(bodies[1]!)).json()).toMatchObject({ accepted: 3 })
  })

  it("a refused call was kept before grouping and sinks nothing: its request's valid calls and the others land", async () => {
    const { cdp, post, writes } = await setUp()
    const bad = { ...track("r-2"), properties: { order_id: "SO-r-2", total: "abc" } }
    const bodies = [request("q-1"), [track("r-1"), bad, track("r-3")], request("s-1")]
    const answers = (await Promise.all(bodies.map((body) => post(body).then((r) => r.json())))) as Array<{ accepted: number; rejected: Array<{ index: number }> }>
    expect(answers.map((a) => [a.accepted, a.rejected.map((r) => r.index)])).toEqual([[1, []], [2, [1]], [1, []]])
    expect(writes).toEqual([4])
    expect((await cdp.rejected.list()).items.map((r) => r.messageId)).toEqual(["r-2"])
  })

  it("keeps the order of the calls: within a request and across a group, the first of a repeated messageId is the one stored", async () => {
    const { cdp, post, writes } = await setUp()
    const bodies = [
      [track("o-1", "SO-first"), track("o-2"), track("o-1", "SO-second")],
      [track("o-2", "SO-other-request"), track("o-3")]
    ]
    const answers = (await Promise.all(bodies.map((body) => post(body).then((r) => r.json())))) as Array<{ accepted: number; duplicates: number }>
    expect(writes).toEqual([5])
    expect(answers).toMatchObject([
      { accepted: 2, duplicates: 1 },
      { accepted: 1, duplicates: 1 }
    ])
    expect((await cdp.events.get("o-1"))?.event.raw?.["properties"]).toMatchObject({ order_id: "SO-first" })
    expect((await cdp.events.get("o-2"))?.event.raw?.["properties"]).toMatchObject({ order_id: "o-2" })
  })

  it("a request larger than one transaction is written alone, in its own chunks", async () => {
    const store = await openSqliteStorage()
    const observed = observe(store)
    const cdp = await createCdp({ storage: observed.layer, workspace: "shop-1", chunkSize: 3 })
    opened.push(
      () => store.close(),
      () => cdp.close()
    )
    const outcomes = await Promise.all([cdp.collect(request("x-1", "x-2"), { receivedAt: receivedAt() }), cdp.collect(request("y-1", "y-2", "y-3", "y-4"), { receivedAt: receivedAt() }), cdp.collect(request("z-1"), { receivedAt: receivedAt() })])
    expect(outcomes.map((o) => o.accepted)).toEqual([2, 4, 1])
    // x alone (y does not fit beside it), y in its chunks of 3, then z.
    expect(observed.writes).toEqual([2, 3, 1, 1])
  })
})

describe("over HTTP, many clients at once", () => {
  it("every request of concurrent clients is answered after its events are stored, with its own outcome", async () => {
    const server = await startServer({ [KEY]: { workspace: "shop-1" } })
    opened.push(() => server.close())
    const cdp = server.cdp[KEY]!
    const clients = 6
    const perClient = 5
    const results = await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const answers = []
        for (let r = 0; r < perClient; r++) {
          const ids = Array.from({ length: 10 }, (_, i) => `c${c}-r${r}-${i}`)
          const response = await fetch(`${server.url}/v1/batch`, { method: "POST", headers: { authorization }, body: JSON.stringify({ batch: request(...ids) }) })
          answers.push([response.status, await response.json(), await stored(cdp, ids)])
        }
        return answers
      })
    )
    for (const [status, answer, found] of results.flat()) {
      expect(status).toBe(200)
      expect(answer).toEqual({ success: true, accepted: 10, duplicates: 0, rejected: [] })
      expect(found).toEqual(Array.from({ length: 10 }, () => true))
    }
    expect(await cdp.events.count()).toBe(clients * perClient * 10)
  })
})
