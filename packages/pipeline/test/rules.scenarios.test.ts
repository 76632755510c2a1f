// Scenario tests of the event rules, written as data (Dittofeed's style):
// steps of "these events", "a sweep at", and "expect these items".
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  applyEvent,
  type CustomerPipeline,
  emptyPipeline,
  expireCheckouts,
  type Lead,
  nextDeadline,
  type Opportunity,
  pipelineRules,
  type PipelineRulesInput
} from "../src/index.js"
import { event } from "./helpers.js"

/** One event: its instant, name (or `page` / `identify`) and properties; the messageId defaults to `e<step>.<n>`. */
interface EventStep {
  readonly at: string
  readonly event: string
  readonly properties?: Record<string, unknown>
  readonly id?: string
}

interface LeadExpectation {
  readonly id?: string
  readonly source?: Lead["source"]
  readonly status?: Lead["status"]
  readonly submissions?: number
  readonly details?: Record<string, string>
}

interface OpportunityExpectation {
  readonly id?: string
  readonly status?: Opportunity["status"]
  readonly potential?: Opportunity["potential"]
  readonly cartValue?: number
  readonly wonOrderId?: string | null
  readonly wonValue?: number | null
  readonly lostReason?: Opportunity["lostReason"]
  readonly closedAt?: string | null
  readonly lastActivityAt?: string
  readonly orderIds?: ReadonlyArray<string>
  /** Interest counts by behaviour (only those listed are checked). */
  readonly interests?: Record<string, number>
  /** The history's status actions, in order. */
  readonly actions?: ReadonlyArray<string>
}

type Step =
  | { readonly events: ReadonlyArray<EventStep> }
  | { readonly sweep: string }
  | {
      readonly expect: {
        readonly leads?: ReadonlyArray<LeadExpectation>
        readonly opportunities?: ReadonlyArray<OpportunityExpectation>
        /** The kinds of what the last step made happen. */
        readonly happened?: ReadonlyArray<string>
        readonly nextDeadline?: string | null
      }
    }

interface Scenario {
  readonly name: string
  readonly rules?: PipelineRulesInput
  readonly steps: ReadonlyArray<Step>
}

const cart = (productId: string, quantity: number, price: number) => ({ productId, quantity, price })
const order = (orderId: string, total: number, products = [cart("p-ao", 1, total)]) => ({ orderId, currency: "VND", total, products })
const checkout = (total: number, products = [cart("p-ao", 1, total)], orderId?: string) => ({ currency: "VND", total, products, ...(orderId === undefined ? {} : { orderId }) })

const scenarios: ReadonlyArray<Scenario> = [
  {
    name: "a website form opens a lead; the next one counts on it; a chatbot form opens another",
    steps: [
      { events: [{ at: "2025-03-07T16:30:00+07:00", event: "Form Submitted", id: "f-1", properties: { formId: "lien-he", kind: "website", fields: { ho_ten: "Lê Thu Hà", noi_dung: "Tư vấn giúp mình" } } }] },
      { expect: { leads: [{ id: "lead_f-1", source: "website_form", status: "new", submissions: 1, details: { ho_ten: "Lê Thu Hà", noi_dung: "Tư vấn giúp mình" } }], happened: ["lead_opened"] } },
      { events: [{ at: "2025-03-08T10:00:00+07:00", event: "Form Submitted", properties: { formId: "lien-he", kind: "landing_page", fields: { noi_dung: "Cho mình hỏi giá sỉ" } } }] },
      { expect: { leads: [{ id: "lead_f-1", submissions: 2, details: { ho_ten: "Lê Thu Hà", noi_dung: "Cho mình hỏi giá sỉ" } }], happened: ["lead_resubmitted"] } },
      { events: [{ at: "2025-03-08T11:00:00+07:00", event: "Form Submitted", id: "f-3", properties: { formId: "bot", kind: "chatbot", fields: { so_dien_thoai: "0912345678" } } }] },
      { expect: { leads: [{ id: "lead_f-1" }, { id: "lead_f-3", source: "chatbot_form", status: "new", submissions: 1 }], opportunities: [] } }
    ]
  },
  {
    name: "a review opens a lead with its rating",
    steps: [
      { events: [{ at: "2025-03-07T09:00:00+07:00", event: "Review Submitted", id: "r-1", properties: { productId: "p-ao", orderId: "SO-1", rating: 2, text: "Giao trễ" } }] },
      { expect: { leads: [{ id: "lead_r-1", source: "review", status: "new", details: { rating: "2", text: "Giao trễ", productId: "p-ao", orderId: "SO-1" } }] } }
    ]
  },
  {
    name: "with reviews turned off, a review opens nothing",
    rules: { leads: { fromReviews: false } },
    steps: [
      { events: [{ at: "2025-03-07T09:00:00+07:00", event: "Review Submitted", properties: { rating: 5 } }] },
      { expect: { leads: [], happened: [] } }
    ]
  },
  {
    name: "a cart opens an opportunity; its value and interests follow the customer's events",
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Product Added", id: "a-1", properties: cart("p-ao", 2, 225_000) }] },
      { expect: { opportunities: [{ id: "opp_a-1", status: "open", potential: "medium", cartValue: 450_000, interests: { added_to_cart: 1 } }], happened: ["opportunity_opened"] } },
      {
        events: [
          { at: "2025-03-01T09:05:00+07:00", event: "Product Added", properties: cart("p-mu", 1, 90_000) },
          { at: "2025-03-01T09:06:00+07:00", event: "Product Removed", properties: { productId: "p-ao", quantity: 1 } },
          { at: "2025-03-01T09:07:00+07:00", event: "Product Viewed", properties: { productId: "p-giay" } },
          { at: "2025-03-03T20:00:00+07:00", event: "page", properties: { url: "https://shop.vn/gio-hang" } },
          { at: "2025-03-03T20:01:00+07:00", event: "Conversation Ended", properties: { conversationId: "c-1", agent: "ai" } },
          { at: "2025-03-03T20:02:00+07:00", event: "Message Delivered", properties: { deliveryId: "d-1", planId: "plan-1", channel: "zalo" } }
        ]
      },
      {
        expect: {
          opportunities: [
            {
              status: "open",
              cartValue: 315_000,
              lastActivityAt: "2025-03-03T13:01:00.000Z",
              interests: { added_to_cart: 2, viewed: 1, came_back: 1, asked: 1 }
            }
          ]
        }
      }
    ]
  },
  {
    name: "a checkout opens an opportunity, a completed order wins it naming the order, and a new cart opens the next one",
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Checkout Started", id: "c-1", properties: checkout(450_000, [cart("p-ao", 2, 225_000)]) }] },
      { expect: { opportunities: [{ id: "opp_c-1", status: "open", potential: "high", cartValue: 450_000 }], nextDeadline: "2025-03-04T02:00:00.000Z" } },
      { events: [{ at: "2025-03-01T09:03:00+07:00", event: "Order Placed", properties: order("SO-1", 480_000) }] },
      { expect: { opportunities: [{ status: "open", cartValue: 480_000, orderIds: ["SO-1"], interests: { placed_order: 1 } }], nextDeadline: null } },
      { events: [{ at: "2025-03-03T15:00:00+07:00", event: "Order Completed", properties: order("SO-1", 480_000) }] },
      {
        expect: {
          opportunities: [{ status: "won", wonOrderId: "SO-1", wonValue: 480_000, closedAt: "2025-03-03T08:00:00.000Z", actions: ["create", "win"], interests: { bought: 1 } }],
          happened: ["opportunity_won"]
        }
      },
      { events: [{ at: "2025-03-05T09:00:00+07:00", event: "Product Added", id: "a-2", properties: cart("p-mu", 1, 90_000) }] },
      { expect: { opportunities: [{ status: "won" }, { id: "opp_a-2", status: "open", cartValue: 90_000 }] } }
    ]
  },
  {
    name: "a checkout not completed within 3 days is lost as abandoned, dated at the deadline; the next event finds it lost",
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Checkout Started", properties: checkout(450_000) }] },
      { events: [{ at: "2025-03-05T10:00:00+07:00", event: "page", properties: { url: "https://shop.vn" } }] },
      {
        expect: {
          opportunities: [{ status: "lost", lostReason: "abandoned_checkout", closedAt: "2025-03-04T02:00:00.000Z", cartValue: 450_000, actions: ["create", "lose"] }],
          happened: ["opportunity_lost"],
          nextDeadline: null
        }
      }
    ]
  },
  {
    name: "a sweep loses an abandoned checkout exactly at its deadline, not a millisecond before",
    rules: { opportunities: { abandonedCheckoutDays: 2 } },
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Checkout Started", properties: checkout(450_000) }] },
      { sweep: "2025-03-03T08:59:59.999+07:00" },
      { expect: { opportunities: [{ status: "open" }], happened: [] } },
      { sweep: "2025-03-03T09:00:00+07:00" },
      { expect: { opportunities: [{ status: "lost", lostReason: "abandoned_checkout", closedAt: "2025-03-03T02:00:00.000Z" }], happened: ["opportunity_lost"] } }
    ]
  },
  {
    name: "N days are local days: across a daylight-saving change the deadline keeps its local time",
    rules: { timeZone: "America/New_York", opportunities: { abandonedCheckoutDays: 3 } },
    steps: [
      { events: [{ at: "2025-03-07T09:00:00-05:00", event: "Checkout Started", properties: checkout(100) }] },
      { expect: { nextDeadline: "2025-03-10T13:00:00.000Z" } }
    ]
  },
  {
    name: "a cancelled order loses its opportunity with the reason; cancelling an order of a closed opportunity changes nothing",
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Checkout Started", properties: checkout(450_000) }] },
      { events: [{ at: "2025-03-01T09:02:00+07:00", event: "Order Placed", properties: order("SO-1", 450_000) }] },
      { events: [{ at: "2025-03-01T12:00:00+07:00", event: "Order Cancelled", properties: { orderId: "SO-1", reason: "Đặt nhầm size" } }] },
      { expect: { opportunities: [{ status: "lost", lostReason: "cancelled", orderIds: ["SO-1"] }], happened: ["opportunity_lost"] } },
      { events: [{ at: "2025-03-02T09:00:00+07:00", event: "Product Added", properties: cart("p-mu", 1, 90_000) }] },
      { events: [{ at: "2025-03-02T10:00:00+07:00", event: "Order Cancelled", properties: { orderId: "SO-1" } }] },
      { expect: { opportunities: [{ status: "lost" }, { status: "open" }], happened: [] } }
    ]
  },
  {
    name: "a failed delivery loses the opportunity as delivery_failed",
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Product Added", properties: cart("p-ao", 1, 200_000) }] },
      { events: [{ at: "2025-03-01T09:10:00+07:00", event: "Order Placed", properties: order("SO-9", 230_000) }] },
      { events: [{ at: "2025-03-05T09:00:00+07:00", event: "Order Delivery Failed", properties: { orderId: "SO-9", reason: "Không liên lạc được" } }] },
      { expect: { opportunities: [{ status: "lost", lostReason: "delivery_failed", cartValue: 230_000 }] } }
    ]
  },
  {
    name: "with openOn checkout only, a cart opens nothing and a checkout opens the opportunity",
    rules: { opportunities: { openOn: ["checkout"] } },
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Product Added", properties: cart("p-ao", 1, 200_000) }] },
      { expect: { opportunities: [], happened: [] } },
      { events: [{ at: "2025-03-01T09:05:00+07:00", event: "Checkout Started", properties: checkout(200_000) }] },
      { expect: { opportunities: [{ status: "open", cartValue: 200_000 }] } }
    ]
  },
  {
    name: "an order placed before an abandoned-checkout loss, arriving late, reopens the opportunity, and its completion wins it",
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Checkout Started", properties: checkout(450_000) }] },
      { sweep: "2025-03-05T00:00:00+07:00" },
      { expect: { opportunities: [{ status: "lost", lostReason: "abandoned_checkout" }] } },
      { events: [{ at: "2025-03-01T09:30:00+07:00", event: "Order Placed", properties: order("SO-7", 450_000) }] },
      { expect: { opportunities: [{ status: "open", lostReason: null, closedAt: null, orderIds: ["SO-7"] }], happened: ["opportunity_reopened", "opportunity_updated"] } },
      { events: [{ at: "2025-03-06T09:00:00+07:00", event: "Order Completed", properties: order("SO-7", 450_000) }] },
      { expect: { opportunities: [{ status: "won", wonOrderId: "SO-7", actions: ["create", "lose", "reopen", "win"] }], nextDeadline: null } }
    ]
  },
  {
    name: "a cart event older than the latest closing belongs to the closed opportunity and changes nothing",
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Product Added", properties: cart("p-ao", 1, 200_000) }] },
      { events: [{ at: "2025-03-02T09:00:00+07:00", event: "Order Completed", properties: order("SO-1", 200_000) }] },
      { events: [{ at: "2025-03-01T10:00:00+07:00", event: "Product Added", properties: cart("p-mu", 1, 90_000) }] },
      { expect: { opportunities: [{ status: "won", cartValue: 200_000 }], happened: [] } }
    ]
  },
  {
    name: "an older event with nothing new to count changes nothing",
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Product Added", properties: cart("p-ao", 1, 200_000) }] },
      { events: [{ at: "2025-03-01T10:00:00+07:00", event: "page", properties: { url: "https://shop.vn/a" } }] },
      { events: [{ at: "2025-03-01T09:30:00+07:00", event: "page", properties: { url: "https://shop.vn/b" } }] },
      { expect: { happened: [], opportunities: [{ lastActivityAt: "2025-03-01T03:00:00.000Z" }] } }
    ]
  },
  {
    name: "identify and alias calls change nothing; an event applied twice opens nothing twice",
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "identify", properties: { phone: "0912345678" } }] },
      { expect: { leads: [], opportunities: [], happened: [] } },
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Product Added", id: "dup", properties: cart("p-ao", 1, 200_000) }] },
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Product Added", id: "dup", properties: cart("p-ao", 1, 200_000) }] },
      { expect: { opportunities: [{ id: "opp_dup", cartValue: 200_000 }], happened: [] } }
    ]
  },
  {
    name: "with the abandoned-checkout rule off, a checkout stays open",
    rules: { opportunities: { abandonedCheckoutDays: null } },
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Checkout Started", properties: checkout(450_000) }] },
      { sweep: "2026-03-01T00:00:00+07:00" },
      { expect: { opportunities: [{ status: "open" }], nextDeadline: null } }
    ]
  },
  {
    name: "a completed order with no open opportunity opens nothing (marketplace orders go straight to the funnel's buyers)",
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Order Completed", properties: order("SH-1", 120_000) }] },
      { expect: { opportunities: [], happened: [] } }
    ]
  },
  {
    name: "with openOn order_placed, a placed order opens an opportunity that its completion wins",
    rules: { opportunities: { openOn: ["cart", "checkout", "order_placed"] } },
    steps: [
      { events: [{ at: "2025-03-01T09:00:00+07:00", event: "Order Placed", id: "op-1", properties: order("SH-2", 120_000) }] },
      { expect: { opportunities: [{ id: "opp_op-1", status: "open", potential: "high", cartValue: 120_000, orderIds: ["SH-2"] }] } },
      { events: [{ at: "2025-03-03T09:00:00+07:00", event: "Order Completed", properties: order("SH-2", 120_000) }] },
      { expect: { opportunities: [{ status: "won", wonOrderId: "SH-2", wonValue: 120_000 }] } }
    ]
  }
]

const toEvent = (step: EventStep, messageId: string) => {
  const base = { messageId: step.id ?? messageId, timestamp: step.at }
  if (step.event === "page") return event({ type: "page", ...base, properties: step.properties ?? {} })
  if (step.event === "identify") return event({ type: "identify", ...base, traits: step.properties ?? {} })
  return event({ type: "track", ...base, event: step.event, properties: step.properties ?? {} })
}

const interestCounts = (o: Opportunity) => Object.fromEntries(o.interests.map((i) => [i.behaviour, i.count]))

const checkLead = (lead: Lead | undefined, want: LeadExpectation) => {
  expect(lead).toBeDefined()
  const { details, ...rest } = want
  expect(lead).toMatchObject(rest)
  if (details !== undefined) expect(lead!.details).toEqual(details)
}

const checkOpportunity = (o: Opportunity | undefined, want: OpportunityExpectation) => {
  expect(o).toBeDefined()
  const { interests, actions, closedAt, lastActivityAt, orderIds, ...rest } = want
  expect(o).toMatchObject(rest)
  if (interests !== undefined) expect(interestCounts(o!)).toMatchObject(interests)
  if (actions !== undefined) expect(o!.history.filter((c) => c.kind === "status").map((c) => (c as { action: string }).action)).toEqual(actions)
  if (closedAt !== undefined) expect(o!.closedAt?.toISOString() ?? null).toBe(closedAt)
  if (lastActivityAt !== undefined) expect(o!.lastActivityAt.toISOString()).toBe(lastActivityAt)
  if (orderIds !== undefined) expect(o!.orderIds).toEqual(orderIds)
}

describe("event rules (scenarios)", () => {
  it.each(scenarios.map((s) => [s.name, s] as const))("%s", (_, scenario) => {
    const rules = Result.getOrThrow(pipelineRules(scenario.rules ?? {}))
    let pipeline: CustomerPipeline = emptyPipeline("p-1")
    let happened: ReadonlyArray<string> = []
    scenario.steps.forEach((step, index) => {
      if ("events" in step) {
        const kinds: Array<string> = []
        step.events.forEach((e, n) => {
          const outcome = applyEvent(pipeline, toEvent(e, `e${index}.${n}`), rules)
          pipeline = outcome.pipeline
          kinds.push(...outcome.happened.map((h) => h.kind))
        })
        happened = kinds
      } else if ("sweep" in step) {
        const outcome = expireCheckouts(pipeline, { asOf: new Date(step.sweep), rules })
        pipeline = outcome.pipeline
        happened = outcome.happened.map((h) => h.kind)
      } else {
        const want = step.expect
        if (want.leads !== undefined) {
          expect(pipeline.leads).toHaveLength(want.leads.length)
          want.leads.forEach((l, i) => checkLead(pipeline.leads[i], l))
        }
        if (want.opportunities !== undefined) {
          expect(pipeline.opportunities).toHaveLength(want.opportunities.length)
          want.opportunities.forEach((o, i) => checkOpportunity(pipeline.opportunities[i], o))
        }
        if (want.happened !== undefined) expect(happened).toEqual(want.happened)
        if (want.nextDeadline !== undefined) expect(nextDeadline(pipeline, rules)?.toISOString() ?? null).toBe(want.nextDeadline)
      }
    })
  })
})
