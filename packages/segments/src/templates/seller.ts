import type { EventActivityKind } from "../inputs/activity-row.js"
import { type SegmentTemplate, daysParameter, defineTemplate, param } from "./template.js"

const DAYS = { vi: "Số ngày gần nhất", en: "Number of recent days" }

/**
 * The interactions that make a follower active: LIVE (watching, clicking a
 * product shown), short video (viewing, liking, clicking a product) and
 * product cards (a product viewed).
 */
export const ACTIVE_FOLLOWER_ACTIVITY: ReadonlyArray<EventActivityKind> = [
  "live_viewed",
  "live_product_clicked",
  "video_product_viewed",
  "video_product_liked",
  "video_product_clicked",
  "product_viewed"
]

/**
 * The marketplace seller's seven default segments (SEG-3), each with its
 * window editable. Every order below is a successful order (completed and
 * not cancelled or failed by `asOf`); "in the last N days" counts N local
 * calendar days, today included.
 *
 * | id | member |
 * |---|---|
 * | `potential_new` | never bought; added to cart or favorited a product in the last `days` (30) |
 * | `recent` | first purchase in the last `days` (30) |
 * | `repeat` | bought in the last `days` (30), and had bought before them |
 * | `regular` | at least `minOrders` (2) orders in the last `days` (90) |
 * | `lapsed` | last purchase in the last `days` (365) but not in the last `inactiveDays` (90) |
 * | `new_followers` | follows, and the current follow began in the last `days` (30) |
 * | `active_followers` | follows, and watched a LIVE, viewed/liked/clicked a short video's product, or viewed a product card in the last `days` (30) |
 *
 * @example
 * ```ts
 * sellerTemplates.map((t) => t.id) // => ["potential_new", "recent", "repeat", "regular", "lapsed", "new_followers", "active_followers"]
 * ```
 */
export const sellerTemplates: ReadonlyArray<SegmentTemplate> = [
  defineTemplate({
    id: "potential_new",
    group: "seller",
    name: { vi: "Khách hàng tiềm năng mới", en: "Potential new customers" },
    description: {
      vi: "Chưa từng mua hàng, đã thêm sản phẩm vào giỏ hoặc yêu thích sản phẩm trong N ngày qua (mặc định 30).",
      en: "Never bought; added a product to the cart or favorited one in the last N days (default 30)."
    },
    parameters: [daysParameter(30, DAYS)],
    build: (p) => ({
      all: [
        { kind: "orders", count: { max: 0 } },
        { kind: "activity", of: ["product_added", "product_favorited"], during: { withinLastDays: param(p, "days") } }
      ]
    })
  }),
  defineTemplate({
    id: "recent",
    group: "seller",
    name: { vi: "Khách hàng mới mua gần đây", en: "Recent buyers" },
    description: { vi: "Mua hàng lần đầu trong N ngày qua (mặc định 30).", en: "First purchase in the last N days (default 30)." },
    parameters: [daysParameter(30, DAYS)],
    build: (p) => ({ kind: "first_order", during: { withinLastDays: param(p, "days") } })
  }),
  defineTemplate({
    id: "repeat",
    group: "seller",
    name: { vi: "Khách hàng mua lại", en: "Repeat buyers" },
    description: {
      vi: "Đã từng mua trước đó và mua lại trong N ngày qua (mặc định 30).",
      en: "Had bought before, and bought again in the last N days (default 30)."
    },
    parameters: [daysParameter(30, DAYS)],
    build: (p) => ({
      all: [
        { kind: "orders", during: { withinLastDays: param(p, "days") }, count: { min: 1 } },
        { kind: "first_order", during: { notWithinLastDays: param(p, "days") } }
      ]
    })
  }),
  defineTemplate({
    id: "regular",
    group: "seller",
    name: { vi: "Khách hàng thường xuyên", en: "Regular buyers" },
    description: {
      vi: "Có nhiều hơn một đơn hàng (mặc định từ 2) trong N ngày qua (mặc định 90).",
      en: "More than one order (default at least 2) in the last N days (default 90)."
    },
    parameters: [
      daysParameter(90, DAYS),
      { name: "minOrders", default: 2, min: 1, max: 1000, description: { vi: "Số đơn tối thiểu", en: "Fewest orders" } }
    ],
    build: (p) => ({ kind: "orders", during: { withinLastDays: param(p, "days") }, count: { min: param(p, "minOrders") } })
  }),
  defineTemplate({
    id: "lapsed",
    group: "seller",
    name: { vi: "Khách hàng lâu không quay lại", en: "Lapsed buyers" },
    description: {
      vi: "Đã mua ít nhất một lần trong N ngày qua (mặc định 365) nhưng không mua trong M ngày gần đây (mặc định 90).",
      en: "Bought at least once in the last N days (default 365) but not in the last M days (default 90)."
    },
    parameters: [
      daysParameter(365, DAYS),
      daysParameter(90, { vi: "Số ngày không mua", en: "Days without a purchase" }, "inactiveDays")
    ],
    check: (p) => (param(p, "inactiveDays") < param(p, "days") ? [] : [{ path: "inactiveDays", message: "must be less than days" }]),
    build: (p) => ({ kind: "last_order", during: { withinLastDays: param(p, "days"), notWithinLastDays: param(p, "inactiveDays") } })
  }),
  defineTemplate({
    id: "new_followers",
    group: "seller",
    name: { vi: "Người theo dõi mới", en: "New followers" },
    description: {
      vi: "Bắt đầu theo dõi shop trong N ngày qua (mặc định 30) và vẫn đang theo dõi.",
      en: "Started following the shop in the last N days (default 30) and still follows."
    },
    parameters: [daysParameter(30, DAYS)],
    build: (p) => ({ kind: "follower", following: true, since: { withinLastDays: param(p, "days") } })
  }),
  defineTemplate({
    id: "active_followers",
    group: "seller",
    name: { vi: "Người theo dõi tích cực", en: "Active followers" },
    description: {
      vi: "Đang theo dõi shop và đã tương tác qua LIVE, video ngắn hoặc thẻ sản phẩm trong N ngày qua (mặc định 30).",
      en: "Follows the shop and interacted through LIVE, short video or product cards in the last N days (default 30)."
    },
    parameters: [daysParameter(30, DAYS)],
    build: (p) => ({
      all: [
        { kind: "follower", following: true },
        { kind: "activity", of: ACTIVE_FOLLOWER_ACTIVITY, during: { withinLastDays: param(p, "days") } }
      ]
    })
  })
]
