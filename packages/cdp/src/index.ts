/**
 * The kith facade (DX-1): {@link createCdp} on a storage (in-memory, SQLite
 * or Postgres) and a workspace gives a Promise API over the whole back end.
 * Ingestion stays at the top — Segment-shaped `identify`, `track`, `page`,
 * `screen`, `group`, `alias`, and `batch` with progress, identity resolved on
 * the way in; `collect` for SDK traffic as Segment clients send it, each
 * call judged alone and every refusal kept — and each feature is a
 * namespace: `cdp.profiles` (the Profile 360, the stored profile, timeline,
 * search, visitor / lead / buyer lists, edits), `cdp.events` (raw events),
 * `cdp.identity` (`explain`, `split`, `merge` with a dry run, the ledger),
 * `cdp.rejected` (refused calls: list, count, replay), `cdp.imports`
 * (spreadsheets in: inspect, preview, commit), `cdp.exports` (lists out as
 * CSV or XLSX), and the pipeline's `cdp.leads`, `cdp.opportunities`,
 * `cdp.care` and `cdp.pipeline`, and privacy's `cdp.consent`, `cdp.privacy`
 * (erasure with suppression, access export, retention, requests) and
 * `cdp.audit`, and `cdp.contactRestrictions` (do-not-contact, blocks of the
 * shop per channel). The same operations, declared once
 * ({@link CdpApi}), are the Effect service {@link Cdp} for Effect users; the
 * Promise client is derived from it.
 *
 * Time is a parameter (`asOf`, `at`); the one exception is
 * `profiles.get` without `asOf`, which reads "now" once from Effect's
 * `Clock` when the call runs.
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { openSqliteStorage } from "@kith/storage-sqlite"
 *
 * const store = await openSqliteStorage({ filename: "./kith.db" })
 * const cdp = await createCdp({ storage: store, workspace: "shop-1" })
 * await cdp.identify({
 *   messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "cookie-9f2",
 *   traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678" }
 * })
 * const view = await cdp.profiles.get({ type: "phone", value: "+84 91-234-5678" }, { asOf: new Date("2025-03-31T17:00:00Z") })
 * view.fields.traits.fullName // => "Nguyễn Thị Lan"
 * await cdp.close()
 * await store.close()
 * ```
 *
 * @packageDocumentation
 */
export type { CdpApi } from "./cdp-api.js"
export * from "./client.js"
export type { CollectApi, CollectError, CollectOptions, CollectOutcome, CollectResult } from "./collect/api.js"
export type { CallableEventsApi, CallableLeadsApi, DeprecatedFlatApi } from "./deprecated/flat-aliases.js"
export * from "./errors.js"
export type { EventsApi } from "./events/api.js"
export type { ExportError, ExportList, ExportOptions, ExportsApi } from "./exports/api.js"
export type { IdentityAction, IdentityApi, MergeOptions, MergeOutcome } from "./identity/api.js"
export type {
  CommitOptions,
  ImportError,
  ImportInspection,
  ImportLanding,
  ImportMerge,
  ImportPlanOptions,
  ImportPreview,
  ImportProgress,
  ImportReadError,
  ImportReadOptions,
  ImportsApi,
  ImportSource,
  ImportSummary,
  InspectOptions
} from "./imports/api.js"
export type { BatchError, IngestApi, IngestCallError, IngestError } from "./ingest/api.js"
export type {
  AliasCall,
  BatchOptions,
  BatchOutcome,
  BatchProgress,
  CustomTrackCall,
  GroupCall,
  IdentifyCall,
  IngestOutcome,
  KnownTrackCall,
  PageCall,
  ScreenCall,
  TrackCall
} from "./ingest/calls.js"
export { validateEvents } from "./ingest/validate-events.js"
export type { ListRequest } from "./list-request.js"
export type { CdpMode, Returns } from "./mode.js"
export type { CdpServiceOptions, CdpWorkspace } from "./options.js"
export type {
  CareApi,
  ItemChangeError,
  ItemListError,
  ItemListRequest,
  ItemReadError,
  ItemsApi,
  LeadCreateRequest,
  LeadListRequest,
  LeadsApi,
  NoteRequest,
  OpportunitiesApi,
  OpportunityCreateRequest,
  PeriodRequest,
  PipelineApi,
  PipelineTimelineEntry,
  StaffChange
} from "./pipeline/api.js"
export type { CdpPipelineOptions } from "./pipeline/options.js"
export type { ContactRestrictionsApi } from "./contact-restrictions/api.js"
export type { Actor, AuditApi, ConsentApi, PersonalDataExport, PrivacyApi, RequestOpen, RequestsApi } from "./privacy/api.js"
export type { CdpPrivacyOptions } from "./privacy/options.js"
export { EventSuppressed } from "./privacy/event-suppressed.js"
export type { ProfileLookupError, ProfileReference } from "./profile-reference.js"
export type { ListError, ProfileCountRequest, ProfileListRequest, ProfileOptions, ProfilesApi, TimelineRequest } from "./profiles/api.js"
export * from "./profiles/profile-edit.js"
export * from "./profiles/profile-views.js"
export type { RejectedApi, RejectedListRequest, ReplayOptions, ReplayOutcome, ReplayResult } from "./rejected/api.js"
export { type Promised, promised } from "./promised.js"
export {
  type DueOutcome,
  type RefreshOutcome,
  type RefreshProgress,
  type SegmentCreate,
  type SegmentDefinitionError,
  type SegmentEvaluationError,
  type SegmentRuleInput,
  type SegmentsApi,
  type SegmentUpdate
} from "./segments/api.js"
export type { CdpSegmentsOptions } from "./segments/options.js"
export type {
  CdpOutreachOptions,
  OutreachApi,
  PerformanceTarget,
  PlanBy,
  PlanChangeError,
  RunWorkerOptions,
  TickOptions,
  TickOutcome
} from "./outreach/api.js"
export { type OutboxWorkerEvent, type OutboxWorkerOptions, type OutboxWorkerSummary, type OutboxWorkerTimers, runOutboxWorker } from "./outreach/worker.js"
export * from "./service.js"
