import type { KithEvent, Traits } from "@kith/core"
import { type ProfileSummary, makeSummarizer, newestValueWins } from "@kith/profile"
import { Schema } from "effect"
import { ActivityRow } from "./activity-row.js"
import { activityRowOfEvent } from "./activity-of-event.js"
import { type FactsOptions, profileFactsOf } from "./facts-of.js"
import { orderRowsOf } from "./order-rows.js"
import type { CareStatus, LeadStatus } from "@kith/core"
import { ProfileFacts } from "./profile-facts.js"

/**
 * Everything a segment rule reads about one profile: its facts and its
 * activity rows. Both engines evaluate exactly this (the in-memory one here,
 * the SQL one over the same data stored in typed tables).
 *
 * @example
 * ```ts
 * const inputs: SegmentInputs = { facts: emptyFacts("p-1"), activity: [] }
 * ```
 */
export const SegmentInputs = Schema.Struct({
  facts: ProfileFacts,
  activity: Schema.Array(ActivityRow)
})
/** {@link SegmentInputs} after decoding. */
export type SegmentInputs = typeof SegmentInputs.Type

/**
 * One profile's events and what else is known of it, for {@link segmentInputsOf}.
 *
 * @example
 * ```ts
 * const profile: ProfileEvents = { profileId: "p-1", events }
 * ```
 */
export interface ProfileEvents {
  readonly profileId: string
  /** The profile's decoded events, in any order. */
  readonly events: ReadonlyArray<KithEvent>
  /** Its resolved traits; default: per trait, the newest value among its `identify` events at or before `asOf`. */
  readonly traits?: Traits
  /** Its summary; default: summarized from `events`. */
  readonly summary?: ProfileSummary
  readonly leadStatus?: LeadStatus | null
  readonly careStatus?: CareStatus | null
}

/**
 * The order of a profile's activity rows in its inputs: by instant, then
 * kind, then key (code units). A store that adds rows later sorts with it to
 * give back the same inputs as {@link segmentInputsOf}.
 *
 * @example
 * ```ts
 * const rows = [activityRow("page_viewed", 2, "m-2"), activityRow("page_viewed", 1, "m-1")]
 * rows.sort(inActivityOrder).map((r) => r.key) // => ["m-1", "m-2"]
 * ```
 */
export const inActivityOrder = (a: ActivityRow, b: ActivityRow): number =>
  a.at - b.at || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/**
 * The segment inputs of one profile from its events: facts from its traits
 * and summary (see {@link profileFactsOf}), order rows from its summary (see
 * {@link orderRowsOf}) and one row per other meaningful event (see
 * {@link activityRowOfEvent}), oldest first. Every event is turned into rows,
 * even those after `asOf`: evaluations window them at their own `asOf`.
 *
 * @param profile - the profile's events (and optionally its resolved traits and summary)
 * @param options - the instant facts are taken at, and the workspace settings
 * @returns the profile's inputs
 *
 * @example
 * ```ts
 * import { decodeEvent } from "@kith/core"
 * import { Effect } from "effect"
 *
 * const events = [
 *   { type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", userId: "u-1", traits: { gender: "female", birthday: "05/09/1995" } },
 *   { type: "track", messageId: "m-2", timestamp: "2025-03-02T20:00:00+07:00", userId: "u-1", event: "Product Favorited", properties: { productId: "p-ao" } }
 * ].map((e) => Effect.runSync(decodeEvent(e)))
 * const inputs = segmentInputsOf({ profileId: "p-1", events }, { asOf: new Date("2025-03-31T00:00:00Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" })
 * inputs.facts.birthday // => "1995-09-05"
 * inputs.activity.map((row) => row.kind) // => ["product_favorited"]
 * ```
 */
export const segmentInputsOf = (profile: ProfileEvents, options: FactsOptions): SegmentInputs => {
  const summary = profile.summary ?? makeSummarizer({ timeZone: options.timeZone }).summarize(profile.events)
  const asOf = options.asOf.getTime()
  const traits =
    profile.traits ??
    newestValueWins(
      profile.events.flatMap((event) =>
        event.type === "identify" && event.traits !== undefined && event.timestamp.getTime() <= asOf
          ? [{ traits: event.traits, observedAt: event.timestamp }]
          : []
      )
    )
  const activity: Array<ActivityRow> = [...orderRowsOf(summary)]
  for (const event of profile.events) {
    const row = activityRowOfEvent(event)
    if (row !== undefined) activity.push(row)
  }
  activity.sort(inActivityOrder)
  return {
    facts: profileFactsOf(
      { profileId: profile.profileId, traits, summary, leadStatus: profile.leadStatus ?? null, careStatus: profile.careStatus ?? null },
      options
    ),
    activity
  }
}
