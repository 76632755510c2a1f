import type { ProfileId } from "@kith/core"
import type { LedgerEntry } from "@kith/identity"
import { Effect } from "effect"
import { inWorkspace, liveProfileRow, requireWorkspace } from "../lookups.js"
import { explainIdentifiers } from "../manual/explain.js"
import type { ManualIdentityContext } from "../manual/context.js"
import { mergeByHand, planMerge } from "../manual/merge.js"
import { splitProfile } from "../manual/split.js"
import { IdentifierNotFound, IdentityGraph, InvalidIdentityChange } from "../port/identity-graph.js"
import { InvalidCursor } from "../port/page.js"
import { ProfileNotFound } from "../port/profiles.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { attempt } from "./attempt.js"
import { appendNote } from "./audit-note.js"
import { parseLedgerCursor } from "./cursors.js"
import { pageOf } from "./paging.js"
import type { ServiceContext } from "./service-context.js"

const reviveLedger = (json: string): LedgerEntry =>
  JSON.parse(json, (key, value: unknown) => (key === "at" && typeof value === "string" ? new Date(value) : value)) as LedgerEntry

/**
 * The {@link IdentityGraph} service on an engine.
 *
 * @example
 * ```ts
 * const graph = makeIdentityGraph(context)
 * ```
 */
export const makeIdentityGraph = ({ backend, policy, summarizerFor, traits }: ServiceContext): IdentityGraph["Service"] => {
  const reads = backend.read
  const manual: ManualIdentityContext = { policy, summarizerFor, traits }
  return IdentityGraph.of({
    resolve: Effect.fn("IdentityGraph.resolve")(function* (workspaceId, profileId) {
      return yield* attempt("IdentityGraph.resolve", [UnknownWorkspace, ProfileNotFound], async () => {
        await requireWorkspace(reads, workspaceId)
        return (await liveProfileRow(reads, workspaceId, profileId)).profileId as ProfileId
      })
    }),
    ledger: Effect.fn("IdentityGraph.ledger")(function* (workspaceId, page) {
      return yield* attempt("IdentityGraph.ledger", [UnknownWorkspace, InvalidCursor], async () => {
        const after = parseLedgerCursor(page.cursor)
        await requireWorkspace(reads, workspaceId)
        const rows = await reads.identity.ledger(workspaceId, after, page.limit)
        return pageOf(rows, page.limit, (r) => String(r.seq), rows.map((r) => ({ ...reviveLedger(r.entry), seq: r.seq }) as LedgerEntry))
      })
    }),
    split: Effect.fn("IdentityGraph.split")(function* (workspaceId, profileId, identifiers, action, options) {
      return yield* attempt("IdentityGraph.split", [UnknownWorkspace, ProfileNotFound, InvalidIdentityChange], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          const change = await splitProfile(tx, manual, workspaceId, profileId, identifiers, action, options)
          await appendNote(tx, workspaceId, "identity.split", change.from, action.at, options?.audit, change)
          return change
        })
      )
    }),
    // Explaining and planning only read, but inside a transaction: one consistent view while other writers run.
    explain: Effect.fn("IdentityGraph.explain")(function* (workspaceId, a, b) {
      return yield* attempt("IdentityGraph.explain", [UnknownWorkspace, IdentifierNotFound], () =>
        inWorkspace(backend, workspaceId, (tx) => explainIdentifiers(tx, manual, workspaceId, a, b))
      )
    }),
    previewMerge: Effect.fn("IdentityGraph.previewMerge")(function* (workspaceId, a, b) {
      return yield* attempt("IdentityGraph.previewMerge", [UnknownWorkspace, ProfileNotFound, InvalidIdentityChange], () =>
        inWorkspace(backend, workspaceId, (tx) => planMerge(tx, manual, workspaceId, a, b))
      )
    }),
    merge: Effect.fn("IdentityGraph.merge")(function* (workspaceId, a, b, request) {
      return yield* attempt("IdentityGraph.merge", [UnknownWorkspace, ProfileNotFound, InvalidIdentityChange], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          const change = await mergeByHand(tx, manual, workspaceId, a, b, request)
          await appendNote(tx, workspaceId, "identity.merge", change.into, request.at, request.audit, change)
          return change
        })
      )
    })
  })
}
