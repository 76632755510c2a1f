import type { ContactRestrictionsTable } from "./contact-restrictions.js"
import type { EventsTable } from "./events.js"
import type { DoNotMergeTable, IdentifiersTable, KeptApartTable, LedgerTable, MustLinkTable, RecordIdentifiersTable } from "./identity-graph.js"
import type { MigrationsTable } from "./migrations.js"
import type { OutreachOutboxDueTable, OutreachOutboxLeasesTable, OutreachOutboxTable, OutreachPlansTable, OutreachRateLimitsTable } from "./outreach.js"
import type { OutreachShopEventsTable } from "./outreach-shop-events.js"
import type { PipelineAppliedEventsTable, PipelineCareTable, PipelineItemsTable } from "./pipeline.js"
import type { AuditEntriesTable, ConsentRecordsTable, PrivacyRequestsTable, PrivacySecretsTable, SuppressionsTable } from "./privacy.js"
import type { ProfilesTable } from "./profiles.js"
import type { RejectedEventsTable } from "./rejected-events.js"
import type { SegmentActivityTable, SegmentFactListsTable, SegmentFactsTable, SegmentTraitsTable } from "./segment-inputs.js"
import type { SegmentDueTable, SegmentHistoryTable, SegmentMembersTable, SegmentsTable } from "./segments.js"
import type { WorkspaceSummariesTable, WorkspacesTable } from "./workspaces.js"

export type * from "./contact-restrictions.js"
export type * from "./events.js"
export type * from "./identity-graph.js"
export type * from "./int64.js"
export type * from "./migrations.js"
export type * from "./outreach.js"
export type * from "./outreach-shop-events.js"
export type * from "./pipeline.js"
export type * from "./privacy.js"
export type * from "./profiles.js"
export type * from "./rejected-events.js"
export type * from "./segment-inputs.js"
export type * from "./segments.js"
export type * from "./workspaces.js"

/**
 * The kith SQL schema as Kysely sees it. Every table but `kith_migrations`
 * has `workspace_id` leading its primary key and every index (STO-4).
 *
 * @example
 * ```ts
 * const db = new Kysely<KithDatabase>({ dialect })
 * await db.selectFrom("events").select("message_id").where("workspace_id", "=", "shop-1").execute()
 * ```
 */
export interface KithDatabase {
  workspaces: WorkspacesTable
  events: EventsTable
  profiles: ProfilesTable
  identifiers: IdentifiersTable
  kept_apart: KeptApartTable
  record_identifiers: RecordIdentifiersTable
  do_not_merge: DoNotMergeTable
  must_link: MustLinkTable
  workspace_summaries: WorkspaceSummariesTable
  ledger: LedgerTable
  rejected_events: RejectedEventsTable
  pipeline_items: PipelineItemsTable
  pipeline_care: PipelineCareTable
  pipeline_applied_events: PipelineAppliedEventsTable
  consent_records: ConsentRecordsTable
  contact_restrictions: ContactRestrictionsTable
  audit_entries: AuditEntriesTable
  suppressions: SuppressionsTable
  privacy_requests: PrivacyRequestsTable
  privacy_secrets: PrivacySecretsTable
  segment_facts: SegmentFactsTable
  segment_fact_lists: SegmentFactListsTable
  segment_traits: SegmentTraitsTable
  segment_activity: SegmentActivityTable
  segments: SegmentsTable
  segment_members: SegmentMembersTable
  segment_history: SegmentHistoryTable
  segment_due: SegmentDueTable
  outreach_plans: OutreachPlansTable
  outreach_outbox: OutreachOutboxTable
  outreach_outbox_due: OutreachOutboxDueTable
  outreach_outbox_leases: OutreachOutboxLeasesTable
  outreach_rate_limits: OutreachRateLimitsTable
  outreach_shop_events: OutreachShopEventsTable
  kith_migrations: MigrationsTable
}
