// A phone or id written with separators ("0912 345 678", "+84-912.345.678"), or one unbroken run of text.
const PHONE_LIKE = /\+?\d[\d\s.\-()]{5,}\d/g
const WORD = /[^\s"'`<>{}[\](),;=&?#|\\]+/g

const walk = (value: unknown, out: Array<string>): void => {
  if (typeof value === "string") out.push(value)
  else if (typeof value === "number" && Number.isFinite(value)) out.push(String(value))
  else if (Array.isArray(value)) for (const v of value) walk(v, out)
  else if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      out.push(key)
      walk(v, out)
    }
  }
}

/**
 * Every text a raw payload (a refused call as it arrived) could write an
 * identifier with, for an erasure to find the refusals that carry the
 * person (PRIV-2): when it is JSON, each string, number and key at any depth;
 * otherwise (it did not parse) each phone-like run (digits with spaces, dots,
 * dashes or brackets) and each run of text between separators. The caller
 * normalizes each as the identifier types it looks for.
 *
 * @param payload - the raw payload
 * @returns the candidate texts, in order, with repeats
 *
 * @example
 * ```ts
 * import { payloadTexts } from "@kith/privacy"
 * payloadTexts('{"traits":{"phone":"0912 345 678"},"n":7}') // => ["traits", "phone", "0912 345 678", "n", "7"]
 * payloadTexts('{"phone": 0912 345 678, lan@example.vn') // => ["0912 345 678", "phone", ":", "0912", "345", "678", "lan@example.vn"]
 * ```
 */
export const payloadTexts = (payload: string): ReadonlyArray<string> => {
  try {
    const out: Array<string> = []
    walk(JSON.parse(payload), out)
    return out
  } catch {
    return [...(payload.match(PHONE_LIKE) ?? []).map((t) => t.trim()), ...(payload.match(WORD) ?? [])]
  }
}
