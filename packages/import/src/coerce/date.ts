import { TZDate } from "@date-fns/tz"
import type { CellValue } from "../read/sheet-row.js"

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

// Proleptic Gregorian, without Date (which reads years below 100 as 19xx).
const isRealDate = (y: number, m: number, d: number): boolean => {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false
  const daysInMonth = m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : monthLengths[m - 1]!
  return d <= daysInMonth
}

// `yyyy-mm-dd` of a real date (years 1 to 9999), made in one string: no padded pieces joined.
const calendar = (y: number, m: number, d: number): string | undefined =>
  isRealDate(y, m, d)
    ? String.fromCharCode(48 + Math.floor(y / 1000), 48 + (Math.floor(y / 100) % 10), 48 + (Math.floor(y / 10) % 10), 48 + (y % 10), 45, 48 + Math.floor(m / 10), 48 + (m % 10), 45, 48 + Math.floor(d / 10), 48 + (d % 10))
    : undefined

/** The largest Excel serial number: 9999-12-31. */
const maxSerial = 2958465

/**
 * Converts an Excel serial date number to the calendar date it shows, with
 * no timezone: day 1 is 1900-01-01 (Excel's phantom 29 February 1900, serial
 * 60, is refused), or 1904-01-01 + serial in a workbook using the 1904 date
 * system. A time fraction is ignored. Arithmetic is on UTC days, so neither
 * the machine's timezone nor the workspace's (Asia/Ho_Chi_Minh had other
 * offsets before 1975) can shift a birthday.
 *
 * @param serial - the serial number
 * @param date1904 - the workbook uses the 1904 date system
 * @returns `yyyy-mm-dd`, or `undefined` outside 1..2958465
 *
 * @example
 * ```ts
 * import { excelSerialToCalendarDate } from "@kith/import"
 * excelSerialToCalendarDate(33121) // => "1990-09-05"
 * excelSerialToCalendarDate(1) // => "1900-01-01"
 * excelSerialToCalendarDate(61) // => "1900-03-01"
 * ```
 */
export const excelSerialToCalendarDate = (serial: number, date1904 = false): string | undefined => {
  const day = Math.floor(serial)
  if (!Number.isFinite(serial) || day < 1 || day > maxSerial) return undefined
  if (!date1904 && day === 60) return undefined
  // Serials after the phantom day are one ahead of the real count from 1899-12-31.
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, day > 60 ? 30 : 31)
  const at = new Date(epoch + day * 86_400_000)
  return calendar(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate())
}

/**
 * The Excel serial number of a calendar date (the inverse of
 * {@link excelSerialToCalendarDate}, for tests and for writing dates).
 *
 * @example
 * ```ts
 * import { calendarDateToExcelSerial } from "@kith/import"
 * calendarDateToExcelSerial("1990-09-05") // => 33121
 * ```
 */
export const calendarDateToExcelSerial = (date: string): number => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  const days = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 31)) / 86_400_000)
  return days >= 60 ? days + 1 : days
}

/** Options of {@link parseCalendarCell}. */
export interface DateOptions {
  /** The import's date: a two-digit year is the latest year ending in it that is not after this date's year. */
  readonly asOf: Date
  /** The workbook uses the 1904 date system (old Mac Excel). */
  readonly date1904?: boolean
}

const dmy = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T,]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)?$/
const ymd = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/
const compactYmd = /^(\d{4})(\d{2})(\d{2})$/
const serialText = /^\d{1,7}(?:[.,]\d+)?$/

const fullYear = (twoDigits: number, asOf: Date): number => {
  const current = asOf.getUTCFullYear()
  const century = current - (current % 100)
  return century + twoDigits > current ? century - 100 + twoDigits : century + twoDigits
}

const digitAt = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -100_000
}

// A day-first date with no time, `d/m/yy` and the like (a day and a month of one or two digits, a year of two or
// four, each pair parted by `/`, `.` or `-`), read without the dmy expression, which answers the same for it;
// `null` for any other shape.
const dayFirstDate = (text: string, asOf: Date): string | undefined | null => {
  const length = text.length
  if (length < 6 || length > 10) return null
  let day = digitAt(text, 0)
  let i = 1
  let next = digitAt(text, 1)
  if (next >= 0) {
    day = day * 10 + next
    i = 2
  }
  const first = text.charCodeAt(i)
  if (day < 0 || (first !== 47 && first !== 46 && first !== 45)) return null
  let month = digitAt(text, ++i)
  next = digitAt(text, ++i)
  if (next >= 0) {
    month = month * 10 + next
    i++
  }
  const second = text.charCodeAt(i)
  if (month < 0 || (second !== 47 && second !== 46 && second !== 45)) return null
  const yearDigits = length - ++i
  if (yearDigits !== 2 && yearDigits !== 4) return null
  let year = 0
  for (; i < length; i++) year = year * 10 + digitAt(text, i)
  if (year < 0) return null
  return calendar(yearDigits === 2 ? fullYear(year, asOf) : year, month, day)
}

// `dd/mm/yyyy` and `yyyy-mm-dd`, the two forms most cells hold, read without a regular expression;
// `null` for any other shape (the general readers below decide).
const fixedWidthDate = (text: string): string | undefined | null => {
  if (text.length !== 10) return null
  const s2 = text.charCodeAt(2)
  if ((s2 === 47 || s2 === 45 || s2 === 46) && text.charCodeAt(5) === s2) {
    const d = digitAt(text, 0) * 10 + digitAt(text, 1)
    const m = digitAt(text, 3) * 10 + digitAt(text, 4)
    const y = digitAt(text, 6) * 1000 + digitAt(text, 7) * 100 + digitAt(text, 8) * 10 + digitAt(text, 9)
    if (d < 0 || m < 0 || y < 0) return null
    return calendar(y, m, d)
  }
  if (text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const y = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3)
    const m = digitAt(text, 5) * 10 + digitAt(text, 6)
    const d = digitAt(text, 8) * 10 + digitAt(text, 9)
    if (d < 0 || m < 0 || y < 0) return null
    return isRealDate(y, m, d) ? text : undefined
  }
  return null
}

/**
 * Reads a calendar date cell (a birthday): `dd/mm/yyyy`, `d/m/yyyy`,
 * `d/m/yy` (also with `-` or `.`; a time after it is ignored), ISO
 * `yyyy-mm-dd` (a time after it is ignored), `yyyymmdd`, an Excel serial
 * number (as a number or as text), or an XLSX date cell. Day first, as
 * Vietnamese sheets write it. A two-digit year is the latest year ending in
 * it that is not after `asOf` (`5/9/90` → 1990, `1/2/05` → 2005 in 2025).
 *
 * @param cell - the cell as read
 * @param options - `asOf` for two-digit years, the 1904 date system
 * @returns `yyyy-mm-dd`, or `undefined` when it is not a real date
 *
 * @example
 * ```ts
 * import { parseCalendarCell } from "@kith/import"
 * const asOf = new Date("2025-03-01T00:00:00Z")
 * parseCalendarCell("05/09/1990", { asOf }) // => "1990-09-05"
 * parseCalendarCell("5/9/90", { asOf }) // => "1990-09-05"
 * parseCalendarCell(33121, { asOf }) // => "1990-09-05"
 * parseCalendarCell("31/02/1990", { asOf }) // => undefined
 * ```
 */
export const parseCalendarCell = (cell: CellValue, options: DateOptions): string | undefined => {
  if (cell === null || typeof cell === "boolean") return undefined
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return undefined
    return calendar(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate())
  }
  if (typeof cell === "number") return excelSerialToCalendarDate(cell, options.date1904)
  const text = cell.trim()
  const fixed = fixedWidthDate(text)
  if (fixed !== null) return fixed
  const dayFirst = dayFirstDate(text, options.asOf)
  return dayFirst !== null ? dayFirst : calendarTextGeneral(text, options)
}

/**
 * The general reader of a trimmed date text, with regular expressions: what
 * {@link parseCalendarCell} answers for any text its fast paths do not take
 * (and, a property test checks, for those too).
 *
 * @internal
 */
export const calendarTextGeneral = (text: string, options: DateOptions): string | undefined => {
  let match = dmy.exec(text)
  if (match !== null) {
    const year = match[3]!.length === 2 ? fullYear(Number(match[3]), options.asOf) : Number(match[3])
    return calendar(year, Number(match[2]), Number(match[1]))
  }
  match = ymd.exec(text)
  if (match !== null) return calendar(Number(match[1]), Number(match[2]), Number(match[3]))
  match = compactYmd.exec(text)
  if (match !== null) return calendar(Number(match[1]), Number(match[2]), Number(match[3]))
  if (serialText.test(text)) return excelSerialToCalendarDate(Number(text.replace(",", ".")), options.date1904)
  return undefined
}

const dmyTime = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*([AaPp])[Mm])?)?$/
const isoTime = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/
const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/

const wallClock = (y: number, m: number, d: number, h: number, min: number, s: number, timeZone: string): Date | undefined => {
  if (!isRealDate(y, m, d) || h > 23 || min > 59 || s > 59) return undefined
  return new Date(new TZDate(y, m - 1, d, h, min, s, timeZone).getTime())
}

/**
 * Reads a date-and-time cell (an order's date) as an instant: a time written
 * without a zone is a wall-clock time in the workspace timezone. Accepts
 * `dd/mm/yyyy hh:mm[:ss]` (also `AM`/`PM`), a date alone (midnight), ISO
 * with or without a zone, an Excel serial number with a time fraction, or an
 * XLSX date cell.
 *
 * @param cell - the cell as read
 * @param options - `asOf` for two-digit years, the 1904 date system, and the workspace `timeZone`
 * @returns the instant, or `undefined`
 *
 * @example
 * ```ts
 * import { parseInstantCell } from "@kith/import"
 * const options = { asOf: new Date("2025-03-01T00:00:00Z"), timeZone: "Asia/Ho_Chi_Minh" }
 * parseInstantCell("01/03/2025 09:30", options)?.toISOString() // => "2025-03-01T02:30:00.000Z"
 * parseInstantCell(45717.5, options)?.toISOString() // => "2025-03-01T05:00:00.000Z"
 * ```
 */
export const parseInstantCell = (cell: CellValue, options: DateOptions & { readonly timeZone: string }): Date | undefined => {
  if (cell === null || typeof cell === "boolean") return undefined
  const { timeZone } = options
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return undefined
    return wallClock(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), cell.getUTCHours(), cell.getUTCMinutes(), cell.getUTCSeconds(), timeZone)
  }
  const fromSerial = (serial: number): Date | undefined => {
    const date = excelSerialToCalendarDate(serial, options.date1904)
    if (date === undefined) return undefined
    const seconds = Math.round((serial - Math.floor(serial)) * 86_400)
    const [y, m, d] = date.split("-").map(Number) as [number, number, number]
    return wallClock(y, m, d, Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60, timeZone)
  }
  if (typeof cell === "number") return fromSerial(cell)
  const text = cell.trim()
  if (isoWithZone.test(text)) {
    const at = new Date(text)
    return Number.isNaN(at.getTime()) ? undefined : at
  }
  let match = dmyTime.exec(text)
  if (match !== null) {
    const year = match[3]!.length === 2 ? fullYear(Number(match[3]), options.asOf) : Number(match[3])
    let hour = Number(match[4] ?? 0)
    const half = match[7]?.toLowerCase()
    if (half !== undefined && (hour < 1 || hour > 12)) return undefined
    if (half === "p" && hour < 12) hour += 12
    if (half === "a" && hour === 12) hour = 0
    return wallClock(year, Number(match[2]), Number(match[1]), hour, Number(match[5] ?? 0), Number(match[6] ?? 0), timeZone)
  }
  match = isoTime.exec(text)
  if (match !== null) return wallClock(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0), timeZone)
  if (serialText.test(text)) return fromSerial(Number(text.replace(",", ".")))
  return undefined
}
