import type { KithEventEncoded } from "@kith/core"
import {
  customerExportColumns,
  escapeFormulaCell,
  exportCsv,
  exportHeaders,
  exportXlsx,
  importTemplate,
  openTable,
  planCustomerImport,
  planOrderImport,
  suggestMapping
} from "@kith/import"
import ExcelJS from "exceljs"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { collect, rowsOf } from "./fixtures.js"

const importedAt = new Date("2025-03-01T02:00:00Z")

const reimport = async (name: string, bytes: Uint8Array, customTraits: ReadonlyArray<string> = []) => {
  const table = await openTable({ name, content: bytes })
  const mapping = suggestMapping(table.headers.map((h) => h.label), "customers", { customTraits })
  const events: Array<KithEventEncoded> = []
  const problems = []
  for await (const batch of planCustomerImport(table, mapping, { importedAt, naturalKey: "customerCode" })) {
    events.push(...batch.events)
    problems.push(...batch.problems)
  }
  return { events, problems, mapping }
}

// Customers as kith holds them after an import: normalized contacts, clean text, calendar dates.
const word = fc.stringMatching(/^[A-Za-zÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚĂĐĨŨƠàáâãèéêìíòóôõùúăđĩũơƯưẠ-ỹ]{1,8}$/)
const words = (max: number) => fc.array(word, { minLength: 1, maxLength: max }).map((w) => w.join(" "))
const mobile = fc.tuple(fc.constantFrom("91", "98", "90", "70", "35", "86"), fc.integer({ min: 0, max: 9_999_999 })).map(([p, n]) => `+84${p}${String(n).padStart(7, "0")}`)
const noteText = fc.oneof(words(6), fc.constantFrom("=HYPERLINK(\"http://x\",\"bấm\")", "+1 gọi lại", "-5% giảm", "@admin xem", "dòng 1\ndòng 2", 'nói "chào", rồi đi', "a;b,c"))
const customer = fc.record(
  {
    customerCode: fc.integer({ min: 1, max: 999_999 }).map((n) => `KH${n}`),
    fullName: words(4),
    phone: mobile,
    otherPhones: fc.uniqueArray(mobile, { minLength: 1, maxLength: 2 }),
    email: fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/), fc.constantFrom("gmail.com", "shop.vn")).map(([l, d]) => `${l.replace(/\.\.+/g, ".")}@${d}`),
    birthday: fc.date({ min: new Date("1930-01-01T00:00:00Z"), max: new Date("2010-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    gender: fc.constantFrom("male", "female", "other", "unknown"),
    address: fc.record({ street: words(4), ward: words(2), district: words(2), province: words(3), country: fc.constantFrom("VN", "SG") }),
    tags: fc.uniqueArray(words(2), { minLength: 1, maxLength: 3 }),
    customerGroups: fc.uniqueArray(words(2), { minLength: 1, maxLength: 2 }),
    note: noteText,
    thuNhap: words(3)
  },
  { requiredKeys: ["customerCode", "fullName", "phone"] }
)

// What an import of `record` sends as traits: every field but the customer code (an identifier) and empty ones.
const expectedTraits = (record: Record<string, unknown>) => {
  const { customerCode: _code, otherPhones, phone, ...rest } = record
  const traits: Record<string, unknown> = { ...rest, phone }
  const others = ((otherPhones as Array<string> | undefined) ?? []).filter((p) => p !== phone)
  if (others.length > 0) traits["otherPhones"] = others
  return traits
}

describe("export → import round trip", () => {
  const columns = [...customerExportColumns(), "thuNhap"]
  for (const [format, extension] of [["csv", "csv"], ["xlsx", "xlsx"]] as const) {
    for (const locale of ["vi", "en"] as const) {
      it(`a ${format} export (${locale} headers) imports back unchanged`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.uniqueArray(customer, { minLength: 1, maxLength: 8, selector: (c) => c.customerCode }), async (records) => {
            const options = { columns, locale }
            const bytes = await collect(format === "csv" ? exportCsv(records, options) : exportXlsx(records, options))
            const { events, problems, mapping } = await reimport(`export.${extension}`, bytes, ["thuNhap"])
            expect(problems).toEqual([])
            expect(mapping.every((m) => m.target.kind !== "skip" && m.confidence === 1)).toBe(true)
            expect(events.map((e) => e["traits"])).toEqual(records.map(expectedTraits))
            expect(events.map((e) => (e["context"] as { externalIds: unknown }).externalIds)).toEqual(records.map((r) => [{ type: "external_id", value: r.customerCode }]))
          }),
          { numRuns: format === "xlsx" ? 10 : 40 }
        )
      })
    }
  }

  it("headers follow the locale and the template labels", () => {
    expect(exportHeaders(["fullName", "phone", "province", "customerCode"], "vi")).toEqual(["Họ và tên", "Số điện thoại", "Tỉnh/Thành phố", "Mã khách hàng"])
    expect(exportHeaders(["fullName", "phone", "province", "customerCode"], "en")).toEqual(["Full name", "Phone", "Province/City", "Customer code"])
  })
})

describe("CSV injection", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"],
    ["+84912345678", "'+84912345678"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["Lan", "Lan"],
    ["1+1", "1+1"],
    ["", ""]
  ])("escapeFormulaCell(%j) = %j", (cell, safe) => {
    expect(escapeFormulaCell(cell)).toBe(safe)
  })

  it("no exported CSV cell starts with a formula character; the file starts with a UTF-8 BOM", async () => {
    const evil = ["=cmd|' /C calc'!A0", "+1", "-1", "@x", "\t=1", "=1\n=2"]
    const bytes = await collect(exportCsv(evil.map((note, i) => ({ fullName: note, note, customerCode: `KH${i}` })), { columns: ["customerCode", "fullName", "note"] }))
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const table = await openTable({ name: "x.csv", content: bytes })
    // Reading raw cells (before kith removes the apostrophe) shows what a spreadsheet would see.
    const raw = new TextDecoder().decode(bytes)
    for (const line of raw.split("\r\n").slice(1, -1)) {
      for (const cell of line.split(",")) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+\-@\t\r]/)
    }
    expect((await rowsOf(table)).map((r) => r.cells[2])).toEqual(evil)
  })

  it("XLSX text that looks like a formula is a string cell, never a formula", async () => {
    const bytes = await collect(exportXlsx([{ fullName: "=1+1", note: "@SUM(A1:A2)" }], { columns: ["fullName", "note"] }))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
    const cell = workbook.worksheets[0]!.getCell("A2")
    expect(cell.type).toBe(ExcelJS.ValueType.String)
    expect(cell.value).toBe("=1+1")
  })
})

describe("templates (IMP-1)", () => {
  for (const format of ["csv", "xlsx"] as const) {
    for (const locale of ["vi", "en"] as const) {
      it(`the ${format} customer template (${locale}) maps every column with confidence 1 and its example row imports`, async () => {
        const bytes = await importTemplate(format, locale)
        const { events, problems, mapping } = await reimport(`template.${format}`, bytes)
        expect(mapping.map((m) => m.confidence)).toEqual(mapping.map(() => 1))
        expect(new Set(mapping.map((m) => (m.target.kind === "field" ? m.target.field : m.target.kind)))).toEqual(new Set(customerExportColumns()))
        expect(problems).toEqual([])
        expect(events).toHaveLength(1)
        expect(events[0]!["traits"]).toMatchObject({ fullName: "Nguyễn Thị Lan", phone: "+84912345678", birthday: "1990-09-05", gender: "female" })
      })
    }
  }

  it("the order template imports as one completed order", async () => {
    const bytes = await importTemplate("csv", "vi", "orders")
    const table = await openTable({ name: "don.csv", content: bytes }, { kind: "orders" })
    const mapping = suggestMapping(table.headers.map((h) => h.label), "orders")
    expect(mapping.every((m) => m.confidence === 1)).toBe(true)
    const events: Array<KithEventEncoded> = []
    for await (const batch of planOrderImport(table, mapping, { importedAt })) {
      expect(batch.problems).toEqual([])
      events.push(...batch.events)
    }
    expect(events.map((e) => e["event"] ?? e.type)).toEqual(["identify", "Order Placed", "Order Completed"])
  })

  it("the XLSX template explains each column on a second sheet", async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await importTemplate("xlsx", "vi")) as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Khách hàng", "Hướng dẫn"])
    expect(workbook.worksheets[1]!.getRow(2).values).toEqual([undefined, "Họ và tên", "Bắt buộc", "Bắt buộc", "Nguyễn Thị Lan"])
  })
})
