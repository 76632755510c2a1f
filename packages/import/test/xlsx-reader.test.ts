import { customerRowReader, openTable, SheetNotFound, suggestMapping } from "@kith/import"
import { describe, expect, it } from "vitest"
import { chunked, rowsOf, xlsxOf } from "./fixtures.js"

const customers = [
  ["DANH SÁCH KHÁCH HÀNG"],
  [null],
  ["STT", "Họ và tên\n(bắt buộc)", "SĐT (*)", "Ngày sinh", "Giới tính", "Số tiền"],
  [1, "Nguyễn Thị Lan", 912345678, { value: new Date(Date.UTC(1990, 8, 5)), numFmt: "dd/mm/yyyy" }, "Nữ", 1250000],
  [2, { value: { richText: [{ text: "Trần " }, { text: "Văn Minh", font: { bold: true } }] } }, { value: 84987654321 }, 33121, "Nam", { value: { formula: "1000*2", result: 2000 } }],
  [3, "Lê\u00a0Thu\tHà ", "'0162 123 4567", "5/9/90", "F", null]
] as const

describe("XLSX reader", () => {
  it("reads the first sheet, finds the header below a title, keeps numbers, dates and formula results", async () => {
    const bytes = await xlsxOf([{ name: "Khách hàng", rows: customers as never }, { name: "Đơn hàng", rows: [["Mã đơn"], ["DH1"]] }])
    const table = await openTable({ name: "kh.xlsx", content: chunked(bytes, 997) })
    expect(table.format).toBe("xlsx")
    expect(table.sheet).toBe("Khách hàng")
    expect(table.headerRow).toBe(3)
    expect(table.titleRows).toEqual(["DANH SÁCH KHÁCH HÀNG"])
    expect(table.headers).toEqual([
      { label: "STT", note: "", marked: false },
      { label: "Họ và tên", note: "(bắt buộc)", marked: true },
      { label: "SĐT", note: "", marked: true },
      { label: "Ngày sinh", note: "", marked: false },
      { label: "Giới tính", note: "", marked: false },
      { label: "Số tiền", note: "", marked: false }
    ])
    const rows = await rowsOf(table)
    expect(rows.map((r) => r.number)).toEqual([4, 5, 6])
    expect(rows[0]!.cells.slice(0, 3)).toEqual([1, "Nguyễn Thị Lan", 912345678])
    expect(rows[0]!.cells[3]).toEqual(new Date(Date.UTC(1990, 8, 5)))
    expect(rows[1]!.cells[1]).toBe("Trần Văn Minh")
    expect(rows[1]!.cells[5]).toBe(2000)

    const mapping = suggestMapping(table.headers.map((h) => h.label), "customers")
    const read = customerRowReader(mapping, table.headers.length, { asOf: new Date("2025-03-01T00:00:00Z") })
    const traits = rows.map((row) => read(row).record?.traits)
    expect(traits).toEqual([
      { fullName: "Nguyễn Thị Lan", phone: "+84912345678", birthday: "1990-09-05", gender: "female" },
      { fullName: "Trần Văn Minh", phone: "+84987654321", birthday: "1990-09-05", gender: "male" },
      { fullName: "Lê Thu Hà", phone: "+84321234567", birthday: "1990-09-05", gender: "female" }
    ])
  })

  it("reads a chosen sheet by name or by position", async () => {
    const bytes = await xlsxOf([
      { name: "Khách hàng", rows: [["Họ tên", "SĐT"], ["Lan", "0912345678"]] },
      { name: "Đơn hàng", rows: [["Mã đơn hàng", "Ngày đặt hàng"], ["DH1", "01/03/2025"]] }
    ])
    for (const sheet of ["Đơn hàng", 1] as const) {
      const table = await openTable({ name: "kh.xlsx", content: bytes }, { sheet, kind: "orders" })
      expect(table.sheet).toBe("Đơn hàng")
      expect(table.headers.map((h) => h.label)).toEqual(["Mã đơn hàng", "Ngày đặt hàng"])
      expect((await rowsOf(table)).map((r) => r.cells)).toEqual([["DH1", "01/03/2025"]])
    }
  })

  it("names the sheets it has when the chosen one is missing", async () => {
    const bytes = await xlsxOf([{ name: "Khách hàng", rows: [["Họ tên"], ["Lan"]] }])
    const error = await openTable({ name: "kh.xlsx", content: bytes }, { sheet: "Đơn hàng" }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SheetNotFound)
    expect((error as SheetNotFound).available).toEqual(["Khách hàng"])
  })

  it("refuses an empty sheet", async () => {
    const bytes = await xlsxOf([{ name: "Trống", rows: [] }])
    await expect(openTable({ name: "kh.xlsx", content: bytes })).rejects.toMatchObject({ _tag: "EmptyFile" })
  })
})
