import { CustomerFields, type FieldSpec, fieldsOf, type ImportKind, type Locale, OrderFields } from "./fields.js"
import { csvBytes } from "./write/csv-writer.js"
import { xlsxBytes } from "./write/xlsx-writer.js"

/**
 * One exported column: `key` is a kith field id (`fullName`, `phone`,
 * `province`, `customerCode`, ...) or any key of the records (a custom trait,
 * `profileId`, a dotted path such as `purchases.totalSpend`); `header`
 * overrides its header (by default the field's label in the chosen language,
 * else the key).
 */
export interface ExportColumn {
  readonly key: string
  readonly header?: string
}

/** Options of {@link exportCsv} and {@link exportXlsx}. */
export interface ExportOptions {
  /** The columns, in order: keys or {@link ExportColumn}s. */
  readonly columns: ReadonlyArray<string | ExportColumn>
  /** Header language (default `vi`). */
  readonly locale?: Locale
  /** XLSX: the sheet's name (default `Khách hàng` / `Customers`). */
  readonly sheetName?: string
}

const addressParts = new Set(["street", "ward", "district", "province", "country"])
const specOf = (key: string): FieldSpec | undefined =>
  (CustomerFields as Record<string, FieldSpec | undefined>)[key] ?? (OrderFields as Record<string, FieldSpec | undefined>)[key]

/**
 * Reads one column's value from a record: an address part from
 * `record.address` when the record has no top-level key of that name, a
 * dotted path through nested objects, any other key as it is.
 *
 * @example
 * ```ts
 * import { exportValue } from "@kith/import"
 * exportValue({ fullName: "Lan", address: { province: "Hà Nội" } }, "province") // => "Hà Nội"
 * exportValue({ purchases: { totalSpend: 450000 } }, "purchases.totalSpend") // => 450000
 * ```
 */
export const exportValue = (record: Readonly<Record<string, unknown>>, key: string): unknown => {
  if (key in record) return record[key]
  if (addressParts.has(key)) {
    const address = record["address"]
    return typeof address === "object" && address !== null ? (address as Record<string, unknown>)[key] : undefined
  }
  let value: unknown = record
  for (const part of key.split(".")) {
    if (typeof value !== "object" || value === null) return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

/**
 * The header of each column in a language: a kith field's template label
 * (the same labels the import maps back with full confidence), else the
 * given header or the key.
 *
 * @example
 * ```ts
 * import { exportHeaders } from "@kith/import"
 * exportHeaders(["fullName", "phone", { key: "income", header: "Thu nhập" }], "vi") // => ["Họ và tên", "Số điện thoại", "Thu nhập"]
 * exportHeaders(["fullName", "phone"], "en") // => ["Full name", "Phone"]
 * ```
 */
export const exportHeaders = (columns: ReadonlyArray<string | ExportColumn>, locale: Locale = "vi"): ReadonlyArray<string> =>
  columns.map((column) => {
    const key = typeof column === "string" ? column : column.key
    const header = typeof column === "string" ? undefined : column.header
    return header ?? specOf(key)?.label[locale] ?? key
  })

/**
 * Every customer field as export columns, in template order: a full
 * customer export that imports back unchanged.
 *
 * @example
 * ```ts
 * import { customerExportColumns } from "@kith/import"
 * customerExportColumns().slice(0, 3) // => ["fullName", "lastName", "firstName"]
 * ```
 */
export const customerExportColumns = (): ReadonlyArray<string> => Object.keys(CustomerFields)

async function* rowsOf(
  records: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>,
  keys: ReadonlyArray<string>
): AsyncGenerator<ReadonlyArray<unknown>> {
  for await (const record of records) yield keys.map((key) => exportValue(record, key))
}

const keysOf = (columns: ReadonlyArray<string | ExportColumn>): ReadonlyArray<string> => columns.map((c) => (typeof c === "string" ? c : c.key))

/**
 * Exports any list — visitors, leads, buyers, a search, segment members —
 * as a CSV file (IMP-8, PIPE-3), streamed: UTF-8 with a byte-order mark,
 * the chosen columns with Vietnamese or English headers, lists joined with
 * `, `, every cell CSV-injection safe ({@link escapeFormulaCell}). A file
 * exported with {@link customerExportColumns} imports back unchanged.
 *
 * @param records - the records (profile traits, list rows), sync or async
 * @param options - columns, locale
 * @returns the file's bytes in chunks
 *
 * @example
 * ```ts
 * import { exportCsv } from "@kith/import"
 * const chunks = []
 * for await (const chunk of exportCsv([{ fullName: "Lan", phone: "+84912345678", tags: ["vip"] }], { columns: ["fullName", "phone", "tags"], locale: "en" })) chunks.push(chunk)
 * new TextDecoder().decode(chunks[0]) // => "Full name,Phone,Tags\r\nLan,'+84912345678,vip\r\n"
 * ```
 */
export const exportCsv = (
  records: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>,
  options: ExportOptions
): AsyncIterable<Uint8Array> => csvBytes(exportHeaders(options.columns, options.locale), rowsOf(records, keysOf(options.columns)) as AsyncIterable<ReadonlyArray<string>>)

/**
 * Exports any list as an XLSX workbook, streamed (exceljs), with the chosen
 * columns and headers; text stays text cells (never formulas), numbers
 * numbers. Node only.
 *
 * @param records - the records, sync or async
 * @param options - columns, locale, sheet name
 * @returns the workbook's bytes in chunks
 *
 * @example
 * ```ts
 * import { writeFile } from "node:fs/promises"
 * import { exportXlsx } from "@kith/import"
 * const chunks = []
 * for await (const chunk of exportXlsx([{ fullName: "Lan", phone: "+84912345678" }], { columns: ["fullName", "phone"] })) chunks.push(chunk)
 * await writeFile("khach-hang.xlsx", Buffer.concat(chunks))
 * ```
 */
export const exportXlsx = (
  records: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>,
  options: ExportOptions
): AsyncIterable<Uint8Array> =>
  xlsxBytes([
    {
      name: options.sheetName ?? (options.locale === "en" ? "Customers" : "Khách hàng"),
      header: exportHeaders(options.columns, options.locale),
      rows: rowsOf(records, keysOf(options.columns)) as AsyncIterable<ReadonlyArray<string>>
    }
  ])

/**
 * The template of an import kind (IMP-1): the header row — every field in
 * template order, required ones marked `(*)`, in Vietnamese or English — and
 * one example row, from the field catalog that the mapping uses too, so the
 * template never drifts from what the import reads. As CSV (UTF-8 with a
 * byte-order mark) or XLSX (with a second sheet explaining each column).
 *
 * @param format - `csv` or `xlsx`
 * @param locale - header language
 * @param kind - customers (default) or orders
 * @returns the file's bytes
 *
 * @example
 * ```ts
 * import { importTemplate } from "@kith/import"
 * const bytes = await importTemplate("csv", "vi")
 * new TextDecoder().decode(bytes).split("\r\n")[0]?.startsWith("Họ và tên (*),Họ,Tên,Số điện thoại (*)") // => true
 * ```
 */
export const importTemplate = async (format: "csv" | "xlsx", locale: Locale = "vi", kind: ImportKind = "customers"): Promise<Uint8Array> => {
  const fields = fieldsOf(kind)
  const header = fields.map((f) => (f.required === false ? f.label[locale] : `${f.label[locale]} (*)`))
  const example = fields.map((f) => f.example)
  const chunks: Array<Uint8Array> = []
  if (format === "csv") {
    for await (const chunk of csvBytes(header, [example])) chunks.push(chunk)
  } else {
    const guide = fields.map((f) => [f.label[locale], f.required === true ? (locale === "vi" ? "Bắt buộc" : "Required") : f.required === "contact" ? (locale === "vi" ? "Cần SĐT hoặc email" : "Phone or email required") : "", f.description[locale], f.example])
    const guideHeader = locale === "vi" ? ["Cột", "Bắt buộc", "Mô tả", "Ví dụ"] : ["Column", "Required", "Description", "Example"]
    const name = kind === "customers" ? (locale === "vi" ? "Khách hàng" : "Customers") : locale === "vi" ? "Đơn hàng" : "Orders"
    for await (const chunk of xlsxBytes([
      { name, header, rows: [example] },
      { name: locale === "vi" ? "Hướng dẫn" : "Guide", header: guideHeader, rows: guide, widths: [28, 20, 60, 30] }
    ])) chunks.push(chunk)
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}
