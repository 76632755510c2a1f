import { namesAny } from "@kith/privacy"
import type { AuditRow, ConsentRow, OwnedConsentRow, PrivacyWrites, RequestRow, SuppressionRow } from "@kith/storage"
import { type Kysely, type Selectable, sql } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { AuditEntriesTable, ConsentRecordsTable, PrivacyRequestsTable, SuppressionsTable } from "../schema/privacy.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { chunks, idsPerQuery, oneOf } from "./sql-lists.js"

const consentColumns = ["id", "anchor_record_id", "purpose", "channel", "status", "at", "source", "evidence", "expires_at", "recorded_on", "covers", "actor"] as const

const toConsent = (r: Pick<Selectable<ConsentRecordsTable>, (typeof consentColumns)[number]>): ConsentRow => ({
  id: r.id,
  anchorRecordId: r.anchor_record_id,
  purpose: r.purpose,
  channel: r.channel,
  status: r.status,
  at: Number(r.at),
  source: r.source,
  evidence: r.evidence,
  expiresAt: r.expires_at === null ? null : Number(r.expires_at),
  recordedOn: r.recorded_on,
  covers: r.covers,
  actor: r.actor
})

const toAudit = (r: Omit<Selectable<AuditEntriesTable>, "workspace_id">): AuditRow => ({
  seq: Number(r.seq),
  at: Number(r.at),
  actor: r.actor,
  action: r.action,
  target: r.target,
  details: r.details
})

const toSuppression = (r: Omit<Selectable<SuppressionsTable>, "workspace_id">): SuppressionRow => ({
  key: r.key,
  type: r.type,
  createdAt: Number(r.created_at),
  hits: Number(r.hits),
  lastHitAt: r.last_hit_at === null ? null : Number(r.last_hit_at)
})

const toRequest = (r: Omit<Selectable<PrivacyRequestsTable>, "workspace_id">): RequestRow => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  receivedAt: Number(r.received_at),
  answerBy: Number(r.answer_by),
  stopBy: r.stop_by === null ? null : Number(r.stop_by),
  status: r.status,
  closedAt: r.closed_at === null ? null : Number(r.closed_at),
  note: r.note,
  actor: r.actor
})

// Rewrites the ledger without the entries naming any of `names`: each chunk holding one is replaced by the runs of
// entries it keeps, each run a chunk of its own, so every kept entry keeps its number.
const eraseLedger = async (db: Kysely<KithDatabase>, workspaceId: string, names: ReadonlySet<string>): Promise<number> => {
  const rows = await db.selectFrom("ledger").select(["seq", "last_seq", "entry"]).where("workspace_id", "=", workspaceId).execute()
  let erased = 0
  for (const row of rows) {
    const entries = JSON.parse(row.entry) as Array<unknown>
    const first = Number(row.seq)
    const keep = entries.map((e) => !namesAny(e, names))
    if (keep.every(Boolean)) continue
    erased += keep.filter((k) => !k).length
    await db.deleteFrom("ledger").where("workspace_id", "=", workspaceId).where("seq", "=", row.seq).execute()
    for (let i = 0; i < entries.length; ) {
      if (!keep[i]) {
        i++
        continue
      }
      let j = i
      while (j < entries.length && keep[j]) j++
      await db
        .insertInto("ledger")
        .values({ workspace_id: workspaceId, seq: first + i, last_seq: first + j - 1, entry: JSON.stringify(entries.slice(i, j)) })
        .execute()
      i = j
    }
  }
  return erased
}

/**
 * Privacy on SQL (`consent_records`, `audit_entries`, `suppressions`,
 * `privacy_requests`, `privacy_secrets`). A profile's consent records are
 * those anchored to its events (a join on `events`), so merges and splits
 * carry them with no write here. An erasure deletes the person from the
 * event, identity and profile tables and rewrites the ledger chunks naming
 * them.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * await sqlPrivacy(db, sqlite).secret("shop-1") // => undefined
 * await db.destroy()
 * ```
 */
export const sqlPrivacy = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): PrivacyWrites => ({
  consentOfProfiles: async (workspaceId, profileIds) => {
    const out: Array<OwnedConsentRow> = []
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const rows = await db
        .selectFrom("consent_records as c")
        .innerJoin("events as e", (j) => j.onRef("e.workspace_id", "=", "c.workspace_id").onRef("e.message_id", "=", "c.anchor_record_id"))
        .select([...consentColumns.map((c) => `c.${c}` as const), "e.profile_id as owner"])
        .where("c.workspace_id", "=", workspaceId)
        .where(oneOf(dialect, "e.profile_id", chunk))
        .execute()
      out.push(...rows.map((r) => ({ ...toConsent(r), owner: r.owner })))
    }
    return out
  },
  audit: async (workspaceId, f) => {
    let query = db
      .selectFrom("audit_entries")
      .select(["seq", "at", "actor", "action", "target", "details"])
      .where("workspace_id", "=", workspaceId)
      .where("seq", ">", f.afterSeq)
    if (f.target !== undefined) query = query.where("target", "=", f.target)
    if (f.action !== undefined) query = query.where("action", "=", f.action)
    const rows = await query.orderBy("seq").limit(Math.min(f.limit, Number.MAX_SAFE_INTEGER)).execute()
    return rows.map(toAudit)
  },
  suppressedKeys: async (workspaceId, keys) => {
    const out = new Set<string>()
    for (const chunk of chunks(keys, idsPerQuery(dialect))) {
      const rows = await db.selectFrom("suppressions").select("key").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "key", chunk)).execute()
      for (const r of rows) out.add(r.key)
    }
    return out
  },
  suppressions: async (workspaceId) =>
    (
      await db
        .selectFrom("suppressions")
        .select(["key", "type", "created_at", "hits", "last_hit_at"])
        .where("workspace_id", "=", workspaceId)
        .orderBy("created_at")
        .orderBy("key")
        .execute()
    ).map(toSuppression),
  requests: async (workspaceId) =>
    (
      await db
        .selectFrom("privacy_requests")
        .select(["id", "kind", "subject", "received_at", "answer_by", "stop_by", "status", "closed_at", "note", "actor"])
        .where("workspace_id", "=", workspaceId)
        .orderBy("received_at")
        .orderBy("id")
        .execute()
    ).map(toRequest),
  secret: async (workspaceId) =>
    (await db.selectFrom("privacy_secrets").select("secret").where("workspace_id", "=", workspaceId).executeTakeFirst())?.secret,
  stoppedEvents: async (workspaceId) =>
    Number((await db.selectFrom("privacy_secrets").select("stopped_events").where("workspace_id", "=", workspaceId).executeTakeFirst())?.stopped_events ?? 0),
  insertConsent: async (workspaceId, rows) => {
    for (const chunk of chunks(rows, 50)) {
      await db
        .insertInto("consent_records")
        .values(
          chunk.map((r) => ({
            workspace_id: workspaceId,
            id: r.id,
            anchor_record_id: r.anchorRecordId,
            purpose: r.purpose,
            channel: r.channel,
            status: r.status,
            at: r.at,
            source: r.source,
            evidence: r.evidence,
            expires_at: r.expiresAt,
            recorded_on: r.recordedOn,
            covers: r.covers,
            actor: r.actor
          }))
        )
        .execute()
    }
  },
  // The workspace lock keeps `max(seq)` stable for the transaction.
  appendAudit: async (workspaceId, rows) => {
    if (rows.length === 0) return
    const last = await db.selectFrom("audit_entries").select(sql<string | number | null>`max(seq)`.as("last")).where("workspace_id", "=", workspaceId).executeTakeFirst()
    let seq = Number(last?.last ?? 0)
    for (const chunk of chunks(rows, 50)) {
      await db
        .insertInto("audit_entries")
        .values(chunk.map((r) => ({ workspace_id: workspaceId, seq: ++seq, at: r.at, actor: r.actor, action: r.action, target: r.target, details: r.details })))
        .execute()
    }
  },
  addSuppressions: async (workspaceId, rows) => {
    for (const chunk of chunks(rows, 50)) {
      await db
        .insertInto("suppressions")
        .values(chunk.map((r) => ({ workspace_id: workspaceId, key: r.key, type: r.type, created_at: r.createdAt, hits: r.hits, last_hit_at: r.lastHitAt })))
        .onConflict((oc) => oc.columns(["workspace_id", "key"]).doNothing())
        .execute()
    }
  },
  countHits: async (workspaceId, hits, events, at) => {
    await db
      .updateTable("privacy_secrets")
      .set({ stopped_events: sql`stopped_events + ${events}` })
      .where("workspace_id", "=", workspaceId)
      .execute()
    for (const [key, n] of hits) {
      await db
        .updateTable("suppressions")
        .set({
          hits: sql`hits + ${n}`,
          last_hit_at: sql`case when last_hit_at is null or last_hit_at < ${at} then cast(${at} as bigint) else last_hit_at end`
        })
        .where("workspace_id", "=", workspaceId)
        .where("key", "=", key)
        .execute()
    }
  },
  putRequest: async (workspaceId, r) => {
    const values = {
      kind: r.kind,
      subject: r.subject,
      received_at: r.receivedAt,
      answer_by: r.answerBy,
      stop_by: r.stopBy,
      status: r.status,
      closed_at: r.closedAt,
      note: r.note,
      actor: r.actor
    }
    await db
      .insertInto("privacy_requests")
      .values({ workspace_id: workspaceId, id: r.id, ...values })
      .onConflict((oc) => oc.columns(["workspace_id", "id"]).doUpdateSet(values))
      .execute()
  },
  putSecret: async (workspaceId, secret) => {
    await db.insertInto("privacy_secrets").values({ workspace_id: workspaceId, secret, stopped_events: 0 }).execute()
  },
  erase: async (workspaceId, target) => {
    const per = idsPerQuery(dialect)
    const keep = target.keep ?? new Map<string, string>()
    for (const [messageId, payload] of keep) {
      await db.updateTable("events").set({ payload, identity: null, identity_source: null }).where("workspace_id", "=", workspaceId).where("message_id", "=", messageId).execute()
    }
    for (const chunk of chunks(target.messageIds, per)) {
      await db.deleteFrom("consent_records").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "anchor_record_id", chunk)).execute()
      const deleted = keep.size === 0 ? chunk : chunk.filter((m) => !keep.has(m))
      if (deleted.length > 0) await db.deleteFrom("events").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "message_id", deleted)).execute()
      await db.deleteFrom("record_identifiers").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "message_id", chunk)).execute()
      await db.deleteFrom("pipeline_applied_events").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "message_id", chunk)).execute()
      for (const table of ["do_not_merge", "must_link"] as const) {
        await db
          .deleteFrom(table)
          .where("workspace_id", "=", workspaceId)
          .where((eb) => eb.or([oneOf(dialect, "record_a", chunk), oneOf(dialect, "record_b", chunk)]))
          .execute()
      }
    }
    for (const chunk of chunks(target.profileIds, per)) {
      await db.deleteFrom("identifiers").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).execute()
      await db
        .deleteFrom("profiles")
        .where("workspace_id", "=", workspaceId)
        .where((eb) => eb.or([oneOf(dialect, "profile_id", chunk), oneOf(dialect, "merged_into", chunk)]))
        .execute()
      await db
        .deleteFrom("kept_apart")
        .where("workspace_id", "=", workspaceId)
        .where((eb) => eb.or([oneOf(dialect, "profile_a", chunk), oneOf(dialect, "profile_b", chunk)]))
        .execute()
    }
    return { ledgerEntries: await eraseLedger(db, workspaceId, new Set(target.names)) }
  }
})
