import type { MemoryState } from "./state.js"

/**
 * The rows anchored to an event of these profiles, each with the profile
 * that owns its anchor event now: how the memory engine finds a person's
 * consent records and contact restrictions, so merges and splits move them
 * with their events and no row is rewritten.
 *
 * @param memory - the engine's state (its events)
 * @param workspaceId - the workspace
 * @param rows - every row of the kind in the workspace
 * @param profileIds - the profiles asked about
 * @returns the rows they own, with `owner`
 *
 * @example
 * ```ts
 * const owned = rowsOwnedBy(memory, "shop-1", consentRows, ["p_m-1"])
 * ```
 */
export const rowsOwnedBy = <Row extends { readonly anchorRecordId: string }>(
  memory: MemoryState,
  workspaceId: string,
  rows: Iterable<Row>,
  profileIds: ReadonlyArray<string>
): Array<Row & { readonly owner: string }> => {
  const wanted = new Set(profileIds)
  const events = memory.state(workspaceId)?.events
  return [...rows].flatMap((row) => {
    const owner = events?.get(row.anchorRecordId)?.profileId
    return owner !== undefined && wanted.has(owner) ? [{ ...row, owner }] : []
  })
}
