import type { StorageBackend, StorageWrites } from "@kith/storage"
import type { Kysely } from "kysely"
import { sqlContactRestrictions } from "./repositories/contact-restrictions.js"
import { sqlEvents } from "./repositories/events.js"
import { sqlIdentityGraph } from "./repositories/identity-graph.js"
import { sqlOutboxDelivery, sqlOutreach } from "./repositories/outreach.js"
import { sqlOutreachPerformance } from "./repositories/outreach-performance.js"
import { sqlShopEvents } from "./repositories/outreach-shop-events.js"
import { sqlPipeline } from "./repositories/pipeline.js"
import { sqlPrivacy } from "./repositories/privacy.js"
import { sqlProfiles } from "./repositories/profiles.js"
import { sqlRejectedEvents } from "./repositories/rejected-events.js"
import { sqlSegmentInputs } from "./repositories/segment-inputs.js"
import { sqlSegments } from "./repositories/segments.js"
import { sqlWorkspaces } from "./repositories/workspaces.js"
import type { KithDatabase } from "./schema/index.js"
import type { SqlDialectSpecifics } from "./sql-dialect.js"

// Every feature's repository on one Kysely handle (the database, or a transaction).
const repositoriesOn = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, onAppended?: (rows: number) => void): StorageWrites => ({
  workspaces: sqlWorkspaces(db),
  events: sqlEvents(db, dialect, onAppended),
  profiles: sqlProfiles(db, dialect),
  identity: sqlIdentityGraph(db, dialect),
  rejected: sqlRejectedEvents(db, dialect),
  pipeline: sqlPipeline(db, dialect),
  privacy: sqlPrivacy(db, dialect),
  segmentInputs: sqlSegmentInputs(db, dialect),
  segments: sqlSegments(db, dialect),
  outreach: sqlOutreach(db, dialect),
  outreachPerformance: sqlOutreachPerformance(db, dialect),
  shopEvents: sqlShopEvents(db, dialect),
  contactRestrictions: sqlContactRestrictions(db, dialect)
})

/**
 * The storage backend over any Kysely database holding the kith schema:
 * the repositories both SQL dialects share. Each write runs in one database
 * transaction that first takes the dialect's workspace lock, so a failed
 * batch leaves nothing and concurrent writers of a workspace never interleave
 * (STO-3); unique keys (workspace_id, message_id) and (workspace_id, type,
 * value) back that up.
 *
 * @param db - Kysely over the kith schema (migrated: see {@link migrateToLatest})
 * @param dialect - the dialect's specifics
 * @returns a {@link StorageBackend} for `storageLayer`
 *
 * @example
 * ```ts
 * const backend = makeSqlBackend(db, sqliteSpecifics)
 * const layer = storageLayer(backend)
 * ```
 */
export const makeSqlBackend = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): StorageBackend => ({
  read: repositoriesOn(db, dialect),
  transaction: async (workspaceId, work) => {
    const written = { events: 0 }
    const result = await db.transaction().execute(async (trx) => {
      await dialect.lockWorkspace(trx, workspaceId)
      return work(repositoriesOn(trx, dialect, (rows) => (written.events += rows)))
    })
    // The write stands whatever the hook does: its failure must not report a committed batch as failed.
    if (written.events > 0 && dialect.afterCommit !== undefined) await dialect.afterCommit(db, written.events).catch(() => undefined)
    return result
  },
  delivery: sqlOutboxDelivery(db, dialect),
  close: () => db.destroy()
})
