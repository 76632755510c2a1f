import type { Gender } from "../profile-fields.js"

// Gender words as forms and apps send them, in English and Vietnamese,
// compared without case, accents or spaces ("Nữ", "nu", "FEMALE", "Giới tính
// nam" is not a gender word and is refused).
const fold = (word: string): string =>
  word.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/[^a-z]/g, "")

const WORDS: ReadonlyArray<readonly [Gender, ReadonlyArray<string>]> = [
  ["male", ["male", "m", "man", "men", "boy", "masculine", "nam", "trai", "contrai", "dan ong"]],
  ["female", ["female", "f", "woman", "women", "girl", "feminine", "nu", "gai", "congai", "phu nu"]],
  ["other", ["other", "nonbinary", "non binary", "nb", "diverse", "khac", "gioitinhkhac"]],
  ["unknown", ["unknown", "u", "unspecified", "prefernottosay", "prefernotsay", "na", "n a", "khongro", "khongxacdinh", "khongmuontiet"]]
]

const GENDERS = new Map<string, Gender>(WORDS.flatMap(([gender, words]) => words.map((word) => [fold(word), gender] as const)))

/**
 * Reads a gender word in English or Vietnamese (`male`, `F`, `Nam`, `Nữ`,
 * `khác`, `non-binary`, `prefer not to say`...) as a kith {@link Gender}, or
 * `undefined` when the word is not one of them.
 *
 * @example
 * ```ts
 * genderOf("Nữ") // => "female"
 * genderOf("M") // => "male"
 * genderOf("non-binary") // => "other"
 * genderOf("banana") // => undefined
 * ```
 */
export const genderOf = (word: string): Gender | undefined => GENDERS.get(fold(word))
