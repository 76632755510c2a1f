import type { InputIssue } from "../errors.js"

// The problems found while mapping one Segment call, each with the path of
// the field in the call as the client sent it (`properties.products[0].price`).

/** A path one step below `base`: `.key` for an object key, `[i]` for an array index. */
export const pathOf = (base: string, key: string | number): string =>
  typeof key === "number" ? `${base}[${key}]` : base === "" ? key : `${base}.${key}`

/** A short JSON rendering of a value for an issue message: the value found, cut at 60 characters. */
export const shown = (value: unknown): string => {
  let text: string
  try {
    text = value instanceof Date ? value.toISOString() : (JSON.stringify(value) ?? String(value))
  } catch {
    text = String(value)
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** Collects every problem of one call, so a refusal lists them all at once. */
export class IssueList {
  readonly items: Array<InputIssue> = []

  /** Records that the value at `path` was refused, and why. */
  add(path: string, message: string): void {
    this.items.push({ path, message })
  }

  get isEmpty(): boolean {
    return this.items.length === 0
  }
}
