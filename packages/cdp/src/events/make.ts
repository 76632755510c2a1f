import { Effect, Option } from "effect"
import { pageRequestOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"
import type { WorkspaceContext } from "../workspace-context.js"
import type { EventsApi } from "./api.js"

/**
 * `cdp.events` on one workspace, as Effects.
 *
 * @param context - the workspace and its stores
 * @returns the events namespace
 */
export const makeEvents = (context: WorkspaceContext): EventsApi<"effect"> => {
  const { workspaceId, events, graph, resolveProfile } = context
  return {
    list: Effect.fn("Cdp.events.list")(function* (ref, options) {
      const request = yield* Effect.fromResult(pageRequestOf(options))
      const stored = yield* resolveProfile(ref)
      return yield* events.listByProfile(workspaceId, stored.profileId, request)
    }),
    get: Effect.fn("Cdp.events.get")(function* (messageId) {
      if (typeof messageId !== "string" || messageId.length === 0) return yield* new InvalidArgument({ field: "messageId", reason: "must be a non-empty string" })
      const stored = yield* events.get(workspaceId, messageId)
      if (Option.isNone(stored)) return undefined
      const profileId = yield* graph.resolve(workspaceId, stored.value.profileId).pipe(Effect.catchTag("ProfileNotFound", () => Effect.succeed(stored.value.profileId)))
      return { event: stored.value.event, profileId }
    }),
    count: () => events.count(workspaceId)
  }
}
