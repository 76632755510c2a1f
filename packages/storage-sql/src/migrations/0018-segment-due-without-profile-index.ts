import type { Migration } from "./migration.js"

/**
 * Schema version 18: `segment_due` loses its index by profile
 * (`segment_due_by_profile`). Only an erasure looked a profile's schedule
 * entries up without their segment, and it now goes through the primary key
 * (workspace, segment, profile) one segment of the workspace at a time. Every
 * schedule write paid for the index: a first refresh writes an entry for
 * each profile a time can move in or out, hundreds of thousands of them,
 * each also filed among the other segments' entries of its profile (on
 * Postgres, 357,825 entries took 2.5–2.8 s to write without it, 3.6–3.8 s
 * with it).
 */
export const migration18: Migration = {
  version: 18,
  name: "segment_due_without_profile_index",
  up: async (db) => {
    await db.schema.dropIndex("segment_due_by_profile").execute()
  }
}
