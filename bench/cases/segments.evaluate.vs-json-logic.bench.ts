import jsonLogic, { type RulesLogic } from "json-logic-js"
import { type SegmentInputs, evaluate, sellerTemplates } from "@kith/segments"
import { defineBench } from "../harness.js"
import { ASOF, PEOPLE, TIME_ZONE, loadSegmentInputs } from "./segment-inputs.js"
import { boundsAt } from "./seller-predicates.js"

// kith's engine against the rule engine a user would pick instead: the
// seller's seven templates written in JsonLogic and evaluated by json-logic-js
// over the same 100,000 profiles' inputs. JsonLogic has no dates, so the
// window bounds are numbers written into the rules (as a user would build
// them for each run); it cannot refer from inside a filter to the row outside
// it, so "follows since" is a fold over the rows (oldest first, as the inputs
// are) per follow channel, the channels being those this shop's follows use.

const rules = sellerTemplates.map((t) => t.rule())
const context = { timeZone: TIME_ZONE, currency: "VND" }

const withKith = (inputs: ReadonlyArray<SegmentInputs>): Array<number> =>
  rules.map((rule) => {
    let members = 0
    for (const profile of inputs) if (evaluate(rule, profile, { asOf: ASOF, context })) members++
    return members
  })

type Logic = RulesLogic
const v = (name: string): Logic => ({ var: name })

const jsonLogicRules = (asOf: number, followChannels: ReadonlyArray<string>): ReadonlyArray<Logic> => {
  const { since30, since90, since365 } = boundsAt(asOf)
  const successful: Logic = {
    and: [
      { "==": [v("kind"), "order"] },
      { "<=": [v("at"), asOf] },
      { "!=": [v("completedAt"), null] },
      { "<=": [v("completedAt"), asOf] },
      { or: [{ "==": [v("failedAt"), null] }, { ">": [v("failedAt"), asOf] }] }
    ]
  }
  const successfulTimes: Logic = { filter: [v("activity"), successful] }
  const first: Logic = { reduce: [successfulTimes, { min: [v("accumulator"), v("current.at")] }, 8.64e15] }
  const last: Logic = { reduce: [successfulTimes, { max: [v("accumulator"), v("current.at")] }, -8.64e15] }
  // The start of the current follow on a channel, or 0 when not following there.
  const followSince = (channel: string): Logic => ({
    reduce: [
      { filter: [v("activity"), { and: [{ in: [v("kind"), ["followed", "unfollowed"]] }, { "==": [v("channel"), channel] }, { "<=": [v("at"), asOf] }] }] },
      {
        if: [
          { "==": [v("current.kind"), "unfollowed"] },
          0,
          { "==": [v("accumulator"), 0] },
          v("current.at"),
          v("accumulator")
        ]
      },
      0
    ]
  })
  const interactions = ["live_viewed", "live_product_clicked", "video_product_viewed", "video_product_liked", "video_product_clicked", "product_viewed"]
  return [
    // potential_new
    {
      and: [
        { none: [v("activity"), successful] },
        { some: [v("activity"), { and: [{ in: [v("kind"), ["product_added", "product_favorited"]] }, { "<=": [since30, v("at"), asOf] }] }] }
      ]
    },
    // recent
    { "<=": [since30, first, asOf] },
    // repeat
    {
      and: [
        { some: [v("activity"), { and: [successful, { ">=": [v("at"), since30] }] }] },
        { some: [v("activity"), { and: [successful, { "<": [v("at"), since30] }] }] }
      ]
    },
    // regular
    { ">=": [{ reduce: [{ filter: [v("activity"), { and: [successful, { ">=": [v("at"), since90] }] }] }, { "+": [v("accumulator"), 1] }, 0] }, 2] },
    // lapsed
    { "<=": [since365, last, since90 - 1] },
    // new_followers
    { or: followChannels.map((channel): Logic => ({ ">=": [followSince(channel), since30] })) },
    // active_followers
    {
      and: [
        { some: [v("activity"), { and: [{ in: [v("kind"), interactions] }, { "<=": [since30, v("at"), asOf] }] }] },
        { or: followChannels.map((channel): Logic => ({ ">": [followSince(channel), 0] })) }
      ]
    }
  ]
}

interface Data {
  readonly inputs: ReadonlyArray<SegmentInputs>
  readonly logic: ReadonlyArray<Logic>
}

const withJsonLogic = (data: Data): Array<number> =>
  data.logic.map((rule) => {
    let members = 0
    for (const profile of data.inputs) if (jsonLogic.truthy(jsonLogic.apply(rule, profile))) members++
    return members
  })

export default defineBench<Data>({
  name: "segments.evaluate.vs-json-logic",
  n: PEOPLE,
  setup: () => {
    const inputs = loadSegmentInputs()
    const channels = new Set<string>()
    for (const profile of inputs) for (const row of profile.activity) if ((row.kind === "followed" || row.kind === "unfollowed") && row.channel !== null) channels.add(row.channel)
    const data = { inputs, logic: jsonLogicRules(ASOF.getTime(), [...channels].sort()) }
    const [kith, logic] = [withKith(inputs), withJsonLogic(data)]
    console.error(`segments.evaluate.vs-json-logic: follow channels ${[...channels].join(", ")}; members ${kith.join(", ")}`)
    if (kith.join() !== logic.join()) throw new Error(`kith and JsonLogic disagree: ${kith.join()} vs ${logic.join()}`)
    return data
  },
  run: (data) => withKith(data.inputs),
  baseline: withJsonLogic,
  repeat: 5,
  processes: 2,
  targetRatio: 1
})
