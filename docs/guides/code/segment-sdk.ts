// docs/guides/code/segment-sdk.ts — an app instrumented with Segment's or RudderStack's Node SDK, sending to kith.
import { Analytics } from "@segment/analytics-node"
import RudderAnalytics from "@rudderstack/rudder-sdk-node"
import { createCdp } from "@kith/cdp"
import { createCollectHandler } from "@kith/http"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { serve } from "srvx"

export const sendFromSdks = async () => {
  const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
  const server = serve({ port: 0, hostname: "127.0.0.1", silent: true, fetch: createCollectHandler({ writeKeys: { wk_shop_1: cdp } }) })
  await server.ready()
  const host = server.url!.replace(/\/$/, "")

  // Segment: only the host changes.
  const segment = new Analytics({ writeKey: "wk_shop_1", host, flushAt: 1 })
  segment.identify({ userId: "u-1", traits: { name: "Trần Văn Minh", email: "minh.tran@example.vn" } })
  segment.track({ userId: "u-1", event: "Order Completed", properties: { order_id: "SO-1", revenue: 250000, currency: "VND" } })
  await segment.closeAndFlush()

  // RudderStack: the data plane URL is kith's.
  const rudder = new RudderAnalytics("wk_shop_1", { dataPlaneUrl: host, flushAt: 1 })
  rudder.track({ userId: "u-1", event: "Product Viewed", properties: { product_id: "p-1", price: 99000, currency: "VND" } })
  await rudder.flush()

  const profile = await cdp.profiles.lookup({ type: "email", value: "minh.tran@example.vn" })
  const events = await cdp.events.count()
  await server.close(true)
  await cdp.close()
  return { profileId: profile.profileId, events }
}
