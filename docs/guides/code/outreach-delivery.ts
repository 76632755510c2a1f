// docs/guides/code/outreach-delivery.ts — a thank-you plan scheduled, started by tick, delivered by a worker, measured.
import { createCdp } from "@kith/cdp"
import type { OutreachSender } from "@kith/outreach"
import { openSqliteStorage } from "@kith/storage-sqlite"

export const deliverThankYou = async (file: string) => {
  const store = await openSqliteStorage({ filename: file })
  const cdp = await createCdp({ storage: store, workspace: "shop-1", outreach: { shopName: "Tiệm Áo Lan" } })
  const at = (local: string) => new Date(`${local}:00+07:00`)

  // A buyer who agreed to marketing messages on Zalo.
  await cdp.batch([
    { type: "identify", messageId: "m-1", timestamp: "2026-03-02T09:00:00+07:00", userId: "u-lan", traits: { firstName: "Lan", phone: "0912 345 678" } },
    { type: "track", event: "Order Completed", messageId: "m-2", timestamp: "2026-03-02T10:00:00+07:00", userId: "u-lan",
      properties: { orderId: "SO-1", currency: "VND", total: 450_000, products: [{ productId: "sku-ao", price: 450_000, quantity: 1 }] } }
  ])
  await cdp.consent.record({ type: "user_id", value: "u-lan" }, [{ purpose: "marketing", channel: "zalo", status: "granted" }], { actor: "s-lan", at: at("2026-03-02T09:00"), source: "zalo_oa" })
  await cdp.segments.create({ id: "buyers", name: "Bought in the last 30 days", template: "recent", params: { days: 30 }, actor: "s-lan", at: at("2026-03-02T11:00") })

  // The plan: who, what, which voucher; scheduled at a local time of the workspace.
  const owner = { actor: { kind: "staff", id: "s-lan", role: "owner" }, at: at("2026-03-02T11:00") } as const
  await cdp.outreach.create({ id: "thank-you", definition: {
    name: "Cảm ơn khách mua hàng", purpose: "care", channel: "zalo", audience: { include: ["buyers"], exclude: [] },
    content: { variants: { vi: 'Cảm ơn {{firstName | "bạn"}} đã mua ở {{shop.name}}! Mã giảm giá: {{voucher.code}}' }, fallbackLocale: "vi" },
    voucher: { kind: "targeted", code: "CAMON10" }, products: ["sku-ao"], callToAction: { kind: "product_list" }, holdoutPercent: 0
  } }, owner)
  await cdp.outreach.schedule("thank-you", { sendAt: "2026-03-03T09:00" }, owner)

  // The host calls tick (a timer, a cron): at 09:00 the plan starts and its outbox is filled.
  const tick = await cdp.outreach.tick({ now: at("2026-03-03T09:00") })

  // A worker delivers through the host's sender; the idempotency key is the same on every retry.
  const delivered: Array<string> = []
  const sender: OutreachSender = { send: async (message, { idempotencyKey }) => void delivered.push(`${message.to} [${idempotencyKey}]: ${message.text}`) }
  await cdp.outreach.runWorker({ sender, untilDrained: true, clock: () => at("2026-03-03T09:00").getTime() })

  // The provider reports the delivery (deliveryId = the idempotency key); Lan orders the next day with the voucher.
  const [row] = (await cdp.outreach.outbox("thank-you")).items
  await cdp.batch([
    { type: "track", event: "Message Delivered", messageId: "m-3", timestamp: "2026-03-03T09:01:00+07:00", userId: "u-lan", properties: { deliveryId: row!.outboxId, planId: "thank-you", channel: "zalo" } },
    { type: "track", event: "Order Completed", messageId: "m-4", timestamp: "2026-03-04T20:00:00+07:00", userId: "u-lan",
      properties: { orderId: "SO-2", currency: "VND", total: 300_000, coupon: "CAMON10", products: [{ productId: "sku-ao", price: 300_000, quantity: 1 }] } }
  ])
  await cdp.outreach.tick({ now: at("2026-03-03T09:05") })
  const plan = await cdp.outreach.get("thank-you")
  const performance = await cdp.outreach.performance({ plan: "thank-you", attributionWindowDays: 7 })

  await cdp.close()
  await store.close()
  return { started: tick.started, delivered, status: plan.status, orders: performance.messaged.orders, revenue: performance.messaged.revenue, vouchersUsed: performance.messaged.vouchersUsed }
}
