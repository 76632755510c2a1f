// The embedding example of the root README and of this package's README, as written (on :memory:).
import { createCdp } from "@kith/cdp"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { expect, it } from "vitest"

it("runs the README's embedding example with the results it shows", async () => {
  const store = await openSqliteStorage({ filename: ":memory:" })
  const cdp = await createCdp({ storage: store, workspace: "shop-1" })

  await cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "cookie-9f2",
    traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678" } })
  await cdp.track({ messageId: "m-2", timestamp: "2025-03-02T20:15:00+07:00", anonymousId: "shopee:lan88",
    context: { channel: "shopee", externalIds: [{ type: "shopee_buyer_id", value: "lan88" }] },
    event: "Order Completed", properties: { orderId: "SO-1", currency: "VND", total: 450000,
      products: [{ productId: "p-ao", name: "Áo thun", quantity: 2, price: 225000 }] } })
  await cdp.identify({ messageId: "m-3", timestamp: "2025-03-02T20:16:00+07:00", anonymousId: "shopee:lan88",
    traits: { phone: "84912345678" } })

  const view = await cdp.profiles.get({ type: "phone", value: "+84 91-234-5678" }, { asOf: new Date("2025-03-31T17:00:00Z") })
  expect(view.lifecycle.stage).toBe("buyer")
  expect(view.purchases.totalSpend).toBe(450000)
  expect(view.fields.traits.fullName).toBe("Nguyễn Thị Lan")
  expect((await cdp.profiles.search("nguyen thi lan")).items[0]?.profileId).toBe("p_m-1")
  expect((await cdp.profiles.lookup({ type: "shopee_buyer_id", value: "lan88" })).profileId).toBe("p_m-1")
  await cdp.close()
  await store.close()
})
