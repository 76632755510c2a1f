import { Clock, Effect } from "effect"
import { limitOf, pageRequestOf } from "../arguments.js"
import { type AcceptedCall, judgeCall } from "../collect/judge-call.js"
import { writeAccepted } from "../collect/write-accepted.js"
import { MAX_CHUNK, type WorkspaceContext } from "../workspace-context.js"
import type { RejectedApi, ReplayResult } from "./api.js"

const parsed = (payload: string): unknown => {
  try {
    return JSON.parse(payload)
  } catch {
    // A payload kept as text that is not JSON is judged as that text: refused again, with the reason.
    return payload
  }
}

/**
 * `cdp.rejected` on one workspace, as Effects.
 *
 * @param context - the workspace and its stores
 * @returns the rejected namespace
 */
export const makeRejected = (context: WorkspaceContext): RejectedApi<"effect"> => {
  const { workspaceId, rejected } = context
  return {
    list: Effect.fn("Cdp.rejected.list")(function* (request) {
      const page = yield* Effect.fromResult(pageRequestOf(request))
      return yield* rejected.list(workspaceId, { ...page, status: request?.status })
    }),
    count: (filter) => rejected.count(workspaceId, { status: filter?.status }),
    replay: Effect.fn("Cdp.rejected.replay")(function* (options) {
      const limit = yield* Effect.fromResult(limitOf("limit", options?.limit, 1000, MAX_CHUNK))
      const page = yield* rejected.list(workspaceId, { limit, cursor: options?.cursor, status: "pending" })
      const accepted: Array<AcceptedCall> = []
      const acceptedSeqs: Array<number> = []
      const results: Array<ReplayResult> = []
      for (const kept of page.items) {
        const judgement = judgeCall(parsed(kept.payload), {
          settings: context.settings,
          receivedAt: kept.lastReceivedAt,
          ip: kept.ip ?? undefined,
          source: kept.source ?? "replay",
          maxEventBytes: context.maxEventBytes
        })
        if (judgement.ok) {
          accepted.push(judgement)
          acceptedSeqs.push(kept.seq)
        } else results.push({ seq: kept.seq, messageId: judgement.refusal.messageId, status: "rejected", issues: judgement.refusal.issues })
      }
      const fates = yield* writeAccepted(context.events, workspaceId, accepted, context.chunkSize)
      if (acceptedSeqs.length > 0) yield* rejected.markReplayed(workspaceId, acceptedSeqs, new Date(yield* Clock.currentTimeMillis))
      let replayed = 0
      fates.forEach((fate, i) => {
        if (fate.status === "accepted") replayed++
        results.push({ seq: acceptedSeqs[i]!, messageId: accepted[i]!.messageId, status: fate.status === "accepted" ? "replayed" : "duplicate" })
      })
      results.sort((a, b) => a.seq - b.seq)
      return {
        examined: page.items.length,
        replayed,
        duplicates: fates.length - replayed,
        stillRejected: page.items.length - fates.length,
        results,
        nextCursor: page.nextCursor
      }
    })
  }
}
