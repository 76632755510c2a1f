import type { ActivityRow } from "../../inputs/activity-row.js"
import type { SegmentInputs } from "../../inputs/segment-inputs.js"
import type { BoughtCondition, FirstOrderCondition, LastOrderCondition, OrderStatusFilter, OrdersCondition } from "../../rule/conditions.js"
import { type Moment, boundsOf, dateOfDay, describeBounds, describeRange, inRange, rangeChanges } from "../moment.js"
import type { CompileEnv, ConditionProgram } from "../program.js"

/**
 * Whether an order row (or line) has the status at `asOf`: failed once
 * cancelled or failed by then, successful once completed by then and not
 * failed, pending otherwise; `placed` takes them all. The row's purchase
 * instant must be at or before `asOf` (the caller's bounds see to it).
 */
export const hasStatus = (row: ActivityRow, status: OrderStatusFilter, asOf: number): boolean => {
  if (status === "placed") return true
  const failed = row.failedAt !== null && row.failedAt <= asOf
  if (status === "failed") return failed
  const completed = !failed && row.completedAt !== null && row.completedAt <= asOf
  return status === "successful" ? completed : !failed && !completed
}

/** Instants after `m.asOf` at which an order row's status or its place in `range` may change. */
export const orderRowChanges = (row: ActivityRow, range: OrdersCondition["during"], m: Moment, out: Array<number>): void => {
  rangeChanges(row.at, range, m, out)
  if (row.completedAt !== null && row.completedAt > m.asOf) out.push(row.completedAt)
  if (row.failedAt !== null && row.failedAt > m.asOf) out.push(row.failedAt)
}

const STATUS_WORDS: Record<OrderStatusFilter, string> = { successful: "successful orders", placed: "orders placed", failed: "failed orders", pending: "pending orders" }

/** Compiles an {@link OrdersCondition}. */
export const compileOrders = (c: OrdersCondition, env: CompileEnv): ConditionProgram => {
  const status = c.status ?? "successful"
  const { count, spend, orderValue } = c
  const currency = env.currency
  // "At least N orders" (the common case) stops at the N-th.
  const stopAt = count !== undefined && count.max === undefined && spend === undefined ? (count.min ?? 0) : Infinity
  const matches = (row: ActivityRow, lo: number, hi: number, asOf: number): boolean =>
    row.kind === "order" &&
    row.at >= lo &&
    row.at <= hi &&
    hasStatus(row, status, asOf) &&
    (orderValue === undefined || (row.currency === currency && inRange(row.value ?? 0, orderValue)))
  const measure = (inputs: SegmentInputs, lo: number, hi: number, asOf: number): { readonly n: number; readonly total: number } => {
    let n = 0
    let total = 0
    const rows = inputs.activity
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as ActivityRow
      if (!matches(row, lo, hi, asOf)) continue
      n++
      if (row.currency === currency) total += row.value ?? 0
      if (n >= stopAt) break
    }
    return { n, total }
  }
  const verdictOf = (n: number, total: number): boolean => (count === undefined || inRange(n, count)) && (spend === undefined || inRange(total, spend))
  return {
    bind: (m) => {
      const { lo, hi } = boundsOf(c.during, m)
      const asOf = m.asOf
      return (inputs) => {
        const { n, total } = measure(inputs, lo, hi, asOf)
        return verdictOf(n, total)
      }
    },
    report: (inputs, m) => {
      const { lo, hi } = boundsOf(c.during, m)
      let n = 0
      let total = 0
      for (const row of inputs.activity) {
        if (!matches(row, lo, hi, m.asOf)) continue
        n++
        if (row.currency === currency) total += row.value ?? 0
      }
      const what = `${STATUS_WORDS[status]}${orderValue === undefined ? "" : ` worth ${describeBounds(orderValue)}`} ${describeRange(c.during)}`
      const parts = [
        ...(count === undefined ? [] : [`${what}: ${n}, needs ${describeBounds(count)}`]),
        ...(spend === undefined ? [] : [`spend on ${what}: ${total}, needs ${describeBounds(spend)}`])
      ]
      return { verdict: verdictOf(n, total), observed: count === undefined ? total : n, text: parts.join("; ") }
    },
    changes: (inputs, m, out) => {
      for (const row of inputs.activity) if (row.kind === "order") orderRowChanges(row, c.during, m, out)
    }
  }
}

// The purchase instant of the first (or last) successful order at asOf.
const edgeOrderAt = (inputs: SegmentInputs, asOf: number, last: boolean): number | undefined => {
  let found: number | undefined
  const rows = inputs.activity
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ActivityRow
    if (row.kind !== "order" || row.at > asOf || !hasStatus(row, "successful", asOf)) continue
    if (found === undefined || (last ? row.at > found : row.at < found)) found = row.at
  }
  return found
}

const compileEdgeOrder = (c: FirstOrderCondition | LastOrderCondition): ConditionProgram => {
  const last = c.kind === "last_order"
  return {
    bind: (m) => {
      const { lo, hi } = boundsOf(c.during, m)
      const asOf = m.asOf
      return (inputs) => {
        const at = edgeOrderAt(inputs, asOf, last)
        return at !== undefined && at >= lo && at <= hi
      }
    },
    report: (inputs, m) => {
      const { lo, hi } = boundsOf(c.during, m)
      const at = edgeOrderAt(inputs, m.asOf, last)
      const day = at === undefined ? null : dateOfDay(m.clock.dayOf(at))
      return {
        verdict: at !== undefined && at >= lo && at <= hi,
        observed: day,
        text: `${last ? "last" : "first"} successful order: ${day === null ? "none" : `on ${day}`}, needs ${describeRange(c.during)}`
      }
    },
    changes: (inputs, m, out) => {
      for (const row of inputs.activity) if (row.kind === "order") orderRowChanges(row, c.during, m, out)
    }
  }
}

/** Compiles a {@link FirstOrderCondition}. */
export const compileFirstOrder = (c: FirstOrderCondition): ConditionProgram => compileEdgeOrder(c)

/** Compiles a {@link LastOrderCondition}. */
export const compileLastOrder = (c: LastOrderCondition): ConditionProgram => compileEdgeOrder(c)

/** Compiles a {@link BoughtCondition}. */
export const compileBought = (c: BoughtCondition): ConditionProgram => {
  const status = c.status ?? "successful"
  const products = c.productIds === undefined ? null : new Set(c.productIds)
  const categories = c.categories === undefined ? null : new Set(c.categories)
  const isLine = (row: ActivityRow): boolean =>
    row.kind === "order_line" &&
    (products === null || (row.productId !== null && products.has(row.productId))) &&
    (categories === null || (row.category !== null && categories.has(row.category)))
  const bought = (inputs: SegmentInputs, lo: number, hi: number, asOf: number): boolean => {
    const rows = inputs.activity
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as ActivityRow
      if (row.at >= lo && row.at <= hi && isLine(row) && hasStatus(row, status, asOf)) return true
    }
    return false
  }
  const what = [
    ...(c.productIds === undefined ? [] : [`product ${c.productIds.join(" or ")}`]),
    ...(c.categories === undefined ? [] : [`category ${c.categories.join(" or ")}`])
  ].join(" in ")
  return {
    bind: (m) => {
      const { lo, hi } = boundsOf(c.during, m)
      const asOf = m.asOf
      return (inputs) => bought(inputs, lo, hi, asOf)
    },
    report: (inputs, m) => {
      const { lo, hi } = boundsOf(c.during, m)
      const verdict = bought(inputs, lo, hi, m.asOf)
      return { verdict, observed: verdict, text: `bought ${what} (${STATUS_WORDS[status]}) ${describeRange(c.during)}: ${verdict ? "yes" : "no"}, needs yes` }
    },
    changes: (inputs, m, out) => {
      for (const row of inputs.activity) if (isLine(row)) orderRowChanges(row, c.during, m, out)
    }
  }
}
