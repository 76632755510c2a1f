// Writes the calls a lenient way in accepted, in atomic chunks, and tells
// each one's fate: appended (with its profile) or a duplicate of an event
// already stored (ING-3), a repeat within the same call included.
import type { ProfileId, WorkspaceId } from "@kith/core"
import type { EventStore, StorageFailure, UnknownWorkspace } from "@kith/storage"
import { Effect } from "effect"
import type { AcceptedCall } from "./judge-call.js"

/** What became of one accepted call. */
export type WriteFate = { readonly status: "accepted"; readonly profileId: ProfileId } | { readonly status: "duplicate" }

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
      for (const call of chunk) {
        const profileId = seen.has(call.messageId) ? undefined : result.profileOf.get(call.messageId)
        seen.add(call.messageId)
        fates.push(profileId === undefined ? { status: "duplicate" } : { status: "accepted", profileId })
      }
    }
    return fates
  })
