import { type Kysely } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { Migration } from "./migration.js"
import { BACKFILL_PAGE } from "./backfill.js"

/**
 * Schema version 4: each event keeps its identity evidence on its own row (JSON list of [type, value], and its source);
 * `record_identifiers` becomes the index of identifiers an event carries but its profile does not hold (held
 * ones are found through `identifiers`). Existing index rows all stay: a superset is still true.
 */
export const migration4: Migration = {
  version: 4,
  name: "identity_evidence_on_events",
  up: async (db) => {
    await db.schema.alterTable("events").addColumn("identity", "text").execute()
    await db.schema.alterTable("events").addColumn("identity_source", "text").execute()
    const kdb = db as unknown as Kysely<KithDatabase>
    // Backfill page by page, in (workspace, message) order, so a large store never sits in memory at once.
    let after: { workspace: string; message: string } | undefined
    for (;;) {
      let query = kdb
        .selectFrom("record_identifiers")
        .select(["workspace_id", "message_id", "ord", "type", "value", "source"])
        .orderBy("workspace_id")
        .orderBy("message_id")
        .orderBy("ord")
        .limit(BACKFILL_PAGE)
      if (after !== undefined) {
        const { workspace, message } = after
        query = query.where((eb) => eb.or([eb("workspace_id", ">", workspace), eb.and([eb("workspace_id", "=", workspace), eb("message_id", ">", message)])]))
      }
      const rows = await query.execute()
      if (rows.length === 0) break
      // The last message of a full page may continue on the next one: leave it for that page.
      const lastKey = `${rows[rows.length - 1]!.workspace_id}\u0000${rows[rows.length - 1]!.message_id}`
      const complete = rows.length < BACKFILL_PAGE ? rows : rows.filter((r) => `${r.workspace_id}\u0000${r.message_id}` !== lastKey)
      const page = complete.length > 0 ? complete : rows
      const byEvent = new Map<string, { workspace: string; message: string; source: string; identifiers: Array<[string, string]> }>()
      for (const r of page) {
        const key = `${r.workspace_id}\u0000${r.message_id}`
        let entry = byEvent.get(key)
        if (entry === undefined) byEvent.set(key, (entry = { workspace: r.workspace_id, message: r.message_id, source: r.source, identifiers: [] }))
        entry.identifiers.push([r.type, r.value])
      }
      for (const e of byEvent.values()) {
        await kdb
          .updateTable("events")
          .set({ identity: JSON.stringify(e.identifiers), identity_source: e.source })
          .where("workspace_id", "=", e.workspace)
          .where("message_id", "=", e.message)
          .execute()
      }
      const last = page[page.length - 1]!
      after = { workspace: last.workspace_id, message: last.message_id }
    }
  }
}
