import { EventActivityKinds, type EventActivityKind } from "../inputs/activity-row.js"
import type { RuleNode } from "../rule/rule.js"
import { type SegmentTemplate, type TemplateParams, daysParameter, defineTemplate, param } from "./template.js"

const DAYS = { vi: "Số ngày gần nhất", en: "Number of recent days" }

// Complaining: a complaint ticket, or a conversation or review scored at
// most maxScore, in the last `days`.
const complained = (days: number, maxScore: number): RuleNode => ({
  any: [
    { kind: "activity", of: ["ticket_opened"], ticketKinds: ["complaint"], during: { withinLastDays: days } },
    { kind: "activity", of: ["conversation"], csat: { max: maxScore }, during: { withinLastDays: days } },
    { kind: "activity", of: ["review_submitted"], rating: { max: maxScore }, during: { withinLastDays: days } }
  ]
})

/**
 * What the person did themselves: every event kind but the shop's own
 * outreach (`message_sent`, `message_delivered`).
 */
export const PERSON_ACTIVITY: ReadonlyArray<EventActivityKind> = EventActivityKinds.filter(
  (kind) => kind !== "message_sent" && kind !== "message_delivered"
)

const lessThan = (a: string, b: string) => (p: TemplateParams) =>
  param(p, a) < param(p, b) ? [] : [{ path: a, message: `must be less than ${b}` }]

/**
 * The customer types (SEG-3), each a written, testable definition with
 * editable windows. Orders are successful orders; windows count local
 * calendar days, today included.
 *
 * | id | member |
 * |---|---|
 * | `customer_potential` | left contact details (lifecycle `lead`), never bought, and did anything themselves (any activity but the shop's `message_sent` / `message_delivered`) in the last `days` (30) |
 * | `customer_new` | exactly one order ever, purchased in the last `days` (30) |
 * | `customer_loyal` | at least `minOrders` (3) orders in the last `days` (365), one of them in the last `recentDays` (90) |
 * | `customer_casual` | 1 to `maxOrders` (2) orders in the last `days` (365), the first one before the last `newDays` (30) |
 * | `customer_lost` | has bought, but not in the last `days` (365) |
 * | `customer_complaining` | in the last `days` (90): a complaint ticket, or a conversation CSAT or a review rating of at most `maxScore` (2) |
 * | `customer_advocate` | at least `minOrders` (2) orders ever; a review rating or conversation CSAT of at least `minScore` (4) in the last `days` (180); not complaining in the last `complaintDays` (90) |
 *
 * @example
 * ```ts
 * customerTypeTemplates.map((t) => t.id).includes("customer_lost") // => true
 * ```
 */
export const customerTypeTemplates: ReadonlyArray<SegmentTemplate> = [
  defineTemplate({
    id: "customer_potential",
    group: "customer_type",
    name: { vi: "Khách tiềm năng", en: "Potential customers" },
    description: {
      vi: "Đã để lại thông tin liên hệ, chưa từng mua hàng, và có hoạt động trong N ngày qua (mặc định 30).",
      en: "Left contact details, never bought, and did anything in the last N days (default 30)."
    },
    parameters: [daysParameter(30, DAYS)],
    build: (p) => ({
      all: [
        { kind: "field", field: "stage", in: ["lead"] },
        { kind: "orders", count: { max: 0 } },
        { kind: "activity", of: PERSON_ACTIVITY, during: { withinLastDays: param(p, "days") } }
      ]
    })
  }),
  defineTemplate({
    id: "customer_new",
    group: "customer_type",
    name: { vi: "Khách hàng mới", en: "New customers" },
    description: {
      vi: "Có đúng một đơn hàng thành công, mua trong N ngày qua (mặc định 30).",
      en: "Exactly one successful order, purchased in the last N days (default 30)."
    },
    parameters: [daysParameter(30, DAYS)],
    build: (p) => ({
      all: [
        { kind: "orders", count: { min: 1, max: 1 } },
        { kind: "first_order", during: { withinLastDays: param(p, "days") } }
      ]
    })
  }),
  defineTemplate({
    id: "customer_loyal",
    group: "customer_type",
    name: { vi: "Khách hàng trung thành", en: "Loyal customers" },
    description: {
      vi: "Ít nhất 3 đơn hàng trong N ngày qua (mặc định 365), trong đó có đơn trong M ngày gần đây (mặc định 90).",
      en: "At least 3 orders in the last N days (default 365), one of them in the last M days (default 90)."
    },
    parameters: [
      daysParameter(365, DAYS),
      daysParameter(90, { vi: "Số ngày của lần mua gần nhất", en: "Days of the latest purchase" }, "recentDays"),
      { name: "minOrders", default: 3, min: 1, max: 1000, description: { vi: "Số đơn tối thiểu", en: "Fewest orders" } }
    ],
    check: lessThan("recentDays", "days"),
    build: (p) => ({
      all: [
        { kind: "orders", during: { withinLastDays: param(p, "days") }, count: { min: param(p, "minOrders") } },
        { kind: "orders", during: { withinLastDays: param(p, "recentDays") }, count: { min: 1 } }
      ]
    })
  }),
  defineTemplate({
    id: "customer_casual",
    group: "customer_type",
    name: { vi: "Khách hàng vãng lai", en: "Casual customers" },
    description: {
      vi: "Một hoặc hai đơn hàng trong N ngày qua (mặc định 365), lần mua đầu tiên trước M ngày gần đây (mặc định 30).",
      en: "One or two orders in the last N days (default 365), the first purchase before the last M days (default 30)."
    },
    parameters: [
      daysParameter(365, DAYS),
      daysParameter(30, { vi: "Số ngày được coi là khách mới", en: "Days a customer counts as new" }, "newDays"),
      { name: "maxOrders", default: 2, min: 1, max: 1000, description: { vi: "Số đơn tối đa", en: "Most orders" } }
    ],
    check: lessThan("newDays", "days"),
    build: (p) => ({
      all: [
        { kind: "orders", during: { withinLastDays: param(p, "days") }, count: { min: 1, max: param(p, "maxOrders") } },
        { kind: "first_order", during: { notWithinLastDays: param(p, "newDays") } }
      ]
    })
  }),
  defineTemplate({
    id: "customer_lost",
    group: "customer_type",
    name: { vi: "Khách hàng đã rời bỏ", en: "Lost customers" },
    description: { vi: "Đã từng mua, nhưng không mua trong N ngày qua (mặc định 365).", en: "Has bought, but not in the last N days (default 365)." },
    parameters: [daysParameter(365, DAYS)],
    build: (p) => ({ kind: "last_order", during: { notWithinLastDays: param(p, "days") } })
  }),
  defineTemplate({
    id: "customer_complaining",
    group: "customer_type",
    name: { vi: "Khách hàng phàn nàn", en: "Complaining customers" },
    description: {
      vi: "Trong N ngày qua (mặc định 90): mở phiếu khiếu nại, hoặc chấm CSAT hay đánh giá sản phẩm từ 2 sao trở xuống.",
      en: "In the last N days (default 90): opened a complaint ticket, or gave a conversation CSAT or a review rating of 2 or less."
    },
    parameters: [
      daysParameter(90, DAYS),
      { name: "maxScore", default: 2, min: 1, max: 5, description: { vi: "Điểm tối đa được coi là không hài lòng", en: "Highest score that counts as unhappy" } }
    ],
    build: (p) => complained(param(p, "days"), param(p, "maxScore"))
  }),
  defineTemplate({
    id: "customer_advocate",
    group: "customer_type",
    name: { vi: "Khách hàng ủng hộ", en: "Advocates" },
    description: {
      vi: "Ít nhất 2 đơn hàng thành công; đánh giá sản phẩm hoặc CSAT từ 4 sao trở lên trong N ngày qua (mặc định 180); không phàn nàn trong M ngày qua (mặc định 90).",
      en: "At least 2 successful orders; a review rating or conversation CSAT of 4 or more in the last N days (default 180); no complaint in the last M days (default 90)."
    },
    parameters: [
      daysParameter(180, DAYS),
      daysParameter(90, { vi: "Số ngày không phàn nàn", en: "Days without a complaint" }, "complaintDays"),
      { name: "minOrders", default: 2, min: 1, max: 1000, description: { vi: "Số đơn tối thiểu", en: "Fewest orders" } },
      { name: "minScore", default: 4, min: 1, max: 5, description: { vi: "Điểm hài lòng tối thiểu", en: "Lowest happy score" } }
    ],
    build: (p) => ({
      all: [
        { kind: "orders", count: { min: param(p, "minOrders") } },
        {
          any: [
            { kind: "activity", of: ["review_submitted"], rating: { min: param(p, "minScore") }, during: { withinLastDays: param(p, "days") } },
            { kind: "activity", of: ["conversation"], csat: { min: param(p, "minScore") }, during: { withinLastDays: param(p, "days") } }
          ]
        },
        { not: complained(param(p, "complaintDays"), 2) }
      ]
    })
  })
]
