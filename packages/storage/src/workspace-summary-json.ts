import { emptyWorkspaceSummary, type WorkspaceSummary } from "@kith/profile"
import { Result, Schema } from "effect"

// Months in order, counters as arrays: the same layout profile summaries are stored in.
const WorkspaceSummaryJson = Schema.Struct({
  activity: Schema.Array(Schema.Struct({ month: Schema.Int, counts: Schema.Array(Schema.Number) }))
})
const decodeJson = Schema.decodeUnknownResult(WorkspaceSummaryJson)

/**
 * The stored text of a workspace summary.
 *
 * @example
 * ```ts
 * import { emptyWorkspaceSummary } from "@kith/profile"
 * workspaceSummaryToText(emptyWorkspaceSummary) // => '{"activity":[]}'
 * ```
 */
export const workspaceSummaryToText = (summary: WorkspaceSummary): string =>
  JSON.stringify({ activity: [...summary.activity].sort(([a], [b]) => a - b).map(([month, counts]) => ({ month, counts: [...counts] })) })

/**
 * Reads a stored workspace summary (none stored yet: the empty one). A row
 * that does not decode is a storage bug, so it throws.
 *
 * @example
 * ```ts
 * workspaceSummaryFromText(undefined).activity.size // => 0 (the empty summary)
 * ```
 */
export const workspaceSummaryFromText = (text: string | undefined): WorkspaceSummary => {
  if (text === undefined) return emptyWorkspaceSummary
  const decoded = decodeJson(JSON.parse(text))
  if (Result.isFailure(decoded)) throw new Error(`Stored workspace summary does not decode: ${decoded.failure.message}`)
  return decoded.success.activity.length === 0 ? emptyWorkspaceSummary : { activity: new Map(decoded.success.activity.map((m) => [m.month, m.counts])) }
}
