import type { BoughtCondition, FirstOrderCondition, LastOrderCondition, OrderStatusFilter, OrdersCondition } from "@kith/segments"
import { type RawBuilder, type SqlBool, sql } from "kysely"
import { type Predicate, TRUE, aggregateHolds, allOf, between, col, inRange, oneOf, someActivity, within } from "../sql-predicates.js"
import type { SqlMoment } from "../sql-moment.js"

/**
 * An order row's (or line's) status at `asOf`, as `@kith/segments`' `hasStatus`:
 * failed once cancelled or failed by then; successful once completed by then
 * and not failed; pending otherwise; `placed` takes them all.
 */
export const statusSql = (alias: string, status: OrderStatusFilter, asOf: number): Predicate => {
  const failedAt = col(alias, "failed_at")
  const completedAt = col(alias, "completed_at")
  const notFailed = sql<SqlBool>`(${failedAt} is null or ${failedAt} > ${asOf})`
  switch (status) {
    case "placed":
      return TRUE
    case "failed":
      return sql<SqlBool>`(${failedAt} is not null and ${failedAt} <= ${asOf})`
    case "successful":
      return sql<SqlBool>`(${completedAt} is not null and ${completedAt} <= ${asOf} and ${notFailed})`
    case "pending":
      return sql<SqlBool>`(${notFailed} and (${completedAt} is null or ${completedAt} > ${asOf}))`
  }
}

const spendOf = (alias: string, currency: string) => sql`sum(case when ${col(alias, "currency")} = ${currency} then coalesce(${col(alias, "value")}, 0) else 0 end)`

/** An `orders` condition: the number of matching orders and their spend, in one aggregate over the profile's order rows. */
export const ordersSql = (c: OrdersCondition, m: SqlMoment, currency: string): Predicate => {
  const status = c.status ?? "successful"
  const rows = [
    sql<SqlBool>`a.kind = ${"order"}`,
    ...within("a", m.bounds(c.during)),
    statusSql("a", status, m.asOf),
    ...(c.orderValue === undefined ? [] : [sql<SqlBool>`a.currency = ${currency}`, between(sql`coalesce(a.value, 0)`, c.orderValue)])
  ]
  const { count, spend } = c
  if (spend === undefined && count !== undefined) {
    if (count.min === 1 && count.max === undefined) return someActivity("a", rows, m.probed)
    if (count.max === 0) return sql<SqlBool>`(not ${someActivity("a", rows, m.probed)})`
  }
  const holds = (n: RawBuilder<unknown>, s: RawBuilder<unknown>) =>
    allOf([...(count === undefined ? [] : [between(n, count)]), ...(spend === undefined ? [] : [between(s, spend)])])
  // No order: a count and a spend of 0.
  const emptyHolds = (count === undefined || inRange(0, count)) && (spend === undefined || inRange(0, spend))
  return aggregateHolds(m, rows, [{ name: "n", call: sql`count(*)` }, { name: "s", call: spendOf("a", currency), zero: true }], (x) => holds(x("n"), x("s")), emptyHolds)
}

const edgeOrderSql = (c: FirstOrderCondition | LastOrderCondition, m: SqlMoment): Predicate => {
  const edge = c.kind === "last_order" ? sql`max(a.at)` : sql`min(a.at)`
  const rows = [sql<SqlBool>`a.kind = ${"order"}`, sql<SqlBool>`a.at <= ${m.asOf}`, statusSql("a", "successful", m.asOf)]
  const bounds = m.bounds(c.during)
  const inRange = (t: RawBuilder<unknown>) => allOf([...(Number.isFinite(bounds.lo) ? [sql<SqlBool>`${t} >= ${bounds.lo}`] : []), sql<SqlBool>`${t} <= ${bounds.hi}`])
  // No successful order: no instant to be in the range.
  return aggregateHolds(m, rows, [{ name: "t", call: edge }], (x) => inRange(x("t")), false)
}

/** A `first_order` condition: the first successful order's purchase instant in the range. */
export const firstOrderSql = (c: FirstOrderCondition, m: SqlMoment): Predicate => edgeOrderSql(c, m)

/** A `last_order` condition: the last successful order's purchase instant in the range. */
export const lastOrderSql = (c: LastOrderCondition, m: SqlMoment): Predicate => edgeOrderSql(c, m)

/** A `bought` condition: a line of an order of that status, with the product and/or category, in the range. */
export const boughtSql = (c: BoughtCondition, m: SqlMoment): Predicate =>
  someActivity("a", [
    sql<SqlBool>`a.kind = ${"order_line"}`,
    ...within("a", m.bounds(c.during)),
    ...(c.productIds === undefined ? [] : [oneOf(col("a", "product_id"), c.productIds)]),
    ...(c.categories === undefined ? [] : [oneOf(col("a", "category"), c.categories)]),
    statusSql("a", c.status ?? "successful", m.asOf)
  ], m.probed)
