import type { ActivityRow } from "../../inputs/activity-row.js"
import type { SegmentInputs } from "../../inputs/segment-inputs.js"
import { isEventActivityKind } from "../../rule/catalog.js"
import type { ActivityCondition } from "../../rule/conditions.js"
import { boundsOf, describeBounds, describeRange, inRange, rangeChanges } from "../moment.js"
import type { ConditionProgram } from "../program.js"

type Range = { readonly min?: number; readonly max?: number }

const setOf = (values: ReadonlyArray<string> | undefined): ReadonlySet<string> | null => (values === undefined ? null : new Set(values))
const textMatches = (set: ReadonlySet<string> | null, value: string | null): boolean => set === null || (value !== null && set.has(value))
const numberMatches = (range: Range | undefined, value: number | null): boolean => range === undefined || (value !== null && inRange(value, range))

/**
 * The row test of an activity condition, everything but time: its kind and
 * every filter.
 */
export const activityRowTest = (c: ActivityCondition): ((row: ActivityRow) => boolean) => {
  const kinds = setOf(c.of)
  const productIds = setOf(c.productIds)
  const categories = setOf(c.categories)
  const channels = setOf(c.channels)
  const deviceTypes = setOf(c.deviceTypes)
  const os = setOf(c.os)
  const planIds = setOf(c.planIds)
  const ticketKinds = setOf(c.ticketKinds)
  const agents = setOf(c.agents)
  const eventNames = setOf(c.eventNames)
  const { csat, rating, value } = c
  return (row) =>
    (kinds === null ? isEventActivityKind(row.kind) : kinds.has(row.kind)) &&
    textMatches(productIds, row.productId) &&
    textMatches(categories, row.category) &&
    textMatches(channels, row.channel) &&
    textMatches(deviceTypes, row.deviceType) &&
    textMatches(os, row.os) &&
    textMatches(planIds, row.planId) &&
    textMatches(ticketKinds, row.ticketKind) &&
    textMatches(agents, row.agent) &&
    textMatches(eventNames, row.eventName) &&
    numberMatches(csat, row.csat) &&
    numberMatches(rating, row.rating) &&
    numberMatches(value, row.value)
}

const describeActivity = (c: ActivityCondition): string => {
  const filters: Array<string> = []
  const list = (name: string, values: ReadonlyArray<string> | undefined) => {
    if (values !== undefined) filters.push(`${name} ${values.join(" or ")}`)
  }
  list("product", c.productIds)
  list("category", c.categories)
  list("channel", c.channels)
  list("device", c.deviceTypes)
  list("OS", c.os)
  list("plan", c.planIds)
  list("ticket kind", c.ticketKinds)
  list("agent", c.agents)
  list("event", c.eventNames)
  if (c.csat !== undefined) filters.push(`CSAT ${describeBounds(c.csat)}`)
  if (c.rating !== undefined) filters.push(`rating ${describeBounds(c.rating)}`)
  if (c.value !== undefined) filters.push(`value ${describeBounds(c.value)}`)
  const kinds = c.of === undefined ? "any activity" : c.of.join(" or ")
  return `${kinds}${filters.length === 0 ? "" : ` with ${filters.join(", ")}`} ${describeRange(c.during)}`
}

const AT_LEAST_ONE: Range = { min: 1 }

/** Compiles an {@link ActivityCondition}. */
export const compileActivity = (c: ActivityCondition): ConditionProgram => {
  const test = activityRowTest(c)
  const count = c.count ?? AT_LEAST_ONE
  const stopAt = count.max === undefined ? (count.min ?? 0) : Infinity
  const countRows = (inputs: SegmentInputs, lo: number, hi: number, stop: number): number => {
    let n = 0
    const rows = inputs.activity
    for (let i = 0; i < rows.length && n < stop; i++) {
      const row = rows[i] as ActivityRow
      if (row.at >= lo && row.at <= hi && test(row)) n++
    }
    return n
  }
  const what = describeActivity(c)
  return {
    bind: (m) => {
      const { lo, hi } = boundsOf(c.during, m)
      return (inputs) => inRange(countRows(inputs, lo, hi, stopAt), count)
    },
    report: (inputs, m) => {
      const { lo, hi } = boundsOf(c.during, m)
      const n = countRows(inputs, lo, hi, Infinity)
      return { verdict: inRange(n, count), observed: n, text: `${what}: ${n}, needs ${describeBounds(count)}` }
    },
    changes: (inputs, m, out) => {
      for (const row of inputs.activity) if (test(row)) rangeChanges(row.at, c.during, m, out)
    }
  }
}
