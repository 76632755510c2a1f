// Writes the calls a lenient way in accepted, in atomic chunks, and tells
// each one's fate: appended (with its profile), a duplicate of an event
// already stored (ING-3), a repeat within the same call included, or
// stopped by the suppression list (it carries an erased person's identifier).
import type { ProfileId, WorkspaceId } from "@kith/core"
import type { EventStore, StorageFailure, UnknownWorkspace } from "@kith/storage"
import { Effect } from "effect"
import type { AcceptedCall } from "./judge-call.js"

/** What became of one accepted call. */
export type WriteFate = { readonly status: "accepted"; readonly profileId: ProfileId } | { readonly status: "duplicate" } | { readonly status: "suppressed" }

/**
 * Ingests the accepted calls `chunkSize` at a time, each chunk one
 * transaction, and returns each call's fate in their order. The calls were
 * checked when judged, so the store does not decode them again; should it
 * still refuse one, that is a defect of the judge, not the caller's input.
 */
export const writeAccepted = (
  events: typeof EventStore.Service,
  workspaceId: WorkspaceId,
  accepted: ReadonlyArray<AcceptedCall>,
  chunkSize: number
): Effect.Effect<Array<WriteFate>, UnknownWorkspace | StorageFailure> =>
  Effect.gen(function* () {
    const fates: Array<WriteFate> = []
    const seen = new Set<string>()
    for (let start = 0; start < accepted.length; start += chunkSize) {
      const chunk = accepted.slice(start, start + chunkSize)
      const result = yield* events.ingestChecked(workspaceId, chunk.map((c) => c.checked)).pipe(
        Effect.catchTags({ InvalidEventBatch: (e) => Effect.die(e), EventTooLarge: (e) => Effect.die(e) })
      )
      const stopped = new Set(result.suppressed ?? [])
      for (const call of chunk) {
        const repeat = seen.has(call.messageId)
        const profileId = repeat ? undefined : result.profileOf.get(call.messageId)
        seen.add(call.messageId)
        fates.push(profileId !== undefined ? { status: "accepted", profileId } : !repeat && stopped.has(call.messageId) ? { status: "suppressed" } : { status: "duplicate" })
      }
    }
    return fates
  })
