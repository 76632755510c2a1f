import {
  type AliasEvent,
  type CustomTrackEvent,
  type EventContext,
  type GroupEvent,
  type GroupTraits,
  type Identifier,
  type IdentifyEvent,
  type JsonValue,
  type KithEvent,
  type KnownEventName,
  KnownChannels,
  KnownEventNames,
  type KnownTrackEvent,
  type LineItem,
  type Money,
  type OrderProperties,
  type PageEvent,
  type PageProperties,
  ProfileFieldNames,
  type ProfileFields,
  type PropertiesOf,
  type ScreenEvent,
  BuiltInIdentifierTypes,
  type Traits,
  type WorkspaceSettings,
  isKnownEventName
} from "@kith/core"
import fc from "fast-check"

// Arbitraries produce DECODED values (the schemas' `Type`: Dates for instants,
// `yyyy-mm-dd` calendar dates, branded ids as plain strings) such that
// `decode(encode(x))` gives `x` back. Optional keys are sometimes present and
// sometimes absent (never present with `undefined`), text mixes Vietnamese
// with arbitrary Unicode, and amounts hit their boundaries (0,
// Number.MAX_SAFE_INTEGER) on purpose.

// ---------------------------------------------------------------------------
// Building blocks.

const vietnameseWords = [
  "Nguyễn", "Thị", "Lan", "Trần", "Đức", "Minh", "Phạm", "Hương", "Hà Nội", "Hồ Chí Minh", "Đà Nẵng",
  "áo thun", "quần jean", "nước mắm", "cà phê", "phở bò", "bánh mì", "giao hàng", "khuyến mãi", "đơn hàng",
  "Tết", "ưu đãi", "xin chào", "cảm ơn", "ạ", "nhé", "Quận 1", "Phường Bến Nghé", "đặc sản", "😀", "🎁", "100%"
]

/** Vietnamese-looking text: words with diacritics (precomposed), spaces, an emoji now and then. */
const vietnameseText = fc.array(fc.constantFrom(...vietnameseWords), { minLength: 1, maxLength: 6 }).map((words) => words.join(" "))

/**
 * Free text of at most `max` UTF-16 units: Vietnamese, any Unicode grapheme
 * (combining marks, emoji, other scripts), empty, or exactly `max` long.
 *
 * @example
 * ```ts
 * fc.sample(arbText(20), 3) // e.g. ["Nguyễn Thị Lan", "", "ạạạạạạạạạạạạạạạạạạạạ"]
 * ```
 */
export const arbText = (max: number): fc.Arbitrary<string> =>
  fc
    .oneof(
      { weight: 4, arbitrary: vietnameseText },
      { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: Math.min(max, 24) }) },
      { weight: 1, arbitrary: fc.constant("") },
      { weight: 1, arbitrary: fc.constant("ạ".repeat(max)) }
    )
    .filter((s) => s.length <= max)

/** Non-empty text of at most `max` units. */
const nonEmptyText = (max: number): fc.Arbitrary<string> => arbText(max).filter((s) => s.length > 0)

/**
 * A reference (`Ref`: order id, product id, user id, ...): trimmed, non-empty,
 * at most 200 units.
 */
export const arbRef: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/) },
    { weight: 2, arbitrary: arbText(200).map((s) => s.trim()) },
    { weight: 1, arbitrary: fc.constant("r".repeat(200)) }
  )
  .filter((s) => s.length > 0 && s.length <= 200 && s.trim() === s)

/** A lower-case slug as channels and identifier types use. */
const slug = fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/)

/** A channel: a known one or a host-defined slug. */
export const arbChannel: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...KnownChannels) }, { weight: 1, arbitrary: slug })

/** An identifier type: built-in or a custom slug. */
export const arbIdentifierType: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BuiltInIdentifierTypes) },
  { weight: 1, arbitrary: slug }
)

/** An instant between 1970 and 2100, millisecond precision. */
export const arbInstant: fc.Arbitrary<Date> = fc.date({
  min: new Date("1970-01-01T00:00:00.000Z"),
  max: new Date("2100-12-31T23:59:59.999Z"),
  noInvalidDate: true
})

/** A calendar date `yyyy-mm-dd` between 1900 and 2100 (decoded form). */
export const arbCalendarDate: fc.Arbitrary<string> = fc
  .date({ min: new Date("1900-01-01T00:00:00.000Z"), max: new Date("2100-12-31T00:00:00.000Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

/** An amount in a currency's smallest unit, with the boundaries 0 and MAX_SAFE_INTEGER. */
export const arbAmount: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0, Number.MAX_SAFE_INTEGER) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 100_000_000 }).map((n) => n * 1000) },
  { weight: 2, arbitrary: fc.maxSafeNat() }
)

const count = (min: number): fc.Arbitrary<number> =>
  fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max: min + 1000 }) }, { weight: 1, arbitrary: fc.constantFrom(min, Number.MAX_SAFE_INTEGER) })

const oneToFive = fc.integer({ min: 1, max: 5 })

/** An ISO 4217-shaped currency code. */
export const arbCurrency: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("VND", "USD", "EUR", "THB", "JPY") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{3}$/) }
)

const jsonKey = fc
  .oneof(fc.stringMatching(/^[a-z_][a-zA-Z0-9_]{0,15}$/), fc.constantFrom("họ_tên", "mức độ", "ghi chú", "số lượng"))
  .filter((k) => k !== "__proto__")

/** A JSON value: null, booleans, finite numbers (never -0), strings, arrays and objects, nested a few levels. */
export const arbJson: fc.Arbitrary<JsonValue> = fc.letrec<{ json: JsonValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer().map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    arbText(60),
    fc.array(tie("json"), { maxLength: 4 }),
    fc.dictionary(jsonKey, tie("json"), { maxKeys: 4, noNullPrototype: true })
  )
})).json

const jsonRecord = fc.dictionary(jsonKey, arbJson, { maxKeys: 5, noNullPrototype: true })

const labels = fc.array(nonEmptyText(100), { maxLength: 5 })

// A record whose keys outside `requiredKeys` are sometimes absent.
const record = <T, K extends keyof T & string>(
  model: { [P in keyof T]: fc.Arbitrary<T[P]> },
  requiredKeys: ReadonlyArray<K>
): fc.Arbitrary<fc.RecordValue<T, K>> => fc.record<T, K>(model, { requiredKeys: [...requiredKeys], noNullPrototype: true })

// ---------------------------------------------------------------------------
// Identity, context, profile, money.

/**
 * An {@link Identifier} as it arrives: a (built-in or custom) type and a raw
 * value — phones in any written form, emails with noise, junk values.
 */
export const arbIdentifier: fc.Arbitrary<Identifier> = fc.record(
  {
    type: arbIdentifierType,
    value: fc
      .oneof(
        fc.constantFrom("0912 345 678", "+84 91-234-5678", "84912345678", "01622345678", " Lan.Nguyen@Gmail.com ", "null", "[object Object]", "-1"),
        nonEmptyText(512),
        fc.constant("9".repeat(512))
      )
      .filter((s) => s.length > 0 && s.length <= 512)
  },
  { noNullPrototype: true }
)

const locale = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("vi", "en", "vi-VN", "en-US", "zh-Hant-TW") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/) }
)

/** An {@link EventContext}: every key optional, sometimes all present. */
export const arbEventContext: fc.Arbitrary<EventContext> = record(
  {
    channel: arbChannel,
    source: arbText(200),
    device: record(
      {
        id: arbText(200),
        type: fc.oneof(fc.constantFrom("mobile", "tablet", "desktop", "tv", "other"), fc.stringMatching(/^[a-z][a-z0-9_ -]{0,49}$/)),
        manufacturer: arbText(100),
        model: arbText(100)
      },
      []
    ),
    os: record({ name: arbText(100), version: arbText(50) }, ["name"]),
    ip: fc.oneof(fc.ipV4(), fc.ipV6()).filter((s) => s.length <= 64),
    userAgent: arbText(1000),
    locale,
    timezone: arbText(64),
    campaign: record({ name: arbText(200), source: arbText(200), medium: arbText(200), term: arbText(200), content: arbText(200) }, []),
    referrer: record({ type: arbText(200), name: arbText(200), id: arbText(200), url: arbText(2000), link: arbText(2000) }, []),
    // arbTraits is defined below; chain reads it when generating, not now.
    traits: fc.constant(null).chain(() => arbTraits),
    externalIds: fc.array(arbIdentifier, { maxLength: 5 })
  },
  []
) as fc.Arbitrary<EventContext>

/** An address with any of its parts. */
const arbAddress = record(
  {
    street: arbText(300),
    ward: arbText(100),
    district: arbText(100),
    province: arbText(100),
    postalCode: arbText(20),
    country: fc.oneof(fc.constant("VN"), fc.stringMatching(/^[A-Z]{2}$/))
  },
  []
)

/** {@link ProfileFields}: every field optional; contact values raw. */
export const arbProfileFields: fc.Arbitrary<ProfileFields> = record(
  {
    avatar: arbText(2000),
    fullName: arbText(200),
    firstName: arbText(100),
    lastName: arbText(100),
    gender: fc.constantFrom("male", "female", "other", "unknown"),
    birthday: arbCalendarDate,
    phone: arbText(50),
    otherPhones: fc.array(arbText(50), { maxLength: 3 }),
    email: arbText(320),
    otherEmails: fc.array(arbText(320), { maxLength: 3 }),
    address: arbAddress,
    zaloId: arbText(100),
    companyName: arbText(300),
    taxCode: arbText(50),
    nationalId: arbText(50),
    tags: fc.array(nonEmptyText(100), { maxLength: 5 }),
    customerGroups: fc.array(nonEmptyText(100), { maxLength: 5 }),
    assigneeId: arbText(200),
    collaboratorId: arbText(200)
  },
  []
) as fc.Arbitrary<ProfileFields>

const profileFieldNames = new Set<string>(ProfileFieldNames)

/**
 * {@link Traits}: profile fields plus custom traits (JSON values under names
 * that are not profile fields).
 */
export const arbTraits: fc.Arbitrary<Traits> = fc
  .tuple(
    arbProfileFields,
    fc.dictionary(
      jsonKey.filter((k) => !profileFieldNames.has(k)),
      arbJson,
      { maxKeys: 4, noNullPrototype: true }
    )
  )
  .map(([fields, custom]) => ({ ...custom, ...fields }) as Traits)

/** {@link Money}: an integer amount (boundaries included) and a currency. */
export const arbMoney: fc.Arbitrary<Money> = fc.record({ amount: arbAmount, currency: arbCurrency }, { noNullPrototype: true })

// The descriptive product fields of the Segment E-commerce spec.
const productDetails = {
  brand: arbText(200),
  variant: arbText(200),
  url: arbText(2000),
  imageUrl: arbText(2000),
  coupon: arbText(100),
  position: count(0)
}

/** A {@link LineItem}: product, optional name/category/sku and details, quantity ≥ 1, unit price. */
export const arbLineItem: fc.Arbitrary<LineItem> = record(
  {
    productId: arbRef,
    name: arbText(500),
    category: arbText(200),
    sku: arbText(200),
    quantity: count(1),
    price: arbAmount,
    ...productDetails
  },
  ["productId", "quantity", "price"]
) as fc.Arbitrary<LineItem>

const lineItems = fc.array(arbLineItem, { maxLength: 4 })

/** {@link OrderProperties} of Order Placed / Order Completed. */
export const arbOrderProperties: fc.Arbitrary<OrderProperties> = record(
  {
    orderId: arbRef,
    checkoutId: arbRef,
    currency: arbCurrency,
    total: arbAmount,
    subtotal: arbAmount,
    discount: arbAmount,
    shipping: arbAmount,
    tax: arbAmount,
    paid: arbAmount,
    coupon: arbText(100),
    paymentMethod: arbText(100),
    storeId: arbRef,
    products: lineItems
  },
  ["orderId", "currency", "total", "products"]
) as fc.Arbitrary<OrderProperties>

// ---------------------------------------------------------------------------
// Typed event properties, one per catalog entry.

const orderEnded = record({ orderId: arbRef, reason: arbText(1000) }, ["orderId"])
const product = record(
  {
    productId: arbRef,
    name: arbText(500),
    category: arbText(200),
    price: arbAmount,
    currency: arbCurrency,
    quantity: count(1),
    cartId: arbRef,
    sku: arbText(200),
    wishlistId: arbRef,
    ...productDetails
  },
  ["productId"]
)
const ticket = record(
  { ticketId: arbRef, kind: fc.constantFrom("request", "complaint", "warranty"), subject: arbText(1000), orderId: arbRef, resolution: arbText(10_000) },
  ["ticketId", "kind"]
)
const follow = record({ channel: arbChannel, accountId: arbRef }, [])
const live = record({ liveId: arbRef, title: arbText(500), productId: arbRef, watchSeconds: count(0) }, ["liveId"])
const video = record({ videoId: arbRef, productId: arbRef }, ["videoId"])
const message = record(
  { deliveryId: arbRef, planId: arbRef, channel: arbChannel, url: arbText(2000), reply: arbText(10_000), topic: arbText(100) },
  ["deliveryId", "channel"]
)
const points = record({ points: count(1), reason: arbText(1000), orderId: arbRef, expiresAt: arbInstant }, ["points"])

const propertiesArbitraries: { readonly [K in KnownEventName]: fc.Arbitrary<unknown> } = {
  "Order Placed": arbOrderProperties,
  "Order Completed": arbOrderProperties,
  "Order Cancelled": orderEnded,
  "Order Returned": record(
    { orderId: arbRef, currency: arbCurrency, amount: arbAmount, products: lineItems, reason: arbText(1000) },
    ["orderId"]
  ),
  "Order Refunded": record({ orderId: arbRef, currency: arbCurrency, amount: arbAmount, reason: arbText(1000) }, ["orderId", "currency"]),
  "Order Delivery Failed": orderEnded,
  "Product Viewed": product,
  "Product Favorited": product,
  "Product Added": product,
  "Product Removed": product,
  "Checkout Started": record(
    {
      cartId: arbRef,
      checkoutId: arbRef,
      orderId: arbRef,
      currency: arbCurrency,
      total: arbAmount,
      subtotal: arbAmount,
      discount: arbAmount,
      shipping: arbAmount,
      tax: arbAmount,
      coupon: arbText(100),
      products: lineItems
    },
    ["currency", "total", "products"]
  ),
  "Payment Failed": record(
    { orderId: arbRef, cartId: arbRef, currency: arbCurrency, total: arbAmount, paymentMethod: arbText(100), reason: arbText(1000) },
    []
  ),
  "Review Submitted": record({ reviewId: arbRef, productId: arbRef, orderId: arbRef, rating: oneToFive, text: arbText(10_000) }, ["rating"]),
  "Conversation Ended": record(
    {
      conversationId: arbRef,
      agent: fc.constantFrom("ai", "staff"),
      staffId: arbRef,
      channel: arbChannel,
      summary: arbText(10_000),
      labels,
      csat: oneToFive,
      messageCount: count(0)
    },
    ["conversationId", "agent"]
  ),
  "Ticket Opened": ticket,
  "Ticket Resolved": ticket,
  "Followed": follow,
  "Unfollowed": follow,
  "Live Viewed": live,
  "Live Product Clicked": live,
  "Video Product Viewed": video,
  "Video Product Liked": video,
  "Video Product Clicked": video,
  "Message Sent": message,
  "Message Delivered": message,
  "Message Read": message,
  "Message Clicked": message,
  "Message Replied": message,
  "Message Unsubscribed": message,
  "Campaign Joined": record({ campaignId: arbRef, name: arbText(500) }, ["campaignId"]),
  "Survey Submitted": record({ surveyId: arbRef, answers: jsonRecord }, ["surveyId"]),
  "Minigame Played": record({ gameId: arbRef, plays: count(1), result: arbText(200) }, ["gameId"]),
  "Points Earned": points,
  "Points Redeemed": points,
  "Points Adjusted": record(
    {
      points: fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.constantFrom(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).filter((n) => n !== 0),
      reason: arbText(1000),
      actorId: arbRef,
      expiresAt: arbInstant
    },
    ["points", "reason"]
  ),
  "Form Submitted": record(
    {
      formId: arbRef,
      kind: fc.constantFrom("chatbot", "website", "landing_page", "review", "other"),
      fields: fc.dictionary(jsonKey, arbText(10_000), { maxKeys: 5, noNullPrototype: true })
    },
    ["formId", "kind", "fields"]
  )
}

/**
 * The decoded `properties` of the typed event `name`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbPropertiesOf("Review Submitted"), (p) => p.rating >= 1 && p.rating <= 5))
 * ```
 */
export const arbPropertiesOf = <K extends KnownEventName>(name: K): fc.Arbitrary<PropertiesOf<K>> =>
  propertiesArbitraries[name] as fc.Arbitrary<PropertiesOf<K>>

// ---------------------------------------------------------------------------
// Events.

/** The who of a call: userId, anonymousId, or both (Segment requires one). */
const who = fc.oneof(
  fc.record({ userId: arbRef }, { noNullPrototype: true }),
  fc.record({ anonymousId: arbRef }, { noNullPrototype: true }),
  fc.record({ userId: arbRef, anonymousId: arbRef }, { noNullPrototype: true })
)

const common = fc
  .tuple(record({ messageId: arbRef, timestamp: arbInstant, context: arbEventContext }, ["messageId", "timestamp"]), who)
  .map(([base, ids]) => ({ ...base, ...ids }))

/**
 * A typed `track` event of the catalog entry `name`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbTrackEventOf("Order Completed"), (e) => e.event === "Order Completed"))
 * ```
 */
export const arbTrackEventOf = <K extends KnownEventName>(name: K): fc.Arbitrary<Extract<KnownTrackEvent, { readonly event: K }>> =>
  fc
    .tuple(common, arbPropertiesOf(name))
    .map(([base, properties]) => ({ type: "track" as const, ...base, event: name, properties }) as unknown as Extract<KnownTrackEvent, { readonly event: K }>)

/** Any typed `track` event, the name drawn from the catalog. */
export const arbKnownTrackEvent: fc.Arbitrary<KnownTrackEvent> = fc.oneof(
  ...KnownEventNames.map((name) => arbTrackEventOf(name) as fc.Arbitrary<KnownTrackEvent>)
)

/** An `identify` call, with or without traits. */
export const arbIdentifyEvent: fc.Arbitrary<IdentifyEvent> = fc
  .tuple(common, record({ traits: arbTraits }, []))
  .map(([base, rest]) => ({ type: "identify" as const, ...base, ...rest }) as unknown as IdentifyEvent)

/** {@link PageProperties}. */
export const arbPageProperties: fc.Arbitrary<PageProperties> = record(
  { url: arbText(2000), path: arbText(2000), title: arbText(1000), referrer: arbText(2000), search: arbText(2000), trafficSource: arbText(100) },
  []
) as fc.Arbitrary<PageProperties>

/** A `page` call. */
export const arbPageEvent: fc.Arbitrary<PageEvent> = fc
  .tuple(common, record({ name: arbText(500), category: arbText(200), properties: arbPageProperties }, []))
  .map(([base, rest]) => ({ type: "page" as const, ...base, ...rest }) as unknown as PageEvent)

/** A `screen` call: an app screen, with free JSON properties. */
export const arbScreenEvent: fc.Arbitrary<ScreenEvent> = fc
  .tuple(common, record({ name: arbText(500), category: arbText(200), properties: jsonRecord }, []))
  .map(([base, rest]) => ({ type: "screen" as const, ...base, ...rest }) as unknown as ScreenEvent)

/** {@link GroupTraits}: the group's name, tax code, industry, website, address, and custom traits. */
export const arbGroupTraits: fc.Arbitrary<GroupTraits> = fc
  .tuple(
    record({ name: arbText(300), taxCode: arbText(50), industry: arbText(200), website: arbText(2000), address: arbAddress }, []),
    fc.dictionary(
      jsonKey.filter((k) => !["name", "taxCode", "industry", "website", "address"].includes(k)),
      arbJson,
      { maxKeys: 3, noNullPrototype: true }
    )
  )
  .map(([fields, custom]) => ({ ...custom, ...fields }) as GroupTraits)

/** A `group` call: the person belongs to a group (a company, an account). */
export const arbGroupEvent: fc.Arbitrary<GroupEvent> = fc
  .tuple(common, arbRef, record({ traits: arbGroupTraits }, []))
  .map(([base, groupId, rest]) => ({ type: "group" as const, ...base, groupId, ...rest }) as unknown as GroupEvent)

/** An `alias` call. */
export const arbAliasEvent: fc.Arbitrary<AliasEvent> = record(
  { messageId: arbRef, timestamp: arbInstant, userId: arbRef, previousId: arbRef, context: arbEventContext },
  ["messageId", "timestamp", "userId", "previousId"]
).map((event) => ({ type: "alias" as const, ...event }) as unknown as AliasEvent)

/** A custom event name: anything non-empty (≤ 200) that is not a catalog name. */
export const arbCustomEventName: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 2, arbitrary: fc.constantFrom("Lucky Wheel Spun", "Voucher Claimed", "Wishlist Shared", "Đã quay vòng quay", "order completed") },
    { weight: 2, arbitrary: nonEmptyText(200) }
  )
  .filter((name) => name.length > 0 && name.length <= 200 && !isKnownEventName(name))

/** A `track` event whose name is not in the catalog, with or without JSON properties. */
export const arbCustomTrackEvent: fc.Arbitrary<CustomTrackEvent> = fc
  .tuple(common, arbCustomEventName, record({ properties: jsonRecord }, []))
  .map(([base, event, rest]) => ({ type: "track" as const, ...base, event, ...rest }) as unknown as CustomTrackEvent)

/** Any kith event: identify, page, screen, group, alias, typed track (every catalog entry) or custom track. */
export const arbKithEvent: fc.Arbitrary<KithEvent> = fc.oneof(
  { weight: 2, arbitrary: arbIdentifyEvent as fc.Arbitrary<KithEvent> },
  { weight: 2, arbitrary: arbPageEvent as fc.Arbitrary<KithEvent> },
  { weight: 1, arbitrary: arbScreenEvent as fc.Arbitrary<KithEvent> },
  { weight: 1, arbitrary: arbGroupEvent as fc.Arbitrary<KithEvent> },
  { weight: 1, arbitrary: arbAliasEvent as fc.Arbitrary<KithEvent> },
  { weight: 6, arbitrary: arbKnownTrackEvent as fc.Arbitrary<KithEvent> },
  { weight: 1, arbitrary: arbCustomTrackEvent as fc.Arbitrary<KithEvent> }
)

// ---------------------------------------------------------------------------
// Workspace settings.

/** Valid IANA timezones (checked against this runtime's ICU data). */
const timezones = ["Asia/Ho_Chi_Minh", "UTC", "Asia/Bangkok", "Asia/Singapore", "Asia/Tokyo", "Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata"].filter((tz) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return true
  } catch {
    return false
  }
})

/** Decoded {@link WorkspaceSettings}: every field present. */
export const arbWorkspaceSettings: fc.Arbitrary<WorkspaceSettings> = fc.record(
  {
    timezone: fc.constantFrom(...timezones),
    currency: arbCurrency,
    country: fc.oneof(fc.constantFrom("VN", "TH", "SG", "US"), fc.stringMatching(/^[A-Z]{2}$/)),
    locale,
    fallbackLocale: locale
  },
  { noNullPrototype: true }
) as fc.Arbitrary<WorkspaceSettings>
