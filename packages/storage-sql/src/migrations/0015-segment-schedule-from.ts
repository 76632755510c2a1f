import type { Migration } from "./migration.js"

/**
 * Schema version 15: `segments.scheduled_from`, the instant a segment's
 * re-evaluation schedule holds from (SEG-8): a refresh at or after it only
 * computes again the entries that have come due, instead of every
 * profile's. `NULL` (every stored segment's, at first) means none is known:
 * the next refresh schedules every profile.
 */
export const migration15: Migration = {
  version: 15,
  name: "segment_schedule_from",
  up: async (db) => {
    await db.schema.alterTable("segments").addColumn("scheduled_from", "bigint").execute()
  }
}
