/**
 * Folds text for accent-insensitive search: lower case, Vietnamese `đ` → `d`,
 * combining marks removed, runs of whitespace collapsed.
 *
 * @param text - any text
 * @returns the folded form that profiles are indexed and searched by
 *
 * @example
 * ```ts
 * foldForSearch("  Nguyễn Thị  ĐOAN ") // => "nguyen thi doan"
 * ```
 */
export const foldForSearch = (text: string): string =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()

/**
 * Whether search text is a phone number as people write it (digits with
 * spaces, dots, dashes, parentheses or a leading `+`, at least 8 digits): it
 * is then looked up as a phone, not as words.
 *
 * @param text - search text
 * @returns `true` for text to look up as a phone
 *
 * @example
 * ```ts
 * looksLikePhone("0912 345 678") // => true
 * looksLikePhone("Hà Nội") // => false
 * ```
 */
export const looksLikePhone = (text: string): boolean => /^[+\d\s().-]+$/.test(text) && text.replace(/\D/g, "").length >= 8
