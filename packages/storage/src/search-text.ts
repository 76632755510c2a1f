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
