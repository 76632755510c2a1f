// docs/guides/code/customer-screen.ts — what a customer screen asks kith's read API, and what it gets.
import { createCdp } from "@kith/cdp"
import { createReadHandler } from "@kith/http"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { serve } from "srvx"

export const customerScreen = async () => {
  const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
  await cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:05:00+07:00", anonymousId: "cookie-9f2", traits: { fullName: "Lê Minh Quỳnh", phone: "0912 345 678" } })
  await cdp.track({ messageId: "m-2", timestamp: "2025-03-02T20:15:00+07:00", anonymousId: "cookie-9f2", event: "Order Completed", properties: { orderId: "SO-1", currency: "VND", total: 1_250_000, products: [{ productId: "tra-o-long", quantity: 5, price: 250_000 }] } })

  // The host decides who reads what: a read key here, or `authorize: (request) => ...` for its own sessions.
  const read = createReadHandler({ readKeys: { rk_shop_1: cdp } })
  const server = serve({ port: 0, hostname: "127.0.0.1", silent: true, fetch: read })
  await server.ready()
  const api = async (path: string) => {
    const response = await fetch(new URL(`/read/v1${path}`, server.url), { headers: { authorization: "Bearer rk_shop_1" } })
    return (await response.json()) as Record<string, unknown> & { items?: Array<Record<string, unknown>> }
  }

  // The search box: no accents needed.
  const found = await api("/profiles?q=le%20minh%20quynh&limit=20")
  const profileId = String(found.items![0]!["profileId"])
  // The screen: the Profile 360 at an instant, the first timeline page, the buyers list with its count.
  const profile = await api(`/profiles/${profileId}?asOf=2025-03-31T17:00:00Z`)
  const timeline = await api(`/profiles/${profileId}/timeline?limit=10`)
  const buyers = await api("/lists/buyers?limit=50")

  await server.close(true)
  await cdp.close()
  return {
    total: found["total"],
    spend: (profile["purchases"] as { totalSpend: number }).totalSpend,
    months: (profile["spendChart"] as { months: Array<unknown> }).months.length,
    timeline: timeline.items!.map((item) => item["kind"]),
    buyers: buyers["total"]
  }
}
