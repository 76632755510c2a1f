import type { CellValue } from "../read/sheet-row.js"

// Currency marks and words written next to amounts.
const currencyMarks = /₫|vnđ|vnd|đồng|dong|đ\b|đ$|\$|usd|€/giu
const multipliers: ReadonlyArray<readonly [RegExp, number]> = [
  [/\s*(?:tỷ|ty|tỉ|ti|b|bn)$/iu, 1e9],
  [/\s*(?:triệu|trieu|tr|m)$/iu, 1e6],
  [/\s*(?:nghìn|nghin|ngàn|ngan|k)$/iu, 1e3]
]

// Rounds away binary noise so that 1,25 × 1,000,000 is exactly 1,250,000.
const clean = (value: number): number => Number(value.toPrecision(15))

/**
 * Reads a number written the Vietnamese way or the English way (IMP-4):
 * `1.250.000` (dots group thousands), `1.250.000 ₫`, `1,25` (a comma is
 * the decimal mark), `1,250,000` and `1,250.50` (English), `1,25 triệu`
 * (also `tr`, `nghìn`/`k`, `tỷ`), a number cell as it is. With both marks,
 * the last one is the decimal mark. With one mark: repeated, or followed by
 * exactly three digits after one to three (not `0`), it groups thousands
 * (`1.250` is 1250, as an amount in đồng would be); otherwise it is the
 * decimal mark (`1,5`, `2.75`, `0,125`).
 * Spaces, non-breaking spaces, currency marks and a leading `+` are ignored;
 * a leading `-` or parentheses make it negative.
 *
 * @param cell - the cell as read
 * @returns the number, or `undefined`
 *
 * @example
 * ```ts
 * import { parseVietnameseNumber } from "@kith/import"
 * parseVietnameseNumber("1.250.000 ₫") // => 1250000
 * parseVietnameseNumber("1,25 triệu") // => 1250000
 * parseVietnameseNumber("1,250,000") // => 1250000
 * parseVietnameseNumber("12,5") // => 12.5
 * parseVietnameseNumber("abc") // => undefined
 * ```
 */
export const parseVietnameseNumber = (cell: CellValue): number | undefined => {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : undefined
  if (typeof cell !== "string") return undefined
  let text = cell.replace(/[\s\u00a0\u202f]/g, "").replace(currencyMarks, "")
  if (text.length === 0) return undefined
  let sign = 1
  if (text.startsWith("(") && text.endsWith(")")) {
    sign = -1
    text = text.slice(1, -1)
  }
  if (text.startsWith("-")) {
    sign = -sign
    text = text.slice(1)
  }
  else if (text.startsWith("+")) text = text.slice(1)
  let factor = 1
  for (const [suffix, value] of multipliers) {
    if (suffix.test(text)) {
      factor = value
      text = text.replace(suffix, "")
      break
    }
  }
  if (!/^\d[\d.,]*$/.test(text) || /[.,]$/.test(text)) return undefined
  const lastDot = text.lastIndexOf(".")
  const lastComma = text.lastIndexOf(",")
  let integer: string
  let fraction = ""
  if (lastDot !== -1 && lastComma !== -1) {
    const decimal = lastDot > lastComma ? "." : ","
    const group = decimal === "." ? "," : "."
    const at = text.lastIndexOf(decimal)
    if (text.indexOf(decimal) !== at) return undefined
    integer = text.slice(0, at)
    fraction = text.slice(at + 1)
    if (!groupedCorrectly(integer, group)) return undefined
    integer = integer.replaceAll(group, "")
  } else if (lastDot !== -1 || lastComma !== -1) {
    const mark = lastDot !== -1 ? "." : ","
    const first = text.indexOf(mark)
    const last = text.lastIndexOf(mark)
    const groups = first !== last || (text.length - last - 1 === 3 && factor === 1 && groupedCorrectly(text, mark))
    if (groups) {
      if (!groupedCorrectly(text, mark)) return undefined
      integer = text.replaceAll(mark, "")
    } else {
      integer = text.slice(0, last)
      fraction = text.slice(last + 1)
    }
  } else integer = text
  const value = Number(fraction.length > 0 ? `${integer}.${fraction}` : integer)
  if (!Number.isFinite(value)) return undefined
  return clean(sign * value * factor)
}

// Thousands groups: one to three digits (not a leading 0), then groups of exactly three.
const groupedCorrectly = (text: string, mark: string): boolean => {
  const parts = text.split(mark)
  const head = parts[0]!
  return head.length >= 1 && head.length <= 3 && head.charCodeAt(0) !== 48 && parts.slice(1).every((part) => part.length === 3)
}

/**
 * Writes a number the Vietnamese way: dots group thousands, a comma marks
 * decimals (`1.250.000`, `12,5`). {@link parseVietnameseNumber} reads it back
 * to the same number (a three-digit fraction of a number below 1,000 gets a
 * trailing 0, `1,1250`, so it cannot read as thousands). Numbers are written
 * in full, without exponent, up to 1e21.
 *
 * @example
 * ```ts
 * import { formatVietnameseNumber } from "@kith/import"
 * formatVietnameseNumber(1250000) // => "1.250.000"
 * formatVietnameseNumber(-12.5) // => "-12,5"
 * ```
 */
export const formatVietnameseNumber = (value: number): string => {
  const sign = value < 0 ? "-" : ""
  const [integer, fraction] = Math.abs(value).toString().split(".") as [string, string | undefined]
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ".")
  if (fraction === undefined) return sign + grouped
  // `1,125` would read as 1125 (a comma before three digits groups thousands): `1,1250` is the same number, unambiguously.
  const unambiguous = fraction.length === 3 && grouped === integer && integer !== "0" ? `${fraction}0` : fraction
  return `${sign}${grouped},${unambiguous}`
}

/**
 * Reads a money cell as an integer amount in the currency's smallest unit
 * (đồng for VND; cents for a currency with two decimals), the way kith
 * stores amounts. A negative amount, or one with more decimals than the
 * currency has, is refused.
 *
 * @param cell - the cell as read
 * @param fractionDigits - the currency's decimals (0 for VND)
 * @returns the amount, or `undefined`
 *
 * @example
 * ```ts
 * import { parseAmountCell } from "@kith/import"
 * parseAmountCell("1.250.000 ₫", 0) // => 1250000
 * parseAmountCell("12.50", 2) // => 1250
 * parseAmountCell("12,5", 0) // => undefined
 * ```
 */
export const parseAmountCell = (cell: CellValue, fractionDigits: number): number | undefined => {
  const value = parseVietnameseNumber(cell)
  if (value === undefined || value < 0) return undefined
  const scaled = clean(value * 10 ** fractionDigits)
  return Number.isSafeInteger(scaled) ? scaled : undefined
}
