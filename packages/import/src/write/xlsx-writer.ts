import type { CellValue } from "../read/sheet-row.js"
import { exportCellText } from "./csv-writer.js"

/** A sheet to write: its name, header cells and rows. */
export interface XlsxSheet {
  readonly name: string
  readonly header: ReadonlyArray<string>
  readonly rows: Iterable<ReadonlyArray<CellValue | string>> | AsyncIterable<ReadonlyArray<CellValue | string>>
  /** Column widths in characters (default from the headers). */
  readonly widths?: ReadonlyArray<number>
}

// Cells the writer keeps typed; everything else is written as text.
const xlsxCell = (value: unknown): string | number | boolean | null => {
  if (typeof value === "number" && Number.isFinite(value)) return value
  if (typeof value === "boolean") return value
  const text = exportCellText(value)
  return text.length === 0 ? null : text
}

/**
 * Streams sheets as an XLSX workbook (exceljs' streaming `WorkbookWriter`):
 * rows are committed as they come, so memory stays bounded. Text is
 * written as text cells — a value starting with `=` is a string, never a
 * formula — numbers as numbers; the header row is bold and frozen. Node
 * only: it loads exceljs on first use.
 *
 * @param sheets - the sheets, in order
 * @returns the workbook's bytes in chunks
 *
 * @example
 * ```ts
 * import { xlsxBytes } from "@kith/import"
 * const parts = []
 * for await (const chunk of xlsxBytes([{ name: "Khách hàng", header: ["Họ và tên"], rows: [["Lan"]] }])) parts.push(chunk)
 * parts.length > 0 // => true
 * ```
 */
export async function* xlsxBytes(sheets: ReadonlyArray<XlsxSheet>): AsyncGenerator<Uint8Array> {
  const [{ default: ExcelJS }, { PassThrough }] = await Promise.all([import("exceljs"), import("node:stream")])
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true })
  const write = async (): Promise<void> => {
    for (const sheet of sheets) {
      const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] })
      worksheet.columns = sheet.header.map((header, i) => ({ width: sheet.widths?.[i] ?? Math.min(40, Math.max(12, header.length + 4)) }))
      const headerRow = worksheet.addRow([...sheet.header])
      headerRow.font = { bold: true }
      headerRow.commit()
      let count = 0
      for await (const row of sheet.rows) {
        worksheet.addRow(row.map(xlsxCell)).commit()
        // Let the consumer catch up: the zip stream writes into `out` as rows are committed.
        if (++count % 1000 === 0) while (out.readableLength > 1 << 20 && !out.destroyed) await new Promise((resolve) => setTimeout(resolve, 1))
      }
      worksheet.commit()
    }
    await workbook.commit()
  }
  const done = write().catch((error: unknown) => {
    out.destroy(error instanceof Error ? error : new Error(String(error)))
  })
  for await (const chunk of out) yield chunk as Uint8Array
  await done
}
