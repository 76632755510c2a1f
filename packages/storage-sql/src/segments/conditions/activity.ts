import { type ActivityCondition, EventActivityKinds } from "@kith/segments"
import { type SqlBool, sql } from "kysely"
import { type Predicate, aggregateHolds, between, col, inRange, kindIn, oneOf, someActivity, within } from "../sql-predicates.js"
import type { SqlMoment } from "../sql-moment.js"

// Each list filter and the column it matches.
const TEXT_FILTERS = [
  ["productIds", "product_id"],
  ["categories", "category"],
  ["channels", "channel"],
  ["deviceTypes", "device_type"],
  ["os", "os"],
  ["planIds", "plan_id"],
  ["ticketKinds", "ticket_kind"],
  ["agents", "agent"],
  ["eventNames", "event_name"]
] as const

const RANGE_FILTERS = [
  ["csat", "csat"],
  ["rating", "rating"],
  ["value", "value"]
] as const

/** The row test of an `activity` condition (kinds and every filter), on the rows under `alias`. */
export const activityRowSql = (c: ActivityCondition, alias: string): ReadonlyArray<Predicate> => [
  kindIn(alias, c.of ?? EventActivityKinds),
  ...TEXT_FILTERS.flatMap(([filter, column]) => {
    const values = c[filter]
    return values === undefined ? [] : [oneOf(col(alias, column), values)]
  }),
  ...RANGE_FILTERS.flatMap(([filter, column]) => {
    const range = c[filter]
    return range === undefined ? [] : [between(col(alias, column), range)]
  })
]

/** The columns of the activity rows an `activity` condition's filters read (beside the kind and the instant). */
export const activityFilterColumns = (c: ActivityCondition): ReadonlyArray<string> => [
  ...TEXT_FILTERS.flatMap(([filter, column]) => (c[filter] === undefined ? [] : [column])),
  ...RANGE_FILTERS.flatMap(([filter, column]) => (c[filter] === undefined ? [] : [column]))
]

/** An `activity` condition: how many of the profile's rows pass the row test in the range. */
export const activitySql = (c: ActivityCondition, m: SqlMoment): Predicate => {
  const rows = [...activityRowSql(c, "a"), ...within("a", m.bounds(c.during))]
  const count = c.count ?? { min: 1 }
  if (count.min === 1 && count.max === undefined) return someActivity("a", rows, m.probed)
  if (count.max === 0) return sql<SqlBool>`(not ${someActivity("a", rows, m.probed)})`
  return aggregateHolds(m, rows, [{ name: "n", call: sql`count(*)` }], (x) => between(x("n"), count), inRange(0, count))
}
