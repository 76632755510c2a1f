import type { StorageBackend, StorageWrites } from "../backend.js"
import type { OutboxDelivery } from "../port/outreach.js"
import { memoryContactRestrictions } from "./contact-restrictions.js"
import { memoryEvents } from "./events.js"
import { memoryIdentityGraph } from "./identity-graph.js"
import { memoryOutreach } from "./outreach.js"
import { memoryOutreachPerformance } from "./outreach-performance.js"
import { memoryShopEvents } from "./outreach-shop-events.js"
import { memoryPipeline } from "./pipeline.js"
import { memoryPrivacy } from "./privacy.js"
import { memoryProfiles } from "./profiles.js"
import { memoryRejectedEvents } from "./rejected-events.js"
import { memorySegmentInputs } from "./segment-inputs.js"
import { memorySegments } from "./segments.js"
import { makeMemoryState } from "./state.js"
import { memoryWorkspaces } from "./workspaces.js"

/**
 * The in-memory engine: plain maps per workspace, for tests and the browser.
 * Transactions run one at a time and keep an undo log, so a failing batch
 * leaves nothing behind, exactly like the SQL engines.
 *
 * @returns a backend for {@link storageLayer}
 *
 * @example
 * ```ts
 * const layer = storageLayer(makeMemoryBackend())
 * ```
 */
export const makeMemoryBackend = (): StorageBackend => {
  const state = makeMemoryState()
  const outreach = memoryOutreach(state)
  const tx: StorageWrites = {
    workspaces: memoryWorkspaces(state),
    events: memoryEvents(state),
    profiles: memoryProfiles(state),
    identity: memoryIdentityGraph(state),
    rejected: memoryRejectedEvents(state),
    pipeline: memoryPipeline(state),
    privacy: memoryPrivacy(state),
    segmentInputs: memorySegmentInputs(state),
    segments: memorySegments(state),
    outreach: outreach.writes,
    outreachPerformance: memoryOutreachPerformance(state, outreach.writes),
    shopEvents: memoryShopEvents(state),
    contactRestrictions: memoryContactRestrictions(state)
  }
  const { undo } = state
  let queue: Promise<unknown> = Promise.resolve()

  const transaction = <A>(_workspaceId: string, work: (t: StorageWrites) => Promise<A>): Promise<A> => {
    const run = async (): Promise<A> => {
      undo.length = 0
      try {
        return await work(tx)
      } catch (e) {
        for (let i = undo.length - 1; i >= 0; i--) undo[i]!()
        throw e
      } finally {
        undo.length = 0
      }
    }
    const result = queue.then(run, run)
    queue = result.catch(() => undefined)
    return result
  }

  // Delivery takes turns with the transactions too: a transaction rolled back must not undo a claim made meanwhile.
  const { claim, complete, fail, renew } = outreach.delivery
  const delivery: OutboxDelivery = {
    claim: (workspaceId, request) => transaction(workspaceId, () => claim(workspaceId, request)),
    complete: (workspaceId, workerId, ids, now) => transaction(workspaceId, () => complete(workspaceId, workerId, ids, now)),
    fail: (workspaceId, workerId, failures, now) => transaction(workspaceId, () => fail(workspaceId, workerId, failures, now)),
    renew: (workspaceId, workerId, ids, now, leaseMs) => transaction(workspaceId, () => renew(workspaceId, workerId, ids, now, leaseMs))
  }

  return { read: tx, transaction, delivery, close: async () => undefined }
}
