// docs/guides/code/quickstart-sqlite.ts — kith on a SQLite file: events in, one customer's Profile 360 out.
import { createCdp } from "@kith/cdp"
import { openSqliteStorage } from "@kith/storage-sqlite"

export const quickstart = async (filename: string) => {
  const store = await openSqliteStorage({ filename })
  const cdp = await createCdp({ storage: store, workspace: "shop-1" })

  // A visitor browses, leaves a phone number in the chat, then buys.
  await cdp.page({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "cookie-9f2", name: "Áo dài", properties: { url: "https://shop.example.vn/ao-dai" } })
  await cdp.identify({ messageId: "m-2", timestamp: "2025-03-01T09:05:00+07:00", anonymousId: "cookie-9f2", traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678" } })
  await cdp.track({
    messageId: "m-3",
    timestamp: "2025-03-02T20:15:00+07:00",
    anonymousId: "cookie-9f2",
    event: "Order Completed",
    properties: { orderId: "SO-1", currency: "VND", total: 450_000, products: [{ productId: "ao-dai-lua", quantity: 1, price: 450_000 }] }
  })

  // The phone in another form finds her; so does her name typed without accents.
  const asOf = new Date("2025-03-31T17:00:00Z")
  const view = await cdp.profiles.get({ type: "phone", value: "+84 91-234-5678" }, { asOf })
  const hits = await cdp.profiles.search("nguyen thi lan")

  await cdp.close()
  await store.close()
  return { name: view.fields.traits.fullName, stage: view.lifecycle.stage, totalSpend: view.purchases.totalSpend, found: hits.items.length }
}
