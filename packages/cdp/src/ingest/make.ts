import type { EventType } from "@kith/core"
import { EventTooLarge } from "@kith/storage"
import { Effect, Option } from "effect"
import { limitOf } from "../arguments.js"
import { InvalidArgument, InvalidEvent } from "../errors.js"
import { EventSuppressed } from "../privacy/event-suppressed.js"
import { MAX_CHUNK, type WorkspaceContext } from "../workspace-context.js"
import type { IngestApi, IngestCallError } from "./api.js"
import type { BatchOptions, IngestOutcome } from "./calls.js"
import { checkEvent, validateEvents } from "./validate-events.js"

const describeValue = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value)

/**
 * The ingestion operations on one workspace, as Effects.
 *
 * @param context - the workspace and its stores
 * @returns `identify`, `track`, `page`, `screen`, `group`, `alias` and `batch`
 */
export const makeIngest = (context: WorkspaceContext): IngestApi<"effect"> => {
  const { workspaceId, events, graph, maxEventBytes } = context

  const ingestOne = (type: EventType) =>
    Effect.fn(`Cdp.${type}`)(function* (call: object): Effect.fn.Return<IngestOutcome, IngestCallError> {
      if (typeof call !== "object" || call === null || Array.isArray(call)) {
        return yield* new InvalidArgument({ field: "call", reason: `${type}() takes one ${type} call object, got ${describeValue(call)}` })
      }
      const claimed = (call as { readonly type?: unknown }).type
      if (claimed !== undefined && claimed !== type) {
        return yield* new InvalidArgument({ field: "type", reason: `${type}() takes ${type} calls, got type ${JSON.stringify(claimed)}` })
      }
      const event = { ...call, type }
      const messageId = (call as { readonly messageId?: unknown }).messageId
      const named = typeof messageId === "string" ? { messageId } : {}
      const name = (call as { readonly event?: unknown }).event
      const invalid = (issues: InvalidEvent["issues"]) => new InvalidEvent({ type, ...(typeof name === "string" ? { event: name } : {}), ...named, issues })
      const problem = checkEvent(event, maxEventBytes)
      if (problem?.kind === "too_large") return yield* new EventTooLarge({ index: 0, ...named, bytes: problem.bytes, limit: maxEventBytes })
      if (problem?.kind === "invalid") return yield* invalid(problem.issues)
      // The store decodes with the same decoder; should it still refuse the event, the refusal names this call too.
      const result = yield* events.ingest(workspaceId, [event]).pipe(Effect.catchTag("InvalidEventBatch", (refused) => Effect.fail(invalid(refused.issues))))
      // The event decoded, so its messageId is a string.
      const id = messageId as string
      if (result.suppressed?.includes(id) === true) return yield* new EventSuppressed({ messageId: id })
      const fresh = result.profileOf.get(id)
      if (fresh !== undefined) return { messageId: id, profileId: fresh, duplicate: false }
      // Already stored (ING-3): answer the profile it belongs to now.
      const stored = yield* events.get(workspaceId, id)
      if (Option.isNone(stored)) return yield* new InvalidArgument({ field: "messageId", reason: `event ${id} was neither stored nor found` })
      const profileId = yield* graph.resolve(workspaceId, stored.value.profileId).pipe(
        Effect.catchTag("ProfileNotFound", () => Effect.succeed(stored.value.profileId))
      )
      return { messageId: id, profileId, duplicate: true }
    })

  const batch = Effect.fn("Cdp.batch")(function* (raw: ReadonlyArray<unknown>, options: BatchOptions = {}) {
    const chunkSize = yield* Effect.fromResult(limitOf("options.chunkSize", options.chunkSize, context.chunkSize, MAX_CHUNK))
    if (!Array.isArray(raw)) return yield* new InvalidArgument({ field: "events", reason: `batch() takes an array of events, got ${describeValue(raw)}` })
    yield* Effect.fromResult(validateEvents(raw, maxEventBytes))
    const total = raw.length
    const chunks = Math.ceil(total / chunkSize)
    let appended = 0
    let duplicates = 0
    let suppressed = 0
    for (let chunk = 0; chunk < chunks; chunk++) {
      const result = yield* events.ingest(workspaceId, raw.slice(chunk * chunkSize, (chunk + 1) * chunkSize))
      appended += result.appended
      duplicates += result.duplicates
      suppressed += result.suppressed?.length ?? 0
      options.onProgress?.({ processed: Math.min(total, (chunk + 1) * chunkSize), total, appended, duplicates, chunk: chunk + 1, chunks })
    }
    return suppressed === 0 ? { received: total, appended, duplicates, chunks } : { received: total, appended, duplicates, chunks, suppressed }
  })

  return {
    identify: ingestOne("identify"),
    track: ingestOne("track"),
    page: ingestOne("page"),
    screen: ingestOne("screen"),
    group: ingestOne("group"),
    alias: ingestOne("alias"),
    batch
  }
}
