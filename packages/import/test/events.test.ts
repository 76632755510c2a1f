import { decodeEventResult, type KithEventEncoded } from "@kith/core"
import { recordOfEvent, resolveBatch } from "@kith/identity"
import {
  type ColumnMapping,
  ImportCounter,
  InvalidImportOptions,
  openTable,
  planCustomerImport,
  planOrderImport,
  suggestMapping
} from "@kith/import"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fileOf } from "./fixtures.js"

const importedAt = new Date("2025-03-01T02:00:00Z")

const header = "Mã KH,Họ và tên,SĐT,Email,Ngày sinh,Giới tính,Tỉnh/Thành phố,Thẻ"
const rows = [
  "KH1,Nguyễn Thị Lan,0912 345 678,lan@gmail.com,05/09/1990,Nữ,Hà Nội,\"vip, khách cũ\"",
  "KH2,Trần Văn Minh,84987654321,,1/2/85,Nam,Đà Nẵng,",
  "KH3,Lê Thu Hà,,ha@yahoo.com,,,TP Hồ Chí Minh,sỉ",
  "KH4,Phạm Minh Anh,0903 111 222 / 0162 123 4567,,31/02/1990,?,Cần Thơ,"
]

const plan = async (name: string, lines: ReadonlyArray<string>, options: { readonly naturalKey?: "auto" | "customerCode" | "phone"; readonly at?: Date; readonly fileId?: string } = {}) => {
  const table = await openTable(fileOf(name, [header, ...lines].join("\r\n") + "\r\n", 13))
  const mapping = suggestMapping(table.headers.map((h) => h.label), "customers")
  const events: Array<KithEventEncoded> = []
  const counter = new ImportCounter()
  for await (const batch of planCustomerImport(table, mapping, {
    importedAt: options.at ?? importedAt,
    ...(options.naturalKey === undefined ? {} : { naturalKey: options.naturalKey }),
    ...(options.fileId === undefined ? {} : { fileId: options.fileId })
  })) {
    events.push(...batch.events)
    counter.add(batch)
  }
  return { events, tally: counter.tally() }
}

const ids = (events: ReadonlyArray<KithEventEncoded>) => events.map((e) => e.messageId)

describe("customer rows as kith events", () => {
  it("builds valid identify calls with traits from the import and its file", async () => {
    const { events, tally } = await plan("khach-hang.csv", rows)
    expect(events).toHaveLength(4)
    for (const event of events) expect(Result.isSuccess(decodeEventResult(event))).toBe(true)
    expect(events[0]).toEqual({
      type: "identify",
      messageId: expect.stringMatching(/^imp_[a-z2-7]{26}$/),
      timestamp: "2025-03-01T02:00:00.002Z",
      anonymousId: "import:external_id:KH1",
      traits: {
        fullName: "Nguyễn Thị Lan",
        phone: "+84912345678",
        email: "lan@gmail.com",
        birthday: "1990-09-05",
        gender: "female",
        address: { province: "Hà Nội" },
        tags: ["vip", "khách cũ"]
      },
      context: { channel: "import", source: "import:khach-hang.csv", externalIds: [{ type: "external_id", value: "KH1" }] }
    })
    expect(events[3]!["traits"]).toMatchObject({ phone: "+84903111222", otherPhones: ["+84321234567"] })
    expect(tally).toMatchObject({ rows: 4, importedRows: 4, refusedRows: 0, events: 4, problemCount: 2, problemsByReason: { invalid_date: 1, invalid_gender: 1 } })
    expect(tally.problems.map((p) => [p.row, p.header, p.value, p.reason])).toEqual([
      [5, "Ngày sinh", "31/02/1990", "invalid_date"],
      [5, "Giới tính", "?", "invalid_gender"]
    ])
  })

  it("importing the same file twice sends the same events, so kith's idempotent ingestion changes nothing", async () => {
    const first = await plan("khach-hang.csv", rows)
    const again = await plan("khach-hang.csv", rows, { at: new Date("2025-04-01T00:00:00Z") })
    expect(ids(again.events)).toEqual(ids(first.events))
  })

  it("re-sorted rows with phones and dates written another way give the same message ids", async () => {
    const rewritten = [
      "KH3,Lê Thu Hà,,HA@Yahoo.com ,,,TP Hồ Chí Minh,sỉ",
      "KH1, Nguyễn  Thị Lan,912345678,lan@gmail.com,1990-09-05,nữ,Hà Nội,\"vip; khách cũ\"",
      "KH4,Phạm Minh Anh,\"+84 903-111-222, 01621234567\",,31/02/1990,?,Cần Thơ,",
      "KH2,Trần Văn Minh,0987.654.321,,01/02/1985,NAM,Đà Nẵng,"
    ]
    const first = await plan("khach-hang.csv", rows)
    const second = await plan("khach-hang.csv", rewritten)
    expect(new Set(ids(second.events))).toEqual(new Set(ids(first.events)))
  })

  it("an edited row produces one new event carrying the change; the others are unchanged", async () => {
    const edited = [...rows]
    edited[1] = "KH2,Trần Văn Minh,84987654321,minh@gmail.com,1/2/85,Nam,Đà Nẵng,"
    const first = await plan("khach-hang.csv", rows)
    const second = await plan("khach-hang.csv", edited, { at: new Date("2025-04-01T00:00:00Z") })
    const before = new Set(ids(first.events))
    const fresh = second.events.filter((e) => !before.has(e.messageId))
    expect(fresh).toHaveLength(1)
    expect(fresh[0]!["traits"]).toEqual({ ...(first.events[1]!["traits"] as object), email: "minh@gmail.com" })
    // Observed after the first import, so its values win by the default "newest" trait strategy.
    expect(String(fresh[0]!["timestamp"]) > String(first.events[1]!["timestamp"])).toBe(true)
  })

  it("the same row twice is sent once; the same person twice is one profile by identity's rules", async () => {
    const { events, tally } = await plan("kh.csv", [rows[0]!, rows[0]!, "KH9,Lan Nguyễn,0912345678,,,,,"])
    expect(tally.repeatedEvents).toBe(1)
    expect(new Set(ids(events)).size).toBe(2)
    // KH1 and KH9 share a phone but are two customer codes: external_id is unique, so identity keeps them apart.
    const apart = resolveBatch(events.map((e) => recordOfEvent(decodeEvent(e))))
    expect(apart.partition()).toHaveLength(2)
    const byPhone = await plan("kh.csv", [rows[0]!, "KH1,Lan Nguyễn,0912345678,,,,,"])
    expect(resolveBatch(byPhone.events.map((e) => recordOfEvent(decodeEvent(e)))).partition()).toHaveLength(1)
  })

  it("message ids depend on the file identity; a stable fileId keeps a renamed export a no-op", async () => {
    const a = await plan("khach-hang.csv", rows)
    const b = await plan("khach-hang (1).csv", rows)
    const other = new Set(ids(b.events))
    expect(ids(a.events).filter((id) => other.has(id))).toEqual([])
    const c = await plan("khach-hang.csv", rows, { fileId: "pos-customers" })
    const d = await plan("khach-hang (1).csv", rows, { fileId: "pos-customers" })
    expect(ids(d.events)).toEqual(ids(c.events))
    expect(d.events[0]!["context"]).toMatchObject({ source: "import:khach-hang (1).csv" })
  })

  it("a row without a name, a contact or its natural key is refused whole; the others go on", async () => {
    const { events, tally } = await plan("kh.csv", [",Không Tên,0912345678,,,,,", "KH5,,0912345678,,,,,", "KH6,Không Liên Lạc,12,not-mail,,,,", rows[0]!], { naturalKey: "customerCode" })
    expect(events).toHaveLength(1)
    expect(tally.refusedRows).toBe(3)
    expect(tally.problems.filter((p) => p.fatal).map((p) => [p.row, p.reason])).toEqual([
      [2, "missing_natural_key"],
      [3, "required"],
      [4, "missing_contact"]
    ])
  })

  it("a mapping without a name or a contact column is refused before any row", async () => {
    const table = await openTable(fileOf("kh.csv", "Ghi chú,SĐT\nx,0912345678\n"))
    const mapping: ReadonlyArray<ColumnMapping> = [{ column: 1, header: "SĐT", target: { kind: "field", field: "phone" }, confidence: 1 }]
    await expect(planCustomerImport(table, mapping, { importedAt }).next()).rejects.toBeInstanceOf(InvalidImportOptions)
  })

  it("every event of any valid row decodes as a kith event, and its id is a function of its content", async () => {
    const cell = fc.stringMatching(/^[A-Za-zÀ-ỹ ]{1,20}$/)
    await fc.assert(
      fc.asyncProperty(cell, fc.integer({ min: 0, max: 9_999_999 }), cell, async (name, number, note) => {
        const line = `KH1,"${name}",091${String(number).padStart(7, "0")},,,,,"${note}"`
        const a = await plan("p.csv", [line])
        const b = await plan("p.csv", [line], { at: new Date("2026-01-01T00:00:00Z") })
        expect(ids(a.events)).toEqual(ids(b.events))
        for (const event of a.events) expect(Result.isSuccess(decodeEventResult(event))).toBe(true)
      }),
      { numRuns: 30 }
    )
  })
})

const decodeEvent = (event: KithEventEncoded) => {
  const result = decodeEventResult(event)
  if (Result.isFailure(result)) throw result.failure
  return result.success
}

describe("order lines as kith order events", () => {
  const orderCsv = [
    "Mã đơn hàng,Ngày đặt hàng,Trạng thái đơn hàng,Tên người nhận,SĐT,Kênh bán,Tên đăng nhập người mua,Mã sản phẩm,Tên sản phẩm,Số lượng,Đơn giá,Phí vận chuyển",
    "DH1,01/03/2025 09:30,Hoàn thành,Nguyễn Thị Lan,0912345678,Shopee,lan88,SP-AO,Áo thun,2,225.000,30.000",
    "DH2,02/03/2025 10:00,Đã hủy,Trần Văn Minh,0987654321,POS,,SP-MU,Mũ,1,100.000,",
    "DH1,01/03/2025 09:30,Hoàn thành,Nguyễn Thị Lan,0912345678,Shopee,lan88,SP-QUAN,Quần,1,300.000,30.000",
    "DH3,03/03/2025,Trả hàng,Lê Thu Hà,,Lazada,ha_le,SP-AO,Áo thun,1,225.000,",
    "DH4,xx,Hoàn thành,Lê Thu Hà,0911111111,,,SP-AO,Áo thun,1,225.000,",
    "DH5,04/03/2025,Lạ,Phạm Anh,0903111222,Web,,,Bút,1,10.000,"
  ].join("\n")

  const planOrders = async (csv: string) => {
    const table = await openTable(fileOf("don-hang.csv", csv), { kind: "orders" })
    const mapping = suggestMapping(table.headers.map((h) => h.label), "orders")
    const events: Array<KithEventEncoded> = []
    const counter = new ImportCounter()
    for await (const batch of planOrderImport(table, mapping, { importedAt: new Date("2025-03-31T00:00:00Z") })) {
      events.push(...batch.events)
      counter.add(batch)
    }
    return { events, tally: counter.tally() }
  }

  it("groups lines by order id and maps status words to order events", async () => {
    const { events, tally } = await planOrders(orderCsv)
    for (const event of events) expect(Result.isSuccess(decodeEventResult(event))).toBe(true)
    const tracks = events.filter((e) => e.type === "track").map((e) => [e["properties"] && (e["properties"] as { orderId: string }).orderId, e["event"]])
    expect(tracks).toEqual([
      ["DH1", "Order Placed"], ["DH1", "Order Completed"],
      ["DH2", "Order Placed"], ["DH2", "Order Cancelled"],
      ["DH3", "Order Placed"], ["DH3", "Order Completed"], ["DH3", "Order Returned"],
      ["DH5", "Order Placed"]
    ])
    const placed = events.find((e) => e["event"] === "Order Placed")!
    expect(placed).toMatchObject({
      timestamp: "2025-03-01T02:30:00.000Z",
      anonymousId: "import:phone:+84912345678",
      properties: {
        orderId: "DH1",
        currency: "VND",
        total: 780000,
        subtotal: 750000,
        shipping: 30000,
        products: [
          { productId: "SP-AO", sku: "SP-AO", name: "Áo thun", quantity: 2, price: 225000 },
          { productId: "SP-QUAN", sku: "SP-QUAN", name: "Quần", quantity: 1, price: 300000 }
        ]
      },
      context: { channel: "shopee", source: "import:don-hang.csv", externalIds: [{ type: "phone", value: "+84912345678" }, { type: "shopee_buyer_id", value: "lan88" }] }
    })
    // A Lazada order with only the buyer's marketplace account still reaches a profile.
    expect(events.find((e) => e["event"] === "Order Returned")).toMatchObject({ context: { externalIds: [{ type: "lazada_buyer_id", value: "ha_le" }] } })
    expect(events.find((e) => (e["properties"] as { orderId?: string } | undefined)?.orderId === "DH5")).toMatchObject({ properties: { products: [{ productId: "name:but", name: "Bút" }] } })
    expect(tally.refusedRows).toBe(1)
    expect(tally.problems.map((p) => [p.row, p.reason])).toEqual([[6, "invalid_date"], [7, "unknown_status"]])
  })

  it("re-importing an order file sends the same events; changing a line changes only that order's events", async () => {
    const first = await planOrders(orderCsv)
    const again = await planOrders(orderCsv)
    expect(ids(again.events)).toEqual(ids(first.events))
    const edited = await planOrders(orderCsv.replace("SP-MU,Mũ,1,100.000", "SP-MU,Mũ,2,100.000"))
    const before = new Set(ids(first.events))
    const fresh = edited.events.filter((e) => !before.has(e.messageId))
    expect(fresh.map((e) => [(e["properties"] as { orderId: string }).orderId, e["event"]])).toEqual([["DH2", "Order Placed"]])
  })

  it("reports lines of one order that disagree", async () => {
    const { tally } = await planOrders(orderCsv.replace("DH1,01/03/2025 09:30,Hoàn thành,Nguyễn Thị Lan,0912345678,Shopee,lan88,SP-QUAN", "DH1,01/03/2025 09:30,Đã hủy,Nguyễn Thị Lan,0912345678,Shopee,lan88,SP-QUAN"))
    expect(tally.problems.find((p) => p.reason === "conflicting_order")).toMatchObject({ row: 4, header: "status" })
  })
})
