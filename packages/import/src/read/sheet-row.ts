/**
 * One cell as read: text from a CSV, or from an XLSX a string, a number, a
 * boolean, a date (`Date` whose UTC fields hold the wall-clock date and time
 * the sheet shows, with no timezone), or `null` for an empty cell.
 */
export type CellValue = string | number | boolean | Date | null

/**
 * One row of a sheet: its row number as a spreadsheet shows it (1 for the
 * first row of the file, counting blank rows and a title row; a CSV cell with
 * line breaks stays one row) and its cells, left to right.
 *
 * @example
 * ```ts
 * import type { SheetRow } from "@kith/import"
 * const row: SheetRow = { number: 3, cells: ["Nguyễn Thị Lan", "0912 345 678"] }
 * ```
 */
export interface SheetRow {
  readonly number: number
  readonly cells: ReadonlyArray<CellValue>
}

/**
 * Is every cell of a row empty (or only spaces)?
 *
 * @example
 * ```ts
 * import { isBlankRow } from "@kith/import"
 * isBlankRow({ number: 1, cells: ["", " ", null] }) // => true
 * ```
 */
export const isBlankRow = (row: SheetRow): boolean =>
  row.cells.every((cell) => cell === null || (typeof cell === "string" && cell.trim().length === 0))
