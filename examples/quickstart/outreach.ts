// The quickstart's outreach: a thank-you plan to the shop's regular customers, scheduled for 09:00 the next day,
// started by tick, delivered by a worker through a recording sender, and its performance.
import type { CdpClient } from "@kith/cdp"
import type { OutreachSender } from "@kith/outreach"
import { count, localTime } from "./format.js"

const DAY = 86_400_000

/**
 * Records Zalo marketing consent for the members of the "regular" segment (as a shop does when they follow its
 * Zalo OA), schedules a thank-you plan to them with a 10 % holdout, ticks at its start, runs a worker until the
 * outbox is drained and prints the outbox and the performance. Returns how many messages the sender received.
 */
export const printOutreach = async (cdp: CdpClient, print: (line: string) => void, asOf: Date, timeZone: string): Promise<number> => {
  const regulars = (await cdp.segments.members("regular", { limit: 1_000 })).items
  for (const member of regulars) {
    await cdp.consent.record(member.profileId, [{ purpose: "marketing", channel: "zalo", status: "granted" }], { actor: "demo", at: asOf, source: "zalo_oa_follow" })
  }
  const owner = { actor: { kind: "staff", id: "demo", role: "owner" }, at: asOf } as const
  await cdp.outreach.create({ id: "thank-you", definition: {
    name: "Cảm ơn khách quen", purpose: "care", channel: "zalo", audience: { include: ["regular"], exclude: [] },
    content: { variants: { vi: 'Cảm ơn {{firstName | "bạn"}} đã luôn ủng hộ shop! Tặng bạn mã {{voucher.code}}' }, fallbackLocale: "vi" },
    voucher: { kind: "targeted", code: "CAMON10" }, products: ["sku-ao-thun"], callToAction: { kind: "product_list" }, holdoutPercent: 10
  } }, owner)
  const sendDay = localTime(new Date(asOf.getTime() + DAY), timeZone).slice(0, 10)
  const plan = await cdp.outreach.schedule("thank-you", { sendAt: `${sendDay}T09:00` }, owner)
  const start = plan.startAt!
  print(`Outreach: a thank-you plan to "regular" (${count(regulars.length)} consented on Zalo), 10 % held out, scheduled ${localTime(start, timeZone)}`)

  const tick = await cdp.outreach.tick({ now: start })
  const received: Array<string> = []
  const sender: OutreachSender = { send: async (message, { idempotencyKey }) => void received.push(`${message.to} [${idempotencyKey}]: ${message.text}`) }
  const worker = await cdp.outreach.runWorker({ sender, concurrency: 8, untilDrained: true, clock: () => start.getTime() + 60_000 })
  const done = await cdp.outreach.tick({ now: new Date(start.getTime() + 120_000) })
  print(`  tick at ${localTime(start, timeZone)}: started ${tick.started.join(", ")}, ${count(tick.queued)} outbox rows; a worker sent ${count(worker.sent)}; plan ${done.completed.includes("thank-you") ? "completed (outbox drained)" : "still in progress"}`)
  if (received[0] !== undefined) print(`  e.g. ${received[0]}`)
  const figures = await cdp.outreach.performance({ plan: "thank-you" })
  const skipped = Object.entries(figures.skipped).map(([reason, n]) => `${reason} ${count(n ?? 0)}`).join(", ")
  print(`  performance: ${count(figures.recipients)} recipients, ${count(figures.sent)} sent, skipped: ${skipped === "" ? "none" : skipped}`)
  print(`    messaged ${count(figures.messaged.recipients)} → ${count(figures.messaged.orders)} orders within 7 days; control group ${count(figures.holdout.recipients)} → ${count(figures.holdout.orders)} (the shop's history ends at "now")`)
  return received.length
}
