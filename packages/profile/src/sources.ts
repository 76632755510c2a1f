import { Instant } from "@kith/core"
import { Schema } from "effect"
import type { ProfileSummary } from "./profile-summary.js"

/** The UTM campaign that brought a profile in (`context.campaign`). */
export const SourceCampaign = Schema.Struct({
  /** utm_source: `facebook`, `google`, `zalo`, ... */
  source: Schema.NullOr(Schema.String),
  /** utm_medium: `cpc`, `email`, `social`, ... */
  medium: Schema.NullOr(Schema.String),
  /** utm_campaign: the campaign's name. */
  name: Schema.NullOr(Schema.String)
})
/** A {@link SourceCampaign} after decoding. */
export type SourceCampaign = typeof SourceCampaign.Type

/** One way a profile came in (PRF-8): a channel and source, with the UTM campaign and referrer when known. */
export const SourceEntry = Schema.Struct({
  /** `context.channel` of the events: `web`, `app`, `zalo`, `shopee`, `import`, ... */
  channel: Schema.NullOr(Schema.String),
  /** `context.source`: `own_website`, `landing_page`, `contact_form`, `file_import`, ... */
  source: Schema.NullOr(Schema.String),
  /** The UTM campaign of the events, or `null` when they named none. */
  campaign: Schema.NullOr(SourceCampaign),
  /** Who referred the person (`context.referrer`: its name, else type, else link or URL), or `null`. */
  referrer: Schema.NullOr(Schema.String),
  firstSeenAt: Instant,
  /** The last event through it, or `null` when that is after `asOf` (a summary keeps only the first and the last). */
  lastSeenAt: Schema.NullOr(Instant)
})
/** A {@link SourceEntry} after decoding. */
export type SourceEntry = typeof SourceEntry.Type

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Every way in of a profile known at `asOf` (channel and source, with the UTM
 * campaign and referrer of its events), first touch first (ties by channel,
 * source, campaign, then referrer).
 *
 * @param summary - the profile's summary
 * @param asOf - sources first seen after it are left out
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "page", messageId: "m-1", timestamp: "2025-03-02T10:00:00+07:00", anonymousId: "c-1", properties: { url: "https://shop.vn/tet" }, context: { channel: "web", source: "landing_page" } },
 *   { type: "track", messageId: "m-2", timestamp: "2025-03-05T10:00:00+07:00", anonymousId: "c-1", event: "Campaign Joined", properties: { campaignId: "tet-2025" }, context: { channel: "zalo" } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * sourcesOf(summary, new Date("2025-06-30T17:00:00Z"))
 * // => [{ channel: "web", source: "landing_page", campaign: null, referrer: null, firstSeenAt: 2025-03-02T03:00:00Z, lastSeenAt: 2025-03-02T03:00:00Z },
 * //     { channel: "zalo", source: null, ... }]
 * ```
 */
export const sourcesOf = (summary: ProfileSummary, asOf: Date): ReadonlyArray<SourceEntry> => {
  const at = asOf.getTime()
  return [...summary.sources]
    .filter((touch) => touch.firstAt <= at)
    // Ties by code-unit order, never the machine's locale, so every host sorts alike.
    .sort(
      (a, b) =>
        a.firstAt - b.firstAt ||
        byCodeUnits(a.channel ?? "", b.channel ?? "") ||
        byCodeUnits(a.source ?? "", b.source ?? "") ||
        byCodeUnits(a.campaignSource ?? "", b.campaignSource ?? "") ||
        byCodeUnits(a.campaignMedium ?? "", b.campaignMedium ?? "") ||
        byCodeUnits(a.campaignName ?? "", b.campaignName ?? "") ||
        byCodeUnits(a.referrer ?? "", b.referrer ?? "")
    )
    .map((touch) => ({
      channel: touch.channel ?? null,
      source: touch.source ?? null,
      campaign:
        touch.campaignSource === undefined && touch.campaignMedium === undefined && touch.campaignName === undefined
          ? null
          : { source: touch.campaignSource ?? null, medium: touch.campaignMedium ?? null, name: touch.campaignName ?? null },
      referrer: touch.referrer ?? null,
      firstSeenAt: new Date(touch.firstAt),
      lastSeenAt: touch.lastAt <= at ? new Date(touch.lastAt) : null
    }))
}
