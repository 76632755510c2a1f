// Ad-hoc: where the time of a collected call goes (not a bench case).
import { checkEventBatch } from "@kith/storage"
import { fromSegment, expandSegmentBatch } from "@kith/core"
import { Result } from "effect"
import { judgeCall } from "../packages/cdp/src/collect/judge-call.js"
import { sampleEvents } from "./cases/sample-events.js"
import { segmentCallOf } from "./cases/segment-calls.js"

const N = 20_000
const events = sampleEvents(N, N / 5)
const bodies: Array<string> = []
for (let i = 0; i < N; i += 100) bodies.push(JSON.stringify({ batch: events.slice(i, i + 100).map(segmentCallOf), sentAt: new Date().toISOString() }))
const time = (label: string, f: () => void) => {
  f()
  const t = performance.now()
  f()
  console.log(label, (performance.now() - t).toFixed(0), "ms")
}
let calls: Array<unknown> = []
time("parse+expand", () => {
  calls = []
  for (const b of bodies) calls.push(...Result.getOrThrow(expandSegmentBatch(JSON.parse(b))))
})
const settings = { currency: "VND", timezone: "Asia/Ho_Chi_Minh" }
const receivedAt = new Date()
time("fromSegment", () => {
  for (const c of calls) fromSegment(c, { settings, receivedAt })
})
time("judgeCall", () => {
  for (const c of calls) judgeCall(c, { settings, receivedAt, source: "x", maxEventBytes: 65536, maxCallBytes: 32768 })
})
time("checkEventBatch(canonical) x1", () => {
  checkEventBatch(events, 65536)
})
