// Write coalescing for `collect`: the accepted calls of concurrent collects
// (an HTTP server's requests) share transactions instead of paying one each.
// One collect at a time writes (the leader); collects arriving meanwhile wait
// in arrival order, and the next leader writes as many of them as fit in one
// transaction. Each collect still returns only once its own events are
// committed, and a failure stays its own: a grouped write that fails is
// undone as a whole and each collect of the group is then written alone.
import type { WorkspaceId } from "@kith/core"
import type { EventStore, StorageFailure, UnknownWorkspace } from "@kith/storage"
import { Deferred, Effect, Exit } from "effect"
import type { AcceptedCall } from "./judge-call.js"
import { type WriteFate, writeAccepted } from "./write-accepted.js"

// The most turns of the runtime a leader lets run to gather collects into its group.
const MAX_GATHER = 16

type WriteExit = Exit.Exit<Array<WriteFate>, UnknownWorkspace | StorageFailure>

// What a waiting collect is told: its outcome (written in another's group), or that it leads the next group.
type Signal = { readonly lead: true } | { readonly lead: false; readonly exit: WriteExit }

interface Entry {
  readonly accepted: ReadonlyArray<AcceptedCall>
  readonly chunkSize: number
  readonly signal: Deferred.Deferred<Signal>
}

/** Writes the accepted calls of one collect, sharing a transaction with concurrent collects where they fit. */
export type WriteQueue = (accepted: ReadonlyArray<AcceptedCall>, chunkSize: number) => Effect.Effect<Array<WriteFate>, UnknownWorkspace | StorageFailure>

/**
 * The write queue of one workspace. A collect whose accepted calls fit in one
 * transaction (at most its `chunkSize`) joins a group with the collects
 * waiting behind the one in flight, as long as the group stays within every
 * member's `chunkSize`; a larger one is written alone, in its chunks. Fates
 * are told in arrival order across the group, so a messageId sent by two
 * concurrent collects is accepted for the first and a duplicate for the
 * second, as if they had been written one after the other.
 *
 * Once a collect's calls are queued, their write runs to its end (the queue
 * is uninterruptible): an interrupted waiter could otherwise leave the queue
 * without a leader.
 */
export const makeWriteQueue = (events: typeof EventStore.Service, workspaceId: WorkspaceId): WriteQueue => {
  const waiting: Array<Entry> = []
  let writing = false

  const writeAlone = (entry: Entry): Effect.Effect<WriteExit> => Effect.exit(writeAccepted(events, workspaceId, entry.accepted, entry.chunkSize))

  const writeGroup = Effect.fnUntraced(function* (group: ReadonlyArray<Entry>) {
    if (group.length === 1) return [yield* writeAlone(group[0]!)]
    const all = group.flatMap((entry) => entry.accepted)
    const together = yield* Effect.exit(writeAccepted(events, workspaceId, all, all.length))
    const exits: Array<WriteExit> = []
    if (Exit.isFailure(together)) {
      // Nothing of the group was written: each collect alone, so a failure is only the failing one's.
      for (const entry of group) exits.push(yield* writeAlone(entry))
      return exits
    }
    let start = 0
    for (const entry of group) {
      exits.push(Exit.succeed(together.value.slice(start, start + entry.accepted.length)))
      start += entry.accepted.length
    }
    return exits
  })

  // The leader's group: itself, then the waiters in order while the group fits in one transaction of every member.
  const takeGroup = (self: Entry): Array<Entry> => {
    const group = [self]
    if (self.accepted.length > self.chunkSize) return group
    let size = self.accepted.length
    let limit = self.chunkSize
    for (let next = waiting[0]; next !== undefined; next = waiting[0]) {
      const nextLimit = Math.min(limit, next.chunkSize)
      if (size + next.accepted.length > nextLimit) break
      group.push(waiting.shift()!)
      size += next.accepted.length
      limit = nextLimit
    }
    return group
  }

  // Hands the lead to the oldest waiter, or releases it.
  const handOver = Effect.suspend(() => {
    const next = waiting.shift()
    if (next !== undefined) return Deferred.succeed(next.signal, { lead: true })
    writing = false
    return Effect.void
  })

  // A synchronous store (SQLite) holds the event loop for a whole write, so requests that arrived meanwhile are
  // still unread when it ends: before taking its group, the leader lets the runtime run (a macrotask at a time)
  // while that brings more collects, up to a full transaction or MAX_GATHER turns. Alone, it waits one turn.
  const gather = (self: Entry) =>
    Effect.gen(function* () {
      let seen = -1
      for (let turn = 0; turn < MAX_GATHER && waiting.length !== seen; turn++) {
        seen = waiting.length
        let size = self.accepted.length
        for (const entry of waiting) size += entry.accepted.length
        if (size >= self.chunkSize) return
        yield* Effect.yieldNow
      }
    })

  // Gathers, writes the group, tells each member its outcome, and hands the lead over.
  const lead = (self: Entry): Effect.Effect<WriteExit> =>
    gather(self).pipe(
      Effect.andThen(() => {
        const group = takeGroup(self)
        return writeGroup(group).pipe(
          Effect.tap((exits) => Effect.forEach(group.slice(1), (entry, i) => Deferred.succeed(entry.signal, { lead: false, exit: exits[i + 1]! }), { discard: true }))
        )
      }),
      Effect.map((exits) => exits[0]!),
      // Whatever happened, the queue keeps a leader while anyone waits.
      Effect.ensuring(handOver)
    )

  return (accepted, chunkSize) =>
    accepted.length === 0
      ? Effect.succeed([])
      : Effect.uninterruptible(
          Effect.gen(function* () {
            const entry: Entry = { accepted, chunkSize, signal: yield* Deferred.make<Signal>() }
            if (!writing) {
              writing = true
              return yield* yield* lead(entry)
            }
            waiting.push(entry)
            const signal = yield* Deferred.await(entry.signal)
            return yield* signal.lead ? yield* lead(entry) : signal.exit
          })
        )
}
