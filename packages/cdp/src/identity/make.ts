import type { AuditNote, SplitChange } from "@kith/storage"
import { Effect } from "effect"
import { instantOf, isIdentifier, pageRequestOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"
import type { WorkspaceContext } from "../workspace-context.js"
import type { IdentityApi } from "./api.js"

/**
 * `cdp.identity` on one workspace, as Effects.
 *
 * @param context - the workspace and its stores
 * @returns the identity namespace
 */
export const makeIdentity = (context: WorkspaceContext): IdentityApi<"effect"> => {
  const { workspaceId, graph, resolveProfile } = context
  return {
    explain: Effect.fn("Cdp.identity.explain")(function* (a, b) {
      for (const [field, id] of [["a", a], ["b", b]] as const) {
        if (!isIdentifier(id)) return yield* new InvalidArgument({ field, reason: "an identifier is { type, value }" })
      }
      return yield* graph.explain(workspaceId, a, b)
    }),
    split: Effect.fn("Cdp.identity.split")(function* (ref, identifiers, action, options) {
      yield* Effect.fromResult(instantOf("at", action?.at))
      if (!Array.isArray(identifiers) || identifiers.length === 0) {
        return yield* new InvalidArgument({ field: "identifiers", reason: "must be a non-empty array of { type, value }" })
      }
      for (const [index, id] of identifiers.entries()) {
        if (!isIdentifier(id)) return yield* new InvalidArgument({ field: `identifiers[${index}]`, reason: "must be { type: string, value: string }" })
      }
      const alsoDetach = options?.alsoDetach
      if (alsoDetach !== undefined && alsoDetach !== "linking") {
        if (!Array.isArray(alsoDetach)) return yield* new InvalidArgument({ field: "options.alsoDetach", reason: 'must be "linking" or an array of { type, value }' })
        for (const [index, id] of alsoDetach.entries()) {
          if (!isIdentifier(id)) return yield* new InvalidArgument({ field: `options.alsoDetach[${index}]`, reason: "must be { type: string, value: string }" })
        }
      }
      const stored = yield* resolveProfile(ref)
      // The audit entry is written in the split's own transaction (PRIV-5): identifier types, never values.
      const audit: AuditNote<SplitChange> = {
        actor: action.actor ?? "unspecified",
        details: (change) => ({
          into: change.into,
          detached: change.detached,
          identifierTypes: identifiers.map((i) => i.type),
          ...(alsoDetach === undefined ? {} : { alsoDetach: alsoDetach === "linking" ? "linking" : alsoDetach.map((i) => i.type) })
        })
      }
      return yield* graph.split(workspaceId, stored.profileId, identifiers, action, alsoDetach === undefined ? { audit } : { alsoDetach, audit })
    }),
    merge: Effect.fn("Cdp.identity.merge")(function* (a, b, options) {
      const first = yield* resolveProfile(a)
      const second = yield* resolveProfile(b)
      if (options?.dryRun === true) return { dryRun: true as const, plan: yield* graph.previewMerge(workspaceId, first.profileId, second.profileId) }
      yield* Effect.fromResult(instantOf("at", options?.at))
      const { dryRun: _, ...request } = options
      const merged = yield* graph.merge(workspaceId, first.profileId, second.profileId, {
        ...request,
        audit: { actor: request.actor ?? "unspecified", details: (change) => ({ from: change.from }) }
      })
      return { dryRun: false as const, ...merged }
    }),
    ledger: Effect.fn("Cdp.identity.ledger")(function* (options) {
      const request = yield* Effect.fromResult(pageRequestOf(options))
      return yield* graph.ledger(workspaceId, request)
    })
  }
}
