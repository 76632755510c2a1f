import type { ImportKind } from "./fields.js"
import { matchHeader } from "./mapping.js"
import type { CellValue, SheetRow } from "./read/sheet-row.js"
import { DefaultSynonyms, type SynonymTable } from "./synonyms.js"
import { cleanCellText } from "./text.js"

/**
 * A header cell, cleaned: `label` is what names the column; `note` is any
 * text after a line break (`Họ và tên\n(bắt buộc, tối đa 200 ký tự)`);
 * `marked` says the header carried a required mark (`*`, `(*)`,
 * `(bắt buộc)`, `(required)`), which is removed from the label.
 */
export interface HeaderCell {
  readonly label: string
  readonly note: string
  readonly marked: boolean
}

const requiredMarks = /\s*(?:\(\s*\*\s*\)|\[\s*\*\s*\]|\*+|\(\s*(?:bắt buộc|bat buoc|bb|required|mandatory)\s*\)|\[\s*(?:bắt buộc|bat buoc|required)\s*\])\s*/giu

/**
 * Cleans one header cell: the first line is the label, the other lines a
 * note; required marks are removed (and remembered), as are a trailing colon
 * and the spacing and invisible characters of {@link cleanCellText}.
 *
 * @param raw - the header cell as read
 * @returns the label, the note and whether it was marked required
 *
 * @example
 * ```ts
 * import { cleanHeader } from "@kith/import"
 * cleanHeader("Số điện thoại (*)\nVí dụ: 0912 345 678") // => { label: "Số điện thoại", note: "Ví dụ: 0912 345 678", marked: true }
 * cleanHeader("Email (bắt buộc):") // => { label: "Email", note: "", marked: true }
 * ```
 */
export const cleanHeader = (raw: CellValue): HeaderCell => {
  const text = raw === null ? "" : raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw)
  const lines = text.replaceAll("\r\n", "\n").replaceAll("\r", "\n").split("\n").map(cleanCellText)
  const firstLine = lines.findIndex((line) => line.length > 0)
  const label = firstLine === -1 ? "" : lines[firstLine]!
  const note = firstLine === -1 ? "" : lines.slice(firstLine + 1).filter((line) => line.length > 0).join(" ")
  const marked = requiredMarks.test(label) || requiredMarks.test(note)
  requiredMarks.lastIndex = 0
  const cleaned = cleanCellText(label.replace(requiredMarks, " ").replace(/\s*:\s*$/u, ""))
  requiredMarks.lastIndex = 0
  return { label: cleaned, note, marked }
}

const isText = (cell: CellValue): cell is string => typeof cell === "string" && cell.trim().length > 0 && !/^[\d\s.,+\-/:]+$/.test(cell)

/**
 * Finds the header row among a sheet's first rows: the row whose cells match
 * the most known headers ({@link matchHeader}, at least two); failing that,
 * the first row of two or more distinct text cells that is as wide as the
 * rows under it; failing that, the first row. Rows above it — a title such
 * as `DANH SÁCH KHÁCH HÀNG`, an export date — are not data.
 *
 * @param rows - the first non-blank rows of the sheet (30 are plenty)
 * @param kind - the import kind, whose fields are looked for
 * @param synonyms - the synonym table
 * @returns the position of the header row in `rows`
 *
 * @example
 * ```ts
 * import { detectHeaderRow } from "@kith/import"
 * detectHeaderRow([
 *   { number: 1, cells: ["DANH SÁCH KHÁCH HÀNG", "", ""] },
 *   { number: 2, cells: ["Xuất ngày 01/03/2025", "", ""] },
 *   { number: 3, cells: ["STT", "Họ và tên", "SĐT"] },
 *   { number: 4, cells: ["1", "Nguyễn Thị Lan", "0912345678"] }
 * ], "customers") // => 2
 * ```
 */
export const detectHeaderRow = (rows: ReadonlyArray<SheetRow>, kind: ImportKind, synonyms: SynonymTable = DefaultSynonyms): number => {
  let best = -1
  let bestScore = 1
  const matches = new Map<string, ReturnType<typeof matchHeader>>()
  const matchOf = (label: string) => {
    if (!matches.has(label)) matches.set(label, label.length > 60 ? undefined : matchHeader(label, kind, synonyms))
    return matches.get(label)
  }
  rows.forEach((row, index) => {
    const fields = new Set<string>()
    for (const cell of row.cells) {
      if (typeof cell !== "string") continue
      const match = matchOf(cleanHeader(cell).label)
      if (match !== undefined && match.confidence >= 0.8) fields.add(match.field)
    }
    if (fields.size > bestScore) {
      best = index
      bestScore = fields.size
    }
  })
  if (best !== -1) return best
  const filled = (row: SheetRow) => row.cells.filter((cell) => cell !== null && String(cell).trim().length > 0).length
  const widest = Math.max(0, ...rows.map(filled))
  const fallback = rows.findIndex((row) => {
    const texts = row.cells.filter(isText).map((cell) => cell.trim())
    return texts.length >= 2 && texts.length === filled(row) && new Set(texts).size === texts.length && texts.length * 2 >= widest
  })
  return fallback === -1 ? 0 : fallback
}
