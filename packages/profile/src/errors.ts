import { Schema } from "effect"

/**
 * A timeline cursor that this package did not issue, or that was damaged.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const page = timelinePage([], { limit: 20, cursor: "not-a-cursor" })
 * Result.isFailure(page) && page.failure._tag // => "InvalidCursor"
 * ```
 */
export class InvalidCursor extends Schema.TaggedError<InvalidCursor>("@kith/profile/InvalidCursor")("InvalidCursor", {
  cursor: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `Invalid timeline cursor "${this.cursor}": ${this.reason}`
  }
}
