import { Clock, Effect } from "effect"
import { instantOf, limitOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"
import { MAX_CHUNK, type WorkspaceContext } from "../workspace-context.js"
import type { CollectApi, CollectOptions, CollectResult } from "./api.js"
import { type AcceptedCall, judgeCall } from "./judge-call.js"
import { makeWriteQueue } from "./write-queue.js"

/**
 * `collect` on one workspace, as an Effect.
 *
 * @param context - the workspace and its stores
 * @returns the collect operation
 */
export const makeCollect = (context: WorkspaceContext): CollectApi<"effect"> => {
  const write = makeWriteQueue(context.events, context.workspaceId)
  return {
      collect: Effect.fn("Cdp.collect")(function* (calls: ReadonlyArray<unknown>, options: CollectOptions = {}) {
      if (!Array.isArray(calls)) return yield* new InvalidArgument({ field: "calls", reason: `collect() takes an array of Segment calls, got ${calls === null ? "null" : typeof calls}` })
      const chunkSize = yield* Effect.fromResult(limitOf("options.chunkSize", options.chunkSize, context.chunkSize, MAX_CHUNK))
      const receivedAt = options.receivedAt === undefined ? new Date(yield* Clock.currentTimeMillis) : yield* Effect.fromResult(instantOf("options.receivedAt", options.receivedAt))
      if (options.maxCallBytes !== undefined && !(Number.isInteger(options.maxCallBytes) && options.maxCallBytes > 0)) {
        return yield* new InvalidArgument({ field: "options.maxCallBytes", reason: `must be a positive integer, got ${String(options.maxCallBytes)}` })
      }
      const judged = {
        settings: context.settings,
        receivedAt,
        sentAt: options.sentAt,
        ip: options.ip,
        source: options.source ?? "collect",
        maxEventBytes: context.maxEventBytes,
        maxCallBytes: options.maxCallBytes
      }
      const results: Array<CollectResult> = []
      const accepted: Array<AcceptedCall> = []
      const acceptedAt: Array<number> = []
      const refusals = []
      for (let index = 0; index < calls.length; index++) {
        const judgement = judgeCall(calls[index], judged)
        if (judgement.ok) {
          accepted.push(judgement)
          acceptedAt.push(index)
        } else {
          refusals.push(judgement.refusal)
          results[index] = { index, status: "rejected", messageId: judgement.refusal.messageId, issues: judgement.refusal.issues }
        }
      }
      // Refusals first: a store failure while writing events then loses nothing a retry does not bring back.
      if (refusals.length > 0) yield* context.rejected.record(context.workspaceId, refusals)
      // Concurrent collects share transactions (write-queue.ts); this one returns once its own events are committed.
      const fates = yield* write(accepted, chunkSize)
      let appended = 0
      let suppressed = 0
      for (let i = 0; i < fates.length; i++) {
        const fate = fates[i]!
        const index = acceptedAt[i]!
        const messageId = accepted[i]!.messageId
        if (fate.status === "accepted") appended++
        if (fate.status === "suppressed") suppressed++
        results[index] = fate.status === "accepted" ? { index, status: "accepted", messageId, profileId: fate.profileId } : { index, status: fate.status, messageId }
      }
      const counts = { received: calls.length, accepted: appended, duplicates: fates.length - appended - suppressed, rejected: refusals.length }
      return { ...counts, ...(suppressed === 0 ? {} : { suppressed }), results }
    })
  }
}
