import type { ContactRestrictionReads, ContactRestrictionWrites } from "./port/contact-restrictions.js"
import type { EventReads, EventWrites } from "./port/events.js"
import type { IdentityGraphReads, IdentityGraphWrites } from "./port/identity-graph.js"
import type { OutboxDelivery, OutreachReads, OutreachWrites } from "./port/outreach.js"
import type { OutreachPerformanceReads } from "./port/outreach-performance.js"
import type { ShopEventReads, ShopEventWrites } from "./port/outreach-shop-events.js"
import type { PipelineReads, PipelineWrites } from "./port/pipeline.js"
import type { PrivacyReads, PrivacyWrites } from "./port/privacy.js"
import type { ProfileReads, ProfileWrites } from "./port/profiles.js"
import type { RejectedEventReads, RejectedEventWrites } from "./port/rejected-events.js"
import type { SegmentInputReads, SegmentInputWrites } from "./port/segment-inputs.js"
import type { SegmentReads, SegmentWrites } from "./port/segments.js"
import type { WorkspaceReads, WorkspaceWrites } from "./port/workspaces.js"

/**
 * The reads of every feature an engine stores, one repository per feature
 * (see `port/<feature>.ts`), all scoped by workspace.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.events.count("shop-1") // => 0
 * ```
 */
export interface StorageReads {
  readonly workspaces: WorkspaceReads
  readonly events: EventReads
  readonly profiles: ProfileReads
  readonly identity: IdentityGraphReads
  readonly rejected: RejectedEventReads
  readonly pipeline: PipelineReads
  readonly privacy: PrivacyReads
  readonly segmentInputs: SegmentInputReads
  readonly segments: SegmentReads
  readonly outreach: OutreachReads
  readonly outreachPerformance: OutreachPerformanceReads
  readonly shopEvents: ShopEventReads
  readonly contactRestrictions: ContactRestrictionReads
}

/**
 * The writes (and reads) of one transaction, one repository per feature.
 * Everything inside one {@link StorageBackend.transaction} commits together
 * or not at all.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", async (tx) => {
 *   await tx.identity.insertIdentifiers("shop-1", [{ type: "phone", value: "+84912345678", profileId: "p_m-1" }])
 * })
 * ```
 */
export interface StorageWrites {
  readonly workspaces: WorkspaceWrites
  readonly events: EventWrites
  readonly profiles: ProfileWrites
  readonly identity: IdentityGraphWrites
  readonly rejected: RejectedEventWrites
  readonly pipeline: PipelineWrites
  readonly privacy: PrivacyWrites
  readonly segmentInputs: SegmentInputWrites
  readonly segments: SegmentWrites
  readonly outreach: OutreachWrites
  readonly outreachPerformance: OutreachPerformanceReads
  readonly shopEvents: ShopEventWrites
  readonly contactRestrictions: ContactRestrictionWrites
}

/**
 * What an engine implements so the port's services run on it: each
 * feature's reads, and transactions that serialize writers of one workspace
 * (STO-3) and roll back entirely when `work` throws.
 *
 * @example
 * ```ts
 * const layer = storageLayer(makeMemoryBackend())
 * ```
 */
export interface StorageBackend {
  readonly read: StorageReads
  readonly transaction: <A>(workspaceId: string, work: (tx: StorageWrites) => Promise<A>) => Promise<A>
  /** Outbox delivery for workers, outside the workspace's write lock (see {@link OutboxDelivery}). */
  readonly delivery: OutboxDelivery
  readonly close: () => Promise<void>
}
