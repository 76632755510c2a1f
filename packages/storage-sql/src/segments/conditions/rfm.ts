import { type RfmLabel, rfmLabel } from "@kith/profile"
import type { RfmCondition, RfmCutoffs } from "@kith/segments"
import { type RawBuilder, type SqlBool, sql } from "kysely"
import { type Predicate, aggregateHolds, allOf, anyOf, between } from "../sql-predicates.js"
import type { SqlMoment } from "../sql-moment.js"
import { statusSql } from "./orders.js"

// 1 plus the number of cut-offs reached: `reached(cutoff)` says whether the value reaches one.
const score = (cutoffs: ReadonlyArray<number | null>, reached: (cutoff: number) => RawBuilder<unknown>): RawBuilder<unknown> => {
  const parts = cutoffs.flatMap((c) => (c === null ? [] : [sql`(case when ${reached(c)} then 1 else 0 end)`]))
  return parts.length === 0 ? sql`1` : sql`(1 + ${sql.join(parts, sql` + `)})`
}

/**
 * An `rfm` condition against the workspace's cut-offs: the profile's last
 * successful order, number of successful orders and spend at `asOf` in one
 * aggregate, each score 1 plus the cut-offs reached. A recency cut-off of
 * `d` days is reached by a last purchase at or after the local midnight `d`
 * days before `asOf`'s local day — the instant is computed here, so days are
 * counted in the workspace timezone as `@kith/profile` counts them.
 */
export const rfmSql = (c: RfmCondition, m: SqlMoment, currency: string, cutoffs: RfmCutoffs): Predicate => {
  const rows = [sql<SqlBool>`a.kind = ${"order"}`, sql<SqlBool>`a.at <= ${m.asOf}`, statusSql("a", "successful", m.asOf)]
  const scored = (x: (name: string) => RawBuilder<unknown>): Predicate => {
    const recency = score(cutoffs.recencyDays, (days) => sql`${x("last_at")} >= ${m.clock.startOfDay(m.today - days)}`)
    const frequency = score(cutoffs.frequency, (n) => sql`${x("n")} >= ${n}`)
    const monetary = score(cutoffs.monetary, (spend) => sql`${x("s")} >= ${spend}`)
    const labels = c.labels === undefined ? undefined : new Set<RfmLabel>(c.labels as ReadonlyArray<RfmLabel>)
    const labelled: Array<Predicate> = []
    if (labels !== undefined) {
      for (let r = 1; r <= 5; r++) {
        const fs: Array<number> = []
        for (let f = 1; f <= 5; f++) if (labels.has(rfmLabel(r, f))) fs.push(f)
        if (fs.length > 0) labelled.push(sql<SqlBool>`(${recency} = ${r} and ${frequency} in (${sql.join(fs)}))`)
      }
  }
    return allOf([
      sql<SqlBool>`${x("n")} > 0`,
      ...(c.recency === undefined ? [] : [between(recency, c.recency)]),
      ...(c.frequency === undefined ? [] : [between(frequency, c.frequency)]),
      ...(c.monetary === undefined ? [] : [between(monetary, c.monetary)]),
      ...(labels === undefined ? [] : [anyOf(labelled)])
    ])
  }
  const aggregates = [
    { name: "last_at", call: sql`max(a.at)` },
    { name: "n", call: sql`count(*)` },
    { name: "s", call: sql`sum(case when a.currency = ${currency} then coalesce(a.value, 0) else 0 end)`, zero: true }
  ]
  // A profile without a successful order has no scores: it is in no RFM segment.
  return aggregateHolds(m, rows, aggregates, scored, false)
}
