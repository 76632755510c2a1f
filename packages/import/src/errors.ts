import { Schema } from "effect"

/**
 * The file has nothing to import: no bytes, only a byte-order mark or blank
 * lines, or (XLSX) a sheet without a single filled cell.
 *
 * @example
 * ```ts
 * import { EmptyFile } from "@kith/import"
 * new EmptyFile({ file: "khach-hang.csv" }).message // => "khach-hang.csv is empty: there is no row to import"
 * ```
 */
export class EmptyFile extends Schema.TaggedError<EmptyFile>("@kith/import/EmptyFile")("EmptyFile", {
  file: Schema.String
}) {
  override get message(): string {
    return `${this.file} is empty: there is no row to import`
  }
}

/**
 * A text file that is not UTF-8 and carries no UTF-16 byte-order mark, such as
 * a CSV saved by an old Excel as Windows-1258 or in the TCVN3 (ABC) encoding:
 * reading it on would turn Vietnamese letters into garbage. The fix is to
 * save it again as "CSV UTF-8" (or "Unicode text").
 *
 * @example
 * ```ts
 * import { UnsupportedEncoding } from "@kith/import"
 * new UnsupportedEncoding({ file: "kh.csv", offset: 17, found: "c3 28" }).message
 * // => "kh.csv is not UTF-8 (bytes c3 28 at byte 17): save it again as \"CSV UTF-8\" or \"Unicode text\""
 * ```
 */
export class UnsupportedEncoding extends Schema.TaggedError<UnsupportedEncoding>("@kith/import/UnsupportedEncoding")("UnsupportedEncoding", {
  file: Schema.String,
  /** The byte offset of the first sequence that is not UTF-8. */
  offset: Schema.Number,
  /** Up to four bytes from there, in hex. */
  found: Schema.String
}) {
  override get message(): string {
    return `${this.file} is not UTF-8 (bytes ${this.found} at byte ${this.offset}): save it again as "CSV UTF-8" or "Unicode text"`
  }
}

/**
 * The kinds of binary file {@link BinaryFile} recognizes by their first bytes.
 * `xlsx` and `xls` name a spreadsheet given where a CSV was expected (or a
 * legacy `.xls`, which kith does not read: save it as `.xlsx`).
 */
export const BinaryKinds = ["xlsx", "xls", "zip", "pdf", "image", "unknown"] as const
/** One of {@link BinaryKinds}. */
export type BinaryKind = (typeof BinaryKinds)[number]

/**
 * The file is not text (a NUL byte, or the signature of a known binary format)
 * or, read as XLSX, not an XLSX workbook.
 *
 * @example
 * ```ts
 * import { BinaryFile } from "@kith/import"
 * new BinaryFile({ file: "kh.csv", kind: "xls", reason: "a legacy Excel 97-2003 workbook: save it as .xlsx or CSV UTF-8" }).message
 * // => "kh.csv is not a readable table (xls): a legacy Excel 97-2003 workbook: save it as .xlsx or CSV UTF-8"
 * ```
 */
export class BinaryFile extends Schema.TaggedError<BinaryFile>("@kith/import/BinaryFile")("BinaryFile", {
  file: Schema.String,
  kind: Schema.Literals(BinaryKinds),
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.file} is not a readable table (${this.kind}): ${this.reason}`
  }
}

/**
 * The XLSX workbook has no sheet with the name or position asked for.
 *
 * @example
 * ```ts
 * import { SheetNotFound } from "@kith/import"
 * new SheetNotFound({ file: "kh.xlsx", sheet: "Đơn hàng", available: ["Khách hàng"] }).message
 * // => "kh.xlsx has no sheet \"Đơn hàng\"; its sheets: \"Khách hàng\""
 * ```
 */
export class SheetNotFound extends Schema.TaggedError<SheetNotFound>("@kith/import/SheetNotFound")("SheetNotFound", {
  file: Schema.String,
  sheet: Schema.Union([Schema.String, Schema.Number]),
  available: Schema.Array(Schema.String)
}) {
  override get message(): string {
    const asked = typeof this.sheet === "number" ? `at position ${this.sheet}` : `"${this.sheet}"`
    return `${this.file} has no sheet ${asked}; its sheets: ${this.available.map((name) => `"${name}"`).join(", ")}`
  }
}

/**
 * A mapping or an option the import cannot work with: a column index past the
 * last column, two columns on a field that takes one, a natural key that no
 * column provides, a custom trait name that is not a valid name. `field`
 * names the option, `reason` says why.
 *
 * @example
 * ```ts
 * import { InvalidImportOptions } from "@kith/import"
 * new InvalidImportOptions({ field: "naturalKey", reason: "no column is mapped to customerCode" }).message
 * // => "Invalid import option naturalKey: no column is mapped to customerCode"
 * ```
 */
export class InvalidImportOptions extends Schema.TaggedError<InvalidImportOptions>("@kith/import/InvalidImportOptions")("InvalidImportOptions", {
  field: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `Invalid import option ${this.field}: ${this.reason}`
  }
}

/** Any error reading a file: {@link EmptyFile}, {@link UnsupportedEncoding}, {@link BinaryFile}, {@link SheetNotFound}. */
export type ReadError = EmptyFile | UnsupportedEncoding | BinaryFile | SheetNotFound
