import { type CommerceEventRow, type MessageEventRow, MessageOutcomes, planPerformance, VoucherClaimEvents } from "@kith/outreach"
import { type EventPosition, type EventRow, type SentMessageRow, type TimelineRow, timelineRowPosition } from "../port/events.js"
import { memoryEvents } from "./events.js"
import type { OutboxRow, OutreachReads } from "../port/outreach.js"
import type { OutreachPerformanceReads } from "../port/outreach-performance.js"
import type { MemoryState } from "./state.js"

const PAGE = 10_000
const MESSAGE_EVENTS = new Set<string>(Object.values(MessageOutcomes))
const COMMERCE_EVENTS = new Set<string>(VoucherClaimEvents)

const propertiesOf = (row: EventRow): Record<string, unknown> => {
  const payload = JSON.parse(row.payload) as { readonly properties?: unknown }
  return typeof payload.properties === "object" && payload.properties !== null ? (payload.properties as Record<string, unknown>) : {}
}

const comparePositions = (a: EventPosition, b: EventPosition): number =>
  a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)

const allRows = async (outreach: OutreachReads, workspaceId: string, planId: string): Promise<Array<OutboxRow>> => {
  const rows: Array<OutboxRow> = []
  for (let after: string | undefined; ; ) {
    const page = await outreach.outbox(workspaceId, planId, { after, limit: PAGE })
    rows.push(...page)
    if (page.length < PAGE) return rows
    after = page[page.length - 1]!.outboxId
  }
}

/**
 * The memory engine's performance reads: `@kith/outreach`'s
 * `planPerformance` over the plan's outbox rows and the workspace's message
 * and commerce events — the reference the SQL engines agree with.
 *
 * @param memory - the engine's state (its events)
 * @param outreach - the engine's outreach reads (the outbox)
 * @returns the reads
 *
 * @example
 * ```ts
 * const reads = memoryOutreachPerformance(state, outreach)
 * ```
 */
export const memoryOutreachPerformance = (memory: MemoryState, outreach: OutreachReads): OutreachPerformanceReads => {
  const eventReads = memoryEvents(memory)
  const received = async (workspaceId: string, profileId: string, limit: number): Promise<Array<OutboxRow>> => {
    const profiles = memory.state(workspaceId)?.profiles
    const survivor = profiles?.get(profileId)?.mergedInto ?? profileId
    const wanted = new Set([survivor, ...[...(profiles?.values() ?? [])].filter((p) => p.mergedInto === survivor).map((p) => p.profileId)])
    const plans = await outreach.plans(workspaceId, { limit: Number.MAX_SAFE_INTEGER })
    const rows: Array<OutboxRow> = []
    for (const plan of plans) rows.push(...(await allRows(outreach, workspaceId, plan.planId)).filter((r) => r.state === "sent" && wanted.has(r.profileId)))
    return rows.sort((a, b) => b.sentAt! - a.sentAt! || (a.outboxId < b.outboxId ? -1 : a.outboxId > b.outboxId ? 1 : 0)).slice(0, limit)
  }
  return {
    plans: async (workspaceId, plans, attributionWindowMs) => {
      const events = [...(memory.workspaces.get(workspaceId)?.events.values() ?? [])].filter((e) => e.type === "track" && e.name !== null)
      const messageEvents: Array<MessageEventRow> = []
      const commerceEvents: Array<CommerceEventRow> = []
      for (const event of events) {
        if (MESSAGE_EVENTS.has(event.name!)) {
          const deliveryId = propertiesOf(event)["deliveryId"]
          if (typeof deliveryId === "string") messageEvents.push({ deliveryId, name: event.name!, at: event.timestamp })
        } else if (COMMERCE_EVENTS.has(event.name!)) {
          const p = propertiesOf(event)
          const total = typeof p["total"] === "number" ? p["total"] : 0
          commerceEvents.push({ eventId: event.messageId, profileId: event.profileId, name: event.name!, at: event.timestamp, total, coupon: typeof p["coupon"] === "string" ? p["coupon"] : null })
        }
      }
      const out = new Map<string, ReturnType<typeof planPerformance>>()
      for (const { planId, voucherCode } of plans) {
        const rows = (await allRows(outreach, workspaceId, planId)).map((r) => ({ ...r }))
        out.set(planId, planPerformance({ voucherCode, rows, messageEvents, commerceEvents }, { attributionWindowMs }))
      }
      return out
    },
    received,
    timelineNewestFirst: async (workspaceId, profileId, before, limit, only) => {
      if (memory.state(workspaceId)?.profiles.get(profileId) === undefined) return []
      const rows: Array<TimelineRow> = [...(await eventReads.ofProfileNewestFirst(workspaceId, profileId, before, limit, only))]
      for (const r of await received(workspaceId, profileId, Number.MAX_SAFE_INTEGER)) {
        const row: SentMessageRow = { outboxId: r.outboxId, planId: r.planId, channel: r.channel, message: r.message, sentAt: r.sentAt! }
        if (before === undefined || comparePositions(timelineRowPosition(row), before) < 0) rows.push(row)
      }
      return rows.sort((a, b) => comparePositions(timelineRowPosition(b), timelineRowPosition(a))).slice(0, limit)
    }
  }
}
