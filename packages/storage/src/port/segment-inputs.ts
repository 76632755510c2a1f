import type { ProfileId, WorkspaceId } from "@kith/core"
import type { RfmInput, RfmScore } from "@kith/profile"
import type { ActivityRow, ProfileFacts, SegmentContext, SegmentInputs, SegmentRule } from "@kith/segments"
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
 * A profile of a schedule's page, with inputs on which `@kith/segments`'
 * `nextChange` of the page's rule equals its value on the profile's stored
 * inputs. The inputs' facts may be another profile's (the profile is
 * `profileId`): a store gives profiles whose next change it knows to be one
 * (for a rule of the last order alone, profiles whose last orders fall on
 * the same local day and that hold no order still to complete or fail) one
 * and the same inputs object, so that a refresh computes it once for them all.
 *
 * @example
 * ```ts
 * import { activityRow, emptyFacts } from "@kith/segments"
 *
 * // p-1's last order was at 9:00 on 1 June (Ho Chi Minh time), p-2's at 21:30 that day: one inputs object stands for both.
 * const lastOrderAt = Date.parse("2025-06-01T09:00:00+07:00")
 * const shared = { facts: emptyFacts("p-1"), activity: [activityRow("order", lastOrderAt, "o-1", { completedAt: lastOrderAt })] }
 * const page: ReadonlyArray<SchedulableProfile> = [
 *   { profileId: "p-1", inputs: shared },
 *   { profileId: "p-2", inputs: shared }
 * ]
 * page[1]?.inputs === page[0]?.inputs // => true
 * ```
 */
export interface SchedulableProfile<Id extends string = string> {
  readonly profileId: Id
  readonly inputs: SegmentInputs
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
    /**
     * One page, by profile id after `page.after`, of the live profiles whose
     * verdict in `rule` may change by time alone after `evaluation.asOf`
     * (a superset: every profile left out has a verdict no time can change
     * with its stored inputs), each with inputs on which `@kith/segments`'
     * `nextChange` of this rule is the same as on its stored ones: its facts
     * and the activity rows the rule reads, or fewer (the SQL stores condense
     * a rule of one condition over orders to the rows its next change depends
     * on) — enough for this rule, not for another. Profiles given one and
     * the same inputs object share its next change, and its facts may be
     * another's (see {@link SchedulableProfile}). A refresh schedules a
     * segment from these pages.
     */
    readonly schedulable: (
      workspaceId: WorkspaceId,
      rule: SegmentRule,
      evaluation: SegmentEvaluation,
      page: { readonly after?: ProfileId | undefined; readonly limit: number }
    ) => Effect.Effect<ReadonlyArray<SchedulableProfile<ProfileId>>, UnknownWorkspace | StorageFailure>
    /** How many live profiles match `rule` at `evaluation.asOf`, counted by the store (never by listing). */
    readonly count: (workspaceId: WorkspaceId, rule: SegmentRule, evaluation: SegmentEvaluation) => Effect.Effect<number, UnknownWorkspace | StorageFailure>
    /**
     * The profile's RFM scores and label at `asOf` (PRF-9: `@kith/profile`'s
     * `rfmScores` over the workspace's buyers, from the stored inputs), or
     * `null` when it has no successful order by then. Timezone and currency
     * default to the workspace's and `VND`.
     */
    readonly rfmOf: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      at: { readonly asOf: Date; readonly timeZone?: string | undefined; readonly currency?: string | undefined }
    ) => Effect.Effect<RfmScore | null, UnknownWorkspace | StorageFailure>
  }
>()("@kith/storage/SegmentInputsStore") {}

/**
 * What an engine reads of the segment inputs, scoped by workspace: the
 * stored inputs of live profiles, and the live profiles a rule selects at an
 * instant. `evaluation.context` arrives complete: timezone and currency set,
 * RFM cut-offs present when the rule (or a segment it names) needs them.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.segmentInputs.count("shop-1", { version: 1, rule: { all: [] } }, { asOf: new Date() }) // => 0
 * ```
 */
export interface SegmentInputReads {
  /** The stored inputs of these profiles (absent when none is stored). */
  readonly inputsOf: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyMap<string, SegmentInputs>>
  /** The profiles whose stored inputs match the rule at `evaluation.asOf`, sorted by id. */
  readonly members: (workspaceId: string, rule: SegmentRule, evaluation: SegmentEvaluation) => Promise<ReadonlyArray<string>>
  /**
   * A page of the profiles whose verdict may change by time alone after
   * `evaluation.asOf` (a superset), by id after `page.after`, each with
   * inputs on which the rule's `nextChange` is the same as on its stored ones
   * (profiles given one and the same inputs object share its next change).
   */
  readonly schedulable: (
    workspaceId: string,
    rule: SegmentRule,
    evaluation: SegmentEvaluation,
    page: { readonly after?: string | undefined; readonly limit: number }
  ) => Promise<ReadonlyArray<SchedulableProfile>>
  /** How many profiles `members` lists, counted by the engine. */
  readonly count: (workspaceId: string, rule: SegmentRule, evaluation: SegmentEvaluation) => Promise<number>
  /** What RFM measures of every profile with a successful order at `asOf` (the input of `rfmCutoffs`). */
  readonly rfmInputs: (workspaceId: string, asOf: Date, currency: string) => Promise<ReadonlyArray<RfmInput<string>>>
}

/**
 * A profile that only gained events: its rebuilt facts and order rows
 * (which replace the stored ones; absent when its orders did not change, and
 * the stored order rows stay), and the rows of its new events (added to the
 * stored ones). With `ordersReplaced`, only the rows of those orders are
 * replaced: `orders` then holds their rows as they are now (an order listed
 * with no rows has none left), and every other stored order row stays.
 *
 * @example
 * ```ts
 * const change: SegmentInputsChange = { facts, orders: orderRowsOf(summary), added: [viewedRow] }
 * const oneOrder: SegmentInputsChange = { facts, orders: rowsOfSo2, ordersReplaced: ["SO-2"], added: [] }
 * const viewedOnly: SegmentInputsChange = { facts, added: [viewedRow], listsAsStored: true, traitsAsStored: true }
 * ```
 */
export interface SegmentInputsChange {
  readonly facts: ProfileFacts
  readonly orders?: ReadonlyArray<ActivityRow> | undefined
  /** The ids of the orders whose rows `orders` replaces; absent, it replaces every order row. */
  readonly ordersReplaced?: ReadonlyArray<string> | undefined
  readonly added: ReadonlyArray<ActivityRow>
  /**
   * The caller's word that the profile's stored lists (tags, customer groups,
   * channels, sources) are already those of `facts` (as when its trait values
   * did not change and its channels and sources did not move): an engine need
   * not read or write them, though a profile with no stored facts row is
   * written whole regardless. Absent or false, the engine compares with what
   * it holds.
   */
  readonly listsAsStored?: boolean | undefined
  /** As `listsAsStored`, for the profile's custom traits (`facts.traits`). */
  readonly traitsAsStored?: boolean | undefined
}

/**
 * What an engine writes of the segment inputs, inside the transaction of the
 * change that produced them.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", (tx) => tx.segmentInputs.replace("shop-1", [{ facts: emptyFacts("p_m-1"), activity: [] }]))
 * ```
 */
export interface SegmentInputWrites extends SegmentInputReads {
  /** Replaces each profile's stored inputs (facts, lists, traits and activity rows) with these. */
  readonly replace: (workspaceId: string, inputs: ReadonlyArray<SegmentInputs>) => Promise<void>
  /** Writes the inputs of profiles that hold none yet (profiles just created): `replace` without removing anything first. */
  readonly insert: (workspaceId: string, inputs: ReadonlyArray<SegmentInputs>) => Promise<void>
  /** Applies the changes of profiles that only gained events (see {@link SegmentInputsChange}): far less than `replace` for a long history. */
  readonly amend: (workspaceId: string, changes: ReadonlyArray<SegmentInputsChange>) => Promise<void>
  /** Sets the lead and care status facts of profiles whose pipeline changed (a profile with no stored inputs is left alone). */
  readonly setPipelineStatuses: (
    workspaceId: string,
    statuses: ReadonlyArray<{ readonly profileId: string; readonly leadStatus: ProfileFacts["leadStatus"]; readonly careStatus: ProfileFacts["careStatus"] }>
  ) => Promise<void>
  /** Forgets these profiles' inputs (merged away, erased). */
  readonly remove: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<void>
}
