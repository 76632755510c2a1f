import { CareStatus, Gender, LeadStatus } from "@kith/core"
import { AccountStatus, LifecycleStage } from "@kith/profile"
import { Schema } from "effect"
import { Region } from "./regions.js"


/** A custom trait value a condition can compare: text, a finite number or a boolean. */
export const TraitValue = Schema.Union([Schema.String, Schema.Finite, Schema.Boolean])
/** A {@link TraitValue} after decoding. */
export type TraitValue = typeof TraitValue.Type

const Text = Schema.NullOr(Schema.String)
const Texts = Schema.Array(Schema.String)

/**
 * What a profile *is*, flat: its PRF-1 fields with provenance already
 * resolved, lifecycle and account status (PRF-2), tier and points (PRF-7),
 * sources (PRF-8), tags and groups, assignee, lead and care status, and its
 * scalar custom traits. Facts are the profile's state when its inputs were
 * built; whatever has an instant lives in the activity rows instead, so that
 * windows are measured at the `asOf` of each evaluation.
 *
 * Every field is a scalar column except the four lists (`tags`,
 * `customerGroups`, `channels`, `sources`), which a SQL store keeps as a child
 * table of (profile, list, value), and `traits`, kept as (profile, name,
 * text, number, boolean) with one value column filled.
 *
 * @example
 * ```ts
 * const facts: ProfileFacts = {
 *   profileId: "p-1", gender: "female", birthday: "1995-09-05",
 *   country: "VN", province: "Hà Nội", district: "Cầu Giấy", region: "north",
 *   stage: "buyer", accountStatus: "member", tier: "silver", points: 620,
 *   tags: ["vip"], customerGroups: [], channels: ["web", "zalo"], sources: ["own_website", "zalo_oa"],
 *   firstChannel: "web", firstSource: "own_website",
 *   assigneeId: "staff-7", collaboratorId: null, leadStatus: null, careStatus: null,
 *   traits: { occupation: "kỹ sư", income: 25000000, emailVerified: true }
 * }
 * ```
 */
export const ProfileFacts = Schema.Struct({
  profileId: Schema.String,
  gender: Schema.NullOr(Gender),
  /** `yyyy-mm-dd`; age is derived from it at each `asOf`. */
  birthday: Text,
  /** ISO 3166-1 alpha-2. */
  country: Text,
  /** The canonical name when it is a Vietnamese province (see `provinceNames`), else as written. */
  province: Text,
  district: Text,
  region: Schema.NullOr(Region),
  stage: LifecycleStage,
  accountStatus: AccountStatus,
  tier: Text,
  points: Schema.Finite,
  tags: Texts,
  customerGroups: Texts,
  /** Every `context.channel` the profile came through (PRF-8), first touch first. */
  channels: Texts,
  /** Every `context.source` the profile came through, first touch first. */
  sources: Texts,
  firstChannel: Text,
  firstSource: Text,
  assigneeId: Text,
  collaboratorId: Text,
  leadStatus: Schema.NullOr(LeadStatus),
  careStatus: Schema.NullOr(CareStatus),
  /** Custom traits with a scalar value (objects and lists are not segmentable). */
  traits: Schema.Record(Schema.String, TraitValue)
})
/** {@link ProfileFacts} after decoding. */
export type ProfileFacts = typeof ProfileFacts.Type

/**
 * Facts with nothing known: a visitor with no traits. A base for tests and
 * for builders.
 *
 * @example
 * ```ts
 * emptyFacts("p-1").stage // => "visitor"
 * ```
 */
export const emptyFacts = (profileId: string): ProfileFacts => ({
  profileId,
  gender: null,
  birthday: null,
  country: null,
  province: null,
  district: null,
  region: null,
  stage: "visitor",
  accountStatus: "no_account",
  tier: null,
  points: 0,
  tags: [],
  customerGroups: [],
  channels: [],
  sources: [],
  firstChannel: null,
  firstSource: null,
  assigneeId: null,
  collaboratorId: null,
  leadStatus: null,
  careStatus: null,
  traits: {}
})
