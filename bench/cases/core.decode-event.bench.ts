import { decodeEventResult } from "@kith/core"
import { Result } from "effect"
import { defineBench } from "../harness.js"
import { sampleEvents } from "./sample-events.js"

// Baseline: what a host writes without schemas — check the envelope fields
// by hand and parse the timestamp, trusting everything else.
const checkEnvelopeByHand = (input: unknown): boolean => {
  if (typeof input !== "object" || input === null) return false
  const e = input as Record<string, unknown>
  if (e["type"] !== "identify" && e["type"] !== "track" && e["type"] !== "page" && e["type"] !== "alias") return false
  if (typeof e["messageId"] !== "string" || e["messageId"] === "") return false
  if (typeof e["timestamp"] !== "string" || Number.isNaN(Date.parse(e["timestamp"]))) return false
  if (e["type"] === "track" && typeof e["event"] !== "string") return false
  return typeof e["userId"] === "string" || typeof e["anonymousId"] === "string"
}

export default defineBench({
  name: "core.decodeEvent",
  n: 100_000,
  setup: () => sampleEvents(100_000),
  run: (events) => {
    let ok = 0
    for (const e of events) if (Result.isSuccess(decodeEventResult(e))) ok++
    if (ok !== events.length) throw new Error(`only ${ok} of ${events.length} events decoded`)
  },
  baseline: (events) => {
    let ok = 0
    for (const e of events) if (checkEnvelopeByHand(e)) ok++
    if (ok !== events.length) throw new Error(`only ${ok} of ${events.length} events passed`)
  }
})
