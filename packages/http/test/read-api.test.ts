// The read API answers what the facade answers, as JSON, for the workspace of a read key (or of the host's auth
// hook), pages with cursors, and refuses bad requests with typed problems.
import { type CdpClient, createCdp } from "@kith/cdp"
import { openSqliteStorage, type SqliteStorage } from "@kith/storage-sqlite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createReadHandler, type ReadPage } from "../src/index.js"

const asOf = new Date("2025-03-31T17:00:00Z")
const at = (month: number, day: number) => `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T09:00:00+07:00`
const order = (orderId: string, total: number) => ({ orderId, currency: "VND", total, products: [{ productId: "p-ao", name: "Áo dài lụa", quantity: 1, price: total }] })

let store: SqliteStorage
let cdp: CdpClient
let read: (request: Request) => Promise<Response>

beforeAll(async () => {
  store = await openSqliteStorage()
  cdp = await createCdp({ storage: store, workspace: "shop-read" })
  await cdp.identify({ messageId: "q-1", timestamp: at(1, 5), anonymousId: "laptop-q", traits: { fullName: "Lê Minh Quỳnh", phone: "0912 345 678" } })
  await cdp.track({ messageId: "q-2", timestamp: at(1, 6), anonymousId: "laptop-q", event: "Order Completed", properties: order("SO-1", 1_250_000) })
  await cdp.identify({ messageId: "q-3", timestamp: at(2, 1), anonymousId: "phone-q", traits: { phone: "+84 91 234 5678", email: "quynh.le@example.vn" } })
  await cdp.track({ messageId: "q-4", timestamp: at(3, 2), anonymousId: "phone-q", event: "Order Completed", properties: order("SO-2", 300_000) })
  await cdp.page({ messageId: "q-5", timestamp: at(3, 3), anonymousId: "phone-q", name: "Áo dài", properties: { url: "https://shop.example.vn/ao-dai" } })
  await cdp.identify({ messageId: "l-1", timestamp: at(2, 10), anonymousId: "c-lead", traits: { fullName: "Trần Văn Minh", email: "minh.tran@example.vn" } })
  await cdp.identify({ messageId: "l-2", timestamp: at(2, 11), anonymousId: "c-lead-2", traits: { fullName: "Phạm Thu Trang", email: "trang@example.vn" } })
  await cdp.page({ messageId: "v-1", timestamp: at(2, 12), anonymousId: "c-visitor", name: "Home", properties: { url: "https://shop.example.vn/" } })
  await cdp.identify({ messageId: "b-1", timestamp: at(2, 13), anonymousId: "c-buyer", traits: { fullName: "Đỗ Hải Yến", phone: "0987 654 321" } })
  await cdp.track({ messageId: "b-2", timestamp: at(2, 14), anonymousId: "c-buyer", event: "Order Completed", properties: order("SO-3", 99_000) })
  read = createReadHandler({ readKeys: { rk_shop: cdp }, now: () => asOf })
})
afterAll(async () => {
  await cdp.close()
  await store.close()
})

const get = async (path: string, key: string | null = "rk_shop"): Promise<{ status: number; body: unknown }> => {
  const response = await read(new Request(`http://localhost/read/v1${path}`, key === null ? {} : { headers: { authorization: `Bearer ${key}` } }))
  expect(response.headers.get("content-type")).toMatch(/^application\/json/)
  return { status: response.status, body: await response.json() }
}
// What the facade's answer looks like once it has been through JSON.
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value))
const ids = (page: unknown) => (page as ReadPage<{ profileId: string }>).items.map((i) => i.profileId)

const walk = async (path: string, limit: number) => {
  const seen: Array<string> = []
  let cursor: string | null = null
  let pages = 0
  let total = -1
  do {
    const sep = path.includes("?") ? "&" : "?"
    const { status, body } = await get(`${path}${sep}limit=${limit}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`)
    expect(status).toBe(200)
    const page = body as ReadPage<{ profileId: string }>
    seen.push(...ids(page))
    cursor = page.nextCursor
    total = page.total
    pages++
  } while (cursor !== null)
  return { seen, pages, total }
}

describe("the read API (DX-3, PRF-12): search and the three lists", () => {
  it("searches accent-insensitively and by a phone in any form, with the count", async () => {
    const byName = await get("/profiles?q=le%20minh%20quynh")
    expect(byName.status).toBe(200)
    expect(byName.body).toEqual({ ...(json(await cdp.profiles.search("le minh quynh")) as object), nextCursor: null, total: 1 })
    const quynh = ids(byName.body)[0]!
    for (const phone of ["84912345678", "0912.345.678", "+84 912 345 678"]) {
      expect(ids((await get(`/profiles?q=${encodeURIComponent(phone)}`)).body)).toEqual([quynh])
    }
  })

  it("pages each list with its cursor to exactly the facade's rows and count", async () => {
    for (const list of ["visitors", "leads", "buyers"] as const) {
      const { seen, pages, total } = await walk(`/lists/${list}`, 1)
      const all = await cdp.profiles[list]({ limit: 1000 })
      expect(seen).toEqual(all.items.map((i) => i.profileId))
      expect(total).toBe(await cdp.profiles.count({ list }))
      // one row a page: a page per row, and at most one empty last page after a full one
      expect(pages - seen.length).toBeGreaterThanOrEqual(0)
      expect(pages - seen.length).toBeLessThanOrEqual(1)
    }
    expect((await walk("/lists/buyers", 1)).total).toBe(2)
    expect((await walk("/lists/leads?text=tran%20van%20minh", 5)).seen).toHaveLength(1)
  })
})

describe("the read API: one profile (PRF-1 … PRF-9), its timeline (PRF-6), explain", () => {
  it("gives the Profile 360 at asOf, by id or by an identifier, equal to cdp.profiles.get", async () => {
    const quynh = await cdp.profiles.lookup({ type: "phone", value: "0912 345 678" })
    const expected = json(await cdp.profiles.get(quynh.profileId, { asOf }))
    expect((await get(`/profiles/${quynh.profileId}?asOf=${asOf.toISOString()}`)).body).toEqual(expected)
    expect((await get(`/profiles/${encodeURIComponent("phone:0912 345 678")}`)).body).toEqual(expected)
    const earlier = new Date("2025-01-31T17:00:00Z")
    const january = (await get(`/profiles/${quynh.profileId}?asOf=${earlier.getTime()}&year=2025`)).body as { purchases: { totalSpend: number } }
    expect(january).toEqual(json(await cdp.profiles.get(quynh.profileId, { asOf: earlier, year: 2025 })))
    expect(january.purchases.totalSpend).toBe(1_250_000)
    const stored = (await get(`/profiles/${quynh.profileId}/identifiers`)).body as { identifiers: ReadonlyArray<{ type: string }> }
    expect(stored.identifiers.map((i) => i.type).sort()).toEqual(["anonymous_id", "anonymous_id", "email", "phone"])
  })

  it("pages the timeline newest first, as the facade does", async () => {
    const quynh = (await cdp.profiles.lookup({ type: "phone", value: "0912 345 678" })).profileId
    const first = (await get(`/profiles/${quynh}/timeline?limit=2`)).body as { items: ReadonlyArray<{ id: string }>; nextCursor: string | null }
    expect(first).toEqual(json(await cdp.profiles.timeline(quynh, { limit: 2 })))
    expect(first.nextCursor).not.toBeNull()
    const second = (await get(`/profiles/${quynh}/timeline?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)).body as { items: ReadonlyArray<{ id: string }> }
    expect(second).toEqual(json(await cdp.profiles.timeline(quynh, { limit: 2, cursor: first.nextCursor! })))
    expect(second.items.length).toBeGreaterThan(0)
    expect(second.items.map((i) => i.id)).not.toContain(first.items[0]!.id)
    const orders = (await get(`/profiles/${quynh}/timeline?kinds=order`)).body as { items: ReadonlyArray<{ kind: string }> }
    expect(orders.items.map((i) => i.kind)).toEqual(["order", "order"])
  })

  it("explains how two identifiers were joined, each record of the chain described", async () => {
    const { body } = await get(`/explain?a=${encodeURIComponent("anonymous_id:laptop-q")}&b=${encodeURIComponent("email:quynh.le@example.vn")}`)
    const expected = await cdp.identity.explain({ type: "anonymous_id", value: "laptop-q" }, { type: "email", value: "quynh.le@example.vn" })
    expect(body).toMatchObject(json(expected) as object)
    const records = (body as { records: ReadonlyArray<{ messageId: string; what: string; at: string }> }).records
    expect(records.map((r) => r.messageId)).toContain("q-1")
    expect(records.find((r) => r.messageId === "q-1")).toMatchObject({ what: "identify", at: "2025-01-05T02:00:00.000Z" })
  })

  it("serves the pipeline of a profile when the facade has it, and says which features it serves", async () => {
    expect((await get("/features")).body).toEqual({ pipeline: true, segments: true })
    const quynh = (await cdp.profiles.lookup({ type: "phone", value: "0912 345 678" })).profileId
    expect((await get(`/profiles/${quynh}/pipeline`)).body).toEqual({ items: json(await cdp.pipeline.timeline(quynh)) })
    const without = createReadHandler({ readKeys: { rk: { profiles: cdp.profiles, identity: cdp.identity, events: cdp.events } } })
    const response = await without(new Request(`http://localhost/read/v1/profiles/${quynh}/pipeline`, { headers: { authorization: "Bearer rk" } }))
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: "feature_unavailable" })
  })
})

describe("the read API serves a profile's segments", () => {
  it("lists the segments a profile is in and its entries and exits, each with the segment's name", async () => {
    const by = { actor: "staff-lan", at: asOf }
    await cdp.segments.create({ id: "recent", name: "Mua trong 30 ngày", template: "recent", params: { days: 30 }, ...by })
    await cdp.segments.refresh("recent", { asOf: new Date("2025-02-14T17:00:00Z") })
    await cdp.segments.refresh("recent", { asOf })
    const yen = (await cdp.profiles.lookup({ type: "phone", value: "0987 654 321" })).profileId
    const { status, body } = await get(`/profiles/${yen}/segments`)
    expect(status).toBe(200)
    const answer = body as { current: ReadonlyArray<{ segmentId: string; name: string | null }>; history: ReadonlyArray<{ change: string; name: string | null }> }
    // Yến bought on 14 February: in the segment at the first refresh, out 30 days later.
    expect(answer.current).toEqual([])
    expect(answer.history.map((h) => [h.change, h.name])).toEqual([
      ["entered", "Mua trong 30 ngày"],
      ["exited", "Mua trong 30 ngày"]
    ])
    expect(answer.history).toEqual(json((await cdp.segments.history(yen)).map((h) => ({ ...h, name: "Mua trong 30 ngày" }))))
    // Quỳnh ordered twice in the 90 days before asOf.
    await cdp.segments.create({ id: "twice", name: "Mua 2 lần", rule: { version: 1, rule: { kind: "orders", during: { withinLastDays: 90 }, count: { min: 2 } } }, ...by })
    await cdp.segments.refresh("twice", { asOf })
    const quynh = (await cdp.profiles.lookup({ type: "phone", value: "0912 345 678" })).profileId
    const quynhs = (await get(`/profiles/${quynh}/segments`)).body as { current: ReadonlyArray<{ segmentId: string; name: string | null }> }
    expect(quynhs.current).toEqual(json((await cdp.segments.of(quynh)).map((m) => ({ ...m, name: "Mua 2 lần" }))))
    expect(quynhs.current.map((c) => [c.segmentId, c.name])).toEqual([["twice", "Mua 2 lần"]])
  })
})

describe("the read API refuses with typed problems", () => {
  it.each([
    ["/profiles?q=a", null, 401, "missing_read_key"],
    ["/profiles?q=a", "rk_other", 401, "unknown_read_key"],
    ["/profiles?limit=0", "rk_shop", 400, "invalid_parameter"],
    ["/lists/buyers?limit=abc", "rk_shop", 400, "invalid_parameter"],
    ["/lists/buyers?cursor=not-a-cursor", "rk_shop", 400, "invalid_cursor"],
    ["/profiles/p_nobody", "rk_shop", 404, "profile_not_found"],
    ["/profiles/phone:0900000000", "rk_shop", 404, "profile_not_found"],
    ["/profiles/p_nobody?asOf=yesterday", "rk_shop", 400, "invalid_parameter"],
    ["/explain?a=laptop-q&b=email:x@example.vn", "rk_shop", 400, "invalid_parameter"],
    ["/explain?a=anonymous_id:laptop-q", "rk_shop", 400, "invalid_parameter"],
    ["/profiles/p_x/timeline?kinds=order,dance", "rk_shop", 400, "invalid_parameter"],
    ["/lists/customers", "rk_shop", 404, "not_found"]
  ] as const)("GET %s (key %s) → %i %s", async (path, key, status, code) => {
    const answer = await get(path, key)
    expect(answer.status).toBe(status)
    expect(answer.body).toMatchObject({ success: false, code })
    expect((answer.body as { message: string }).message.length).toBeGreaterThan(0)
  })

  it("names the parameter and the value it found", async () => {
    expect((await get("/profiles?limit=0")).body).toEqual({ success: false, code: "invalid_parameter", message: 'limit: must be an integer from 1 to 1000, got "0"' })
  })

  it("takes only GET (and the CORS preflight), and answers outside its base path with 404", async () => {
    const post = await read(new Request("http://localhost/read/v1/profiles", { method: "POST", headers: { authorization: "Bearer rk_shop" }, body: "{}" }))
    expect(post.status).toBe(405)
    expect(post.headers.get("allow")).toBe("GET, OPTIONS")
    const preflight = await read(new Request("http://localhost/read/v1/profiles", { method: "OPTIONS" }))
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization")
    expect((await read(new Request("http://localhost/v1/track"))).status).toBe(404)
  })

  it("asks the host's auth hook when the request has no read key", async () => {
    const hooked = createReadHandler({ authorize: (request) => (request.headers.get("cookie") === "session=staff" ? cdp : undefined), basePath: "/api" })
    const staff = await hooked(new Request("http://localhost/api/lists/buyers", { headers: { cookie: "session=staff" } }))
    expect(staff.status).toBe(200)
    expect(((await staff.json()) as ReadPage<unknown>).total).toBe(2)
    const stranger = await hooked(new Request("http://localhost/api/lists/buyers", { headers: { cookie: "session=x" } }))
    expect(stranger.status).toBe(401)
  })
})
