import { contactRestrictionsAt } from "@kith/privacy"
import { ContactRestrictions } from "@kith/storage"
import { Effect } from "effect"
import { instantOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"
import { actorOf } from "../privacy/make.js"
import type { WorkspaceContext } from "../workspace-context.js"
import type { ContactRestrictionsApi } from "./api.js"

/**
 * `cdp.contactRestrictions` on one workspace, as Effects.
 *
 * @param context - the workspace and its stores
 * @returns the namespace
 *
 * @example
 * ```ts
 * const contactRestrictions = yield* makeContactRestrictionsNamespace(context)
 * ```
 */
export const makeContactRestrictionsNamespace = Effect.fnUntraced(function* (context: WorkspaceContext) {
  const { workspaceId, resolveProfile } = context
  const store = yield* ContactRestrictions
  const namespace: ContactRestrictionsApi<"effect"> = {
    record: Effect.fn("Cdp.contactRestrictions.record")(function* (ref, restrictions, by) {
      const who = yield* Effect.fromResult(actorOf(by))
      if (!Array.isArray(restrictions) || restrictions.length === 0) {
        return yield* new InvalidArgument({ field: "restrictions", reason: `a non-empty list of { kind, status, channel? }, got ${JSON.stringify(restrictions)}` })
      }
      const stored = yield* resolveProfile(ref)
      return yield* store.record(workspaceId, stored.profileId, restrictions, { ...who, source: by.source, evidence: by.evidence })
    }),
    state: Effect.fn("Cdp.contactRestrictions.state")(function* (ref, options) {
      const asOf = yield* Effect.fromResult(instantOf("asOf", options?.asOf))
      const stored = yield* resolveProfile(ref)
      return contactRestrictionsAt(yield* store.history(workspaceId, stored.profileId), asOf)
    }),
    history: Effect.fn("Cdp.contactRestrictions.history")(function* (ref) {
      return yield* store.history(workspaceId, (yield* resolveProfile(ref)).profileId)
    })
  }
  return namespace
})
