import type { ProfileId, WorkspaceId } from "@kith/core"
import type { SegmentContext, SegmentInputs, SegmentRule } from "@kith/segments"
import { Context, type Effect } from "effect"
import type { StorageFailure } from "../errors.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * How a store evaluates a segment rule over its profiles at one instant:
 * `asOf` (every window is measured back from it) and the rule's context
 * (workspace timezone and currency, RFM cut-offs, the rules of the segments
 * it references).
 *
 * @example
 * ```ts
 * const at: SegmentEvaluation = { asOf: new Date("2026-07-01T02:00:00Z"), context: { timeZone: "Asia/Ho_Chi_Minh", currency: "VND" } }
 * ```
 */
export interface SegmentEvaluation {
  readonly asOf: Date
  readonly context?: SegmentContext | undefined
}

/**
 * The segment inputs a store keeps for every live profile (`@kith/segments`'
 * facts and activity rows, written with the ingestion that produced them and
 * following the profile through merges, splits and edits), and the engine
 * that evaluates rules over them: SQL in the SQL stores, `@kith/segments`'
 * in-memory engine in the memory store — the same members either way.
 *
 * @example
 * ```ts
 * import { SegmentInputsStore } from "@kith/storage"
 * import { Effect } from "effect"
 *
 * const members = Effect.gen(function* () {
 *   const inputs = yield* SegmentInputsStore
 *   return yield* inputs.members(workspaceId, rule, { asOf })
 * })
 * ```
 */
export class SegmentInputsStore extends Context.Service<
  SegmentInputsStore,
  {
    /** The stored inputs of these live profiles; an id the store does not hold as a live profile is absent from the map. */
    readonly inputsOf: (
      workspaceId: WorkspaceId,
      profileIds: ReadonlyArray<ProfileId>
    ) => Effect.Effect<ReadonlyMap<ProfileId, SegmentInputs>, UnknownWorkspace | StorageFailure>
    /** The live profiles matching `rule` at `evaluation.asOf`, sorted by id. */
    readonly members: (
      workspaceId: WorkspaceId,
      rule: SegmentRule,
      evaluation: SegmentEvaluation
    ) => Effect.Effect<ReadonlyArray<ProfileId>, UnknownWorkspace | StorageFailure>
    /** How many live profiles match `rule` at `evaluation.asOf`, counted by the store (never by listing). */
    readonly count: (workspaceId: WorkspaceId, rule: SegmentRule, evaluation: SegmentEvaluation) => Effect.Effect<number, UnknownWorkspace | StorageFailure>
  }
>()("@kith/storage/SegmentInputsStore") {}
