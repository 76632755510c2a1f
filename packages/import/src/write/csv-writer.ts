import type { CellValue } from "../read/sheet-row.js"

// What Excel runs as a formula when a cell starts with it (CSV injection), and what it strips.
const formulaStart = /^[=+\-@\t\r]/

/**
 * Makes a cell safe to open in a spreadsheet (CSV injection): text starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
 * apostrophe, so Excel, LibreOffice and Google Sheets show it as text and
 * never run it. kith's CSV reader removes the apostrophe again
 * ({@link unescapeFormulaCell}).
 *
 * @example
 * ```ts
 * import { escapeFormulaCell } from "@kith/import"
 * escapeFormulaCell('=HYPERLINK("http://evil")') // => "'=HYPERLINK(\"http://evil\")"
 * escapeFormulaCell("+84912345678") // => "'+84912345678"
 * escapeFormulaCell("Lan") // => "Lan"
 * ```
 */
export const escapeFormulaCell = (text: string): string => (formulaStart.test(text) ? `'${text}` : text)

/**
 * One exported value as cell text: arrays joined with `, ` (the list
 * separator the import splits on), dates as ISO, objects as JSON.
 *
 * @example
 * ```ts
 * import { exportCellText } from "@kith/import"
 * exportCellText(["vip", "khách cũ"]) // => "vip, khách cũ"
 * exportCellText(undefined) // => ""
 * ```
 */
export const exportCellText = (value: unknown): string => {
  if (value === undefined || value === null) return ""
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString()
  if (Array.isArray(value)) return value.map(exportCellText).filter((v) => v.length > 0).join(", ")
  return JSON.stringify(value)
}

const needsQuotes = /[",\r\n]|^\s|\s$/

/**
 * Writes one CSV line: each cell made safe ({@link escapeFormulaCell}) and
 * quoted when it holds a comma, a quote, a line break or edge spaces;
 * CRLF at the end, as Excel writes.
 *
 * @example
 * ```ts
 * import { csvLine } from "@kith/import"
 * csvLine(["Lan", "12 Hàng Bài, Hà Nội", "=1+1"]) // => 'Lan,"12 Hàng Bài, Hà Nội",\'=1+1\r\n'
 * ```
 */
export const csvLine = (cells: ReadonlyArray<CellValue | string>): string => {
  let line = ""
  for (let i = 0; i < cells.length; i++) {
    const text = escapeFormulaCell(exportCellText(cells[i]))
    if (i > 0) line += ","
    line += needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  return line + "\r\n"
}

const encoder = new TextEncoder()
const chunkSize = 64 * 1024

/**
 * Streams rows as a CSV file (IMP-8, PIPE-3): UTF-8 with a byte-order mark,
 * so Excel opens Vietnamese text right; comma-separated, CRLF lines, every
 * cell CSV-injection safe. Output comes in chunks of about 64 KB, so memory
 * stays bounded whatever the number of rows.
 *
 * @param header - the header cells
 * @param rows - the rows' cells, sync or async
 * @returns the file's bytes in chunks
 *
 * @example
 * ```ts
 * import { csvBytes } from "@kith/import"
 * const parts = []
 * for await (const chunk of csvBytes(["Họ và tên", "Số điện thoại"], [["Lan", "+84912345678"]])) parts.push(chunk)
 * new TextDecoder("utf-8", { ignoreBOM: true }).decode(parts[0]) // => "\ufeffHọ và tên,Số điện thoại\r\nLan,'+84912345678\r\n"
 * ```
 */
export async function* csvBytes(
  header: ReadonlyArray<string>,
  rows: Iterable<ReadonlyArray<CellValue | string>> | AsyncIterable<ReadonlyArray<CellValue | string>>
): AsyncGenerator<Uint8Array> {
  let pending = "\ufeff" + csvLine(header)
  for await (const row of rows) {
    pending += csvLine(row)
    if (pending.length >= chunkSize) {
      yield encoder.encode(pending)
      pending = ""
    }
  }
  if (pending.length > 0) yield encoder.encode(pending)
}
