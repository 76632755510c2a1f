import { zonedClock } from "@kith/profile"
import fc from "fast-check"
import { type ActivityKind, type ActivityRow, ActivityKinds, type EventActivityKind, EventActivityKinds, activityRow } from "../inputs/activity-row.js"
import { CareStatuses, LeadStatuses } from "@kith/core"
import type { ProfileFacts, TraitValue } from "../inputs/profile-facts.js"
import { provinceNames } from "../inputs/regions.js"
import type { SegmentInputs } from "../inputs/segment-inputs.js"
import type { SegmentContext } from "../engine/context.js"
import type { RfmCutoffs } from "../engine/rfm-cutoffs.js"
import { ActivityFilters, type ActivityFilterName, FactFieldNames, FactFields, type FactFieldName, RfmLabels } from "../rule/catalog.js"
import type { Condition } from "../rule/conditions.js"
import type { RuleNode, SegmentRule } from "../rule/rule.js"
import type { TimeRange } from "../rule/time-range.js"

const MS_PER_DAY = 86_400_000

/**
 * Where random inputs and rules live in time, and what they may name. The
 * defaults put every instant within 60 days of mid-2025 and most windows
 * within 90 days, so that windows, statuses and follows cut through the
 * data; local midnights (and the millisecond either side) are drawn often,
 * as they are where engines disagree when one is wrong. Rows and rules
 * favour a few common activity kinds so that conditions find rows to count.
 *
 * @example
 * ```ts
 * const options: ArbitraryOptions = { timeZone: "America/New_York", references: ["seg-a"] }
 * ```
 */
export interface ArbitraryOptions {
  /** Local midnights are taken here; default `Asia/Ho_Chi_Minh`. */
  readonly timeZone?: string
  /** The middle of the time span; default `2025-06-15T00:00:00Z`. */
  readonly base?: Date
  /** Instants fall within this many days either side of `base`; default 60. */
  readonly spreadDays?: number
  /** The most nesting of all / any / not; default 4. */
  readonly maxDepth?: number
  /** Segment ids `segment` conditions may name (none by default). */
  readonly references?: ReadonlyArray<string>
  /** Whether rules may hold `rfm` conditions (default true; the context must then have cut-offs). */
  readonly rfm?: boolean
}

interface Resolved {
  readonly timeZone: string
  readonly base: number
  readonly spreadDays: number
  readonly maxDepth: number
  readonly references: ReadonlyArray<string>
  readonly rfm: boolean
}

const resolve = (options: ArbitraryOptions = {}): Resolved => ({
  timeZone: options.timeZone ?? "Asia/Ho_Chi_Minh",
  base: (options.base ?? new Date("2025-06-15T00:00:00Z")).getTime(),
  spreadDays: options.spreadDays ?? 60,
  maxDepth: options.maxDepth ?? 4,
  references: options.references ?? [],
  rfm: options.rfm ?? true
})

/**
 * Small vocabularies shared by inputs and rules, so that conditions match
 * often. Some values carry characters a SQL engine must bind rather than
 * splice (quotes, `%`, `_`, a backslash).
 */
export const vocabulary = {
  productIds: ["p-1", "p-2", "p-3", "p_4", "p%5"],
  categories: ["Thời trang", "Mỹ phẩm", "Đồ gia dụng", "O'Neil"],
  channels: ["web", "app", "zalo", "shopee", "tiktok"],
  sources: ["own_website", "zalo_oa", "landing_page", "back\\office"],
  deviceTypes: ["mobile", "desktop", "tablet"],
  os: ["iOS", "Android", "Windows"],
  planIds: ["plan-tet", "plan-sale", "plan_x"],
  tags: ["vip", "sale", "50%", "it's"],
  tiers: ["gold", "silver", "bronze"],
  staff: ["staff-1", "staff-2"],
  eventNames: ["Lucky Wheel Spun", "Voucher Claimed"],
  traitNames: ["income", "occupation", "emailVerified", "constructor"],
  traitTexts: ["kỹ sư", "giáo viên", "O'Brien"],
  districts: ["Cầu Giấy", "Quận 1", "Hải Châu"],
  currencies: ["VND", "VND", "VND", "USD"]
} as const

const pick = <T>(values: ReadonlyArray<T>): fc.Arbitrary<T> => fc.constantFrom(...values)
const someOf = <T>(values: ReadonlyArray<T>, maxLength = 3): fc.Arbitrary<Array<T>> =>
  fc.uniqueArray(pick(values), { minLength: 1, maxLength: Math.min(maxLength, values.length) })
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 3 })

// A record whose keys are each present about one time in `freq` (fast-check's
// record includes optional keys most of the time, which would make every
// condition carry every filter and match nothing).
const sparseRecord = <T extends Record<string, unknown>>(
  arbs: { readonly [K in keyof T]: fc.Arbitrary<T[K]> },
  freq = 3
): fc.Arbitrary<Partial<T>> =>
  fc
    .tuple(
      ...(Object.keys(arbs) as Array<keyof T>).map((key) =>
        fc
          .oneof({ weight: freq - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arbs[key] as fc.Arbitrary<unknown> })
          .map((value) => [key, value] as const)
      )
    )
    .map((entries) => Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as Partial<T>)

/**
 * An instant near `base`: often a local midnight, a millisecond before or
 * after one, otherwise any millisecond of a day.
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * typeof fc.sample(arbInstant(), 1)[0] // => "number" (epoch ms, e.g. 1749920400000)
 * ```
 */
export const arbInstant = (options?: ArbitraryOptions): fc.Arbitrary<number> => arbInstantOf(resolve(options))

const arbInstantOf = (o: Resolved): fc.Arbitrary<number> => {
  const clock = zonedClock(o.timeZone)
  const baseDay = clock.dayOf(o.base)
  return fc
    .tuple(
      fc.integer({ min: -o.spreadDays, max: o.spreadDays }),
      fc.oneof(fc.constantFrom(0, 1, -1, MS_PER_DAY / 2), fc.integer({ min: 0, max: MS_PER_DAY - 1 }))
    )
    .map(([day, offset]) => clock.startOfDay(baseDay + day) + offset)
}

const arbDate = (o: Resolved): fc.Arbitrary<string> => {
  const clock = zonedClock(o.timeZone)
  const baseDay = clock.dayOf(o.base)
  return fc.integer({ min: -o.spreadDays, max: o.spreadDays }).map((d) => new Date((baseDay + d) * MS_PER_DAY).toISOString().slice(0, 10))
}

const arbDays = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(1, 2, 7, 30, 90) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }) })

// The kinds rows and rules favour, so that a condition often has rows to count.
const COMMON_KINDS: ReadonlyArray<EventActivityKind> = ["product_viewed", "product_added", "conversation", "review_submitted", "message_read", "followed", "custom_event"]
const arbEventKinds: fc.Arbitrary<Array<EventActivityKind>> = fc.oneof(someOf(COMMON_KINDS, 2), someOf(EventActivityKinds, 3))

/**
 * A valid {@link TimeRange}; sometimes empty ("ever").
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * const [range] = fc.sample(arbTimeRange(), 1) // e.g. { withinLastDays: 30 }
 * ```
 */
export const arbTimeRange = (options?: ArbitraryOptions): fc.Arbitrary<TimeRange> => arbTimeRangeOf(resolve(options))

const arbTimeRangeOf = (o: Resolved): fc.Arbitrary<TimeRange> =>
  fc
    .oneof(
      { weight: 1, arbitrary: fc.constant({}) },
      { weight: 3, arbitrary: arbDays.map((withinLastDays) => ({ withinLastDays })) },
      { weight: 1, arbitrary: arbDays.map((notWithinLastDays) => ({ notWithinLastDays })) },
      { weight: 1, arbitrary: fc.record({ withinLastDays: arbDays, notWithinLastDays: arbDays }) },
      { weight: 1, arbitrary: sparseRecord({ fromDate: arbDate(o), toDate: arbDate(o) }, 2) },
      { weight: 1, arbitrary: sparseRecord({ withinLastDays: arbDays, notWithinLastDays: arbDays, fromDate: arbDate(o), toDate: arbDate(o) }, 2) }
    )
    .map((r: TimeRange) => {
      const out: { -readonly [K in keyof TimeRange]: TimeRange[K] } = { ...r }
      if (out.withinLastDays !== undefined && out.notWithinLastDays !== undefined && out.notWithinLastDays >= out.withinLastDays) {
        if (out.withinLastDays === 1) delete out.notWithinLastDays
        else out.notWithinLastDays = Math.max(1, Math.floor(out.withinLastDays / 2))
      }
      if (out.fromDate !== undefined && out.toDate !== undefined && out.toDate < out.fromDate) [out.fromDate, out.toDate] = [out.toDate, out.fromDate]
      return out
    })

const arbRange = (min: number, max: number): fc.Arbitrary<{ min?: number; max?: number }> =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }), fc.constantFrom("min", "max", "both")).map(([a, b, shape]) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a]
    return shape === "min" ? { min: lo } : shape === "max" ? { max: hi } : { min: lo, max: hi }
  })

// Counts that a handful of rows can cross: "at least 1–3", "at most 0–2", or a narrow band.
const arbCount: fc.Arbitrary<{ min?: number; max?: number }> = fc.oneof(
  fc.integer({ min: 1, max: 3 }).map((min) => ({ min })),
  fc.integer({ min: 0, max: 2 }).map((max) => ({ max })),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 })).map(([min, width]) => ({ min, max: min + width }))
)
const arbMoney = arbRange(0, 2_000_000).map((r) => ({
  ...(r.min === undefined ? {} : { min: Math.round(r.min / 100_000) * 100_000 }),
  ...(r.max === undefined ? {} : { max: Math.round(r.max / 100_000) * 100_000 })
}))
const arbScore = arbRange(1, 5)
const arbStatus = pick(["successful", "placed", "failed", "pending"] as const)

const enumValues = (field: FactFieldName): ReadonlyArray<string> => {
  const spec = FactFields[field]
  if ("values" in spec) return spec.values
  switch (field) {
    case "country":
      return ["VN", "TH"]
    case "province":
      return [...provinceNames.slice(0, 4), "Hồ Chí Minh", "Bangkok"]
    case "district":
      return vocabulary.districts
    case "tier":
      return vocabulary.tiers
    case "firstChannel":
      return vocabulary.channels
    case "firstSource":
      return vocabulary.sources
    case "assigneeId":
    case "collaboratorId":
      return vocabulary.staff
    case "tags":
      return vocabulary.tags
    case "customerGroups":
      return ["retail", "wholesale"]
    case "channels":
      return vocabulary.channels
    case "sources":
      return vocabulary.sources
    default:
      return ["x"]
  }
}

const arbFieldCondition: fc.Arbitrary<Condition> = pick(FactFieldNames).chain((field): fc.Arbitrary<Condition> => {
  const type = FactFields[field].type
  const values = enumValues(field)
  if (type === "number") return arbRange(-50, 3000).map((r) => ({ kind: "field", field, ...r }) as Condition)
  if (type === "list") {
    return fc.oneof(
      someOf(values).map((v) => ({ kind: "field", field, hasAny: v }) as Condition),
      someOf(values).map((v) => ({ kind: "field", field, hasAll: v }) as Condition),
      fc.boolean().map((isSet) => ({ kind: "field", field, isSet }) as Condition)
    )
  }
  return fc.oneof(
    someOf(values).map((v) => ({ kind: "field", field, in: v }) as Condition),
    fc.boolean().map((isSet) => ({ kind: "field", field, isSet }) as Condition)
  )
})

const arbTraitCondition: fc.Arbitrary<Condition> = pick(vocabulary.traitNames).chain((name) =>
  fc.oneof(
    someOf(vocabulary.traitTexts).map((v) => ({ kind: "trait", name, in: v }) as Condition),
    arbRange(0, 40_000_000).map((r) => ({ kind: "trait", name, ...r }) as Condition),
    fc.boolean().map((is) => ({ kind: "trait", name, is }) as Condition),
    fc.boolean().map((isSet) => ({ kind: "trait", name, isSet }) as Condition)
  )
)

const FILTER_VALUES: Record<ActivityFilterName, fc.Arbitrary<unknown>> = {
  productIds: someOf(vocabulary.productIds),
  categories: someOf(vocabulary.categories),
  channels: someOf(vocabulary.channels),
  deviceTypes: someOf(vocabulary.deviceTypes),
  os: someOf(vocabulary.os),
  planIds: someOf(vocabulary.planIds),
  ticketKinds: someOf(["request", "complaint", "warranty"]),
  agents: someOf(["ai", "staff"]),
  eventNames: someOf(vocabulary.eventNames),
  csat: arbScore,
  rating: arbScore,
  value: arbMoney
}

const arbActivityCondition = (o: Resolved): fc.Arbitrary<Condition> =>
  fc.option(arbEventKinds, { nil: undefined, freq: 4 }).chain((of) => {
    const kinds: ReadonlyArray<EventActivityKind> = of ?? EventActivityKinds
    const applicable = (Object.keys(FILTER_VALUES) as Array<ActivityFilterName>).filter((f) => kinds.every((k) => ActivityFilters[k].includes(f)))
    const filters = Object.fromEntries(applicable.map((f) => [f, FILTER_VALUES[f]])) as Record<string, fc.Arbitrary<unknown>>
    return fc
      .tuple(sparseRecord({ during: arbTimeRangeOf(o), count: arbCount }, 2), sparseRecord(filters, 4))
      .map(([base, chosen]) => ({ ...base, ...chosen }))
      .map((r) => ({ kind: "activity", ...(of === undefined ? {} : { of }), ...r }) as Condition)
  })

const arbConditionOf = (o: Resolved): fc.Arbitrary<Condition> => {
  const range = arbTimeRangeOf(o)
  const options: Array<fc.Arbitrary<Condition>> = [
    arbRange(0, 90).map((r) => ({ kind: "age", ...r }) as Condition),
    someOf(["gen_z", "millennial", "gen_x", "boomer"] as const).map((bands) => ({ kind: "generation", in: bands }) as Condition),
    fc.oneof(
      someOf([1, 2, 3, 6, 9, 12], 3).map((months) => ({ kind: "birthday", months }) as Condition),
      fc.constant({ kind: "birthday", thisMonth: true } as Condition),
      fc.integer({ min: 1, max: 40 }).map((withinNextDays) => ({ kind: "birthday", withinNextDays }) as Condition)
    ),
    arbFieldCondition,
    arbTraitCondition,
    fc
      .tuple(sparseRecord({ status: arbStatus, orderValue: arbMoney, spend: arbMoney }, 4), range, fc.option(arbCount, { nil: undefined, freq: 4 }))
      .map(([r, during, count]) => ({ ...r, during, ...(count === undefined ? {} : { count }) }))
      .filter((r) => r.count !== undefined || r.spend !== undefined)
      .map((r) => ({ kind: "orders", ...r }) as Condition),
    fc.tuple(pick(["first_order", "last_order"] as const), range).map(([kind, during]) => ({ kind, during }) as Condition),
    fc
      .tuple(sparseRecord({ productIds: someOf(vocabulary.productIds), categories: someOf(vocabulary.categories), status: arbStatus }, 2), range)
      .map(([r, during]) => ({ ...r, during }))
      .filter((r) => r.productIds !== undefined || r.categories !== undefined)
      .map((r) => ({ kind: "bought", ...r }) as Condition),
    arbActivityCondition(o),
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(sparseRecord({ channels: someOf(vocabulary.channels, 2) }, 2), fc.option(range, { nil: undefined, freq: 3 }))
          .map(([r, since]) => ({ kind: "follower", following: true, ...r, ...(since === undefined ? {} : { since }) }) as Condition)
      },
      { weight: 1, arbitrary: sparseRecord({ channels: someOf(vocabulary.channels, 2) }, 2).map((r) => ({ kind: "follower", following: false, ...r }) as Condition) }
    )
  ]
  if (o.rfm) {
    options.push(
      sparseRecord({ recency: arbScore, frequency: arbScore, monetary: arbScore, labels: someOf(RfmLabels, 3) }, 2)
        .filter((r) => Object.keys(r).length > 0)
        .map((r) => ({ kind: "rfm", ...r }) as Condition)
    )
  }
  if (o.references.length > 0) options.push(pick(o.references).map((segmentId) => ({ kind: "segment", segmentId }) as Condition))
  return fc.oneof(...options)
}

/**
 * A random valid condition of any kind (a `segment` condition only when
 * `references` are given; `rfm` unless `rfm: false`).
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * const [condition] = fc.sample(arbCondition(), 1) // e.g. { kind: "orders", during: { withinLastDays: 90 }, count: { min: 2 } }
 * ```
 */
export const arbCondition = (options?: ArbitraryOptions): fc.Arbitrary<Condition> => arbConditionOf(resolve(options))

/**
 * A random valid rule tree: all / any / not over random conditions, at most
 * `maxDepth` levels deep.
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * const [node] = fc.sample(arbRuleNode({ maxDepth: 2 }), 1) // e.g. { any: [{ kind: "age", min: 20 }, { not: { kind: "field", field: "tags", hasAny: ["vip"] } }] }
 * ```
 */
export const arbRuleNode = (options?: ArbitraryOptions): fc.Arbitrary<RuleNode> => {
  const o = resolve(options)
  const condition = arbConditionOf(o)
  const node = (depth: number): fc.Arbitrary<RuleNode> =>
    depth <= 1
      ? condition
      : fc.oneof(
          { weight: 3, arbitrary: condition },
          { weight: 1, arbitrary: fc.array(node(depth - 1), { maxLength: 4 }).map((all): RuleNode => ({ all })) },
          { weight: 1, arbitrary: fc.array(node(depth - 1), { maxLength: 4 }).map((any): RuleNode => ({ any })) },
          { weight: 1, arbitrary: node(depth - 1).map((not): RuleNode => ({ not })) }
        )
  return node(o.maxDepth)
}

/**
 * A random valid {@link SegmentRule}: it decodes with `decodeRuleResult` to
 * itself. With `references`, pair it with a context holding those segments
 * (see {@link arbSegmentContext}).
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * import { Result } from "effect"
 * import { decodeRuleResult } from "@kith/segments"
 * fc.assert(fc.property(arbRule(), (rule) => Result.isSuccess(decodeRuleResult(rule))))
 * ```
 */
export const arbRule = (options?: ArbitraryOptions): fc.Arbitrary<SegmentRule> =>
  arbRuleNode(options).map((rule): SegmentRule => ({ version: 1, rule }))

const arbBirthday = fc.oneof(
  fc.constantFrom("2000-02-29", "1996-02-29", "1990-01-01", "2007-12-31"),
  fc.integer({ min: Date.UTC(1935, 0, 1) / MS_PER_DAY, max: Date.UTC(2015, 11, 31) / MS_PER_DAY }).map((d) => new Date(d * MS_PER_DAY).toISOString().slice(0, 10))
)

const arbTraits: fc.Arbitrary<Record<string, TraitValue>> = sparseRecord<Record<string, TraitValue>>(
  {
    income: fc.oneof(fc.integer({ min: 0, max: 50_000_000 }), pick(vocabulary.traitTexts)),
    occupation: fc.oneof(pick(vocabulary.traitTexts), fc.integer({ min: 0, max: 5 })),
    emailVerified: fc.oneof(fc.boolean(), fc.constant("yes")),
    constructor: fc.oneof(fc.boolean(), pick(vocabulary.traitTexts))
  },
  2
) as fc.Arbitrary<Record<string, TraitValue>>

/**
 * Random {@link ProfileFacts}, with values from the shared vocabularies.
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * fc.sample(arbProfileFacts("p-1"), 1)[0]?.profileId // => "p-1"
 * ```
 */
export const arbProfileFacts = (profileId: string): fc.Arbitrary<ProfileFacts> =>
  fc
    .record({
      gender: maybe(pick(["male", "female", "other", "unknown"] as const)),
      birthday: maybe(arbBirthday),
      country: maybe(pick(["VN", "TH"])),
      province: maybe(pick(enumValues("province"))),
      district: maybe(pick(vocabulary.districts)),
      region: maybe(pick(["north", "central", "south"] as const)),
      stage: pick(["visitor", "lead", "buyer"] as const),
      accountStatus: pick(["member", "no_account"] as const),
      tier: maybe(pick(vocabulary.tiers)),
      points: fc.integer({ min: -100, max: 3000 }),
      tags: fc.uniqueArray(pick(vocabulary.tags), { maxLength: 3 }),
      customerGroups: fc.uniqueArray(pick(["retail", "wholesale"]), { maxLength: 2 }),
      channels: fc.uniqueArray(pick(vocabulary.channels), { maxLength: 3 }),
      sources: fc.uniqueArray(pick(vocabulary.sources), { maxLength: 3 }),
      firstChannel: maybe(pick(vocabulary.channels)),
      firstSource: maybe(pick(vocabulary.sources)),
      assigneeId: maybe(pick(vocabulary.staff)),
      collaboratorId: maybe(pick(vocabulary.staff)),
      leadStatus: maybe(pick(LeadStatuses)),
      careStatus: maybe(pick(CareStatuses)),
      traits: arbTraits
    })
    .map((facts) => ({ profileId, ...facts }))

const ORDER_KINDS: ReadonlyArray<ActivityKind> = ["order", "order", "order_line", "order_line"]

const arbRowOf = (o: Resolved, index: number): fc.Arbitrary<ActivityRow> => {
  const instant = arbInstantOf(o)
  return fc
    .record({
      kind: fc.oneof(
        { weight: 3, arbitrary: pick(ORDER_KINDS) },
        { weight: 3, arbitrary: pick(COMMON_KINDS) },
        { weight: 2, arbitrary: pick(ActivityKinds) },
        { weight: 2, arbitrary: pick(["followed", "followed", "unfollowed"] as const) }
      ),
      at: instant,
      completedAfter: maybe(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 * MS_PER_DAY }))),
      failedAfter: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 20 * MS_PER_DAY }) }),
      orderId: pick(["SO-1", "SO-2", "SO-3"]),
      productId: maybe(pick(vocabulary.productIds)),
      category: maybe(pick(vocabulary.categories)),
      quantity: fc.integer({ min: 1, max: 3 }),
      value: fc.integer({ min: 0, max: 30 }).map((n) => n * 100_000),
      currency: pick(vocabulary.currencies),
      channel: maybe(pick(vocabulary.channels)),
      deviceType: maybe(pick(vocabulary.deviceTypes)),
      os: maybe(pick(vocabulary.os)),
      planId: maybe(pick(vocabulary.planIds)),
      score: fc.integer({ min: 1, max: 5 }),
      agent: pick(["ai", "staff"]),
      ticketKind: pick(["request", "complaint", "warranty"]),
      eventName: pick(vocabulary.eventNames)
    })
    .map((r) => {
      const key = `${r.kind}-${index}`
      const context = { channel: r.channel, deviceType: r.deviceType, os: r.os }
      switch (r.kind) {
        case "order":
        case "order_line": {
          const status = {
            orderId: r.orderId,
            currency: r.currency,
            value: r.value,
            quantity: r.quantity,
            completedAt: r.completedAfter === null ? null : r.at + r.completedAfter,
            failedAt: r.failedAfter === null ? null : r.at + r.failedAfter
          }
          return r.kind === "order"
            ? activityRow("order", r.at, key, status)
            : activityRow("order_line", r.at, key, { ...status, productId: r.productId, category: r.category })
        }
        case "product_viewed":
        case "product_favorited":
        case "product_added":
        case "product_removed":
          return activityRow(r.kind, r.at, key, { ...context, productId: r.productId, category: r.category, value: r.value, currency: r.currency, quantity: r.quantity })
        case "checkout_started":
        case "payment_failed":
          return activityRow(r.kind, r.at, key, { ...context, orderId: r.orderId, value: r.value, currency: r.currency })
        case "review_submitted":
          return activityRow(r.kind, r.at, key, { ...context, productId: r.productId, rating: r.score })
        case "conversation":
          return activityRow(r.kind, r.at, key, { ...context, agent: r.agent, csat: r.score })
        case "ticket_opened":
        case "ticket_resolved":
          return activityRow(r.kind, r.at, key, { ...context, ticketKind: r.ticketKind })
        case "live_viewed":
        case "live_product_clicked":
        case "video_product_viewed":
        case "video_product_liked":
        case "video_product_clicked":
          return activityRow(r.kind, r.at, key, { ...context, productId: r.productId })
        case "message_sent":
        case "message_delivered":
        case "message_read":
        case "message_clicked":
        case "message_replied":
        case "message_unsubscribed":
          return activityRow(r.kind, r.at, key, { ...context, planId: r.planId })
        case "custom_event":
          return activityRow(r.kind, r.at, key, { ...context, eventName: r.eventName })
        default:
          return activityRow(r.kind, r.at, key, context)
      }
    })
}

/**
 * Random activity rows of one profile (each row's columns filled as its
 * kind fills them), with unique keys.
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * (fc.sample(arbActivity({ maxRows: 5 }), 1)[0]?.length ?? 0) <= 5 // => true
 * ```
 */
export const arbActivity = (options?: ArbitraryOptions & { readonly maxRows?: number }): fc.Arbitrary<ReadonlyArray<ActivityRow>> => {
  const o = resolve(options)
  const maxRows = options?.maxRows ?? 25
  return fc
    .integer({ min: 0, max: maxRows })
    .chain((n): fc.Arbitrary<ReadonlyArray<ActivityRow>> => (n === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: n }, (_, i) => arbRowOf(o, i)))))
}

/**
 * Random {@link SegmentInputs} of one profile.
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * fc.sample(arbSegmentInputs("p-9"), 1)[0]?.facts.profileId // => "p-9"
 * ```
 */
export const arbSegmentInputs = (profileId = "p-1", options?: ArbitraryOptions & { readonly maxRows?: number }): fc.Arbitrary<SegmentInputs> =>
  fc.record({ facts: arbProfileFacts(profileId), activity: arbActivity(options) })

/**
 * Random RFM cut-offs (see `RfmCutoffs`): monotone, sometimes with the top scores unreached.
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * fc.sample(arbRfmCutoffs, 1)[0]?.frequency.length // => 4 (e.g. [1, 2, 2, 4])
 * ```
 */
export const arbRfmCutoffs: fc.Arbitrary<RfmCutoffs> = fc
  .record({
    recency: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 4, maxLength: 4 }),
    frequency: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 4, maxLength: 4 }),
    monetary: fc.array(fc.integer({ min: 0, max: 30 }).map((n) => n * 100_000), { minLength: 4, maxLength: 4 }),
    unreached: fc.integer({ min: 0, max: 2 })
  })
  .map(({ recency, frequency, monetary, unreached }) => {
    const top = <T>(values: Array<T>): [T | null, T | null, T | null, T | null] =>
      values.map((v, i) => (i >= 4 - unreached ? null : v)) as [T | null, T | null, T | null, T | null]
    return {
      recencyDays: top([...recency].sort((a, b) => b - a)),
      frequency: top([...frequency].sort((a, b) => a - b)),
      monetary: top([...monetary].sort((a, b) => a - b))
    }
  })

/**
 * A random context: the timezone of the options, `VND`, random RFM
 * cut-offs, and a random rule for each of `references` (which themselves
 * refer to none, so there is no cycle).
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * fc.sample(arbSegmentContext({ references: ["seg-a"] }), 1)[0]?.segments?.has("seg-a") // => true
 * ```
 */
export const arbSegmentContext = (options?: ArbitraryOptions): fc.Arbitrary<SegmentContext> => {
  const o = resolve(options)
  const referenced = arbRule({ ...options, references: [], maxDepth: Math.min(o.maxDepth, 3) })
  return fc
    .record({ rfm: arbRfmCutoffs, rules: fc.tuple(...o.references.map(() => referenced)) })
    .map(({ rfm, rules }) => ({
      timeZone: o.timeZone,
      currency: "VND",
      rfm,
      segments: new Map(o.references.map((id, i) => [id, rules[i] as SegmentRule]))
    }))
}

/**
 * A whole random case for comparing engines: a rule, a context that holds
 * what it needs, several profiles' inputs and an `asOf`.
 *
 * @example
 * ```ts
 * import fc from "fast-check"
 * fc.assert(fc.property(arbScenario(), ({ rule, profiles, asOf, context }) => {
 *   // evaluate with both engines and compare the member sets
 * }))
 * ```
 */
export const arbScenario = (
  options?: ArbitraryOptions & { readonly profiles?: number; readonly maxRows?: number }
): fc.Arbitrary<{ readonly rule: SegmentRule; readonly context: SegmentContext; readonly profiles: ReadonlyArray<SegmentInputs>; readonly asOf: Date }> => {
  const count = options?.profiles ?? 5
  return fc.record({
    rule: arbRule(options),
    context: arbSegmentContext(options),
    profiles: fc.tuple(...Array.from({ length: count }, (_, i) => arbSegmentInputs(`p-${i + 1}`, options))),
    asOf: arbInstant(options).map((at) => new Date(at))
  })
}
