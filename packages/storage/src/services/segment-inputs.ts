import type { ProfileId } from "@kith/core"
import { defaultWorkspaceSettings } from "@kith/core"
import { rfmScores } from "@kith/profile"
import { type RuleNode, type SegmentContext, type SegmentInputs, type SegmentRule, isCondition, rfmCutoffs, rfmInputOf } from "@kith/segments"
import type { StorageReads } from "../backend.js"
import { requireWorkspace } from "../lookups.js"
import { type SchedulableProfile, type SegmentEvaluation, SegmentInputsStore } from "../port/segment-inputs.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { attempt } from "./attempt.js"
import type { ServiceContext } from "./service-context.js"

// Whether evaluating the rule reads RFM scores: an rfm condition in it or in a segment it names.
const needsRfm = (rule: SegmentRule, segments: ReadonlyMap<string, SegmentRule> | undefined): boolean => {
  const seen = new Set<string>()
  const walk = (node: RuleNode): boolean => {
    if (isCondition(node)) {
      if (node.kind === "rfm") return true
      if (node.kind !== "segment" || seen.has(node.segmentId)) return false
      seen.add(node.segmentId)
      const target = segments?.get(node.segmentId)
      return target !== undefined && walk(target.rule)
    }
    if ("not" in node) return walk(node.not)
    return ("all" in node ? node.all : node.any).some(walk)
  }
  return walk(rule.rule)
}

/**
 * The evaluation an engine is handed: the workspace's timezone and currency
 * where the caller gave none, and the workspace's RFM cut-offs at `asOf`
 * (`@kith/segments`' `rfmCutoffs` over the stored inputs) when the rule
 * needs them and the caller gave none — so every engine scores RFM exactly
 * as the in-memory engine does.
 *
 * @example
 * ```ts
 * const evaluation = await completeEvaluation(backend.read, "shop-1", "Asia/Ho_Chi_Minh", rule, { asOf })
 * ```
 */
export const completeEvaluation = async (
  reads: StorageReads,
  workspaceId: string,
  timeZone: string,
  rule: SegmentRule,
  evaluation: SegmentEvaluation
): Promise<SegmentEvaluation> => {
  const given = evaluation.context ?? {}
  const context: SegmentContext = {
    ...given,
    timeZone: given.timeZone ?? timeZone,
    currency: given.currency ?? defaultWorkspaceSettings.currency
  }
  if (context.rfm === undefined && needsRfm(rule, context.segments)) {
    const buyers = await reads.segmentInputs.rfmInputs(workspaceId, evaluation.asOf, context.currency!)
    return { asOf: evaluation.asOf, context: { ...context, rfm: rfmCutoffs(buyers, { asOf: evaluation.asOf, timeZone: context.timeZone! }) } }
  }
  return { asOf: evaluation.asOf, context }
}

/**
 * The {@link SegmentInputsStore} service on an engine.
 *
 * @example
 * ```ts
 * const inputs = makeSegmentInputsStore(context)
 * ```
 */
export const makeSegmentInputsStore = (context: ServiceContext): SegmentInputsStore["Service"] => {
  const reads = context.backend.read
  return SegmentInputsStore.of({
    inputsOf: (workspaceId, profileIds) =>
      attempt("SegmentInputsStore.inputsOf", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        return (await reads.segmentInputs.inputsOf(workspaceId, profileIds)) as ReadonlyMap<ProfileId, SegmentInputs>
      }),
    members: (workspaceId, rule, evaluation) =>
      attempt("SegmentInputsStore.members", [UnknownWorkspace], async () => {
        const ws = await requireWorkspace(reads, workspaceId)
        const complete = await completeEvaluation(reads, workspaceId, ws.timeZone, rule, evaluation)
        return (await reads.segmentInputs.members(workspaceId, rule, complete)) as ReadonlyArray<ProfileId>
      }),
    schedulable: (workspaceId, rule, evaluation, page) =>
      attempt("SegmentInputsStore.schedulable", [UnknownWorkspace], async () => {
        const ws = await requireWorkspace(reads, workspaceId)
        const complete = await completeEvaluation(reads, workspaceId, ws.timeZone, rule, evaluation)
        return (await reads.segmentInputs.schedulable(workspaceId, rule, complete, page)) as ReadonlyArray<SchedulableProfile<ProfileId>>
      }),
    count: (workspaceId, rule, evaluation) =>
      attempt("SegmentInputsStore.count", [UnknownWorkspace], async () => {
        const ws = await requireWorkspace(reads, workspaceId)
        return reads.segmentInputs.count(workspaceId, rule, await completeEvaluation(reads, workspaceId, ws.timeZone, rule, evaluation))
      }),
    rfmOf: (workspaceId, profileId, at) =>
      attempt("SegmentInputsStore.rfmOf", [UnknownWorkspace], async () => {
        const ws = await requireWorkspace(reads, workspaceId)
        const currency = at.currency ?? defaultWorkspaceSettings.currency
        // A profile that never bought has no score: the workspace's buyers are read only for one that did.
        const own = (await reads.segmentInputs.inputsOf(workspaceId, [profileId])).get(profileId)
        if (own === undefined || rfmInputOf(own, { asOf: at.asOf, currency }).successfulOrders === 0) return null
        const buyers = await reads.segmentInputs.rfmInputs(workspaceId, at.asOf, currency)
        return rfmScores(buyers, { asOf: at.asOf, timeZone: at.timeZone ?? ws.timeZone }).get(profileId) ?? null
      })
  })
}

