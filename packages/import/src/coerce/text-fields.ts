import type { CellValue } from "../read/sheet-row.js"
import { cleanCellText, foldLabel } from "../text.js"

/**
 * A cell as text, cleaned ({@link cleanCellText}): numbers written without
 * exponent, an XLSX date as `yyyy-mm-dd`, booleans as `TRUE` / `FALSE`.
 *
 * @example
 * ```ts
 * import { cellText } from "@kith/import"
 * cellText(" Lan\u00a0") // => "Lan"
 * cellText(12) // => "12"
 * ```
 */
export const cellText = (cell: CellValue): string => {
  if (cell === null) return ""
  if (typeof cell === "string") return cleanCellText(cell)
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString().slice(0, 10)
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE"
  return Number.isInteger(cell) ? cell.toFixed(0) : String(cell)
}

/**
 * Whether a cell holds visible text: `cellText(cell).length > 0`, answered
 * from the first character when it is a visible ASCII one (a digit, a
 * letter), as most filled cells start, without cleaning the whole cell.
 *
 * @example
 * ```ts
 * import { hasCellText } from "@kith/import"
 * hasCellText("31/12/1990") // => true
 * hasCellText(" \u00a0\u200b") // => false
 * hasCellText(null) // => false
 * ```
 */
export const hasCellText = (cell: CellValue): boolean => {
  if (typeof cell === "string") {
    // Cleaning removes or replaces only spaces, controls, invisible marks and combining marks (NFC keeps a base
    // letter): a visible ASCII first character stays.
    const first = cell.charCodeAt(0)
    if (first > 32 && first < 127) return true
  }
  return cellText(cell).length > 0
}

/**
 * Splits a list cell (tags, customer groups) on `,`, `;`, `|` or line
 * breaks; each item cleaned, empty items and repeats dropped.
 *
 * @example
 * ```ts
 * import { splitList } from "@kith/import"
 * splitList("vip, khách cũ; vip") // => ["vip", "khách cũ"]
 * ```
 */
export const splitList = (cell: CellValue): ReadonlyArray<string> => {
  const text = cellText(cell)
  // Tag and group columns repeat a few values: remember their splits (the lists are never changed by callers).
  const known = splitCache.get(text)
  if (known !== undefined) return known
  const items: Array<string> = []
  for (const part of text.split(/[,;|\n]/)) {
    const item = cleanCellText(part)
    if (item.length > 0 && !items.includes(item)) items.push(item)
  }
  if (splitCache.size >= 10_000) splitCache.clear()
  splitCache.set(text, items)
  return items
}

const splitCache = new Map<string, ReadonlyArray<string>>()

const countryNames: Readonly<Record<string, string>> = {
  "viet nam": "VN", vietnam: "VN", vn: "VN", vnm: "VN",
  "hoa ky": "US", my: "US", usa: "US", "united states": "US",
  "trung quoc": "CN", china: "CN",
  "nhat ban": "JP", japan: "JP",
  "han quoc": "KR", korea: "KR", "south korea": "KR",
  "thai lan": "TH", thailand: "TH",
  lao: "LA", laos: "LA",
  campuchia: "KH", cambodia: "KH",
  singapore: "SG",
  "dai loan": "TW", taiwan: "TW",
  uc: "AU", australia: "AU",
  phap: "FR", france: "FR",
  duc: "DE", germany: "DE",
  anh: "GB", "united kingdom": "GB", uk: "GB"
}

/**
 * Reads a country cell as an ISO 3166-1 alpha-2 code: a two-letter code in
 * any case, or a common name in Vietnamese or English (`Việt Nam`,
 * `Vietnam`, `Hàn Quốc`, ...).
 *
 * @example
 * ```ts
 * import { parseCountryCell } from "@kith/import"
 * parseCountryCell("Việt Nam") // => "VN"
 * parseCountryCell("sg") // => "SG"
 * parseCountryCell("Atlantis") // => undefined
 * ```
 */
export const parseCountryCell = (cell: CellValue): string | undefined => {
  const text = cellText(cell)
  const folded = foldLabel(text)
  const named = countryNames[folded]
  if (named !== undefined) return named
  return /^[a-z]{2}$/.test(folded) ? folded.toUpperCase() : undefined
}
