// Characters spreadsheets leave in cells that a person does not see as text:
// tabs, non-breaking and other Unicode spaces, zero-width marks, the BOM.
const invisibleSpace = /[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/
const invisibleSpaces = new RegExp(invisibleSpace.source, "g")
const zeroWidthMark = /[\u200b-\u200d\u2060\ufeff]/
const zeroWidthMarks = new RegExp(zeroWidthMark.source, "g")
const repeatedSpaces = / {2,}/g
const combiningMark = /[\u0300-\u036f]/

// What cleanCellTextGeneral may change inside a cell: a tab, an odd space, a zero-width mark, a combining mark, two
// spaces in a row, and the line terminators U+2028 and U+2029 (trimmed at either end).
const needsWork = /[\t\u00a0\u0300-\u036f\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]| {2}/

// Whether a cell needs any of the work of cleanCellTextGeneral: one of the characters above, or a space (or a
// control character) at either end. Most cells pass it without allocating anything. A regular expression, not a
// loop over char codes: a cell of 13 characters or more is a slice of the text it was read from, whose characters
// are slower to read one by one than the expression reads them.
const needsCleaning = (text: string): boolean => {
  const length = text.length
  if (length === 0) return false
  if (text.charCodeAt(0) <= 32 || text.charCodeAt(length - 1) <= 32) return true
  return needsWork.test(text)
}

/**
 * Cleans one text cell the way a person reads it: Unicode NFC (a value typed
 * with combining accents equals the precomposed one), tabs and non-breaking
 * or other Unicode spaces turned into plain spaces, zero-width marks removed,
 * runs of spaces collapsed, the ends trimmed. Line breaks inside the cell are
 * kept (a multi-line address or note stays multi-line).
 *
 * @param value - the cell as read
 * @returns the cleaned text (`""` for a cell with nothing visible)
 *
 * @example
 * ```ts
 * import { cleanCellText } from "@kith/import"
 * cleanCellText("\u00a0Nguyễn  Thị\tLan ") // => "Nguyễn Thị Lan"
 * ```
 */
export const cleanCellText = (value: string): string =>
  // Most cells are already clean: precomposed text, no odd spaces, nothing to trim.
  needsCleaning(value) ? cleanCellTextGeneral(value) : value

/**
 * {@link cleanCellText} without its check for a cell that is already clean:
 * every step run on every cell. A property test holds the check to it.
 *
 * @internal
 */
export const cleanCellTextGeneral = (value: string): string => {
  // Text without combining marks is NFC already for every script a shop's sheet holds.
  let text = combiningMark.test(value) ? value.normalize("NFC") : value
  if (invisibleSpace.test(text)) text = text.replace(invisibleSpaces, " ")
  if (zeroWidthMark.test(text)) text = text.replace(zeroWidthMarks, "")
  text = text.trim()
  return text.includes("  ") ? text.replace(repeatedSpaces, " ") : text
}

// Vietnamese letters whose base letter NFD does not separate.
const foldExtra: Readonly<Record<string, string>> = { đ: "d", Đ: "d" }
const combiningMarks = /[\u0300-\u036f]/g
const nonAlphanumeric = /[^a-z0-9]+/g

/**
 * Folds a label for comparison: accents removed (`đ` → `d`), lower-cased,
 * every run of spaces, punctuation and symbols turned into one space, trimmed.
 * `Họ và tên`, `HO VA TEN` and `ho_va_ten` fold alike; so do the precomposed
 * and the combining spellings of the same word.
 *
 * @param label - a header or a synonym
 * @returns the folded form
 *
 * @example
 * ```ts
 * import { foldLabel } from "@kith/import"
 * foldLabel("Số điện thoại (*)") // => "so dien thoai"
 * foldLabel("E-mail") // => "e mail"
 * ```
 */
export const foldLabel = (label: string): string =>
  label
    .normalize("NFD")
    .replace(combiningMarks, "")
    .replace(/[đĐ]/g, (c) => foldExtra[c] ?? c)
    .toLowerCase()
    .replace(nonAlphanumeric, " ")
    .trim()

/**
 * A folded label without any space: `so dien thoai` → `sodienthoai`, so `SĐT`,
 * `S.Đ.T` and `S Đ T` compare equal.
 *
 * @example
 * ```ts
 * import { compactLabel } from "@kith/import"
 * compactLabel("S.Đ.T") // => "sdt"
 * ```
 */
export const compactLabel = (label: string): string => foldLabel(label).replaceAll(" ", "")
