import { Schema } from "effect"
import { EventActivityKinds } from "../inputs/activity-row.js"
import { canonicalProvince } from "../inputs/regions.js"
import {
  ActivityFilterNames,
  ActivityFilters,
  FactFieldNames,
  FactFields,
  type FactFieldName,
  GenerationBands,
  RfmLabels
} from "./catalog.js"
import { RuleLimits } from "./limits.js"
import { Days, TimeRange } from "./time-range.js"

// ---------------------------------------------------------------------------
// Building blocks

const Text = Schema.String.check(
  Schema.isNonEmpty({ message: "must not be empty" }),
  Schema.isMaxLength(RuleLimits.maxTextLength, { message: `must be at most ${RuleLimits.maxTextLength} characters` })
)

const listOf = <S extends Schema.Top>(item: S) =>
  Schema.Array(item).check(
    Schema.isMinLength(1, { message: "must list at least one value" }),
    Schema.isMaxLength(RuleLimits.maxValues, { message: `must list at most ${RuleLimits.maxValues} values` })
  )

const Texts = listOf(Text)

const rangeCheck = Schema.makeFilter((range: { readonly min?: number; readonly max?: number }) =>
  range.min === undefined && range.max === undefined
    ? "needs min, max or both"
    : range.min !== undefined && range.max !== undefined && range.max < range.min
      ? { path: ["max"], issue: "must not be less than min" }
      : undefined
)

const NonNegativeInt = Schema.Int.check(
  Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, { message: "must be a non-negative integer" })
)

/**
 * An inclusive range of counts (`{ min: 2 }` is "at least 2"); at least one bound.
 *
 * @example
 * ```ts
 * const atLeastTwo: CountRange = { min: 2 }
 * ```
 */
export const CountRange = Schema.Struct({ min: Schema.optionalKey(NonNegativeInt), max: Schema.optionalKey(NonNegativeInt) }).check(rangeCheck)
/** A {@link CountRange} after decoding. */
export type CountRange = typeof CountRange.Type

/**
 * An inclusive range of money, in the currency's smallest unit (đồng); at least one bound.
 *
 * @example
 * ```ts
 * const fromOneMillion: AmountRange = { min: 1_000_000 }
 * ```
 */
export const AmountRange = CountRange
/** An {@link AmountRange} after decoding. */
export type AmountRange = CountRange

const Score = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 }, { message: "must be an integer from 1 to 5" }))

/**
 * An inclusive range of 1–5 scores (CSAT, rating, RFM scores); at least one bound.
 *
 * @example
 * ```ts
 * const unhappy: ScoreRange = { max: 2 }
 * ```
 */
export const ScoreRange = Schema.Struct({ min: Schema.optionalKey(Score), max: Schema.optionalKey(Score) }).check(rangeCheck)
/** A {@link ScoreRange} after decoding. */
export type ScoreRange = typeof ScoreRange.Type

const Age = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 150 }, { message: "must be an integer from 0 to 150" }))
const Finite = Schema.Finite

// ---------------------------------------------------------------------------
// Demographic

/**
 * Age in whole years on `asOf`'s local date, from the birthday (someone born
 * on 29 February turns a year older on 1 March in common years). A profile
 * without a birthday never matches.
 *
 * @example
 * ```ts
 * const twenties: AgeCondition = { kind: "age", min: 20, max: 29 }
 * ```
 */
export const AgeCondition = Schema.Struct({ kind: Schema.Literal("age"), min: Schema.optionalKey(Age), max: Schema.optionalKey(Age) }).check(rangeCheck)
/** An {@link AgeCondition} after decoding. */
export type AgeCondition = typeof AgeCondition.Type

/**
 * A generation band by age at `asOf`: `gen_z` 18–25, `millennial` 26–40,
 * `gen_x` 41–55, `boomer` 56 and over.
 *
 * @example
 * ```ts
 * const young: GenerationCondition = { kind: "generation", in: ["gen_z", "millennial"] }
 * ```
 */
export const GenerationCondition = Schema.Struct({
  kind: Schema.Literal("generation"),
  in: listOf(Schema.Literals(Object.keys(GenerationBands) as ["gen_z", "millennial", "gen_x", "boomer"]))
})
/** A {@link GenerationCondition} after decoding. */
export type GenerationCondition = typeof GenerationCondition.Type

const Month = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 12 }, { message: "must be a month from 1 to 12" }))

/**
 * The birthday, exactly one of:
 *
 * - `months` — born in one of these months (1–12);
 * - `thisMonth: true` — born in the local month of `asOf`;
 * - `withinNextDays: N` — the birthday falls in the next N local days, today
 *   included (29 February is celebrated on 1 March in common years).
 *
 * @example
 * ```ts
 * const birthdayWeek: BirthdayCondition = { kind: "birthday", withinNextDays: 7 }
 * ```
 */
export const BirthdayCondition = Schema.Struct({
  kind: Schema.Literal("birthday"),
  months: Schema.optionalKey(listOf(Month)),
  thisMonth: Schema.optionalKey(Schema.Literal(true)),
  withinNextDays: Schema.optionalKey(Days.check(Schema.isLessThanOrEqualTo(366, { message: "must be at most 366" })))
}).check(
  Schema.makeFilter((c) =>
    [c.months, c.thisMonth, c.withinNextDays].filter((x) => x !== undefined).length === 1
      ? undefined
      : "needs exactly one of months, thisMonth or withinNextDays"
  )
)
/** A {@link BirthdayCondition} after decoding. */
export type BirthdayCondition = typeof BirthdayCondition.Type

// ---------------------------------------------------------------------------
// Facts and custom traits

const FIELD_OPERATORS = {
  enum: ["in", "isSet"],
  text: ["in", "isSet"],
  number: ["min", "max"],
  list: ["hasAny", "hasAll", "isSet"]
} as const

const FIELD_OPERATOR_KEYS = ["in", "isSet", "min", "max", "hasAny", "hasAll"] as const

const provinceIssue = (value: string): string | undefined => {
  const canonical = canonicalProvince(value)
  return canonical !== undefined && canonical !== value ? `"${value}" is written "${canonical}" in the facts` : undefined
}

/**
 * A comparison of one fact field of the catalog (see {@link FactFields}),
 * with exactly one operator allowed for its type:
 *
 * - enum and text fields: `in` (equals one of the values) or `isSet`;
 * - `points`: `min` and/or `max` (inclusive);
 * - list fields: `hasAny`, `hasAll` or `isSet` (not empty).
 *
 * A missing value matches no `in`, `min`/`max` or `hasAny`/`hasAll`; wrap in
 * `not` for "anything else, or unknown". Enum values must be valid for the
 * field; a Vietnamese province must be written as the facts hold it
 * (`Hồ Chí Minh`, not `TP HCM`).
 *
 * @example
 * ```ts
 * const women: FieldCondition = { kind: "field", field: "gender", in: ["female"] }
 * const vip: FieldCondition = { kind: "field", field: "tags", hasAny: ["vip"] }
 * const rich: FieldCondition = { kind: "field", field: "points", min: 1000 }
 * ```
 */
export const FieldCondition = Schema.Struct({
  kind: Schema.Literal("field"),
  field: Schema.Literals(FactFieldNames as [FactFieldName, ...Array<FactFieldName>]),
  in: Schema.optionalKey(Texts),
  isSet: Schema.optionalKey(Schema.Boolean),
  min: Schema.optionalKey(Finite),
  max: Schema.optionalKey(Finite),
  hasAny: Schema.optionalKey(Texts),
  hasAll: Schema.optionalKey(Texts)
}).check(
  Schema.makeFilter((c) => {
    const spec = FactFields[c.field]
    const allowed: ReadonlyArray<string> = FIELD_OPERATORS[spec.type]
    const used = FIELD_OPERATOR_KEYS.filter((key) => c[key] !== undefined)
    const issues: Array<Schema.FilterIssue> = []
    for (const key of used) {
      if (!allowed.includes(key)) issues.push({ path: [key], issue: `does not apply to ${c.field}, which takes ${allowed.join(", ")}` })
    }
    const families = new Set(used.map((key) => (key === "max" ? "min" : key)))
    if (families.size === 0) issues.push({ path: ["field"], issue: `needs an operator: ${allowed.join(", ")}` })
    else if (families.size > 1) issues.push({ path: [used[1] as string], issue: "only one operator per condition; combine conditions with all" })
    if (c.min !== undefined && c.max !== undefined && c.max < c.min) issues.push({ path: ["max"], issue: "must not be less than min" })
    if (spec.type === "enum" && c.in !== undefined) {
      const values: ReadonlyArray<string> = (spec as { readonly values: ReadonlyArray<string> }).values
      c.in.forEach((value, i) => {
        if (!values.includes(value)) issues.push({ path: ["in", i], issue: `must be one of ${values.join(", ")}` })
      })
    }
    if (c.field === "province" && c.in !== undefined) {
      c.in.forEach((value, i) => {
        const issue = provinceIssue(value)
        if (issue !== undefined) issues.push({ path: ["in", i], issue })
      })
    }
    if (c.field === "country" && c.in !== undefined) {
      c.in.forEach((value, i) => {
        if (!/^[A-Z]{2}$/.test(value)) issues.push({ path: ["in", i], issue: "must be an ISO 3166-1 alpha-2 code such as VN" })
      })
    }
    return issues
  })
)
/** A {@link FieldCondition} after decoding. */
export type FieldCondition = typeof FieldCondition.Type

// Any name a host gives a custom trait (identify sends them as they are);
// a SQL engine binds it as a value, so no name is unsafe.
const TraitName = Text

/**
 * A comparison of one custom trait (income, education, marital status,
 * occupation, ...), with exactly one operator; its type comes from the
 * operator, and a trait of another type never matches:
 *
 * - `in` — a text trait equal to one of the values;
 * - `min` / `max` — a number trait in the inclusive range;
 * - `is` — a boolean trait with this value;
 * - `isSet` — the trait has a (text, number or boolean) value, or not.
 *
 * @example
 * ```ts
 * const wellPaid: TraitCondition = { kind: "trait", name: "income", min: 20_000_000 }
 * const engineers: TraitCondition = { kind: "trait", name: "occupation", in: ["kỹ sư"] }
 * ```
 */
export const TraitCondition = Schema.Struct({
  kind: Schema.Literal("trait"),
  name: TraitName,
  in: Schema.optionalKey(Texts),
  min: Schema.optionalKey(Finite),
  max: Schema.optionalKey(Finite),
  is: Schema.optionalKey(Schema.Boolean),
  isSet: Schema.optionalKey(Schema.Boolean)
}).check(
  Schema.makeFilter((c) => {
    const families = [c.in, c.min ?? c.max, c.is, c.isSet].filter((x) => x !== undefined).length
    if (families !== 1) return "needs exactly one operator: in, min/max, is or isSet"
    return c.min !== undefined && c.max !== undefined && c.max < c.min ? { path: ["max"], issue: "must not be less than min" } : undefined
  })
)
/** A {@link TraitCondition} after decoding. */
export type TraitCondition = typeof TraitCondition.Type

// ---------------------------------------------------------------------------
// Purchases

/**
 * Which orders count, by their status at `asOf`:
 *
 * - `successful` (default) — completed (delivered) by `asOf`, and not cancelled
 *   or failed by then;
 * - `placed` — every order, whatever became of it;
 * - `failed` — cancelled or failed delivery by `asOf`;
 * - `pending` — neither completed nor failed by `asOf`.
 */
export const OrderStatusFilter = Schema.Literals(["successful", "placed", "failed", "pending"])
/** An {@link OrderStatusFilter} after decoding. */
export type OrderStatusFilter = typeof OrderStatusFilter.Type

/**
 * Orders or spend (SEG-2 purchase): the orders of the given status whose
 * purchase instant falls `during` the range (ever when absent) and whose
 * value is in `orderValue` (when given); then their number must be in
 * `count` and the sum of their net values (orders in the workspace currency
 * only) in `spend`. At least one of `count` and `spend`.
 *
 * "Never bought" is `{ kind: "orders", count: { max: 0 } }`.
 *
 * @example
 * ```ts
 * const regular: OrdersCondition = { kind: "orders", during: { withinLastDays: 90 }, count: { min: 2 } }
 * const bigSpenders: OrdersCondition = { kind: "orders", during: { withinLastDays: 365 }, spend: { min: 10_000_000 } }
 * ```
 */
export const OrdersCondition = Schema.Struct({
  kind: Schema.Literal("orders"),
  status: Schema.optionalKey(OrderStatusFilter),
  during: Schema.optionalKey(TimeRange),
  orderValue: Schema.optionalKey(AmountRange),
  count: Schema.optionalKey(CountRange),
  spend: Schema.optionalKey(AmountRange)
}).check(Schema.makeFilter((c) => (c.count === undefined && c.spend === undefined ? "needs count, spend or both" : undefined)))
/** An {@link OrdersCondition} after decoding. */
export type OrdersCondition = typeof OrdersCondition.Type

/**
 * The first (or last) successful order's purchase instant falls `during`
 * the range. A profile without a successful order at `asOf` never matches.
 *
 * @example
 * ```ts
 * const recent: FirstOrderCondition = { kind: "first_order", during: { withinLastDays: 30 } }
 * ```
 */
export const FirstOrderCondition = Schema.Struct({ kind: Schema.Literal("first_order"), during: TimeRange })
/** A {@link FirstOrderCondition} after decoding. */
export type FirstOrderCondition = typeof FirstOrderCondition.Type

/**
 * The last successful order's purchase instant falls `during` the range.
 *
 * @example
 * ```ts
 * const lapsed: LastOrderCondition = { kind: "last_order", during: { withinLastDays: 365, notWithinLastDays: 90 } }
 * ```
 */
export const LastOrderCondition = Schema.Struct({ kind: Schema.Literal("last_order"), during: TimeRange })
/** A {@link LastOrderCondition} after decoding. */
export type LastOrderCondition = typeof LastOrderCondition.Type

/**
 * Bought a product or a category: a line of a successful order (or of the
 * given status) whose product is one of `productIds` and/or whose category is
 * one of `categories` (both must match when both are given), purchased
 * `during` the range (ever when absent). "Never bought" is its `not`.
 *
 * @example
 * ```ts
 * const boughtShoes: BoughtCondition = { kind: "bought", categories: ["Giày dép"], during: { withinLastDays: 180 } }
 * ```
 */
export const BoughtCondition = Schema.Struct({
  kind: Schema.Literal("bought"),
  productIds: Schema.optionalKey(Texts),
  categories: Schema.optionalKey(Texts),
  status: Schema.optionalKey(OrderStatusFilter),
  during: Schema.optionalKey(TimeRange)
}).check(
  Schema.makeFilter((c) => (c.productIds === undefined && c.categories === undefined ? "needs productIds, categories or both (for any order, use orders)" : undefined))
)
/** A {@link BoughtCondition} after decoding. */
export type BoughtCondition = typeof BoughtCondition.Type

// ---------------------------------------------------------------------------
// Activity (browsing, engagement, outreach response, technographic)

const EventKind = Schema.Literals(EventActivityKinds)

/**
 * Counts activity rows (browsing, engagement, outreach responses,
 * technographic): the rows of the kinds in `of` (every event kind when
 * absent) that happened `during` the range (ever when absent) and match
 * every given filter; their number must be in `count` (at least one when
 * absent). Filters: `productIds`, `categories`, `channels`, `deviceTypes`,
 * `os`, `planIds`, `ticketKinds`, `agents` (`ai` / `staff`), `eventNames`
 * (custom events) — each a list, one of which the row's value must equal —
 * and `csat`, `rating` (1–5) and `value` ranges. A filter must apply to every
 * kind in `of` (see {@link ActivityFilters}).
 *
 * @example
 * ```ts
 * const carted: ActivityCondition = { kind: "activity", of: ["product_added", "product_favorited"], during: { withinLastDays: 30 } }
 * const clickedTet: ActivityCondition = { kind: "activity", of: ["message_clicked"], planIds: ["plan-tet"], during: { withinLastDays: 14 } }
 * const onIphone: ActivityCondition = { kind: "activity", os: ["iOS"], during: { withinLastDays: 90 } }
 * ```
 */
export const ActivityCondition = Schema.Struct({
  kind: Schema.Literal("activity"),
  of: Schema.optionalKey(listOf(EventKind)),
  during: Schema.optionalKey(TimeRange),
  count: Schema.optionalKey(CountRange),
  productIds: Schema.optionalKey(Texts),
  categories: Schema.optionalKey(Texts),
  channels: Schema.optionalKey(Texts),
  deviceTypes: Schema.optionalKey(Texts),
  os: Schema.optionalKey(Texts),
  planIds: Schema.optionalKey(Texts),
  ticketKinds: Schema.optionalKey(listOf(Schema.Literals(["request", "complaint", "warranty"]))),
  agents: Schema.optionalKey(listOf(Schema.Literals(["ai", "staff"]))),
  eventNames: Schema.optionalKey(Texts),
  csat: Schema.optionalKey(ScoreRange),
  rating: Schema.optionalKey(ScoreRange),
  value: Schema.optionalKey(AmountRange)
}).check(
  Schema.makeFilter((c) => {
    const kinds = c.of ?? EventActivityKinds
    const issues: Array<Schema.FilterIssue> = []
    for (const filter of ActivityFilterNames) {
      if (c[filter] === undefined) continue
      const without = kinds.filter((kind) => !ActivityFilters[kind].includes(filter))
      if (without.length > 0) issues.push({ path: [filter], issue: `does not apply to ${without.join(", ")}` })
    }
    return issues
  })
)
/** An {@link ActivityCondition} after decoding. */
export type ActivityCondition = typeof ActivityCondition.Type

// ---------------------------------------------------------------------------
// Followers

/**
 * Follows the shop (SEG-2 follower), on one of `channels` (any channel when
 * absent; a profile following on several channels follows if any matches).
 * On a channel, a profile follows at `asOf` when a `followed` row there comes
 * after its last `unfollowed` (an unfollow at the same instant wins); it
 * follows **since** the first `followed` after that last `unfollowed`.
 *
 * - `following: true` with `since` — follows on a channel where the current
 *   follow began `during` the range: `{ withinLastDays: 30 }` is "new
 *   follower", `{ notWithinLastDays: 180 }` "following for at least 180 days".
 * - `following: false` — follows on none of the channels.
 *
 * @example
 * ```ts
 * const newFollowers: FollowerCondition = { kind: "follower", following: true, since: { withinLastDays: 30 } }
 * const zaloFollowers: FollowerCondition = { kind: "follower", following: true, channels: ["zalo"] }
 * ```
 */
export const FollowerCondition = Schema.Struct({
  kind: Schema.Literal("follower"),
  following: Schema.Boolean,
  channels: Schema.optionalKey(Texts),
  since: Schema.optionalKey(TimeRange)
}).check(
  Schema.makeFilter((c) => (c.following === false && c.since !== undefined ? { path: ["since"], issue: "applies to following: true only (for unfollows, count unfollowed activity)" } : undefined))
)
/** A {@link FollowerCondition} after decoding. */
export type FollowerCondition = typeof FollowerCondition.Type

// ---------------------------------------------------------------------------
// RFM

/**
 * The profile's RFM scores (1–5) and label (PRF-9) at `asOf`, from the
 * workspace's cut-offs in the evaluation context: recency from the local
 * days since its last successful order, frequency from its successful
 * orders, monetary from its spend. Every given part must match; a profile
 * that never bought has no RFM and never matches.
 *
 * @example
 * ```ts
 * const champions: RfmCondition = { kind: "rfm", labels: ["champions"] }
 * const recentBigSpenders: RfmCondition = { kind: "rfm", recency: { min: 4 }, monetary: { min: 5 } }
 * ```
 */
export const RfmCondition = Schema.Struct({
  kind: Schema.Literal("rfm"),
  recency: Schema.optionalKey(ScoreRange),
  frequency: Schema.optionalKey(ScoreRange),
  monetary: Schema.optionalKey(ScoreRange),
  labels: Schema.optionalKey(listOf(Schema.Literals(RfmLabels as [string, ...Array<string>])))
}).check(
  Schema.makeFilter((c) =>
    c.recency === undefined && c.frequency === undefined && c.monetary === undefined && c.labels === undefined
      ? "needs recency, frequency, monetary or labels"
      : undefined
  )
)
/** An {@link RfmCondition} after decoding. */
export type RfmCondition = typeof RfmCondition.Type

// ---------------------------------------------------------------------------
// Another segment

/**
 * Membership of another segment: its rule, evaluated on the same inputs at
 * the same `asOf` (not its last stored membership). The context of the
 * evaluation must hold the referenced rule; references may not form a cycle.
 *
 * @example
 * ```ts
 * const vipReference: SegmentCondition = { kind: "segment", segmentId: "seg-vip" }
 * ```
 */
export const SegmentCondition = Schema.Struct({ kind: Schema.Literal("segment"), segmentId: Text })
/** A {@link SegmentCondition} after decoding. */
export type SegmentCondition = typeof SegmentCondition.Type

// ---------------------------------------------------------------------------

/**
 * Every condition schema, by its `kind`.
 *
 * @example
 * ```ts
 * Object.keys(ConditionSchemas) // => ["age", "generation", "birthday", "field", "trait", "orders", "first_order", "last_order", "bought", "activity", "follower", "rfm", "segment"]
 * ```
 */
export const ConditionSchemas = {
  age: AgeCondition,
  generation: GenerationCondition,
  birthday: BirthdayCondition,
  field: FieldCondition,
  trait: TraitCondition,
  orders: OrdersCondition,
  first_order: FirstOrderCondition,
  last_order: LastOrderCondition,
  bought: BoughtCondition,
  activity: ActivityCondition,
  follower: FollowerCondition,
  rfm: RfmCondition,
  segment: SegmentCondition
} as const

/** The `kind` of a condition. */
export type ConditionKind = keyof typeof ConditionSchemas

/** Every condition kind, in catalog order. */
export const ConditionKinds = Object.keys(ConditionSchemas) as ReadonlyArray<ConditionKind>

/** Any condition (a leaf of a rule). */
export type Condition = { readonly [K in ConditionKind]: (typeof ConditionSchemas)[K]["Type"] }[ConditionKind]
