import type { KithEventEncoded } from "@kith/core"
import { exportValue, openTable, planOrderImport, suggestMapping } from "@kith/import"
import { describe, expect, it } from "vitest"
import { fileOf, rowsOf, xlsxOf } from "./fixtures.js"

describe("table options", () => {
  it("takes the header row the user names instead of detecting it", async () => {
    const table = await openTable(fileOf("kh.csv", "Họ tên,SĐT\nGhi chú,Liên hệ\nLan,0912345678\n"), { headerRow: 2 })
    expect(table.headerRow).toBe(2)
    expect(table.headers.map((h) => h.label)).toEqual(["Ghi chú", "Liên hệ"])
    expect(table.titleRows).toEqual(["Họ tên SĐT"])
    expect((await rowsOf(table)).map((r) => r.number)).toEqual([3])
  })

  it("takes the delimiter the user names", async () => {
    const table = await openTable(fileOf("kh.csv", "Họ tên|SĐT;x\nLan|0912345678;y\n"), { delimiter: "|" })
    expect(table.dialect?.delimiter).toBe("|")
    expect((await rowsOf(table)).map((r) => r.cells)).toEqual([["Lan", "0912345678;y"]])
  })

  it("drops trailing columns without a header", async () => {
    const table = await openTable(fileOf("kh.csv", "Họ tên,SĐT,,\nLan,0912345678,,\n"))
    expect(table.headers.map((h) => h.label)).toEqual(["Họ tên", "SĐT"])
  })
})

describe("an order workbook", () => {
  it("reads order times from date cells as wall-clock times in the workspace timezone", async () => {
    const bytes = await xlsxOf([
      {
        name: "Đơn hàng",
        rows: [
          ["Mã đơn hàng", "Ngày đặt hàng", "SĐT", "Tên sản phẩm", "Số lượng", "Đơn giá", "Trạng thái"],
          ["DH1", { value: new Date(Date.UTC(2025, 2, 1, 9, 30)), numFmt: "dd/mm/yyyy hh:mm" }, 912345678, "Áo", 2, 225000, "Đã giao"],
          ["DH2", 45717.5, "0987654321", "Mũ", 1, "100.000 ₫", "Hủy"]
        ]
      }
    ])
    const table = await openTable({ name: "don.xlsx", content: bytes }, { kind: "orders" })
    const mapping = suggestMapping(table.headers.map((h) => h.label), "orders")
    const events: Array<KithEventEncoded> = []
    for await (const batch of planOrderImport(table, mapping, { importedAt: new Date("2025-03-31T00:00:00Z"), timeZone: "Asia/Ho_Chi_Minh" })) {
      expect(batch.problems).toEqual([])
      events.push(...batch.events)
    }
    const tracks = events.filter((e) => e.type === "track")
    expect(tracks.map((e) => [e["event"], e.timestamp, (e["properties"] as { total: number }).total])).toEqual([
      ["Order Placed", "2025-03-01T02:30:00.000Z", 450000],
      ["Order Completed", "2025-03-01T02:30:00.000Z", 450000],
      ["Order Placed", "2025-03-01T05:00:00.000Z", 100000],
      ["Order Cancelled", "2025-03-01T05:00:00.000Z", undefined]
    ])
  })
})

describe("export values", () => {
  it("reads address parts, dotted paths and plain keys", () => {
    const record = { fullName: "Lan", address: { province: "Hà Nội" }, purchases: { totalSpend: 450000 }, province: "override" }
    expect(exportValue(record, "province")).toBe("override")
    expect(exportValue({ address: { ward: "Tràng Tiền" } }, "ward")).toBe("Tràng Tiền")
    expect(exportValue(record, "purchases.totalSpend")).toBe(450000)
    expect(exportValue(record, "missing.path")).toBeUndefined()
  })
})
