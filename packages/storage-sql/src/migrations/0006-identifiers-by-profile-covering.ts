import type { Migration } from "./migration.js"

/**
 * Schema version 6: reading a profile's identifiers (every ingestion does, for the profiles it touches) scanned the workspace's
 * whole primary key on SQLite: that index covers the query, (workspace_id, profile_id) did not, and without
 * statistics the planner preferred the covering scan. An index by profile that covers the row wins on both
 * engines and replaces the old one.
 */
export const migration6: Migration = {
  version: 6,
  name: "identifiers_by_profile_covering",
  up: async (db) => {
    await db.schema.createIndex("identifiers_of_profile").on("identifiers").columns(["workspace_id", "profile_id", "type", "value"]).execute()
    await db.schema.dropIndex("identifiers_by_owner").execute()
  }
}
