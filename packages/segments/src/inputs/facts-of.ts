import { ProfileFieldNames, type Traits } from "@kith/core"
import {
  type PointsRule,
  type ProfileSummary,
  type TierConfig,
  defaultPointsRule,
  defaultTierConfig,
  lifecycleOf,
  ordersAt,
  pointsLedger,
  purchaseMetrics,
  sourcesOf,
  tierFor
} from "@kith/profile"
import type { CareStatus, LeadStatus } from "@kith/core"
import type { ProfileFacts, TraitValue } from "./profile-facts.js"
import { canonicalProvince, regionOfProvince } from "./regions.js"

/**
 * What {@link profileFactsOf} reads about one profile.
 *
 * @example
 * ```ts
 * const source: FactsSource = { profileId: "p-1", traits: { gender: "female", tags: ["vip"] }, summary }
 * ```
 */
export interface FactsSource {
  readonly profileId: string
  /** The profile's resolved traits (identity's per-trait strategies already applied). */
  readonly traits: Traits
  /** The profile's summary (`@kith/profile`). */
  readonly summary: ProfileSummary
  /** The profile's lead status (PIPE-2), once the pipeline tracks it. */
  readonly leadStatus?: LeadStatus | null
  /** The profile's care status (PIPE-6), once the pipeline tracks it. */
  readonly careStatus?: CareStatus | null
}

/**
 * The workspace settings the facts are computed with, and the instant they
 * are computed at.
 *
 * @example
 * ```ts
 * const options: FactsOptions = { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" }
 * ```
 */
export interface FactsOptions {
  /** Lifecycle, tier and points are taken at this instant. */
  readonly asOf: Date
  /** The workspace timezone. */
  readonly timeZone: string
  /** The workspace currency. */
  readonly currency: string
  /** Default `@kith/profile`'s `defaultTierConfig`. */
  readonly tiers?: TierConfig
  /** Default `@kith/profile`'s `defaultPointsRule`. */
  readonly pointsRule?: PointsRule
}

const CUSTOM_EXCLUDED = new Set<string>(ProfileFieldNames)

const nonBlank = (value: string | undefined): string | null => {
  const trimmed = value?.trim()
  return trimmed === undefined || trimmed === "" ? null : trimmed
}

const distinct = (values: ReadonlyArray<string> | undefined): ReadonlyArray<string> => {
  if (values === undefined) return []
  const out: Array<string> = []
  for (const value of values) if (!out.includes(value)) out.push(value)
  return out
}

const scalarTraits = (traits: Traits): Record<string, TraitValue> => {
  const out: Record<string, TraitValue> = {}
  for (const [name, value] of Object.entries(traits)) {
    if (CUSTOM_EXCLUDED.has(name)) continue
    if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) out[name] = value
  }
  return out
}

/**
 * The channels and sources facts of a profile (PRF-8): each channel and each
 * source its summary's touches name up to `asOf`, once, in the order
 * `@kith/profile`'s `sourcesOf` gives them, and the first of each. The part of
 * {@link profileFactsOf} that reads the summary's touches, for a caller that
 * wants to know whether those lists moved without computing every fact.
 *
 * @param summary - the profile's summary
 * @param asOf - touches after this instant are not counted
 * @returns the distinct channels and sources, and the first touch's
 *
 * @example
 * ```ts
 * import { emptySummary } from "@kith/profile"
 *
 * channelsAndSourcesOf(emptySummary, new Date("2025-06-30T17:00:00Z"))
 * // => { channels: [], sources: [], firstChannel: null, firstSource: null }
 * ```
 */
export const channelsAndSourcesOf = (
  summary: ProfileSummary,
  asOf: Date
): { readonly channels: ReadonlyArray<string>; readonly sources: ReadonlyArray<string>; readonly firstChannel: string | null; readonly firstSource: string | null } => {
  const entries = sourcesOf(summary, asOf)
  const channels: Array<string> = []
  const sources: Array<string> = []
  for (const entry of entries) {
    if (entry.channel !== null && !channels.includes(entry.channel)) channels.push(entry.channel)
    if (entry.source !== null && !sources.includes(entry.source)) sources.push(entry.source)
  }
  const first = entries[0]
  return { channels, sources, firstChannel: first?.channel ?? null, firstSource: first?.source ?? null }
}

/**
 * The facts of one profile (see {@link ProfileFacts}), from its resolved
 * traits and its summary, at `options.asOf`:
 *
 * - gender, birthday, tags, customer groups, assignee and collaborator from the traits;
 * - `province` as its canonical name when it is a Vietnamese province
 *   (`TP. Hồ Chí Minh` → `Hồ Chí Minh`), `region` from it, `country` from the
 *   address, else `VN` when the province is Vietnamese;
 * - lifecycle stage and account status (PRF-2), tier and points balance (PRF-7)
 *   and sources (PRF-8) as `@kith/profile` computes them at `asOf`;
 * - custom traits with a text, number or boolean value.
 *
 * @param source - the profile's traits and summary (and pipeline statuses)
 * @param options - `asOf`, timezone, currency, tiers and points rule
 * @returns the profile's facts
 *
 * @example
 * ```ts
 * import { emptySummary } from "@kith/profile"
 *
 * const facts = profileFactsOf(
 *   { profileId: "p-1", summary: emptySummary, traits: { gender: "female", address: { province: "TP. Hồ Chí Minh" }, phone: "0912345678", occupation: "kỹ sư" } },
 *   { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" }
 * )
 * facts.province // => "Hồ Chí Minh"
 * facts.region // => "south"
 * facts.country // => "VN"
 * facts.stage // => "lead"
 * facts.traits // => { occupation: "kỹ sư" }
 * ```
 */
export const profileFactsOf = (source: FactsSource, options: FactsOptions): ProfileFacts => {
  const { traits, summary } = source
  const asOf = options.asOf
  const orders = ordersAt(summary, asOf)
  const lifecycle = lifecycleOf(summary, orders, traits, asOf)
  const tiers = options.tiers ?? defaultTierConfig
  const points = pointsLedger(summary, orders, { asOf, currency: options.currency, rule: options.pointsRule ?? defaultPointsRule }).balance
  const tierValue = tiers.basis === "points" ? points : purchaseMetrics(summary, { asOf, timeZone: options.timeZone, currency: options.currency }).totalSpend
  const writtenProvince = nonBlank(traits.address?.province)
  const province = writtenProvince === null ? null : (canonicalProvince(writtenProvince) ?? writtenProvince)
  const region = writtenProvince === null ? null : (regionOfProvince(writtenProvince) ?? null)
  const touched = channelsAndSourcesOf(summary, asOf)
  return {
    profileId: source.profileId,
    gender: traits.gender ?? null,
    birthday: traits.birthday ?? null,
    country: nonBlank(traits.address?.country) ?? (region === null ? null : "VN"),
    province,
    district: nonBlank(traits.address?.district),
    region,
    stage: lifecycle.stage,
    accountStatus: lifecycle.account.status,
    tier: tierFor(tierValue, tiers),
    points,
    tags: distinct(traits.tags),
    customerGroups: distinct(traits.customerGroups),
    channels: touched.channels,
    sources: touched.sources,
    firstChannel: touched.firstChannel,
    firstSource: touched.firstSource,
    assigneeId: nonBlank(traits.assigneeId),
    collaboratorId: nonBlank(traits.collaboratorId),
    leadStatus: source.leadStatus ?? null,
    careStatus: source.careStatus ?? null,
    traits: scalarTraits(traits)
  }
}
