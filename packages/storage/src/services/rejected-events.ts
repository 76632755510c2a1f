import { Effect } from "effect"
import { requireWorkspace } from "../lookups.js"
import { RejectedEvents, type RejectionInput, type RejectionRow, type StoredRejection } from "../port/rejected-events.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { attempt } from "./attempt.js"
import { pageOf } from "./paging.js"
import type { ServiceContext } from "./service-context.js"

const storedRejectionOf = (row: RejectionRow): StoredRejection => ({
  seq: row.seq,
  payload: row.payload,
  messageId: row.messageId,
  type: row.type,
  event: row.event,
  issues: JSON.parse(row.issues) as StoredRejection["issues"],
  source: row.source,
  ip: row.ip,
  firstReceivedAt: new Date(row.firstReceivedAt),
  lastReceivedAt: new Date(row.lastReceivedAt),
  attempts: row.attempts,
  replayedAt: row.replayedAt === null ? null : new Date(row.replayedAt)
})

const rowOf = (input: RejectionInput): Omit<RejectionRow, "seq"> => ({
  payload: input.payload,
  messageId: input.messageId,
  type: input.type,
  event: input.event,
  issues: JSON.stringify(input.issues),
  source: input.source ?? null,
  ip: input.ip ?? null,
  firstReceivedAt: input.receivedAt.getTime(),
  lastReceivedAt: input.receivedAt.getTime(),
  attempts: 1,
  replayedAt: null
})

// The same messageId twice is one refusal: its attempts add up, the latest arrival's payload and problems stay.
const fold = (held: Omit<RejectionRow, "seq">, next: Omit<RejectionRow, "seq">): Omit<RejectionRow, "seq"> => {
  const later = next.lastReceivedAt >= held.lastReceivedAt ? next : held
  return {
    ...later,
    firstReceivedAt: Math.min(held.firstReceivedAt, next.firstReceivedAt),
    lastReceivedAt: Math.max(held.lastReceivedAt, next.lastReceivedAt),
    attempts: held.attempts + next.attempts,
    replayedAt: null
  }
}

/**
 * The {@link RejectedEvents} service on an engine.
 *
 * @example
 * ```ts
 * const rejected = makeRejectedEvents(context)
 * ```
 */
export const makeRejectedEvents = ({ backend }: ServiceContext): RejectedEvents["Service"] => {
  const reads = backend.read
  return RejectedEvents.of({
    record: Effect.fn("RejectedEvents.record")(function* (workspaceId, refusals) {
      return yield* attempt("RejectedEvents.record", [UnknownWorkspace], () =>
        backend.transaction(workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          // One slot per refusal in arrival order; arrivals sharing a messageId fold into the first one's slot.
          const slots: Array<Omit<RejectionRow, "seq">> = []
          const slotOf = new Map<string, number>()
          for (const input of refusals) {
            const row = rowOf(input)
            const at = row.messageId === null ? undefined : slotOf.get(row.messageId)
            if (at !== undefined) slots[at] = fold(slots[at]!, row)
            else {
              if (row.messageId !== null) slotOf.set(row.messageId, slots.length)
              slots.push(row)
            }
          }
          const kept = new Map((await tx.rejected.byMessageIds(workspaceId, [...slotOf.keys()])).map((r) => [r.messageId!, r] as const))
          const fresh: Array<Omit<RejectionRow, "seq">> = []
          for (const row of slots) {
            const held = row.messageId === null ? undefined : kept.get(row.messageId)
            if (held === undefined) fresh.push(row)
            else await tx.rejected.repeat(workspaceId, { ...fold(held, row), seq: held.seq })
          }
          await tx.rejected.append(workspaceId, fresh)
          return { recorded: fresh.length, repeats: refusals.length - fresh.length }
        })
      )
    }),
    list: Effect.fn("RejectedEvents.list")(function* (workspaceId, page) {
      return yield* attempt("RejectedEvents.list", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        const afterSeq = page.cursor === undefined ? 0 : Number(page.cursor)
        const rows = await reads.rejected.list(workspaceId, { afterSeq: Number.isInteger(afterSeq) ? afterSeq : 0, limit: page.limit, status: page.status })
        return pageOf(rows, page.limit, (r) => String(r.seq), rows.map(storedRejectionOf))
      })
    }),
    count: Effect.fn("RejectedEvents.count")(function* (workspaceId, filter) {
      return yield* attempt("RejectedEvents.count", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        return reads.rejected.count(workspaceId, filter?.status)
      })
    }),
    markReplayed: Effect.fn("RejectedEvents.markReplayed")(function* (workspaceId, seqs, at) {
      return yield* attempt("RejectedEvents.markReplayed", [UnknownWorkspace], () =>
        backend.transaction(workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          await tx.rejected.markReplayed(workspaceId, seqs, at.getTime())
        })
      )
    })
  })
}
