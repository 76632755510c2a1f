import { BinaryFile, SheetNotFound } from "../errors.js"
import type { CellValue, SheetRow } from "./sheet-row.js"

/**
 * Which sheet of a workbook to read: its name, or its position counted from
 * 0 (the first sheet, the default).
 */
export type SheetChoice = string | number

// The shapes exceljs gives a cell's value, typed here structurally so nothing else depends on its types.
type ExcelValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | { readonly richText: ReadonlyArray<{ readonly text: string }> }
  | { readonly text: string; readonly hyperlink: string }
  | { readonly formula?: string; readonly sharedFormula?: string; readonly result?: ExcelValue }
  | { readonly error: string }

interface ExcelRow {
  readonly number: number
  readonly values: ReadonlyArray<ExcelValue> | Readonly<Record<string, ExcelValue>>
}
interface ExcelSheet extends AsyncIterable<ExcelRow> {
  readonly name?: string
}

/**
 * A cell as exceljs gives it, as kith reads it: rich text joined, a
 * hyperlink's text, a formula's cached result, an error value (`#N/A`) as
 * empty.
 *
 * @example
 * ```ts
 * import { excelCellValue } from "@kith/import"
 * excelCellValue({ richText: [{ text: "Nguyễn " }, { text: "Lan" }] }) // => "Nguyễn Lan"
 * excelCellValue({ formula: "A1*2", result: 4 }) // => 4
 * ```
 */
export const excelCellValue = (value: unknown): CellValue => {
  if (value === null || value === undefined) return null
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value
  if (typeof value !== "object") return null
  if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((part: { readonly text?: unknown }) => String(part.text ?? "")).join("")
  if ("text" in value && typeof value.text === "string") return value.text
  if ("result" in value) return excelCellValue(value.result)
  return null
}

const cellsOf = (values: ExcelRow["values"]): Array<CellValue> => {
  // exceljs puts cell A at index 1 of a sparse array.
  const list = Array.isArray(values) ? values : Object.values(values)
  const cells: Array<CellValue> = []
  for (let i = 1; i < list.length; i++) cells.push(excelCellValue(list[i]))
  return cells
}

/**
 * Reads one sheet of an XLSX workbook as rows, streaming (exceljs'
 * streaming `WorkbookReader`: shared strings are cached, rows are not).
 * Numbers stay numbers, date cells become `Date`s holding the date the sheet
 * shows in their UTC fields (no timezone involved), formulas give their
 * cached result. Rows come in batches of up to 1,000 with their spreadsheet
 * numbers. Node only: it loads exceljs on first use.
 *
 * @param file - the file's name, for errors
 * @param chunks - the workbook's bytes
 * @param sheet - a sheet name or a 0-based position; the first sheet by default
 * @returns the sheet's name and its rows in batches
 * @throws {@link SheetNotFound} when no sheet matches, {@link BinaryFile} when
 * the bytes are not an XLSX workbook (both while iterating)
 *
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { readXlsx } from "@kith/import"
 * const { batches } = readXlsx("kh.xlsx", createReadStream("kh.xlsx"), "Khách hàng")
 * for await (const batch of batches) console.log(batch.length)
 * ```
 */
export const readXlsx = (
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  sheet: SheetChoice = 0
): { readonly sheetName: Promise<string>; readonly batches: AsyncIterable<ReadonlyArray<SheetRow>> } => {
  let resolveName: (name: string) => void = () => undefined
  let rejectName: (error: unknown) => void = () => undefined
  const sheetName = new Promise<string>((resolve, reject) => {
    resolveName = resolve
    rejectName = reject
  })
  // Nobody may ask for the name; its failure is reported through the batches.
  sheetName.catch(() => undefined)
  async function* batches(): AsyncGenerator<ReadonlyArray<SheetRow>> {
    try {
      const [{ default: ExcelJS }, { Readable }] = await Promise.all([import("exceljs"), import("node:stream")])
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks), {
        sharedStrings: "cache",
        styles: "cache",
        hyperlinks: "ignore",
        worksheets: "emit",
        entries: "emit"
      }) as unknown as AsyncIterable<ExcelSheet>
      const seen: Array<string> = []
      let found = false
      let position = 0
      for await (const worksheet of reader) {
        const name = worksheet.name ?? `Sheet${position + 1}`
        seen.push(name)
        const chosen = !found && (typeof sheet === "number" ? position === sheet : name === sheet)
        position++
        if (!chosen) {
          // Another sheet: its rows must still be read past to reach the next one.
          for await (const _row of worksheet) void _row
          continue
        }
        found = true
        resolveName(name)
        let batch: Array<SheetRow> = []
        for await (const row of worksheet) {
          batch.push({ number: row.number, cells: cellsOf(row.values) })
          if (batch.length >= 1000) {
            yield batch
            batch = []
          }
        }
        if (batch.length > 0) yield batch
      }
      if (!found) throw new SheetNotFound({ file, sheet, available: seen })
    } catch (error) {
      const failure =
        error instanceof SheetNotFound
          ? error
          : new BinaryFile({ file, kind: "unknown", reason: `not an XLSX workbook (${error instanceof Error ? error.message : String(error)})` })
      rejectName(failure)
      throw failure
    }
  }
  return { sheetName, batches: batches() }
}
