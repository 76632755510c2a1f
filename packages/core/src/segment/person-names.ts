// Segment's `name` is one string; kith keeps the full name and, when the
// client did not send them, derives first and last names from it (and the
// full name from first and last, as Segment does). Vietnamese names are
// written family name first ("Nguyễn Thị Lan": last name Nguyễn, first name
// Thị Lan); Western names family name last ("Peter Gibbons"). A name whose
// first word is a common Vietnamese family name is read the Vietnamese way.

// The family names borne by most Vietnamese people, compared without accents
// would confuse Lê/Le and others with Western words, so they compare as written
// (case-insensitively).
const VIETNAMESE_FAMILY_NAMES = new Set(
  [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
    "Đinh", "Trương", "Lâm", "Mai", "Trịnh", "Đoàn", "Cao", "Lưu", "Tạ", "Hà", "Tô", "Châu", "Thái", "Quách", "Lương", "Kiều",
    "Vương", "Tăng", "Văn", "Chu", "Phùng", "Triệu", "La", "Đàm", "Lại", "Từ", "Tôn", "Thân", "Khổng", "Âu", "Mạc", "Diệp", "Đào", "Nghiêm"
  ].map((name) => name.normalize("NFC").toLocaleLowerCase("vi"))
)

const isVietnameseFamilyName = (word: string): boolean => VIETNAMESE_FAMILY_NAMES.has(word.normalize("NFC").toLocaleLowerCase("vi"))

/**
 * Splits a full name into first and last names: family name first for a
 * Vietnamese name, last otherwise. A one-word name is a first name.
 *
 * @example
 * ```ts
 * splitFullName("Nguyễn Thị Lan") // => { firstName: "Thị Lan", lastName: "Nguyễn" }
 * splitFullName("Peter Gibbons") // => { firstName: "Peter", lastName: "Gibbons" }
 * ```
 */
export const splitFullName = (fullName: string): { readonly firstName: string; readonly lastName?: string } => {
  const words = fullName.trim().split(/\s+/)
  if (words.length < 2) return { firstName: words[0] ?? "" }
  if (isVietnameseFamilyName(words[0] as string)) return { firstName: words.slice(1).join(" "), lastName: words[0] as string }
  return { firstName: words.slice(0, -1).join(" "), lastName: words[words.length - 1] as string }
}

/**
 * Joins first and last names into a full name, in the order of the name's
 * culture (family name first for a Vietnamese family name).
 *
 * @example
 * ```ts
 * joinNames("Thị Lan", "Nguyễn") // => "Nguyễn Thị Lan"
 * joinNames("Peter", "Gibbons") // => "Peter Gibbons"
 * ```
 */
export const joinNames = (firstName: string | undefined, lastName: string | undefined): string | undefined => {
  const first = firstName?.trim() ?? ""
  const last = lastName?.trim() ?? ""
  if (first === "" || last === "") return first === "" ? (last === "" ? undefined : last) : first
  return isVietnameseFamilyName(last) ? `${last} ${first}` : `${first} ${last}`
}
