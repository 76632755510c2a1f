import type { FollowerCondition } from "@kith/segments"
import { type SqlBool, sql } from "kysely"
import { type Predicate, allOf, not, oneOf } from "../sql-predicates.js"
import type { SqlMoment } from "../sql-moment.js"

// Rows of the same channel as the row under `alias` (an unknown channel is a channel of its own).
const sameChannel = (row: string, alias: string) =>
  sql<SqlBool>`(${sql.ref(`${row}.channel`)} = ${sql.ref(`${alias}.channel`)} or (${sql.ref(`${row}.channel`)} is null and ${sql.ref(`${alias}.channel`)} is null))`

// An unfollow on the channel of `alias`, at or after it, by asOf: `alias` came before the last unfollow (a tie goes to the unfollow).
const unfollowedAfter = (alias: string, u: string, asOf: number): Predicate =>
  sql<SqlBool>`exists (select 1 from segment_activity ${sql.raw(u)} where ${sql.ref(`${u}.workspace_id`)} = f.workspace_id and ${sql.ref(`${u}.profile_id`)} = f.profile_id and ${sql.ref(`${u}.kind`)} = ${"unfollowed"} and ${sameChannel(u, alias)} and ${sql.ref(`${u}.at`)} >= ${sql.ref(`${alias}.at`)} and ${sql.ref(`${u}.at`)} <= ${asOf})`

const followRows = (alias: string, c: FollowerCondition, asOf: number): ReadonlyArray<Predicate> => [
  sql<SqlBool>`${sql.ref(`${alias}.kind`)} = ${"followed"}`,
  sql<SqlBool>`${sql.ref(`${alias}.at`)} <= ${asOf}`,
  ...(c.channels === undefined ? [] : [oneOf(sql.ref(`${alias}.channel`), c.channels)])
]

/**
 * A `follower` condition, as `@kith/segments`' follow states: on a channel,
 * the profile follows when a `followed` row comes after its last
 * `unfollowed` (by `asOf`), since the first such row; `since` bounds that
 * first row, found as a current follow with no earlier current follow on
 * its channel.
 */
export const followerSql = (c: FollowerCondition, m: SqlMoment): Predicate => {
  const current = (alias: string, u: string) => [...followRows(alias, c, m.asOf), not(unfollowedAfter(alias, u, m.asOf))]
  const follows = (extra: ReadonlyArray<Predicate>) =>
    sql<SqlBool>`exists (select 1 from segment_activity a where a.workspace_id = f.workspace_id and a.profile_id = f.profile_id and ${allOf([...current("a", "u"), ...extra])})`
  if (!c.following) return not(follows([]))
  if (c.since === undefined) return follows([])
  const bounds = m.bounds(c.since)
  const earlier = sql<SqlBool>`exists (select 1 from segment_activity b where b.workspace_id = f.workspace_id and b.profile_id = f.profile_id and ${allOf([
    ...current("b", "v"),
    sameChannel("b", "a"),
    sql<SqlBool>`b.at < a.at`
  ])})`
  return follows([...(Number.isFinite(bounds.lo) ? [sql<SqlBool>`a.at >= ${bounds.lo}`] : []), sql<SqlBool>`a.at <= ${bounds.hi}`, not(earlier)])
}
