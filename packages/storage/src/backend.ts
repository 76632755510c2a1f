import type { LedgerDraft, NormalizedIdentifier } from "@kith/identity"

/**
 * A workspace row. `settings` is JSON text.
 *
 * @example
 * ```ts
 * const row: WorkspaceRow = { workspaceId: "shop-1", name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" }
 * ```
 */
export interface WorkspaceRow {
  readonly workspaceId: string
  readonly name: string
  readonly timeZone: string
}

/**
 * A raw event row: the encoded event as JSON text, the profile it belongs to,
 * and its time (epoch ms) for ordering.
 *
 * @example
 * ```ts
 * const row: EventRow = { messageId: "m-1", profileId: "p_m-1", type: "identify", name: null, timestamp: 1740794400000, payload: "{...}" }
 * ```
 */
export interface EventRow {
  readonly messageId: string
  readonly profileId: string
  readonly type: string
  readonly name: string | null
  readonly timestamp: number
  readonly payload: string
  /**
   * Its identity evidence, written with the event (reads of events may leave
   * it out): the source and the valid normalized identifiers it carried, in
   * order. Absent or empty for an event without a valid identifier.
   */
  readonly identity?: { readonly source: string; readonly identifiers: ReadonlyArray<NormalizedIdentifier> } | undefined
}

/**
 * A profile row. `mergedInto` is set once the profile was merged away (it
 * always names a live profile: merges re-point older redirects). `traits` and
 * `summary` are JSON text; `searchText` is the folded text PRF-12 searches;
 * `stage` the lifecycle stage (PRF-2) as of its latest event.
 *
 * `lastRecordAt` and `isolated` let ingestion attach a record without
 * re-resolving history: `lastRecordAt` is the time of the profile's latest
 * identity record, and `isolated` says that its evidence component is exactly
 * its own records — every identifier they carry is held by this profile
 * alone, nothing was quarantined, dropped or kept apart, no split or manual
 * merge constrains them.
 *
 * @example
 * ```ts
 * const row: ProfileRow = {
 *   profileId: "p_m-1", mergedInto: null, createdAt: 1740794400000, traits: "{}", summary: "{...}",
 *   searchText: "nguyen thi lan", stage: "lead", lastRecordAt: 1740794400000, isolated: true
 * }
 * ```
 */
export interface ProfileRow {
  readonly profileId: string
  readonly mergedInto: string | null
  readonly createdAt: number
  readonly traits: string
  readonly summary: string
  readonly searchText: string
  readonly stage: string
  readonly lastRecordAt: number
  readonly isolated: boolean
}

/**
 * An identifier row: a normalized identifier held by a live profile (one
 * identifier may be held by several when a guard kept them apart).
 *
 * @example
 * ```ts
 * const row: IdentifierRow = { type: "phone", value: "+84912345678", profileId: "p_m-1" }
 * ```
 */
export interface IdentifierRow {
  readonly type: string
  readonly value: string
  readonly profileId: string
}

/**
 * The identity evidence of one stored event (a record for `@kith/identity`):
 * its valid normalized identifiers in the order the event carried them, its
 * time and source, and the profile its event belongs to now.
 *
 * @example
 * ```ts
 * const row: IdentityRecordRow = { messageId: "m-1", timestamp: 1740794400000, source: "web", profileId: "p_m-1", identifiers: [{ type: "phone", value: "+84912345678" }] }
 * ```
 */
export interface IdentityRecordRow {
  readonly messageId: string
  readonly timestamp: number
  readonly source: string
  readonly profileId: string
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
}

/**
 * The reads every backend offers, scoped by workspace. All methods resolve,
 * never reject on "not found" (they return `undefined` or empty).
 *
 * @example
 * ```ts
 * await backend.read.existingMessageIds("shop-1", ["m-1", "m-2"]) // => Set { "m-1" }
 * ```
 */
export interface BackendReader {
  readonly workspace: (workspaceId: string) => Promise<WorkspaceRow | undefined>
  /** Which of these message ids are already stored. */
  readonly existingMessageIds: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlySet<string>>
  /** The live profiles holding each of these identifiers (several when a guard kept them apart). */
  readonly identifierOwners: (workspaceId: string, identifiers: ReadonlyArray<NormalizedIdentifier>) => Promise<ReadonlyArray<IdentifierRow>>
  /** Profile rows by id, live or merged away. */
  readonly profiles: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<ProfileRow>>
  /** Ids merged away into this profile. */
  readonly mergedInto: (workspaceId: string, profileId: string) => Promise<ReadonlyArray<string>>
  readonly identifiersOf: (workspaceId: string, profileId: string) => Promise<ReadonlyArray<IdentifierRow>>
  /** The identifier rows of several profiles at once. */
  readonly identifiersOfProfiles: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<IdentifierRow>>
  readonly event: (workspaceId: string, messageId: string) => Promise<EventRow | undefined>
  /** Events of a profile ordered by (timestamp, messageId), after the given position. */
  readonly eventsOf: (
    workspaceId: string,
    profileId: string,
    after: { readonly timestamp: number; readonly messageId: string } | undefined,
    limit: number
  ) => Promise<ReadonlyArray<EventRow>>
  readonly countEvents: (workspaceId: string) => Promise<number>
  /** Live profiles ordered by id after `afterId`, optionally only those whose search text contains `contains`, whose id is in `ids`, or at a `stage`. */
  readonly listProfiles: (
    workspaceId: string,
    filter: {
      readonly contains?: string | undefined
      readonly ids?: ReadonlyArray<string> | undefined
      readonly stage?: string | undefined
      readonly afterId?: string | undefined
      readonly limit: number
    }
  ) => Promise<ReadonlyArray<ProfileRow>>
  /** The workspace summary (JSON text), if one was written. */
  readonly workspaceSummary: (workspaceId: string) => Promise<string | undefined>
  /** Ledger entries (JSON text) with `seq` above `afterSeq`, in order. */
  readonly ledger: (workspaceId: string, afterSeq: number, limit: number) => Promise<ReadonlyArray<{ readonly seq: number; readonly entry: string }>>
  /** Do-not-merge pairs involving any of these live profiles. */
  readonly keptApart: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<readonly [string, string]>>
  /** The stored identity records carrying any of these identifiers: those of the profiles holding one, and the indexed unheld ones. */
  readonly recordsHolding: (workspaceId: string, identifiers: ReadonlyArray<NormalizedIdentifier>) => Promise<ReadonlyArray<IdentityRecordRow>>
  /** The identity records of these events (events without a valid identifier have none). */
  readonly identityRecords: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlyArray<IdentityRecordRow>>
  /** Do-not-merge record pairs (from splits) naming any of these records. */
  readonly doNotMerge: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlyArray<readonly [string, string]>>
  /** Must-link record pairs (from manual merges) naming any of these records. */
  readonly mustLink: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlyArray<readonly [string, string]>>
  /** The identity records of every event of these live profiles. */
  readonly recordsOfProfiles: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<IdentityRecordRow>>
  /**
   * Which of these identifiers — each held by no profile — some stored
   * identity record carries anyway (quarantined, dropped, guarded), as
   * `identifierKey`s. Only meaningful for unheld identifiers.
   */
  readonly seenIdentifiers: (workspaceId: string, identifiers: ReadonlyArray<NormalizedIdentifier>) => Promise<ReadonlySet<string>>
  /** Event rows by message id (missing ones are left out). */
  readonly eventsById: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlyArray<EventRow>>
}

/**
 * The writes of one transaction, scoped by workspace. Everything inside one
 * {@link StorageBackend.transaction} commits together or not at all.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", async (tx) => {
 *   await tx.insertIdentifiers("shop-1", [{ type: "phone", value: "+84912345678", profileId: "p_m-1" }])
 * })
 * ```
 */
export interface BackendTransaction extends BackendReader {
  readonly insertWorkspace: (row: WorkspaceRow) => Promise<void>
  readonly insertEvents: (workspaceId: string, rows: ReadonlyArray<EventRow>) => Promise<void>
  readonly insertProfiles: (workspaceId: string, rows: ReadonlyArray<ProfileRow>) => Promise<void>
  /**
   * Writes profiles as live (`mergedInto` cleared): inserts missing rows,
   * rewrites traits, summary, search text, stage, `createdAt`, latest record
   * time and isolation of existing ones. `before` gives the rows as this
   * transaction read them, where known, so a backend may leave what did not
   * change alone (an SQL upsert rewrites every index on a column it assigns).
   */
  readonly updateProfiles: (workspaceId: string, rows: ReadonlyArray<ProfileRow>, before?: ReadonlyMap<string, ProfileRow>) => Promise<void>
  readonly insertIdentifiers: (workspaceId: string, rows: ReadonlyArray<IdentifierRow>) => Promise<void>
  /**
   * Merges profiles away, each `from` into its `into`: their identifiers,
   * events and kept-apart pairs move to `into`, they and every profile
   * redirected to them now redirect to `into`. An `into` is never a `from`.
   */
  readonly mergeProfiles: (workspaceId: string, merges: ReadonlyArray<{ readonly from: ReadonlyArray<string>; readonly into: string }>) => Promise<void>
  /** Moves these identifiers and events to another live profile (a split). */
  readonly moveToProfile: (
    workspaceId: string,
    into: string,
    identifiers: ReadonlyArray<NormalizedIdentifier>,
    messageIds: ReadonlyArray<string>
  ) => Promise<void>
  readonly insertKeptApart: (workspaceId: string, a: string, b: string) => Promise<void>
  /**
   * Indexes identifiers that stored events carry but their profile does not
   * hold (quarantined, dropped over a limit, kept apart by a guard, or moved
   * away by a split), by value. Identifiers a profile holds are found through
   * the profile instead, so the records carrying any identifier are: the
   * records of the profiles holding it, plus the indexed ones. Re-indexing a
   * pair is a no-op.
   */
  readonly indexUnheldIdentifiers: (
    workspaceId: string,
    rows: ReadonlyArray<{ readonly messageId: string; readonly ord: number; readonly identifier: NormalizedIdentifier; readonly timestamp: number; readonly source: string }>
  ) => Promise<void>
  /** Deletes every identifier row of these profiles, then inserts `rows`. */
  readonly replaceIdentifiers: (workspaceId: string, profileIds: ReadonlyArray<string>, rows: ReadonlyArray<IdentifierRow>) => Promise<void>
  /** Records a do-not-merge pair of records (a split, IDN-8). */
  readonly insertDoNotMerge: (workspaceId: string, a: string, b: string) => Promise<void>
  /** Forgets a do-not-merge pair, stored in either order (a manual merge over an earlier split). */
  readonly deleteDoNotMerge: (workspaceId: string, a: string, b: string) => Promise<void>
  /** Forgets a must-link pair, stored in either order (a split of a manually merged profile). */
  readonly deleteMustLink: (workspaceId: string, a: string, b: string) => Promise<void>
  /** Records a must-link pair of records (a manual merge, IDN-9). */
  readonly insertMustLink: (workspaceId: string, a: string, b: string) => Promise<void>
  /** Replaces the workspace summary (JSON text). */
  readonly writeWorkspaceSummary: (workspaceId: string, summary: string) => Promise<void>
  /** Appends entries (JSON-able drafts) and numbers them after the workspace's last `seq`. */
  readonly appendLedger: (workspaceId: string, entries: ReadonlyArray<LedgerDraft>) => Promise<void>
}

/**
 * What an engine implements so the port's services run on it: reads, and
 * transactions that serialize writers of one workspace (STO-3) and roll back
 * entirely when `work` throws.
 *
 * @example
 * ```ts
 * const layer = storageLayer(makeMemoryBackend())
 * ```
 */
export interface StorageBackend {
  readonly read: BackendReader
  readonly transaction: <A>(workspaceId: string, work: (tx: BackendTransaction) => Promise<A>) => Promise<A>
  readonly close: () => Promise<void>
}
