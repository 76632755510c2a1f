import type { InvalidInput } from "@kith/core"
import type { InvalidCursor, Profile360, TimelineKind, TimelinePage } from "@kith/profile"
import type { InvalidCursor as StorageInvalidCursor, Page, StorageFailure, StoredProfile, UnknownWorkspace } from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { ListRequest } from "../list-request.js"
import type { CdpMode, Returns } from "../mode.js"
import type { ProfileLookupError, ProfileReference } from "../profile-reference.js"
import type { ProfileEdit } from "./profile-edit.js"
import type { ProfileListItem } from "./profile-views.js"

/**
 * Options of {@link ProfilesApi.get}.
 *
 * @example
 * ```ts
 * const atYearEnd: ProfileOptions = { asOf: new Date("2025-12-31T16:59:59Z") }
 * const now: ProfileOptions = {}
 * ```
 */
export interface ProfileOptions {
  /**
   * The instant the Profile 360 is computed at; nothing after it counts.
   * Default: now, read once from Effect's `Clock` when the call runs (a
   * `TestClock` in tests).
   */
  readonly asOf?: Date
  /** The year of the spend chart and engagement report; default the local year of `asOf`. */
  readonly year?: number
}

/**
 * Options of {@link ProfilesApi.timeline}.
 *
 * @example
 * ```ts
 * const options: TimelineRequest = { limit: 5, kinds: ["order", "conversation"], asOf: new Date("2025-12-31T16:59:59Z") }
 * ```
 */
export interface TimelineRequest {
  /** Items per page, 1–500; default 20. */
  readonly limit?: number
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string
  /** Only these kinds. */
  readonly kinds?: ReadonlyArray<TimelineKind>
  /** Leave out events after this instant; default: none left out. */
  readonly asOf?: Date
}

/**
 * A list request (PRF-12): a page, optionally narrowed by `text` (as
 * {@link ProfilesApi.search}: name, email, address, or a phone in any form).
 *
 * @example
 * ```ts
 * const request: ProfileListRequest = { limit: 50, text: "ha noi" }
 * ```
 */
export interface ProfileListRequest extends ListRequest {
  readonly text?: string
}

/**
 * What {@link ProfilesApi.count} counts: every live profile (`"profiles"`,
 * the default) or one PRF-2 list, optionally narrowed by `text` as
 * {@link ProfilesApi.search}.
 *
 * @example
 * ```ts
 * const request: ProfileCountRequest = { list: "buyers", text: "ha noi" }
 * ```
 */
export interface ProfileCountRequest {
  readonly list?: "profiles" | "visitors" | "leads" | "buyers"
  readonly text?: string
}

/**
 * Errors of a list or a search: a bad page request or text, or the store failing.
 *
 * @example
 * ```ts
 * const describe = (e: ListError): string => e._tag
 * describe(new InvalidArgument({ field: "limit", reason: "must be an integer from 1 to 1000, got 0" })) // => "InvalidArgument"
 * ```
 */
export type ListError = InvalidArgument | StorageInvalidCursor | UnknownWorkspace | StorageFailure

/**
 * `cdp.profiles`: reading and editing profiles — the Profile 360, the stored
 * profile, the timeline, search and the visitor / lead / buyer lists, and
 * edits by hand. A profile is named by a {@link ProfileReference}: its id (a
 * merged-away id finds the survivor) or any identifier it holds. Each
 * operation returns an Effect in the {@link Cdp} service and a Promise in
 * the client of `createCdp`.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * const view = await cdp.profiles.get({ type: "phone", value: "+84 91-234-5678" }, { asOf: new Date("2025-03-31T17:00:00Z") })
 * view.lifecycle.stage // => "buyer"
 * const hits = await cdp.profiles.search("nguyen thi lan")
 * hits.items[0]?.fullName // => "Nguyễn Thị Lan"
 * ```
 */
export interface ProfilesApi<M extends CdpMode> {
  /**
   * The Profile 360 (PRF-1 … PRF-9) of a profile at `asOf`: fields (traits
   * and age), lifecycle, purchase metrics, the spend chart of `year` against
   * the year before, engagement with workspace shares, tier and points,
   * sources, first and last activity. Without `asOf`, at the moment the call
   * runs.
   *
   * @param ref - the profile's id or an identifier it holds
   * @param options - `asOf` (default now), `year`
   * @returns the `@kith/profile` `Profile360`
   *
   * @example
   * ```ts
   * const view = await cdp.profiles.get({ type: "phone", value: "0912 345 678" }, { asOf: new Date("2025-03-31T17:00:00Z") })
   * view.purchases.totalSpend // => 450000
   * const today = await cdp.profiles.get("p_m-1")
   * ```
   */
  get(ref: ProfileReference, options?: ProfileOptions): Returns<M, Profile360, ProfileLookupError>
  /**
   * The stored profile: normalized identifiers, traits with provenance
   * (`{ value, at, source }`), the summary, merged-away ids.
   *
   * @param ref - the profile's id or an identifier it holds
   * @returns the `@kith/storage` `StoredProfile`
   *
   * @example
   * ```ts
   * (await cdp.profiles.lookup({ type: "shopee_buyer_id", value: "lan88" })).profileId // => "p_m-1"
   * ```
   */
  lookup(ref: ProfileReference): Returns<M, StoredProfile, ProfileLookupError>
  /**
   * One page of the profile's timeline (PRF-6), newest first: orders,
   * conversations, page views, campaigns... (`@kith/profile` `timelinePage`
   * over the profile's events, of which only the newest before the cursor
   * are read: a page costs the same in a long history as in a short one).
   *
   * @param ref - the profile's id or an identifier it holds
   * @param options - `limit` (1–500, default 20), `cursor`, `kinds`, `asOf`
   * @returns the items and the cursor of the next page
   *
   * @example
   * ```ts
   * const page = await cdp.profiles.timeline("p_m-1", { limit: 5, kinds: ["order"] })
   * page.items[0]?.kind // => "order"
   * ```
   */
  timeline(ref: ProfileReference, options?: TimelineRequest): Returns<M, TimelinePage, ProfileLookupError | InvalidCursor>
  /**
   * Profiles matching `text` (PRF-12): name, email, address and company
   * accent-insensitively (`nguyen` finds `Nguyễn`), a phone in any written
   * form (`0912 345 678`, `84912345678`, the old eleven-digit `0162…`
   * numbers); `""` lists every profile. Exact matches first — the profiles
   * holding the whole email searched for — then the others, each by profile
   * id. SQL stores answer text of 3 characters or more from a trigram index;
   * shorter text is found by reading the profiles in order.
   *
   * @param text - what to look for
   * @param options - `limit` (1–1,000, default 50), `cursor`
   * @returns one page of list rows
   *
   * @example
   * ```ts
   * (await cdp.profiles.search("nguyen thi lan")).items[0]?.profileId // => "p_m-1"
   * ```
   */
  search(text: string, options?: ListRequest): Returns<M, Page<ProfileListItem>, ListError>
  /**
   * How many profiles a list or a search holds (PRF-12), exactly, counted by
   * the store from its indexes — the number of items paging
   * {@link ProfilesApi.visitors}, {@link ProfilesApi.leads},
   * {@link ProfilesApi.buyers} or {@link ProfilesApi.search} to the end would
   * give, without reading them.
   *
   * @param request - `list` (`"profiles"`, `"visitors"`, `"leads"`, `"buyers"`; default `"profiles"`), `text`
   * @returns the count
   *
   * @example
   * ```ts
   * const buyers = await cdp.profiles.count({ list: "buyers" })
   * const namedLan = await cdp.profiles.count({ text: "nguyen thi lan" })
   * ```
   */
  count(request?: ProfileCountRequest): Returns<M, number, ListError>
  /**
   * Visitors (PRF-2: no contact details, no purchase) at their latest
   * event, by profile id with a stable cursor (PRF-12); `text` narrows the
   * list like {@link ProfilesApi.search}.
   *
   * @param options - `limit`, `cursor`, `text`
   * @returns one page of list rows
   *
   * @example
   * ```ts
   * const page = await cdp.profiles.visitors({ limit: 100 })
   * ```
   */
  visitors(options?: ProfileListRequest): Returns<M, Page<ProfileListItem>, ListError>
  /**
   * Leads: profiles with contact details and no purchase yet; as
   * {@link ProfilesApi.visitors}.
   *
   * @param options - `limit`, `cursor`, `text`
   * @returns one page of list rows
   *
   * @example
   * ```ts
   * const page = await cdp.profiles.leads({ text: "0912 345 678" })
   * ```
   */
  leads(options?: ProfileListRequest): Returns<M, Page<ProfileListItem>, ListError>
  /**
   * Buyers: profiles with at least one successful order; as
   * {@link ProfilesApi.visitors}.
   *
   * @param options - `limit`, `cursor`, `text`
   * @returns one page of list rows
   *
   * @example
   * ```ts
   * const inHanoi = await cdp.profiles.buyers({ text: "ha noi", limit: 1000 })
   * ```
   */
  buyers(options?: ProfileListRequest): Returns<M, Page<ProfileListItem>, ListError>
  /**
   * Edits profile fields by hand (PRF-10): `ProfileFields` (full name,
   * gender, birthday `dd/mm/yyyy`, phone, email, address, ...) are validated
   * — unknown names are refused, phones and emails must normalize — then
   * stored as traits with source `manual`, observed at `at`. An edited phone
   * or email is a trait, not identity evidence: it links no profiles.
   *
   * @param ref - the profile's id or an identifier it holds
   * @param fields - the edited fields
   * @param options - `at`, when the edit was made; `actor`, who made it (written to the audit trail)
   * @returns the stored profile after the edit; `InvalidInput` naming each bad field
   *
   * @example
   * ```ts
   * const updated = await cdp.profiles.update("p_e-1", { fullName: "Đặng Thị Mai", birthday: "05/09/1990" }, { at: new Date("2025-03-10T00:00:00Z") })
   * updated.traits["fullName"] // => { value: "Đặng Thị Mai", at: 1741564800000, source: "manual" }
   * ```
   */
  update(ref: ProfileReference, fields: ProfileEdit, options: { readonly at: Date; readonly actor?: string }): Returns<M, StoredProfile, ProfileLookupError | InvalidInput>
}
