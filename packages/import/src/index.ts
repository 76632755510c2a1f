/**
 * kith's spreadsheet import and export (IMP-1 … IMP-8): customer and order
 * templates generated from one field catalog; streamed CSV (UTF-8 ± BOM,
 * UTF-16 with BOM, delimiter detected) and XLSX readers that find the header
 * row below a title; header auto-mapping from a documented, extensible
 * Vietnamese / English synonym table; validation and coercion through
 * `@kith/identity`'s normalization; valid rows as kith events with
 * deterministic message ids (a re-import is a no-op); CSV / XLSX export.
 *
 * Pure: no storage. Preview and commit send the events planned here through
 * the facade's ingestion.
 *
 * @example
 * ```ts
 * import { openTable, planCustomerImport, suggestMapping } from "@kith/import"
 *
 * const csv = "DANH SÁCH KHÁCH HÀNG\r\nHọ và tên (*);SĐT;Ngày sinh\r\nNguyễn Thị Lan;912345678;5/9/90\r\n"
 * const table = await openTable({ name: "kh.csv", content: new TextEncoder().encode(csv) })
 * const mapping = suggestMapping(table.headers.map((h) => h.label), "customers")
 * for await (const batch of planCustomerImport(table, mapping, { importedAt: new Date("2025-03-01T02:00:00Z") })) {
 *   batch.events[0]?.["traits"] // => { fullName: "Nguyễn Thị Lan", phone: "+84912345678", birthday: "1990-09-05" }
 * }
 * ```
 *
 * @packageDocumentation
 */
export * from "./coerce/common-phone-cell.js"
export * from "./coerce/date.js"
export * from "./coerce/email.js"
export * from "./coerce/gender.js"
export * from "./coerce/number.js"
export * from "./coerce/phone.js"
export * from "./coerce/text-fields.js"
export * from "./customer-events.js"
export * from "./customer-rows.js"
export * from "./errors.js"
export * from "./export.js"
export * from "./fields.js"
export * from "./header.js"
export * from "./import-context.js"
export * from "./mapping.js"
export * from "./message-id.js"
export * from "./order-events.js"
export * from "./order-rows.js"
export * from "./order-status.js"
export * from "./plan.js"
export * from "./problems.js"
export * from "./read/csv-piece.js"
export * from "./read/csv-reader.js"
export * from "./read/decode-text.js"
export * from "./read/sheet-row.js"
export * from "./read/source.js"
export * from "./read/xlsx-reader.js"
export * from "./synonyms.js"
export * from "./table.js"
export * from "./text.js"
export * from "./write/csv-writer.js"
export * from "./write/xlsx-writer.js"
