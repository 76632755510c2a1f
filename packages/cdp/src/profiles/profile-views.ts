import type { ProfileId, Traits } from "@kith/core"
import type { TraitObservation } from "@kith/profile"
import type { ProfileEntry, StoredProfile } from "@kith/storage"

/**
 * One row of a profile list or search result (PRF-12): who it is and how to
 * reach them, without the metrics (ask {@link ProfilesApi.get} for those).
 *
 * @example
 * ```ts
 * const row: ProfileListItem = {
 *   profileId: "p_m-1" as ProfileId, fullName: "Nguyễn Thị Lan", phones: ["+84912345678"], emails: ["lan@gmail.com"],
 *   firstSeenAt: new Date("2025-03-01T02:00:00Z"), lastSeenAt: new Date("2025-06-01T12:00:00Z")
 * }
 * ```
 */
export interface ProfileListItem {
  readonly profileId: ProfileId
  /** The newest `fullName` trait, or `null`. */
  readonly fullName: string | null
  /** Normalized phones (E.164) the profile holds. */
  readonly phones: ReadonlyArray<string>
  /** Normalized emails the profile holds. */
  readonly emails: ReadonlyArray<string>
  readonly firstSeenAt: Date | null
  readonly lastSeenAt: Date | null
}

/**
 * The list row of a profile as the store lists it (`ProfileStore.searchEntries`).
 *
 * @param profile - the profile's list entry
 * @returns its {@link ProfileListItem}
 *
 * @example
 * ```ts
 * import type { ProfileId } from "@kith/core"
 *
 * const entry = {
 *   profileId: "p_m-1" as ProfileId, firstSeenAt: 1740794400000, lastSeenAt: undefined,
 *   identifiers: [{ type: "phone", value: "+84912345678" }],
 *   traits: { fullName: { value: "Nguyễn Thị Lan", at: 1740794400000, source: "zalo_oa" } }
 * }
 * listItemOf(entry) // => { profileId: "p_m-1", fullName: "Nguyễn Thị Lan", phones: ["+84912345678"], emails: [], firstSeenAt: 2025-03-01T02:00:00Z, lastSeenAt: null }
 * ```
 */
export const listItemOf = (profile: ProfileEntry): ProfileListItem => {
  const name = profile.traits["fullName"]?.value
  return {
    profileId: profile.profileId,
    fullName: typeof name === "string" ? name : null,
    phones: profile.identifiers.filter((i) => i.type === "phone").map((i) => i.value),
    emails: profile.identifiers.filter((i) => i.type === "email").map((i) => i.value),
    firstSeenAt: profile.firstSeenAt === undefined ? null : new Date(profile.firstSeenAt),
    lastSeenAt: profile.lastSeenAt === undefined ? null : new Date(profile.lastSeenAt)
  }
}

/**
 * A stored profile's traits as the observations `@kith/profile` resolves:
 * one per trait, at the instant and from the source it was observed.
 *
 * @param profile - the stored profile
 * @returns its trait observations
 *
 * @example
 * ```ts
 * import type { ProfileId } from "@kith/core"
 * import { emptySummary } from "@kith/profile"
 *
 * const stored = {
 *   profileId: "p_m-1" as ProfileId, createdAt: 1740794400000, mergedIds: [], summary: emptySummary, identifiers: [],
 *   traits: { fullName: { value: "Nguyễn Thị Lan", at: 1740794400000, source: "zalo_oa" } }
 * }
 * traitObservationsOf(stored) // => [{ traits: { fullName: "Nguyễn Thị Lan" }, observedAt: 2025-03-01T02:00:00Z, source: "zalo_oa" }]
 * ```
 */
export const traitObservationsOf = (profile: StoredProfile): Array<TraitObservation> =>
  Object.entries(profile.traits).map(([name, trait]) => ({
    traits: { [name]: trait.value } as Traits,
    observedAt: new Date(trait.at),
    source: trait.source
  }))
