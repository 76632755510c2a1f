/**
 * Whether a JSON value names any of the given texts: some string in it (a
 * value, at any depth) or some object key equals one of them. Used to find
 * the ledger entries and records naming an erased person's ids and values;
 * exact matches only, so `p-1` does not match `p-10`.
 *
 * @param value - parsed JSON
 * @param texts - the ids and values to look for
 * @returns `true` when one of them appears
 *
 * @example
 * ```ts
 * import { namesAny } from "@kith/privacy"
 * namesAny({ kind: "merged", from: "p-1", into: "p-7" }, new Set(["p-1"])) // => true
 * namesAny({ kind: "merged", from: "p-10", into: "p-7" }, new Set(["p-1"])) // => false
 * ```
 */
export const namesAny = (value: unknown, texts: ReadonlySet<string>): boolean => {
  if (typeof value === "string") return texts.has(value)
  if (Array.isArray(value)) return value.some((v) => namesAny(v, texts))
  if (typeof value === "object" && value !== null) return Object.entries(value).some(([k, v]) => texts.has(k) || namesAny(v, texts))
  return false
}
