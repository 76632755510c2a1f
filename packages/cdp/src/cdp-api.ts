import type { WorkspaceSettings } from "@kith/core"
import type { StoredWorkspace } from "@kith/storage"
import type { CollectApi } from "./collect/api.js"
import type { ContactRestrictionsApi } from "./contact-restrictions/api.js"
import type { CallableEventsApi, CallableLeadsApi, DeprecatedFlatApi } from "./deprecated/flat-aliases.js"
import type { ExportsApi } from "./exports/api.js"
import type { IdentityApi } from "./identity/api.js"
import type { ImportsApi } from "./imports/api.js"
import type { IngestApi } from "./ingest/api.js"
import type { CdpMode } from "./mode.js"
import type { CareApi, OpportunitiesApi, PipelineApi } from "./pipeline/api.js"
import type { AuditApi, ConsentApi, PrivacyApi } from "./privacy/api.js"
import type { ProfilesApi } from "./profiles/api.js"
import type { RejectedApi } from "./rejected/api.js"
import type { SegmentsApi } from "./segments/api.js"
import type { OutreachApi } from "./outreach/api.js"

/**
 * The whole facade on one workspace, declared once for both forms:
 * ingestion at the top (`identify`, `track`, `page`, `screen`, `group`,
 * `alias`, the atomic `batch` and the lenient `collect`), then one namespace
 * per feature — `profiles`, `events`, `identity`, `rejected`, `imports`,
 * `exports`, `leads`, `opportunities`, `care`, `pipeline`, `consent`,
 * `contactRestrictions`, `privacy`, `audit`, `segments`, `outreach`. `CdpApi<"effect">`
 * is the {@link Cdp} service ({@link CdpService}); `CdpApi<"promise">` is the
 * client of `createCdp` ({@link CdpClient}), derived from the service.
 *
 * A new feature adds its namespace here, one line, and in the service.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * await cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { phone: "0912 345 678" } })
 * (await cdp.profiles.get({ type: "phone", value: "0912 345 678" }, { asOf: new Date("2025-03-31T17:00:00Z") })).lifecycle.stage // => "lead"
 * await cdp.events.count() // => 1
 * ```
 */
export interface CdpApi<M extends CdpMode> extends IngestApi<M>, CollectApi<M>, DeprecatedFlatApi<M> {
  /** The workspace served: id, name, timezone. */
  readonly workspace: StoredWorkspace
  /** The settings in force (the timezone is always the stored workspace's). */
  readonly settings: WorkspaceSettings
  /** Profiles: the Profile 360, the stored profile, timeline, search, lists, edits. */
  readonly profiles: ProfilesApi<M>
  /** Raw events: a profile's events, one by messageId, the count (still callable as the deprecated `events(ref)`). */
  readonly events: CallableEventsApi<M>
  /** Identity: explain, split, merge with a dry run, the ledger. */
  readonly identity: IdentityApi<M>
  /** Events the lenient way in (`collect`) refused, kept with their raw payload and every problem: list, count, replay (ING-7). */
  readonly rejected: RejectedApi<M>
  /** Spreadsheet imports: templates, inspect, preview, commit. */
  readonly imports: ImportsApi<M>
  /** Spreadsheet exports of any list of profiles. */
  readonly exports: ExportsApi<M>
  /** Leads (PIPE-1/2): list, search, get, create, move, note, assign (still callable as the deprecated `leads()`, the lead-stage profiles). */
  readonly leads: CallableLeadsApi<M>
  /** Opportunities (PIPE-4): as leads, plus the period's figures. */
  readonly opportunities: OpportunitiesApi<M>
  /** Care status per customer (PIPE-6). */
  readonly care: CareApi<M>
  /** The pipeline: follow the events, metrics, funnel, overdue items, a customer's pipeline timeline. */
  readonly pipeline: PipelineApi<M>
  /** Consent per purpose and channel (PRIV-1): record, state, check, history. */
  readonly consent: ConsentApi<M>
  /** Do-not-contact and blocks of the shop per channel, with their lifts (OUT-5): record, state, history. */
  readonly contactRestrictions: ContactRestrictionsApi<M>
  /** Erasure with suppression, access export, retention, data-subject requests (PRIV-2/3/6/7). */
  readonly privacy: PrivacyApi<M>
  /** The audit trail of changes made through the facade (PRIV-5). */
  readonly audit: AuditApi<M>
  /** Stored segments and their membership (SEG-6 … SEG-8): create from a rule or a template, refresh, due re-evaluation, members, explain, a profile's segments and history. */
  readonly segments: SegmentsApi<M>
  /** Outreach plans through their machine, their delivery (tick, workers, the outbox) and performance (OUT-2 … OUT-8). */
  readonly outreach: OutreachApi<M>
}
