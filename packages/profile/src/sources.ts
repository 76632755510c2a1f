import { Instant } from "@kith/core"
import { Schema } from "effect"
import type { ProfileSummary } from "./profile-summary.js"

/** One channel and source a profile came through (PRF-8). */
export const SourceEntry = Schema.Struct({
  /** `context.channel` of the events: `web`, `zalo`, `shopee`, `import`, ... */
  channel: Schema.NullOr(Schema.String),
  /** `context.source`: `own_website`, `landing_page`, `contact_form`, `file_import`, ... */
  source: Schema.NullOr(Schema.String),
  firstSeenAt: Instant,
  /** The last event through it, or `null` when that is after `asOf` (a summary keeps only the first and the last). */
  lastSeenAt: Schema.NullOr(Instant)
})
/** A {@link SourceEntry} after decoding. */
export type SourceEntry = typeof SourceEntry.Type

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Every channel and source of a profile known at `asOf`, first touch first
 * (ties by channel, then source).
 *
 * @param summary - the profile's summary
 * @param asOf - sources first seen after it are left out
 *
 * @example
 * ```ts
 * sourcesOf(summary, asOf) // => [{ channel: "web", source: "landing_page", firstSeenAt, lastSeenAt }, { channel: "zalo", ... }]
 * ```
 */
export const sourcesOf = (summary: ProfileSummary, asOf: Date): ReadonlyArray<SourceEntry> => {
  const at = asOf.getTime()
  return [...summary.sources]
    .filter((touch) => touch.firstAt <= at)
    // Ties by code-unit order, never the machine's locale, so every host sorts alike.
    .sort((a, b) => a.firstAt - b.firstAt || byCodeUnits(a.channel ?? "", b.channel ?? "") || byCodeUnits(a.source ?? "", b.source ?? ""))
    .map((touch) => ({
      channel: touch.channel ?? null,
      source: touch.source ?? null,
      firstSeenAt: new Date(touch.firstAt),
      lastSeenAt: touch.lastAt <= at ? new Date(touch.lastAt) : null
    }))
}
