import { type SegmentInputs, evaluate, sellerTemplates } from "@kith/segments"
import { defineBench } from "../harness.js"
import { ASOF, PEOPLE, TIME_ZONE, loadSegmentInputs } from "./segment-inputs.js"
import { boundsAt, sellerPredicates } from "./seller-predicates.js"

// The marketplace seller's seven default segments (SEG-3) evaluated in memory
// over the segment inputs of 100,000 testkit profiles, with the public
// `evaluate` (each rule compiled on first use, windows computed once per asOf).
// Baseline: the same seven definitions hand-written as plain TypeScript
// predicates over the same inputs (bench/cases/seller-predicates.ts).

const rules = sellerTemplates.map((t) => t.rule())
const context = { timeZone: TIME_ZONE, currency: "VND" }

const withEngine = (inputs: ReadonlyArray<SegmentInputs>): Array<number> =>
  rules.map((rule) => {
    let members = 0
    for (const profile of inputs) if (evaluate(rule, profile, { asOf: ASOF, context })) members++
    return members
  })

const byHand = (inputs: ReadonlyArray<SegmentInputs>): Array<number> => {
  const bounds = boundsAt(ASOF.getTime())
  return sellerPredicates.map((predicate) => {
    let members = 0
    for (const profile of inputs) if (predicate(profile, bounds)) members++
    return members
  })
}

export default defineBench({
  name: "segments.evaluate",
  n: PEOPLE,
  setup: () => {
    const inputs = loadSegmentInputs()
    const [engine, hand] = [withEngine(inputs), byHand(inputs)]
    console.error(`segments.evaluate: ${inputs.length} profiles, ${inputs.reduce((n, i) => n + i.activity.length, 0)} rows; members ${engine.join(", ")}`)
    if (engine.join() !== hand.join()) throw new Error(`the engine and the hand-written predicates disagree: ${engine.join()} vs ${hand.join()}`)
    return inputs
  },
  run: withEngine,
  baseline: byHand,
  repeat: 9,
  processes: 3,
  targetRatio: 2
})
