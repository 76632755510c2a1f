import type { InvalidInput } from "@kith/core"
import type { AuditAction, AuditEntry, ConsentEntry, ConsentRecord, DataSubjectRequest, RequestKind } from "@kith/privacy"
import type {
  ConsentDecision,
  ErasureMode,
  ErasureReport,
  InvalidCursor,
  Page,
  PurgeReport,
  RequestNotFound,
  StorageFailure,
  SuppressionSummary,
  UnknownWorkspace
} from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { ListRequest } from "../list-request.js"
import type { CdpMode, Returns } from "../mode.js"
import type { ProfileLookupError, ProfileReference } from "../profile-reference.js"

/**
 * Who makes a change and when: every call that changes personal data takes
 * its actor (a staff id, a system name) and its time (a parameter, never the
 * clock).
 *
 * @example
 * ```ts
 * const by: Actor = { actor: "staff-lan", at: new Date("2026-01-05T02:00:00Z") }
 * ```
 */
export interface Actor {
  readonly actor: string
  readonly at: Date
}

/**
 * `cdp.consent` (PRIV-1): consent per purpose and channel, recorded with its
 * source and evidence, and the state at any instant — "no consent" unless
 * the person said yes (or the workspace marks the purpose as not needing
 * consent). Consent also arrives as `Consent Updated` events.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 *
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * await cdp.identify({ messageId: "m-1", timestamp: "2026-01-05T08:00:00+07:00", anonymousId: "c-1", traits: { phone: "0912 345 678" } })
 * const lan = { type: "phone", value: "0912 345 678" }
 * const asOf = new Date("2026-01-06T00:00:00Z")
 * const before = await cdp.consent.check(lan, { purpose: "marketing", channel: "zalo", asOf })
 * before.allowed // => false
 * await cdp.consent.record(lan, [{ purpose: "marketing", channel: "zalo", status: "granted" }],
 *   { actor: "staff-lan", at: new Date("2026-01-05T02:00:00Z"), source: "phone_call", evidence: { callId: "c-7" } })
 * const after = await cdp.consent.check(lan, { purpose: "marketing", channel: "zalo", asOf })
 * after.allowed // => true
 * await cdp.close()
 * ```
 */
export interface ConsentApi<M extends CdpMode> {
  /** Records decisions for a person (audited); returns the records kept. */
  record(
    ref: ProfileReference,
    decisions: ReadonlyArray<ConsentDecision>,
    by: Actor & { readonly source: string; readonly evidence?: unknown }
  ): Returns<M, ReadonlyArray<ConsentRecord>, ProfileLookupError | InvalidInput>
  /** The state at `asOf` of every purpose × channel a record names. */
  state(ref: ProfileReference, options: { readonly asOf: Date }): Returns<M, ReadonlyArray<ConsentEntry>, ProfileLookupError>
  /** May this person be contacted for this purpose on this channel at `asOf` — the question outreach asks. */
  check(ref: ProfileReference, question: { readonly purpose: string; readonly channel: string; readonly asOf: Date }): Returns<M, ConsentEntry, ProfileLookupError>
  /** Every record (both sides' after a merge), oldest first: the evidence. */
  history(ref: ProfileReference): Returns<M, ReadonlyArray<ConsentRecord>, ProfileLookupError>
}

/**
 * A data-subject request to record.
 *
 * @example
 * ```ts
 * const input: RequestOpen = { id: "r-1", kind: "erasure", subject: { type: "phone", value: "0912 345 678" }, receivedAt: new Date("2026-01-05T02:00:00Z"), actor: "staff-lan" }
 * ```
 */
export interface RequestOpen {
  readonly id: string
  readonly kind: RequestKind
  readonly subject: DataSubjectRequest["subject"]
  readonly receivedAt: Date
  readonly actor: string
  readonly note?: string
}

/**
 * `cdp.privacy.requests`: callable to list requests (`{ overdue: true, asOf }`
 * lists the late ones), with `open` and `close`.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * const late = await cdp.privacy.requests({ overdue: true, asOf: new Date("2026-01-08T00:00:00Z") })
 * ```
 */
export type RequestsApi<M extends CdpMode> = ((filter?: {
  readonly overdue?: boolean
  readonly asOf?: Date
  readonly status?: DataSubjectRequest["status"]
}) => Returns<M, ReadonlyArray<DataSubjectRequest>, InvalidArgument | UnknownWorkspace | StorageFailure>) & {
  /** Records a request with its Decree 356 deadlines (audited). */
  readonly open: (input: RequestOpen) => Returns<M, DataSubjectRequest, InvalidInput | UnknownWorkspace | StorageFailure>
  /** Closes a request as completed or rejected (audited). */
  readonly close: (
    id: string,
    outcome: Actor & { readonly status: "completed" | "rejected"; readonly note?: string }
  ) => Returns<M, DataSubjectRequest, RequestNotFound | UnknownWorkspace | StorageFailure>
}

/**
 * `cdp.privacy`: the data subject's rights and the workspace's duties —
 * erasure with suppression (PRIV-2), access export (PRIV-3), retention
 * (PRIV-6) and requests with their deadlines (PRIV-7).
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * const report = await cdp.privacy.erase({ type: "phone", value: "0912 345 678" }, { actor: "dpo", at: new Date("2026-01-06T02:00:00Z") })
 * report.suppressed // 3: the phone, the email and the cookie the person held
 * ```
 */
export interface PrivacyApi<M extends CdpMode> {
  /**
   * Erases a person named by any identifier (any written form of a phone) or
   * by profile id: every profile holding the identifier, with its events,
   * identifiers, traits, ledger entries, consents, leads, opportunities; the
   * identifiers go on the suppression list (the one given too, even when
   * nobody holds it); the refused calls (`cdp.rejected`) whose raw payload
   * carries one of them are deleted too. `mode` (default: the workspace's
   * `privacy.erasure`, else `"delete"`): `"anonymize"` keeps the profile's
   * aggregate numbers under its opaque id and drops every personal value.
   * Audited, without values.
   */
  erase(ref: ProfileReference, by: Actor & { readonly mode?: ErasureMode }): Returns<M, ErasureReport, ProfileLookupError | InvalidInput>
  /** Everything held about one person as one JSON document (audited). */
  export(ref: ProfileReference, by: Actor): Returns<M, PersonalDataExport, ProfileLookupError | InvalidInput>
  /** The same document written in pieces to `write` (a file, an HTTP response), for long histories. */
  exportTo(
    ref: ProfileReference,
    write: (chunk: string) => void | Promise<void>,
    by: Actor
  ): Returns<M, { readonly bytes: number; readonly events: number }, ProfileLookupError | InvalidInput>
  /** The suppression list (types and keyed hashes, never values) and the events it stopped. */
  suppressed(): Returns<M, SuppressionSummary, UnknownWorkspace | StorageFailure>
  /** Purges anonymous visitors inactive for `inactiveDays`; `dryRun` only counts (audited either way). */
  purgeInactive(
    options: Actor & {
      readonly inactiveDays: number
      readonly dryRun?: boolean
      readonly onProgress?: (progress: { readonly scanned: number; readonly selected: number }) => void
    }
  ): Returns<M, PurgeReport, InvalidArgument | InvalidInput | UnknownWorkspace | StorageFailure>
  /** Data-subject requests: list (callable), `open`, `close`. */
  readonly requests: RequestsApi<M>
}

/**
 * The document of an access request (PRIV-3): the profile (identifiers,
 * traits with their source and time, summary), raw events, consents,
 * contact restrictions, leads
 * and opportunities, ledger entries, requests and audit entries about them.
 *
 * @example
 * ```ts
 * const doc: PersonalDataExport = await cdp.privacy.export("p_m-1", { actor: "dpo", at: new Date("2026-01-06T02:00:00Z") })
 * doc.events.length // every raw event of the person
 * ```
 */
export interface PersonalDataExport {
  readonly kind: "kith.personal-data-export"
  readonly version: 1
  readonly workspaceId: string
  readonly exportedAt: string
  readonly profile: Readonly<Record<string, unknown>>
  readonly events: ReadonlyArray<unknown>
  readonly consents: ReadonlyArray<unknown>
  /** Do-not-contact and blocks of the shop, with their lifts (OUT-5). */
  readonly contactRestrictions: ReadonlyArray<unknown>
  readonly pipeline: { readonly items: ReadonlyArray<unknown>; readonly care: ReadonlyArray<unknown> }
  readonly ledger: ReadonlyArray<unknown>
  readonly requests: ReadonlyArray<unknown>
  readonly audit: ReadonlyArray<unknown>
}

/**
 * `cdp.audit` (PRIV-5): the append-only trail of changes made through the
 * facade — profile edits, merges, splits, consent, erasures, exports,
 * retention runs, requests — per profile or for the workspace.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * const trail = await cdp.audit.list({ profile: "p_m-1", limit: 20 })
 * trail.items[0]?.action // "consent.record", "privacy.erase", ...
 * ```
 */
export interface AuditApi<M extends CdpMode> {
  list(
    request?: ListRequest & { readonly profile?: ProfileReference; readonly action?: AuditAction }
  ): Returns<M, Page<AuditEntry>, ProfileLookupError | InvalidCursor>
}
