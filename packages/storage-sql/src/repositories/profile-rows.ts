import type { ProfileRow } from "@kith/storage"

/** The columns of a profile row, as {@link toProfileRow} reads them. */
export const profileColumns = ["profile_id", "merged_into", "created_at", "traits", "summary", "search_text", "stage", "last_record_at", "isolated"] as const

/**
 * A `profiles` row as the port's {@link ProfileRow}.
 *
 * @example
 * ```ts
 * const rows = (await db.selectFrom("profiles").select(profileColumns).execute()).map(toProfileRow)
 * ```
 */
export const toProfileRow = (r: {
  profile_id: string
  merged_into: string | null
  created_at: number | string | bigint
  traits: string
  summary: string
  search_text: string
  stage: string
  last_record_at: number | string | bigint
  isolated: number
}): ProfileRow => ({
  profileId: r.profile_id,
  mergedInto: r.merged_into,
  createdAt: Number(r.created_at),
  traits: r.traits,
  summary: r.summary,
  searchText: r.search_text,
  stage: r.stage,
  lastRecordAt: Number(r.last_record_at),
  isolated: r.isolated === 1
})

