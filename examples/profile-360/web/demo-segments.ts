// The demo's segments: the quickstart's two templates, stored under their Vietnamese names and refreshed at the
// shop's "now", so the page's segments panel has memberships and a history to show (server and no-server modes).
import type { CdpClient } from "@kith/cdp"
import { segmentTemplate } from "@kith/segments"

/** The templates the demo stores as segments. */
export const DEMO_SEGMENTS = ["regular", "lapsed"] as const

/** Creates the demo's segments and refreshes them at `asOf`. */
export const defineDemoSegments = async (cdp: Pick<CdpClient, "segments">, asOf: Date): Promise<void> => {
  for (const id of DEMO_SEGMENTS) {
    await cdp.segments.create({ id, name: segmentTemplate(id).name.vi, template: id, actor: "demo", at: asOf })
    await cdp.segments.refresh(id, { asOf })
  }
}
