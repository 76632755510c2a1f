import type { Gender } from "@kith/core"
import type { CellValue } from "../read/sheet-row.js"
import { foldLabel } from "../text.js"

/**
 * The words read as each gender, folded ({@link foldLabel}: accents and case
 * do not matter). Vietnamese (`Nam`, `Nữ`, `Khác`, and the honorifics
 * `Anh`/`Ông` and `Chị`/`Bà`/`Cô` that shops type in the gender column),
 * English (`Male`, `Female`, `M`, `F`, `Other`), and the empty-ish
 * `Không rõ` / `Unknown`.
 *
 * @example
 * ```ts
 * import { GenderWords } from "@kith/import"
 * GenderWords.female.includes("nu") // => true
 * ```
 */
export const GenderWords: { readonly [G in Gender]: ReadonlyArray<string> } = {
  male: ["nam", "anh", "ong", "trai", "gioi tinh nam", "m", "male", "man", "mr", "boy", "1"],
  female: ["nu", "chi", "ba", "co", "gai", "gioi tinh nu", "f", "female", "woman", "ms", "mrs", "miss", "girl", "0"],
  other: ["khac", "o", "other", "khong xac dinh", "non binary", "nonbinary", "lgbt"],
  unknown: ["khong ro", "chua ro", "khong biet", "unknown", "n a", "na", "u", "x", "?"]
}

const byWord = new Map<string, Gender>()
for (const [gender, words] of Object.entries(GenderWords) as Array<[Gender, ReadonlyArray<string>]>) for (const word of words) byWord.set(word, gender)

/**
 * Reads a gender cell: one of {@link GenderWords}, folded.
 *
 * @param cell - the cell as read
 * @returns the gender, or `undefined` for a word not in the list
 *
 * @example
 * ```ts
 * import { parseGenderCell } from "@kith/import"
 * parseGenderCell("Nữ") // => "female"
 * parseGenderCell("NAM") // => "male"
 * parseGenderCell("M") // => "male"
 * parseGenderCell("xanh") // => undefined
 * ```
 */
export const parseGenderCell = (cell: CellValue): Gender | undefined => {
  if (cell === null || cell instanceof Date) return undefined
  const text = String(cell)
  // A gender column holds a handful of distinct spellings: remember them, a word that is no gender as null, so one
  // lookup answers.
  const known = seen.get(text)
  if (known !== undefined) return known ?? undefined
  const folded = foldLabel(text)
  const gender = byWord.get(folded) ?? (folded === "" ? undefined : byWord.get(folded.replaceAll(" ", "")))
  if (seen.size < 1000) seen.set(text, gender ?? null)
  return gender
}

const seen = new Map<string, Gender | null>()
