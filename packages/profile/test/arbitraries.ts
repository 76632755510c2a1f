import type { KithEvent } from "@kith/core"
import fc from "fast-check"
import { decode } from "./fixtures.js"

// Small, targeted generators of the events the summary depends on. Pools of
// ids are small on purpose so orders collide across lifecycle events and
// across sub-streams, which is where the merge laws can break.

const START = Date.UTC(2023, 0, 1)
const END = Date.UTC(2026, 11, 31)
const HOUR = 3_600_000

// Instants spread over four years, half of them within a few hours of a
// month boundary in Asia/Ho_Chi_Minh (UTC+7) or UTC.
const arbInstant = fc.oneof(
  fc.integer({ min: START, max: END }),
  fc
    .record({ year: fc.integer({ min: 2023, max: 2026 }), month: fc.integer({ min: 0, max: 11 }), minutes: fc.integer({ min: -12 * 60, max: 12 * 60 }) })
    .map(({ year, month, minutes }) => Date.UTC(year, month, 1) - 7 * HOUR + minutes * 60_000)
).map((ms) => new Date(ms).toISOString())

const arbProductId = fc.constantFrom("p1", "p2", "p3", "p4")
const arbLine = fc.record({
  productId: arbProductId,
  name: fc.constantFrom("Áo thun", "Quần jean", "Nón lá"),
  quantity: fc.integer({ min: 1, max: 3 }),
  price: fc.integer({ min: 1, max: 500 }).map((k) => k * 1000)
})
const arbOrderId = fc.constantFrom("o1", "o2", "o3", "o4", "o5", "o6")
const arbCurrency = fc.constantFrom("VND", "VND", "VND", "USD")

const arbOrderDetails = fc
  .record({ orderId: arbOrderId, currency: arbCurrency, products: fc.array(arbLine, { minLength: 1, maxLength: 3 }), unpaid: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }) })
  .map(({ orderId, currency, products, unpaid }) => {
    const total = products.reduce((s, l) => s + l.quantity * l.price, 0)
    return { orderId, currency, total, products, ...(unpaid === undefined ? {} : { paid: Math.max(0, total - unpaid) }) }
  })

const arbTrackBody: fc.Arbitrary<{ event: string; properties: Record<string, unknown> }> = fc.oneof(
  { weight: 3, arbitrary: arbOrderDetails.map((properties) => ({ event: "Order Placed", properties })) },
  { weight: 3, arbitrary: arbOrderDetails.map((properties) => ({ event: "Order Completed", properties })) },
  { weight: 1, arbitrary: arbOrderId.map((orderId) => ({ event: "Order Cancelled", properties: { orderId } })) },
  { weight: 1, arbitrary: arbOrderId.map((orderId) => ({ event: "Order Delivery Failed", properties: { orderId } })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ orderId: arbOrderId, amount: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined }), products: fc.option(fc.array(arbLine, { minLength: 1, maxLength: 2 }), { nil: undefined }) })
      .map(({ orderId, amount, products }) => ({
        event: "Order Returned",
        properties: { orderId, ...(amount === undefined ? {} : { amount }), ...(products === undefined ? {} : { products }) }
      }))
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ orderId: arbOrderId, amount: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined }), currency: arbCurrency })
      // Without an amount, a refund gives back the whole order.
      .map(({ amount, ...rest }) => ({ event: "Order Refunded", properties: { ...rest, ...(amount === undefined ? {} : { amount }) } }))
  },
  { weight: 2, arbitrary: fc.constantFrom("c1", "c2").map((campaignId) => ({ event: "Campaign Joined", properties: { campaignId } })) },
  { weight: 2, arbitrary: fc.constantFrom("Message Delivered", "Message Clicked", "Message Sent").map((event) => ({ event, properties: { deliveryId: "d-1", channel: "zalo" } })) },
  { weight: 1, arbitrary: fc.constant({ event: "Survey Submitted", properties: { surveyId: "s1" } }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ gameId: fc.constantFrom("g1", "g2", "g3"), plays: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }) })
      .map(({ gameId, plays }) => ({ event: "Minigame Played", properties: { gameId, ...(plays === undefined ? {} : { plays }) } }))
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        event: fc.constantFrom("Points Earned", "Points Redeemed"),
        points: fc.integer({ min: 1, max: 500 }),
        orderId: fc.option(arbOrderId, { nil: undefined }),
        expiresAt: fc.option(arbInstant, { nil: undefined })
      })
      .map(({ event, points, orderId, expiresAt }) => ({
        event,
        properties: { points, ...(orderId === undefined ? {} : { orderId }), ...(expiresAt === undefined ? {} : { expiresAt }) }
      }))
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: -300, max: 300 }).filter((n) => n !== 0).map((points) => ({ event: "Points Adjusted", properties: { points, reason: "manual" } }))
  },
  { weight: 1, arbitrary: fc.constant({ event: "Form Submitted", properties: { formId: "f1", kind: "website", fields: {} } }) }
)

const arbContext = fc.record(
  {
    channel: fc.constantFrom("web", "zalo", "shopee"),
    source: fc.constantFrom("own_website", "landing_page", "zalo_oa"),
    device: fc.record({ id: fc.constantFrom("dev-a", "dev-b", "dev-c") }),
    // A few UTM campaigns and referrers, so ways in repeat and join.
    campaign: fc.record({ source: fc.constantFrom("facebook", "google"), medium: fc.constantFrom("cpc", "email"), name: fc.constantFrom("tet", "he") }, { requiredKeys: ["source"] }),
    referrer: fc.record({ type: fc.constantFrom("affiliate", "dataxu"), name: fc.constantFrom("ctv-lan", "ctv-minh") }, { requiredKeys: ["type"] }),
    traits: fc.constantFrom({ email: "a@b.vn" }, { phone: "0912345678" }, { firstName: "Lan" })
  },
  { requiredKeys: ["channel", "source", "device"] }
)

const arbBody: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 8, arbitrary: arbTrackBody.map((body) => ({ type: "track", ...body })) },
  { weight: 1, arbitrary: fc.constant({ type: "page", properties: { url: "https://shop.vn/" } }) },
  { weight: 1, arbitrary: fc.constantFrom("Home", "Giỏ hàng").map((name) => ({ type: "screen", name })) },
  { weight: 1, arbitrary: fc.constant({ type: "group", groupId: "cty-1", traits: { name: "An Phát", taxCode: "0312345678" } }) },
  { weight: 1, arbitrary: fc.constantFrom({}, { phone: "0912345678" }, { email: "a@b.vn" }).map((traits) => ({ type: "identify", traits })) },
  // A sign-up through alias: it carries the host's userId, so it registers the person.
  { weight: 1, arbitrary: fc.constant({ type: "alias", userId: "u-1", previousId: "anon-1" }) }
)

/** Encoded events without their messageId (assigned by position, see {@link arbEvents}). */
const arbEncoded = fc.record({ body: arbBody, at: arbInstant, userId: fc.option(fc.constant("u-1"), { nil: undefined }), context: arbContext })

/**
 * A list of decoded events of one profile, each with a distinct messageId.
 */
export const arbEvents = (maxLength = 40): fc.Arbitrary<ReadonlyArray<KithEvent>> =>
  fc.array(arbEncoded, { maxLength }).map((list) =>
    list.map(({ body, at, userId, context }, i) =>
      decode({ ...body, messageId: `m-${i}`, timestamp: at, anonymousId: "anon-1", ...(userId === undefined ? {} : { userId }), context })
    )
  )

/** The same events with the messageIds of another list, so two lists never share one. */
export const withPrefix = (events: ReadonlyArray<KithEvent>, prefix: string): ReadonlyArray<KithEvent> =>
  events.map((e) => ({ ...e, messageId: `${prefix}${e.messageId}` }) as KithEvent)

/** The events whose summary part is a join (orders, points, forms, identify, page): safe to duplicate. */
export const isIdempotentKind = (e: KithEvent): boolean =>
  e.type !== "track" || e.event.startsWith("Order ") || e.event.startsWith("Points ") || e.event === "Form Submitted" || e.event === "Message Sent"
