import { afterAll, beforeAll, describe } from "vitest"
import { contractHelpers, type StoreUnderTest } from "./contract-helpers.js"
import { registerContactRestrictionsContract } from "./contact-restrictions.contract.js"
import { registerCursorContract } from "./cursors.contract.js"
import { registerEventContract } from "./events.contract.js"
import { registerIdentityGraphContract } from "./identity-graph.contract.js"
import { registerIdentityGraphModel } from "./identity-graph.model.contract.js"
import { registerIngestReportContract } from "./ingest-report.contract.js"
import { registerOutboxModel } from "./outbox.model.contract.js"
import { registerOutreachContract } from "./outreach.contract.js"
import { registerOutreachPerformanceContract } from "./outreach-performance.contract.js"
import { registerOutreachPrivacyContract } from "./outreach-privacy.contract.js"
import { registerPipelineContract } from "./pipeline.contract.js"
import { registerPrivacyContract } from "./privacy.contract.js"
import { registerProfileContract } from "./profiles.contract.js"
import { registerReadsContract } from "./reads.contract.js"
import { registerRejectedEventContract } from "./rejected-events.contract.js"
import { registerSegmentInputsContract } from "./segment-inputs.contract.js"
import { registerSegmentContract } from "./segments.contract.js"
import { registerStorableContract } from "./storable.contract.js"
import { registerUndecodableContract } from "./undecodable.contract.js"
import { registerWorkspaceContract } from "./workspaces.contract.js"

export type { StoreUnderTest } from "./contract-helpers.js"

/**
 * Options of {@link storageContract}.
 *
 * @example
 * ```ts
 * const options: ContractOptions = { numRuns: 8, skip: process.env.NO_PG ? "no Postgres" : undefined }
 * ```
 */
export interface ContractOptions {
  /** Runs of each property test (default 12: every run writes to the engine). */
  readonly numRuns?: number
  /** Skip every test (e.g. an unreachable Postgres outside CI), with the reason in the test names. */
  readonly skip?: string | undefined
}

/**
 * The storage contract (STO-1), drizzle style: one function that registers
 * every test of the port, called once per engine, composed of one group
 * per feature (`<feature>.contract.ts`: a feature adds its file and one line
 * here). It covers workspaces,
 * idempotent and atomic ingestion, bad input leaving the store unchanged,
 * identity (attach, merge, merged-away ids, split, kept-apart pairs),
 * traits and summaries, search and pagination, order and batching
 * independence, and workspace isolation as a property.
 *
 * @param name - the engine's name, shown in the test names
 * @param makeStore - opens a fresh store (called once, in `beforeAll`)
 * @param options - property-test runs, or a reason to skip
 *
 * @example
 * ```ts
 * // packages/storage/test/memory.test.ts
 * import { storageContract } from "@kith/storage/testing"
 * const backend = makeMemoryBackend()
 * storageContract("memory", async () => ({ layer: storageLayer(backend), backend, close: async () => {} }))
 * ```
 */
export const storageContract = (name: string, makeStore: () => Promise<StoreUnderTest>, options: ContractOptions = {}): void => {
  const describeOrSkip = options.skip === undefined ? describe : describe.skip
  describeOrSkip(`storage contract: ${name}${options.skip === undefined ? "" : ` (skipped: ${options.skip})`}`, () => {
    let store: StoreUnderTest | undefined
    beforeAll(async () => {
      store = await makeStore()
    })
    afterAll(async () => {
      await store?.close()
    })
    const helpers = contractHelpers(() => {
      if (store === undefined) throw new Error("the store under test is not open yet")
      return store
    }, options.numRuns ?? 12)
    registerWorkspaceContract(helpers)
    registerEventContract(helpers)
    registerIdentityGraphContract(helpers)
    registerIdentityGraphModel(helpers)
    registerProfileContract(helpers)
    registerRejectedEventContract(helpers)
    registerStorableContract(helpers)
    registerCursorContract(helpers)
    registerUndecodableContract(helpers)
    registerIngestReportContract(helpers)
    registerPipelineContract(helpers)
    registerPrivacyContract(helpers)
    registerReadsContract(helpers)
    registerSegmentInputsContract(helpers)
    registerSegmentContract(helpers)
    registerOutreachContract(helpers)
    registerOutboxModel(helpers)
    registerOutreachPerformanceContract(helpers)
    registerOutreachPrivacyContract(helpers)
    registerContactRestrictionsContract(helpers)
  })
}
