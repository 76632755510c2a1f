import type { ConsentStatus, Identifier, InvalidInput, ProfileId, WorkspaceId } from "@kith/core"
import type { AuditAction, AuditEntry, ConsentRecord, DataSubjectRequest, RequestKind } from "@kith/privacy"
import { Context, type Effect, Schema } from "effect"
import type { StorageFailure } from "../errors.js"
import type { InvalidCursor, Page, PageRequest } from "./page.js"
import type { ProfileNotFound } from "./profiles.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * No data-subject request has this id in the workspace.
 *
 * @example
 * ```ts
 * import { RequestNotFound } from "@kith/storage"
 * new RequestNotFound({ id: "r-9" }).message // => "No data-subject request r-9"
 * ```
 */
export class RequestNotFound extends Schema.TaggedError<RequestNotFound>("@kith/storage/RequestNotFound")("RequestNotFound", {
  id: Schema.String
}) {
  override get message(): string {
    return `No data-subject request ${this.id}`
  }
}

/**
 * One consent decision to record: a purpose, a channel, what the person said
 * and until when a grant holds.
 *
 * @example
 * ```ts
 * const decision: ConsentDecision = { purpose: "marketing", channel: "zalo", status: "granted", expiresAt: new Date("2027-01-01T00:00:00Z") }
 * ```
 */
export interface ConsentDecision {
  readonly purpose: string
  readonly channel: string
  readonly status: ConsentStatus
  readonly expiresAt?: Date | undefined
}

/**
 * Who changed something and when: every change to personal data names its
 * actor, and the time is a parameter.
 *
 * @example
 * ```ts
 * const by: ChangeBy = { actor: "staff-lan", at: new Date("2026-01-05T02:00:00Z") }
 * ```
 */
export interface ChangeBy {
  readonly actor: string
  readonly at: Date
}

/**
 * The audit entry a change made through the facade writes in its own
 * transaction (PRIV-5): the store appends it only when the change commits,
 * and the change commits only with it. The store names the action, the
 * target and the time (the change's own); `details` says what changed, from
 * the change's result, and never holds a personal value.
 *
 * @typeParam R - what the change returns
 *
 * @example
 * ```ts
 * import type { IdentityChange } from "@kith/storage"
 * const note: AuditNote<IdentityChange> = { actor: "staff-minh", details: (change) => ({ from: change.from }) }
 * ```
 */
export interface AuditNote<R> {
  readonly actor: string
  readonly details: (result: R) => Readonly<Record<string, unknown>>
}

/**
 * How a person is erased (PRIV-2): `"delete"` removes the profile and
 * everything about it; `"anonymize"` keeps the profile's aggregate numbers
 * (its summary: orders, spend, activity counts, under its opaque id, with no
 * trait or identifier) and its commerce and custom events reduced to what
 * `@kith/privacy`'s `anonymizedEvent` keeps, and removes every personal
 * value. Suppression applies either way.
 *
 * @example
 * ```ts
 * const mode: ErasureMode = "anonymize"
 * ```
 */
export type ErasureMode = "delete" | "anonymize"

/**
 * What an erasure removed (PRIV-2): the profiles (each live one and those
 * merged into it), how many events, identifiers, ledger entries and
 * outreach messages, the refused calls whose raw payload carried the
 * person, and the suppression
 * entries added so the person is not re-created. Anonymized, `events`
 * counts the events deleted and `keptEvents` those kept without personal
 * values. Counts only: the report never holds an erased value.
 *
 * @example
 * ```ts
 * const report: ErasureReport = { mode: "delete", profileIds: ["p_m-1"], events: 12, keptEvents: 0, identifiers: 3, ledgerEntries: 4, consents: 2, contactRestrictions: 1,
 *   pipelineItems: 1, outreachMessages: 2, rejectedEvents: 1, suppressed: 3 }
 * ```
 */
export interface ErasureReport {
  readonly mode: ErasureMode
  readonly profileIds: ReadonlyArray<string>
  readonly events: number
  /** Events kept, anonymized (`"anonymize"` only). */
  readonly keptEvents: number
  readonly identifiers: number
  readonly ledgerEntries: number
  readonly consents: number
  /** Contact restrictions (do-not-contact, the shop blocked on a channel) deleted, in either mode. */
  readonly contactRestrictions: number
  readonly pipelineItems: number
  /**
   * Outreach outbox rows of the person's profiles: deleted, or (anonymized)
   * kept without their text and address, a row not delivered yet skipped as `erased`.
   */
  readonly outreachMessages: number
  /** Refused calls (`cdp.rejected`) deleted because their raw payload carried one of the person's identifiers. */
  readonly rejectedEvents: number
  /** Suppression entries added (identifiers the person held, and the one asked about). */
  readonly suppressed: number
}

/**
 * One entry of the suppression list, as listed: the identifier's type (never
 * its value), when it was added, how many later events carrying it were
 * stopped, and the last time one was.
 *
 * @example
 * ```ts
 * const entry: SuppressionEntry = { key: "9f2c…", type: "phone", createdAt: new Date("2026-01-05T02:00:00Z"), hits: 2, lastHitAt: new Date("2026-01-09T01:00:00Z") }
 * ```
 */
export interface SuppressionEntry {
  /** The keyed hash stored instead of the value. */
  readonly key: string
  readonly type: string
  readonly createdAt: Date
  readonly hits: number
  readonly lastHitAt?: Date | undefined
}

/**
 * The suppression list of a workspace and what it stopped.
 *
 * @example
 * ```ts
 * const summary: SuppressionSummary = { entries: [], stoppedEvents: 0 }
 * ```
 */
export interface SuppressionSummary {
  readonly entries: ReadonlyArray<SuppressionEntry>
  /** Events stopped by the list, in total. */
  readonly stoppedEvents: number
}

/**
 * What a retention run found (and, unless a dry run, purged): the anonymous
 * visitors inactive since before the cut-off.
 *
 * @example
 * ```ts
 * const report: PurgeReport = { dryRun: true, cutoff: new Date("2025-12-31T00:00:00Z"), scanned: 120, profileIds: ["p_c-9"], events: 14 }
 * ```
 */
export interface PurgeReport {
  readonly dryRun: boolean
  readonly cutoff: Date
  /** Live profiles read. */
  readonly scanned: number
  readonly profileIds: ReadonlyArray<string>
  /** Events of those profiles (deleted, unless a dry run). */
  readonly events: number
}

/**
 * Options of a retention run.
 *
 * @example
 * ```ts
 * const options: PurgeOptions = { asOf: new Date("2026-03-31T00:00:00Z"), inactiveDays: 90, dryRun: true, actor: "ops" }
 * ```
 */
export interface PurgeOptions {
  readonly asOf: Date
  readonly inactiveDays: number
  readonly dryRun?: boolean | undefined
  readonly actor: string
  /** Called after each page of profiles with how many were read and selected so far. */
  readonly onProgress?: ((progress: { readonly scanned: number; readonly selected: number }) => void) | undefined
}

/**
 * A request to record: kind, who asked, when it arrived, the working-day
 * calendar's holidays, who records it.
 *
 * @example
 * ```ts
 * const input: RequestInput = { id: "r-1", kind: "erasure", subject: { type: "phone", value: "0912 345 678" }, receivedAt: new Date("2026-01-05T02:00:00Z"), actor: "staff-lan" }
 * ```
 */
export interface RequestInput {
  readonly id: string
  readonly kind: RequestKind
  readonly subject: DataSubjectRequest["subject"]
  readonly receivedAt: Date
  readonly actor: string
  readonly note?: string | undefined
  /** Local dates that are not working days (besides weekends). */
  readonly holidays?: ReadonlyArray<string> | undefined
}

/**
 * The privacy features, stored (PRIV-1 … PRIV-7): consent records that follow
 * merges and splits with the events they are anchored to; erasure that
 * deletes a person everywhere and adds the identifiers they held to a
 * suppression list of keyed hashes, so later events carrying them are stopped
 * and counted instead of re-creating the person; an export of everything
 * held about one person; a retention run with a dry run; data-subject
 * requests with their deadlines; an append-only audit trail. Every change
 * names its actor and writes its audit entry in the same transaction.
 *
 * @example
 * ```ts
 * import type { ProfileId, WorkspaceId } from "@kith/core"
 * import { Effect } from "effect"
 *
 * const shop = "shop-1" as WorkspaceId
 * const program = Effect.gen(function*() {
 *   yield* (yield* Workspaces).create({ workspaceId: shop })
 *   yield* (yield* EventStore).ingest(shop, [{ type: "identify", messageId: "m-1", timestamp: "2026-01-05T09:00:00+07:00", anonymousId: "c-1", traits: { phone: "0912 345 678" } }])
 *   const privacy = yield* Privacy
 *   const report = yield* privacy.erase(shop, "p_m-1" as ProfileId, { actor: "staff-lan", at: new Date("2026-01-06T02:00:00Z") })
 *   return report.events
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend())))) // => 1
 * ```
 */
export class Privacy extends Context.Service<
  Privacy,
  {
    readonly consent: {
      /** Records decisions for a live profile (a merged-away id records for its survivor), anchored to its earliest event; audited. */
      readonly record: (
        workspaceId: WorkspaceId,
        profileId: ProfileId,
        decisions: ReadonlyArray<ConsentDecision>,
        by: ChangeBy & { readonly source: string; readonly evidence?: unknown }
      ) => Effect.Effect<ReadonlyArray<ConsentRecord>, UnknownWorkspace | ProfileNotFound | InvalidInput | StorageFailure>
      /** Every consent record of a profile (both sides' after a merge), oldest first. */
      readonly history: (workspaceId: WorkspaceId, profileId: ProfileId) => Effect.Effect<ReadonlyArray<ConsentRecord>, UnknownWorkspace | ProfileNotFound | StorageFailure>
    }
    /**
     * Erases a profile (PRIV-2): deletes it, the profiles merged into it, its
     * events, identifiers, identity records, ledger entries naming any of
     * them, its consent records, leads, opportunities and care record, its
     * outreach messages (outbox rows; anonymized: kept without text or
     * address), and the refused calls whose raw payload carries one of its identifiers (or
     * `alsoSuppress`); adds every identifier it held (and `alsoSuppress`,
     * normalized) to the suppression list; writes an audit entry naming no
     * value. `mode: "anonymize"` keeps the profile's aggregates instead of
     * deleting it (see {@link ErasureMode}); default `"delete"`.
     */
    readonly erase: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      by: ChangeBy & { readonly alsoSuppress?: ReadonlyArray<Identifier> | undefined; readonly mode?: ErasureMode | undefined }
    ) => Effect.Effect<ErasureReport, UnknownWorkspace | ProfileNotFound | InvalidInput | StorageFailure>
    /**
     * Adds identifiers (normalized by the store) to the suppression list for
     * a person nobody holds yet, and deletes the refused calls whose raw
     * payload carries one of them; audited.
     */
    readonly suppress: (
      workspaceId: WorkspaceId,
      identifiers: ReadonlyArray<Identifier>,
      by: ChangeBy
    ) => Effect.Effect<{ readonly suppressed: number; readonly rejectedEvents: number }, UnknownWorkspace | InvalidInput | StorageFailure>
    /** The suppression list and the events it stopped. */
    readonly suppressed: (workspaceId: WorkspaceId) => Effect.Effect<SuppressionSummary, UnknownWorkspace | StorageFailure>
    /**
     * Everything held about one person as one JSON document (PRIV-3), written
     * in pieces to `write` (events a page at a time, so a long history is
     * never held whole); audited. Returns the bytes written.
     */
    readonly exportTo: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      write: (chunk: string) => void | Promise<void>,
      by: ChangeBy
    ) => Effect.Effect<{ readonly bytes: number; readonly events: number }, UnknownWorkspace | ProfileNotFound | InvalidInput | StorageFailure>
    /** Purges anonymous visitors inactive for `inactiveDays` (PRIV-6); a dry run only counts. Audited either way. */
    readonly purgeInactive: (workspaceId: WorkspaceId, options: PurgeOptions) => Effect.Effect<PurgeReport, UnknownWorkspace | InvalidInput | StorageFailure>
    readonly requests: {
      /** Records a data-subject request with its deadlines in the workspace's timezone; audited. */
      readonly open: (workspaceId: WorkspaceId, input: RequestInput) => Effect.Effect<DataSubjectRequest, UnknownWorkspace | InvalidInput | StorageFailure>
      /** Closes an open request as completed or rejected; audited. */
      readonly close: (
        workspaceId: WorkspaceId,
        id: string,
        outcome: ChangeBy & { readonly status: "completed" | "rejected"; readonly note?: string | undefined }
      ) => Effect.Effect<DataSubjectRequest, UnknownWorkspace | RequestNotFound | StorageFailure>
      /** The requests, oldest first; `overdue` keeps those late at `asOf`. */
      readonly list: (
        workspaceId: WorkspaceId,
        filter: { readonly overdue?: boolean | undefined; readonly asOf?: Date | undefined; readonly status?: DataSubjectRequest["status"] | undefined }
      ) => Effect.Effect<ReadonlyArray<DataSubjectRequest>, UnknownWorkspace | StorageFailure>
    }
    readonly audit: {
      /** Appends entries (numbered after the last). */
      readonly append: (
        workspaceId: WorkspaceId,
        entries: ReadonlyArray<Omit<AuditEntry, "seq">>
      ) => Effect.Effect<void, UnknownWorkspace | StorageFailure>
      /** The trail in order, of one target or the whole workspace. */
      readonly list: (
        workspaceId: WorkspaceId,
        request: PageRequest & { readonly target?: string | undefined; readonly action?: AuditAction | undefined }
      ) => Effect.Effect<Page<AuditEntry>, UnknownWorkspace | InvalidCursor | StorageFailure>
    }
  }
>()("@kith/storage/Privacy") {}

/**
 * A consent record as an engine stores it: times in epoch ms, evidence and
 * covered profiles as JSON text.
 *
 * @example
 * ```ts
 * const row: ConsentRow = { id: "c-1", anchorRecordId: "m-1", purpose: "marketing", channel: "zalo", status: "granted", at: 1767578400000,
 *   source: "website_form", evidence: "{}", expiresAt: null, recordedOn: "p_m-1", covers: "[\"p_m-1\"]", actor: null }
 * ```
 */
export interface ConsentRow {
  readonly id: string
  readonly anchorRecordId: string
  readonly purpose: string
  readonly channel: string
  readonly status: string
  readonly at: number
  readonly source: string
  readonly evidence: string
  readonly expiresAt: number | null
  readonly recordedOn: string
  readonly covers: string
  readonly actor: string | null
}

/**
 * A consent row as a read by profile returns it: with the profile that owns
 * its anchor event now (so one read serves a page of profiles).
 *
 * @example
 * ```ts
 * const row: OwnedConsentRow = { id: "c-1", anchorRecordId: "m-1", purpose: "marketing", channel: "zalo", status: "granted", at: 1767578400000,
 *   source: "website_form", evidence: "{}", expiresAt: null, recordedOn: "p_m-1", covers: "[\"p_m-1\"]", actor: null, owner: "p_m-1" }
 * ```
 */
export interface OwnedConsentRow extends ConsentRow {
  readonly owner: string
}

/**
 * An audit entry as an engine stores it.
 *
 * @example
 * ```ts
 * const row: AuditRow = { seq: 1, at: 1767578400000, actor: "staff-lan", action: "privacy.erase", target: "p_m-1", details: "{}" }
 * ```
 */
export interface AuditRow {
  readonly seq: number
  readonly at: number
  readonly actor: string
  readonly action: string
  readonly target: string
  readonly details: string
}

/**
 * A suppression entry as an engine stores it.
 *
 * @example
 * ```ts
 * const row: SuppressionRow = { key: "9f2c…", type: "phone", createdAt: 1767578400000, hits: 0, lastHitAt: null }
 * ```
 */
export interface SuppressionRow {
  readonly key: string
  readonly type: string
  readonly createdAt: number
  readonly hits: number
  readonly lastHitAt: number | null
}

/**
 * A data-subject request as an engine stores it.
 *
 * @example
 * ```ts
 * const row: RequestRow = { id: "r-1", kind: "access", subject: "{\"profileId\":\"p_m-1\"}", receivedAt: 1767578400000, answerBy: 1767718800000,
 *   stopBy: null, status: "open", closedAt: null, note: null, actor: "staff-lan" }
 * ```
 */
export interface RequestRow {
  readonly id: string
  readonly kind: string
  readonly subject: string
  readonly receivedAt: number
  readonly answerBy: number
  readonly stopBy: number | null
  readonly status: string
  readonly closedAt: number | null
  readonly note: string | null
  readonly actor: string
}

/**
 * What an erasure deletes, named by the service: the profiles, their events,
 * and every text (ids and identifier values) whose ledger entries go too.
 *
 * @example
 * ```ts
 * const target: ErasureTarget = { profileIds: ["p_m-1", "p_m-7"], messageIds: ["m-1", "m-7"], names: ["p_m-1", "p_m-7", "m-1", "m-7", "+84912345678"] }
 * ```
 */
export interface ErasureTarget {
  readonly profileIds: ReadonlyArray<string>
  readonly messageIds: ReadonlyArray<string>
  /** Ledger entries naming any of these (ids, identifier values) are deleted. */
  readonly names: ReadonlyArray<string>
  /**
   * Events of `messageIds` kept rather than deleted (an anonymization): each
   * one's payload is replaced by the one given and its identity evidence is
   * dropped; everything else about it goes as for the others.
   */
  readonly keep?: ReadonlyMap<string, string> | undefined
}

/**
 * What an engine reads of privacy.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.privacy.secret("shop-1") // => undefined
 * ```
 */
export interface PrivacyReads {
  /** Consent rows anchored to an event of these profiles (as the events' owners are now), each with that owner. */
  readonly consentOfProfiles: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<OwnedConsentRow>>
  readonly audit: (
    workspaceId: string,
    filter: { readonly afterSeq: number; readonly limit: number; readonly target?: string | undefined; readonly action?: string | undefined }
  ) => Promise<ReadonlyArray<AuditRow>>
  /** Which of these keys are on the suppression list. */
  readonly suppressedKeys: (workspaceId: string, keys: ReadonlyArray<string>) => Promise<ReadonlySet<string>>
  readonly suppressions: (workspaceId: string) => Promise<ReadonlyArray<SuppressionRow>>
  readonly requests: (workspaceId: string) => Promise<ReadonlyArray<RequestRow>>
  /** The workspace's suppression secret, once one was made. */
  readonly secret: (workspaceId: string) => Promise<string | undefined>
  /** Events the suppression list stopped, in all. */
  readonly stoppedEvents: (workspaceId: string) => Promise<number>
}

/**
 * What an engine writes of privacy, inside a transaction.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", (tx) => tx.privacy.appendAudit("shop-1", [{ at: 1767578400000, actor: "ops", action: "privacy.purge", target: "workspace", details: "{}" }]))
 * ```
 */
export interface PrivacyWrites extends PrivacyReads {
  readonly insertConsent: (workspaceId: string, rows: ReadonlyArray<ConsentRow>) => Promise<void>
  /** Appends entries numbered after the workspace's last `seq`. */
  readonly appendAudit: (workspaceId: string, rows: ReadonlyArray<Omit<AuditRow, "seq">>) => Promise<void>
  /** Adds keys not on the list yet. */
  readonly addSuppressions: (workspaceId: string, rows: ReadonlyArray<SuppressionRow>) => Promise<void>
  /** Counts `events` stopped events in all, and on each key the events carrying it (key → events), at `at`. */
  readonly countHits: (workspaceId: string, hits: ReadonlyMap<string, number>, events: number, at: number) => Promise<void>
  readonly putRequest: (workspaceId: string, row: RequestRow) => Promise<void>
  readonly putSecret: (workspaceId: string, secret: string) => Promise<void>
  /**
   * Deletes the target from the stores of events, identity, profiles and
   * privacy: events (but rewrites those `keep` names) and their identity records, profile rows, identifier
   * rows, do-not-merge, must-link and kept-apart pairs naming them, ledger
   * entries naming any of `names`, consent rows anchored to the events.
   * Other features erase their own records through their port (the
   * pipeline's `eraseProfiles`). Returns how many ledger entries went.
   */
  readonly erase: (workspaceId: string, target: ErasureTarget) => Promise<{ readonly ledgerEntries: number }>
}
