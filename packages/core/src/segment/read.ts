import { type IssueList, shown } from "./issues.js"

// Lenient readers of the values real Segment clients send. `null` means "no
// value" in Segment payloads (SDKs send `coupon: null`), so every reader
// treats it as absent; a value of the wrong kind is an issue at its path.

/** A plain JSON object (not an array). */
export type JsonRecord = { readonly [key: string]: unknown }

/**
 * Sets an own property, even one named `__proto__` (which JSON.parse makes an
 * own key, and a plain assignment would take for the prototype).
 */
export const setOwn = (target: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Is `value` a plain object (not an array, not null)? */
export const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)

/** The value at the first of `keys` that holds one (not undefined, not null), with the key it came from. */
export const firstOf = (record: JsonRecord, keys: ReadonlyArray<string>): { readonly key: string; readonly value: unknown } | undefined => {
  for (const key of keys) {
    const value = record[key]
    if (value !== undefined && value !== null) return { key, value }
  }
  return undefined
}

/** Free text: a string, or a number or boolean written as text. Other kinds are an issue. */
export const textAt = (value: unknown, path: string, issues: IssueList): string | undefined => {
  if (value === undefined || value === null) return undefined
  if (typeof value === "string") return value
  if (typeof value === "number" && Number.isFinite(value)) return String(value)
  if (typeof value === "boolean") return String(value)
  issues.add(path, `expected text, got ${shown(value)}`)
  return undefined
}

/**
 * An id (order, product, user...): a string trimmed of surrounding spaces,
 * or an integer written as text (RudderStack and older SDKs accept numeric
 * ids). Empty or other kinds are an issue.
 */
export const idAt = (value: unknown, path: string, issues: IssueList): string | undefined => {
  if (value === undefined || value === null) return undefined
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value)
  if (typeof value === "string") {
    const id = value.trim()
    if (id.length > 0) return id
    issues.add(path, "an id is a non-empty string")
    return undefined
  }
  issues.add(path, `expected an id (a string), got ${shown(value)}`)
  return undefined
}

/** A whole number ≥ `min`, from a number or a numeric string ("2"). */
export const wholeAt = (value: unknown, path: string, min: number, issues: IssueList): number | undefined => {
  if (value === undefined || value === null) return undefined
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*[+-]?\d+(\.0*)?\s*$/.test(value) ? Number(value) : Number.NaN
  if (Number.isSafeInteger(n) && n >= min) return n
  issues.add(path, `expected a whole number of at least ${min}, got ${shown(value)}`)
  return undefined
}
