// The floor of a segment's first refresh: what any first refresh must at least do, with no logic.
//
// A first refresh lists the rule's members and writes, for this store's schema, a membership row and a history
// row ("entered") per member and a schedule row per profile whose verdict can change by time alone (its next
// change). The floor does only that: the hand-written query lists the members, then the rows kith's own first
// refresh wrote (captured once, untimed) are written again by plain statements into the same tables under another
// segment id, on a connection set as the store's is: on SQLite one prepared one-row insert per row (faster there
// than statements of many rows), on Postgres kith's own inserts of array parameters, 10,000 rows a statement (COPY
// is not tried: it needs a driver this project does not use); the membership and history in one transaction, the
// schedule in another. It reads nothing to find the instants it schedules and decides nothing: it is a floor, not
// a rival implementation.

/** The plain SQL a floor needs: one statement, and the rows of one table inserted as the store would. */
export interface FloorSql {
  readonly all: (text: string, params: ReadonlyArray<unknown>) => Promise<Array<Record<string, unknown>>>
  readonly insert: (table: string, columns: ReadonlyArray<string>, types: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>) => Promise<void>
}

/** The rows one segment's first refresh wrote, without their segment id (and the history without its sequence numbers). */
export interface FirstRefreshRows {
  readonly members: ReadonlyArray<readonly [profileId: string, enteredAt: number, version: number]>
  readonly history: ReadonlyArray<readonly [profileId: string, change: string, at: number, version: number]>
  readonly due: ReadonlyArray<readonly [profileId: string, dueAt: number]>
}

/** The rows the segment `segmentId` holds, as its first refresh wrote them. */
export const capturedRows = async (sql: FloorSql, workspace: string, segmentId: string): Promise<FirstRefreshRows> => {
  const where = "where workspace_id = ? and segment_id = ?"
  const params = [workspace, segmentId]
  const members = await sql.all(`select profile_id, entered_at, version from segment_members ${where} order by profile_id`, params)
  const history = await sql.all(`select profile_id, change, at, version from segment_history ${where} order by seq`, params)
  const due = await sql.all(`select profile_id, due_at from segment_due ${where} order by profile_id`, params)
  return {
    members: members.map((r) => [String(r["profile_id"]), Number(r["entered_at"]), Number(r["version"])] as const),
    history: history.map((r) => [String(r["profile_id"]), String(r["change"]), Number(r["at"]), Number(r["version"])] as const),
    due: due.map((r) => [String(r["profile_id"]), Number(r["due_at"])] as const)
  }
}

/**
 * Writes `rows` as segment `segmentId`'s (see the file's head): its membership and history in one transaction
 * (the history numbered after the workspace's last sequence number), then its schedule in another.
 */
export const writeFirstRefreshRows = async (sql: FloorSql, workspace: string, segmentId: string, rows: FirstRefreshRows): Promise<void> => {
  await sql.all("begin", [])
  await sql.insert(
    "segment_members",
    ["workspace_id", "segment_id", "profile_id", "entered_at", "version"],
    ["text", "text", "text", "bigint", "integer"],
    rows.members.map(([profileId, enteredAt, version]) => [workspace, segmentId, profileId, enteredAt, version])
  )
  const last = Number((await sql.all("select coalesce(max(seq), 0) as seq from segment_history where workspace_id = ?", [workspace]))[0]!["seq"])
  await sql.insert(
    "segment_history",
    ["workspace_id", "seq", "segment_id", "profile_id", "change", "at", "version"],
    ["text", "bigint", "text", "text", "text", "bigint", "integer"],
    rows.history.map(([profileId, change, at, version], i) => [workspace, last + 1 + i, segmentId, profileId, change, at, version])
  )
  await sql.all("commit", [])
  await sql.all("begin", [])
  await sql.insert(
    "segment_due",
    ["workspace_id", "segment_id", "profile_id", "due_at"],
    ["text", "text", "text", "bigint"],
    rows.due.map(([profileId, dueAt]) => [workspace, segmentId, profileId, dueAt])
  )
  await sql.all("commit", [])
}
