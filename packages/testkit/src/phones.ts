import { type Rng, weightedList } from "./rng.js"

/**
 * Vietnamese mobile prefixes in use since the 2018 renumbering, by carrier,
 * with a rough market share. A national number is `0` + prefix + 7 digits.
 */
export const mobilePrefixes = weightedList<string>([
  // Viettel
  ["86", 4], ["96", 8], ["97", 9], ["98", 9], ["32", 3], ["33", 3], ["34", 3], ["35", 3], ["36", 3], ["37", 3], ["38", 3], ["39", 3],
  // MobiFone
  ["89", 2], ["90", 6], ["93", 5], ["70", 1.5], ["76", 1], ["77", 1.5], ["78", 1], ["79", 1.5],
  // VinaPhone
  ["88", 2], ["91", 7], ["94", 5], ["81", 1.5], ["82", 1.5], ["83", 1.5], ["84", 1.5], ["85", 1.5],
  // Vietnamobile
  ["92", 2], ["56", 1], ["58", 1],
  // Gmobile
  ["99", 0.6], ["59", 0.4]
])

/**
 * The 2018 remap ([IDN-3](../../../docs/features.md#idn-3)): each modern two-digit prefix whose numbers
 * were eleven digits long before, with the old three-digit prefix. The old
 * form of a number is `0` + old prefix + the same last seven digits.
 *
 * @example
 * ```ts
 * oldPrefixOf["32"] // => "162" (0162 xxx xxxx became 032 xxx xxxx)
 * ```
 */
export const oldPrefixOf: Readonly<Record<string, string>> = {
  "32": "162", "33": "163", "34": "164", "35": "165", "36": "166", "37": "167", "38": "168", "39": "169",
  "70": "120", "79": "121", "77": "122", "76": "126", "78": "128",
  "83": "123", "84": "124", "85": "125", "81": "127", "82": "129",
  "56": "186", "58": "188",
  "59": "199"
}

/**
 * Draws a national significant number (nine digits, no leading zero, as a
 * number: `912345678`) that is not in `taken`, and records it there.
 */
export const drawMobileNumber = (rng: Rng, taken: Set<number>): number => {
  for (;;) {
    const prefix = Number(rng.pickWeighted(mobilePrefixes))
    // Seven digits that are not all zeros; avoids values a blocklist would reject.
    const rest = rng.between(1_000_000, 9_999_999)
    const n = prefix * 10_000_000 + rest
    if (!taken.has(n)) {
      taken.add(n)
      return n
    }
  }
}

/** The E.164 form of a national significant number: `+84912345678`. */
export const e164Of = (nsn: number): string => ["+84", String(nsn)].join("")

/**
 * The ways Vietnamese phones are written in forms, chats and files (IDN-3).
 * `old` is the pre-2018 eleven-digit form, available only for remapped prefixes.
 */
export type PhoneStyle =
  | "plain" // 0912345678
  | "spaced" // 0912 345 678
  | "dotted" // 0912.345.678
  | "dashed" // 0912-345-678
  | "intl" // +84912345678
  | "intlDashed" // +84 91-234-5678
  | "intlParen" // (+84) 912 345 678
  | "bare84" // 84912345678
  | "old" // 01622345678
  | "oldSpaced" // 0162 234 5678

const styles = weightedList<PhoneStyle>([
  ["plain", 30],
  ["spaced", 20],
  ["dotted", 10],
  ["dashed", 4],
  ["intl", 10],
  ["intlDashed", 8],
  ["intlParen", 4],
  ["bare84", 14]
])

/**
 * Writes an E.164 Vietnamese mobile number in the given style.
 *
 * @example
 * ```ts
 * writePhone("+84912345678", "spaced") // => "0912 345 678"
 * writePhone("+84912345678", "intlDashed") // => "+84 91-234-5678"
 * writePhone("+84372345678", "old") // => "01672345678"
 * ```
 */
export const writePhone = (e164: string, style: PhoneStyle): string => {
  const d = e164.slice(3) // nine digits
  switch (style) {
    case "plain":
      return `0${d}`
    case "spaced":
      return `0${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`
    case "dotted":
      return `0${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`
    case "dashed":
      return `0${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`
    case "intl":
      return e164
    case "intlDashed":
      return `+84 ${d.slice(0, 2)}-${d.slice(2, 5)}-${d.slice(5)}`
    case "intlParen":
      return `(+84) ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`
    case "bare84":
      return `84${d}`
    case "old":
    case "oldSpaced": {
      const old = oldPrefixOf[d.slice(0, 2)]
      if (old === undefined) return `0${d}`
      const last7 = d.slice(2)
      return style === "old" ? `0${old}${last7}` : `0${old} ${last7.slice(0, 3)} ${last7.slice(3)}`
    }
  }
}

/**
 * Writes a phone the way a person might type it: mostly modern forms, and the
 * old eleven-digit form a quarter of the time for people who kept writing it
 * (`oldHabit`) when their number came from the 2018 remap.
 */
export const writePhoneLikeAPerson = (rng: Rng, e164: string, oldHabit: boolean): string => {
  if (oldHabit && oldPrefixOf[e164.slice(3, 5)] !== undefined && rng.chance(0.35)) {
    return writePhone(e164, rng.chance(0.6) ? "old" : "oldSpaced")
  }
  return writePhone(e164, rng.pickWeighted(styles))
}

/** Can this number be written in the old eleven-digit form? */
export const hasOldForm = (e164: string): boolean => oldPrefixOf[e164.slice(3, 5)] !== undefined
