import { normalizeValue, type ResolvedIdentityPolicy } from "@kith/identity"
import type { CellValue } from "../read/sheet-row.js"
import { commonPhoneCell } from "./common-phone-cell.js"
import type { ProblemReason } from "../problems.js"

/** A value refused by a coercion: why, in a reason code and in words. */
export interface Refusal {
  readonly value: string
  readonly reason: ProblemReason
  readonly message: string
}

const trailingZeroDecimal = /^(\+?\d+)[.,]0+$/
const scientific = /^(\d)(?:[.,](\d+))?e\+?(\d{1,2})$/i

/**
 * Undoes what a spreadsheet does to a phone number stored as a number: a
 * trailing `.0` (`912345678.0`), scientific notation (`8.4912345678E+10`,
 * also with a decimal comma), a number cell. Scientific notation that kept
 * fewer digits than the number has (`8.49123E+10`) cannot be undone: the
 * real digits are gone, and the result says so. The leading `0` a
 * spreadsheet drops is restored by identity's normalization (nine digits
 * read as a Vietnamese mobile).
 *
 * @param cell - the phone cell as read
 * @returns the digits to normalize, or `{ lost }` with the significant digits kept
 *
 * @example
 * ```ts
 * import { repairSpreadsheetNumber } from "@kith/import"
 * repairSpreadsheetNumber("912345678.0") // => "912345678"
 * repairSpreadsheetNumber("8.4912345678E+10") // => "84912345678"
 * repairSpreadsheetNumber("8.49123E+10") // => { lost: 6 }
 * repairSpreadsheetNumber(84912345678) // => "84912345678"
 * ```
 */
export const repairSpreadsheetNumber = (cell: string | number): string | { readonly lost: number } => {
  // A number cell holds the digits exactly (up to 2^53); String() never uses exponents below 1e21.
  if (typeof cell === "number") return String(cell)
  const text = cell.trim()
  const decimal = trailingZeroDecimal.exec(text)
  if (decimal !== null) return decimal[1]!
  const sci = scientific.exec(text)
  if (sci !== null) {
    const fraction = sci[2] ?? ""
    const exponent = Number(sci[3])
    if (fraction.length === exponent) return sci[1]! + fraction
    if (fraction.length < exponent) return { lost: fraction.length + 1 }
  }
  return text
}

// Separators between several numbers in one cell; a dash is one only with spaces around it.
const listSeparators = /[/,;|\n]| - | – | hoặc | hoac | or /i
// A quick test for any of them: most cells hold one number.
const listSeparator = /[/,;|\n–]| - | hoặc| hoac| or /i

const digitCount = (text: string): number => {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) count++
  }
  return count
}

const noRefusals: ReadonlyArray<Refusal> = []
const noPhones: PhoneCell = { phones: [], refused: noRefusals }

// Digits and the separators people type inside one number, with no list separator and no spreadsheet damage
// (no `.0` ending, no exponent): the cell is one number as written.
const isPlainNumber = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // 0-9, space, ( ) + - .
    if (!((c >= 48 && c <= 57) || c === 32 || c === 40 || c === 41 || c === 43 || c === 45 || c === 46)) return false
  }
  return !text.includes(" - ") && !/\.0+$/.test(text)
}

/** The phones of one cell: normalized (E.164, first the main one) and the parts that were refused. */
export interface PhoneCell {
  readonly phones: ReadonlyArray<string>
  readonly refused: ReadonlyArray<Refusal>
}

const refusalMessage = (reason: string): { readonly reason: ProblemReason; readonly message: string } => {
  switch (reason) {
    case "blocked":
      return { reason: "blocked", message: "a junk value on the blocklist (IDN-4): it never identifies anyone" }
    case "too_long":
      return { reason: "too_long", message: "longer than 512 characters" }
    default:
      return { reason: "invalid_phone", message: "not a valid phone number (Vietnamese numbers in any written form, or +country code)" }
  }
}

// Identity's phone normalization (its fast path takes the common forms of a mobile number).
const normalizePhone = (text: string, policy: ResolvedIdentityPolicy): ReturnType<typeof normalizeValue> => normalizeValue("phone", text, policy)

const normalizeOne = (part: string, policy: ResolvedIdentityPolicy): string | Refusal => {
  const repaired = repairSpreadsheetNumber(part)
  if (typeof repaired !== "string") {
    return {
      value: part,
      reason: "phone_precision_lost",
      message: `Excel wrote this number in scientific notation and kept only ${repaired.lost} digits; format the column as Text and export again`
    }
  }
  const normalized = normalizePhone(repaired, policy)
  return typeof normalized === "string" ? normalized : { value: part, ...refusalMessage(normalized.reason) }
}

/**
 * Reads every phone number in one cell (IMP-4): a leading apostrophe (typed
 * to keep the leading `0`) ignored; several numbers separated by
 * `/`, `,`, `;`, `|`, a line break, ` - ` or `hoặc`; two numbers joined by a
 * bare `-` or a space when each part is a whole number; spreadsheet damage
 * repaired ({@link repairSpreadsheetNumber}); each number normalized by
 * `@kith/identity` with the workspace policy (E.164, the 2018 remap, the
 * blocklist). Duplicates are dropped.
 *
 * @param cell - the cell as read
 * @param policy - the workspace's resolved identity policy
 * @returns the phones, and the parts refused with a reason
 *
 * @example
 * ```ts
 * import { readPhoneCell } from "@kith/import"
 * import { resolveIdentityPolicy } from "@kith/identity"
 * const policy = resolveIdentityPolicy({})
 * readPhoneCell("0912 345 678 / 0162.123.4567", policy).phones // => ["+84912345678", "+84321234567"]
 * readPhoneCell(912345678, policy).phones // => ["+84912345678"]
 * readPhoneCell("8.49123E+10", policy).refused[0]?.reason // => "phone_precision_lost"
 * ```
 */
export const readPhoneCell = (cell: CellValue, policy: ResolvedIdentityPolicy): PhoneCell => {
  // Most cells hold one or two mobiles in a common form: read without the general path's splitting and repairs.
  if (typeof cell === "string") {
    const phones = commonPhoneCell(cell, policy)
    if (phones !== undefined) return { phones, refused: noRefusals }
  }
  return readPhoneCellGeneral(cell, policy)
}

/**
 * {@link readPhoneCell} without its fast path ({@link commonPhoneCell}):
 * every cell split, repaired and normalized as described there. The fast
 * path is held equal to it.
 *
 * @param cell - the cell as read
 * @param policy - the workspace's resolved identity policy
 * @returns the phones, and the parts refused with a reason
 *
 * @example
 * ```ts
 * import { readPhoneCellGeneral } from "@kith/import"
 * import { resolveIdentityPolicy } from "@kith/identity"
 * readPhoneCellGeneral("0912 345 678 hoặc 0987654321", resolveIdentityPolicy({})).phones // => ["+84912345678", "+84987654321"]
 * ```
 */
export const readPhoneCellGeneral = (cell: CellValue, policy: ResolvedIdentityPolicy): PhoneCell => {
  if (cell === null || typeof cell === "boolean" || cell instanceof Date) return { phones: [], refused: cell === null ? [] : [{ value: String(cell), reason: "invalid_phone", message: "not a phone number" }] }
  if (typeof cell === "number") {
    const one = normalizeOne(String(cell), policy)
    return typeof one === "string" ? { phones: [one], refused: [] } : { phones: [], refused: [one] }
  }
  // A leading apostrophe is how people force a spreadsheet to keep the leading 0: it is not part of the number.
  const trimmed = cell.trim()
  const text = trimmed.charCodeAt(0) === 39 ? trimmed.replace(/^'+/, "") : trimmed
  if (text.length === 0) return noPhones
  // Most cells hold one number written with digits, spaces, dots, dashes, brackets and a plus: straight to identity.
  if (isPlainNumber(text)) {
    const normalized = normalizePhone(text, policy)
    if (typeof normalized === "string") return { phones: [normalized], refused: noRefusals }
  }
  // A whole-cell number in scientific notation may use a decimal comma: never split it.
  const parts =
    !listSeparator.test(text) || scientific.test(text) || trailingZeroDecimal.test(text)
      ? [text]
      : text.split(listSeparators).map((p) => p.trim()).filter((p) => p.length > 0)
  const phones: Array<string> = []
  const refused: Array<Refusal> = []
  for (const part of parts) {
    const result = normalizeOne(part, policy)
    if (typeof result !== "string" && result.reason === "invalid_phone" && digitCount(part) >= 18) {
      // Two numbers run together with a dash or a space: accept only when each piece is a whole number.
      const pieces = part.split(/\s*-\s*|\s+/).filter((p) => p.length > 0)
      const groups = pieces.length > 1 ? pieces.map((p) => normalizeOne(p, policy)) : []
      if (groups.length > 1 && groups.every((g) => typeof g === "string")) {
        for (const g of groups as Array<string>) if (!phones.includes(g)) phones.push(g)
        continue
      }
    }
    if (typeof result === "string") {
      if (!phones.includes(result)) phones.push(result)
    } else refused.push(result)
  }
  return { phones, refused }
}
