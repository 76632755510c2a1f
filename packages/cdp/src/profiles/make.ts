import type { ProfileId } from "@kith/core"
import { type LifecycleStage, profile360, TimelineKind } from "@kith/profile"
import { Clock, Effect } from "effect"
import { instantOf, limitOf, pageRequestOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"
import type { WorkspaceContext } from "../workspace-context.js"
import type { ProfileListRequest, ProfilesApi } from "./api.js"
import { decodeProfileEdit } from "./profile-edit.js"
import { listItemOf, traitObservationsOf } from "./profile-views.js"
import { readTimelinePage } from "./timeline-read.js"

const STAGE_OF_LIST: Readonly<Record<string, LifecycleStage | "all">> = { profiles: "all", visitors: "visitor", leads: "lead", buyers: "buyer" }

/**
 * `cdp.profiles` on one workspace, as Effects.
 *
 * @param context - the workspace and its stores
 * @returns the profiles namespace
 */
export const makeProfiles = (context: WorkspaceContext): ProfilesApi<"effect"> => {
  const { workspaceId, workspaces, events, profiles, segmentInputs, settings, resolveProfile } = context

  const listOf = (stage: LifecycleStage, name: string) =>
    Effect.fn(name)(function* (options?: ProfileListRequest) {
      if (options?.text !== undefined && typeof options.text !== "string") return yield* new InvalidArgument({ field: "text", reason: "must be a string" })
      const request = yield* Effect.fromResult(pageRequestOf(options))
      const page = yield* profiles.searchEntries(workspaceId, { ...request, stage, ...(options?.text === undefined ? {} : { text: options.text }) })
      return { items: page.items.map(listItemOf), nextCursor: page.nextCursor }
    })

  return {
    get: Effect.fn("Cdp.profiles.get")(function* (ref, options = {}) {
      // "Now" is read here, once, at the edge; everything below takes it as a parameter.
      const asOf = options.asOf === undefined ? new Date(yield* Clock.currentTimeMillis) : yield* Effect.fromResult(instantOf("asOf", options.asOf))
      if (options.year !== undefined && !Number.isInteger(options.year)) {
        return yield* new InvalidArgument({ field: "year", reason: `must be an integer, got ${String(options.year)}` })
      }
      const stored = yield* resolveProfile(ref)
      // The workspace totals the engagement shares are taken against, kept by every ingestion.
      const workspaceTotals = yield* workspaces.summary(workspaceId)
      // RFM against the workspace's buyers at asOf (PRF-9), from the stored segment inputs.
      const rfm = yield* segmentInputs.rfmOf(workspaceId, stored.profileId, { asOf, timeZone: settings.timezone, currency: settings.currency })
      return profile360({
        profileId: stored.profileId,
        summary: stored.summary,
        workspace: workspaceTotals,
        asOf,
        timeZone: settings.timezone,
        currency: settings.currency,
        traits: traitObservationsOf(stored),
        ...(rfm === null ? {} : { rfm }),
        ...(options.year === undefined ? {} : { year: options.year })
      })
    }),
    lookup: Effect.fn("Cdp.profiles.lookup")(resolveProfile),
    timeline: Effect.fn("Cdp.profiles.timeline")(function* (ref, request = {}) {
      const limit = yield* Effect.fromResult(limitOf("limit", request.limit, 20, 500))
      const asOf = request.asOf === undefined ? undefined : yield* Effect.fromResult(instantOf("asOf", request.asOf))
      if (request.kinds !== undefined) {
        const known: ReadonlyArray<string> = TimelineKind.literals
        const unknown = Array.isArray(request.kinds) ? request.kinds.find((k) => !known.includes(k)) : "not an array"
        if (unknown !== undefined) return yield* new InvalidArgument({ field: "kinds", reason: `must list timeline kinds (${known.join(", ")}), got ${JSON.stringify(unknown)}` })
      }
      // A profile id is resolved by the event store itself (a merged-away id reads its survivor's events).
      const profileId = typeof ref === "string" && ref.length > 0 ? (ref as ProfileId) : (yield* resolveProfile(ref)).profileId
      // The outreach messages the person was sent (theirs and those of the profiles merged into them) are on it too.
      const sent = request.kinds === undefined || request.kinds.includes("message")
      return yield* readTimelinePage(events, workspaceId, profileId, { limit, cursor: request.cursor, kinds: request.kinds, asOf, sent })
    }),
    search: Effect.fn("Cdp.profiles.search")(function* (text, options) {
      if (typeof text !== "string") return yield* new InvalidArgument({ field: "text", reason: "must be a string" })
      const request = yield* Effect.fromResult(pageRequestOf(options))
      const page = yield* profiles.searchEntries(workspaceId, { ...request, text })
      return { items: page.items.map(listItemOf), nextCursor: page.nextCursor }
    }),
    count: Effect.fn("Cdp.profiles.count")(function* (request = {}) {
      const list = request.list ?? "profiles"
      const stage = STAGE_OF_LIST[list]
      if (stage === undefined) return yield* new InvalidArgument({ field: "list", reason: `must be "profiles", "visitors", "leads" or "buyers", got ${JSON.stringify(list)}` })
      if (request.text !== undefined && typeof request.text !== "string") return yield* new InvalidArgument({ field: "text", reason: "must be a string" })
      return yield* profiles.count(workspaceId, { ...(stage === "all" ? {} : { stage }), ...(request.text === undefined ? {} : { text: request.text }) })
    }),
    visitors: listOf("visitor", "Cdp.profiles.visitors"),
    leads: listOf("lead", "Cdp.profiles.leads"),
    buyers: listOf("buyer", "Cdp.profiles.buyers"),
    update: Effect.fn("Cdp.profiles.update")(function* (ref, fields, options) {
      const at = yield* Effect.fromResult(instantOf("at", options?.at))
      const edit = yield* Effect.fromResult(decodeProfileEdit(fields))
      const stored = yield* resolveProfile(ref)
      // The audit entry is written in the edit's own transaction (PRIV-5): it names the fields, never their values.
      const fieldNames = Object.keys(edit).sort()
      return yield* profiles.setTraits(workspaceId, stored.profileId, edit, { at, source: "manual" }, { actor: options.actor ?? "unspecified", details: () => ({ fields: fieldNames }) })
    })
  }
}
