import { Result } from "effect"
import { shown } from "./issues.js"
import { type JsonRecord, isRecord, setOwn } from "./read.js"

/**
 * Why a body is not a Segment batch. The calls inside are judged one by one
 * by {@link fromSegment}; this is only about the envelope.
 */
export interface SegmentBatchProblem {
  readonly path: string
  readonly message: string
}

// One level deep: the batch's `context.library` and the call's own
// `context.library` combine key by key, the call's keys winning.
const mergeObjects = (outer: unknown, inner: unknown): unknown => {
  if (!isRecord(outer)) return inner
  if (!isRecord(inner)) return inner === undefined || inner === null ? outer : inner
  const out: Record<string, unknown> = { ...outer }
  for (const [key, value] of Object.entries(inner)) {
    const base = outer[key]
    setOwn(out, key, isRecord(base) && isRecord(value) ? { ...base, ...value } : value)
  }
  return out
}

/**
 * The calls of a Segment `/v1/batch` body (`{ batch: [...], context?,
 * integrations?, sentAt? }`), each made self-contained as Segment's HTTP API
 * reads them: the batch's `context` and `integrations` merged under the
 * call's own (the call wins, key by key, one level deep) and the batch's
 * `sentAt` given to a call without one. Keep these calls as the raw events:
 * each one maps alone with {@link fromSegment} and replays alone.
 *
 * @param body - the parsed JSON body of a batch request
 * @returns the calls, or what is wrong with the envelope
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * expandSegmentBatch({ batch: [{ type: "track", event: "A", userId: "u" }], context: { ip: "1.2.3.4" }, sentAt: "2025-03-01T00:00:00Z" })
 * // => Result.succeed([{ type: "track", event: "A", userId: "u", context: { ip: "1.2.3.4" }, sentAt: "2025-03-01T00:00:00Z" }])
 * ```
 */
export const expandSegmentBatch = (body: unknown): Result.Result<ReadonlyArray<unknown>, SegmentBatchProblem> => {
  if (!isRecord(body)) return Result.fail({ path: "", message: `expected a batch object { batch: [...] }, got ${shown(body)}` })
  const calls = body["batch"]
  if (!Array.isArray(calls)) return Result.fail({ path: "batch", message: `expected an array of calls, got ${shown(calls)}` })
  const shared: JsonRecord = body
  return Result.succeed(
    calls.map((call: unknown) => {
      if (!isRecord(call)) return call
      const out: Record<string, unknown> = { ...call }
      if (shared["context"] !== undefined) out["context"] = mergeObjects(shared["context"], call["context"])
      if (shared["integrations"] !== undefined) out["integrations"] = mergeObjects(shared["integrations"], call["integrations"])
      if ((call["sentAt"] === undefined || call["sentAt"] === null) && shared["sentAt"] !== undefined) out["sentAt"] = shared["sentAt"]
      return out
    })
  )
}
