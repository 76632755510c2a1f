import { commonMobileNumber, type ResolvedIdentityPolicy } from "@kith/identity"

// The fast path of readPhoneCell: the phone cells most sheets hold, read without its splitting on separators and
// its regular expressions. It answers exactly what the general reader answers, or declines (`undefined`) and the
// general reader decides; a property test holds it to the general reader on random cells near its edges.

// `^\+?\d+[.,]0+$`, the decimal part a spreadsheet writes after a number: where the `.` or `,` stands, or -1.
const decimalZerosAt = (text: string): number => {
  const length = text.length
  // Most numbers do not end in 0: no scan of their digits.
  if (text.charCodeAt(length - 1) !== 48) return -1
  let i = text.charCodeAt(0) === 43 ? 1 : 0
  const digitsFrom = i
  while (i < length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++
  if (i === digitsFrom || i >= length - 1) return -1
  const mark = text.charCodeAt(i)
  if (mark !== 46 && mark !== 44) return -1
  for (let j = i + 1; j < length; j++) if (text.charCodeAt(j) !== 48) return -1
  return i
}

// `/\.0+$/`: the general reader never takes such a number as written.
const endsInDotZeros = (text: string): boolean => {
  let i = text.length - 1
  if (text.charCodeAt(i) !== 48) return false
  while (i > 0 && text.charCodeAt(i - 1) === 48) i--
  return text.charCodeAt(i - 1) === 46
}

// One number as the general reader reads a part: a decimal ending cut, then identity's common-mobile path; only a
// normalized number is taken (a blocked one, or anything else, goes to the general reader for its refusal).
const commonNumber = (part: string, policy: ResolvedIdentityPolicy): string | undefined => {
  const cut = decimalZerosAt(part)
  // ` - ` separates two numbers for the general reader.
  const common = cut >= 0 ? commonMobileNumber(part.slice(0, cut), policy) : endsInDotZeros(part) || (part.indexOf("-") >= 0 && part.includes(" - ")) ? undefined : commonMobileNumber(part, policy)
  return typeof common === "string" ? common : undefined
}

/**
 * `readPhoneCell(cell, policy).phones` for the cells most phone columns
 * hold, when nothing in them is refused: one Vietnamese mobile in a common
 * written form (see identity's `commonMobileNumber`), perhaps with the
 * `.0` a spreadsheet appends, or several such numbers separated by `/`.
 * Anything else — another separator, a leading apostrophe, a landline, an
 * old eleven-digit mobile, a blocked or invalid number — returns
 * `undefined`: {@link readPhoneCell}'s general path decides, and reports.
 * `readPhoneCell` takes this path first.
 *
 * @param cell - the phone cell as read
 * @param policy - the workspace's resolved identity policy
 * @returns the normalized phones (duplicates dropped), or `undefined` when the general reader must decide
 *
 * @example
 * ```ts
 * import { commonPhoneCell } from "@kith/import"
 * import { resolveIdentityPolicy } from "@kith/identity"
 * const policy = resolveIdentityPolicy({})
 * commonPhoneCell("912345678.0", policy) // => ["+84912345678"]
 * commonPhoneCell("0912 345 678 / 0987654321", policy) // => ["+84912345678", "+84987654321"]
 * commonPhoneCell("0912345678, 0987654321", policy) // => undefined
 * ```
 */
export const commonPhoneCell = (cell: string, policy: ResolvedIdentityPolicy): ReadonlyArray<string> | undefined => {
  const text = cell.trim()
  const slash = text.indexOf("/")
  if (slash < 0) {
    const one = text.length === 0 ? undefined : commonNumber(text, policy)
    return one === undefined ? undefined : [one]
  }
  // Several numbers: split on `/` only. A `,` would be a separator too (and a decimal comma is not cut inside a list).
  if (text.includes(",")) return undefined
  const phones: Array<string> = []
  let start = 0
  for (let end = slash; ; end = text.indexOf("/", start)) {
    const part = (end < 0 ? text.slice(start) : text.slice(start, end)).trim()
    if (part.length > 0) {
      const one = commonNumber(part, policy)
      if (one === undefined) return undefined
      if (!phones.includes(one)) phones.push(one)
    }
    if (end < 0) break
    start = end + 1
  }
  return phones.length > 0 ? phones : undefined
}
