import { type LocalDay, type ZonedClock, dayKey, zonedClock } from "@kith/profile"
import { type Bounds, type TimeRange, timeRangeBounds } from "@kith/segments"
import type { SharedPass } from "./sql-predicates.js"

/**
 * One evaluation as the SQL compiler uses it — the workspace, and the
 * instant in its timezone: every window's
 * boundaries are computed here, in TypeScript, with `@kith/segments`' own
 * helpers, and bound as parameters — so both dialects mean exactly what the
 * in-memory engine means, local midnights and DST included.
 */
export interface SqlMoment {
  /** The workspace evaluated: grouped passes over the activity rows read its rows only. */
  readonly workspaceId: string
  /** Whether conditions on aggregates are grouped passes over the workspace's rows (Postgres) or per profile (SQLite). */
  readonly grouped: boolean
  /** Whether each subquery over a profile's rows stays a probe of the index for each profile (see `probeOnly`). */
  readonly probed?: boolean | undefined
  /** Where conditions on aggregates join one grouped pass (`g`) that the query around the predicate reads, if any. */
  readonly shared?: SharedPass | undefined
  readonly asOf: number
  readonly asOfDate: Date
  readonly timeZone: string
  readonly clock: ZonedClock
  /** `asOf`'s local day. */
  readonly today: LocalDay
  /** `asOf`'s local date, `yyyy-mm-dd`. */
  readonly todayKey: string
  /** The inclusive bounds of a time range at this instant (`timeRangeBounds`). */
  readonly bounds: (range: TimeRange | undefined) => Bounds
}

/** The moment of `asOf` in `timeZone`, in a workspace, on an engine (`"postgres"` groups aggregates). */
export const sqlMomentOf = (workspaceId: string, engine: string, asOf: Date, timeZone: string): SqlMoment => {
  const clock = zonedClock(timeZone)
  const today = clock.dayOf(asOf.getTime())
  return {
    workspaceId,
    grouped: engine === "postgres",
    asOf: asOf.getTime(),
    asOfDate: asOf,
    timeZone,
    clock,
    today,
    todayKey: dayKey(today),
    bounds: (range) => timeRangeBounds(range, asOf, timeZone)
  }
}
