import { DEFAULT_ATTRIBUTION_WINDOW_MS, sumPerformance } from "@kith/outreach"
import { requireWorkspace } from "../lookups.js"
import { PlanNotFound, type PlanRow } from "../port/outreach.js"
import { OutreachPerformance, type PerformanceOptions, type PerformanceQuery } from "../port/outreach-performance.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { attempt } from "./attempt.js"
import { outboxRecordOf, planOf } from "./outreach.js"
import type { ServiceContext } from "./service-context.js"

const DAY = 86_400_000
const PAGE = 1_000

const windowOf = (options: PerformanceOptions | undefined): number =>
  options?.attributionWindowDays === undefined ? DEFAULT_ATTRIBUTION_WINDOW_MS : options.attributionWindowDays * DAY

const queryOf = (row: PlanRow): PerformanceQuery => {
  const voucher = planOf(row).definition.voucher
  return { planId: row.planId, voucherCode: voucher.kind === "none" ? null : voucher.code }
}

/**
 * The {@link OutreachPerformance} service on an engine: the engine computes
 * each plan's figures; a segment's are the sum over the plans whose audience
 * includes it.
 *
 * @example
 * ```ts
 * const performance = makeOutreachPerformance(context)
 * ```
 */
export const makeOutreachPerformance = ({ backend }: ServiceContext): typeof OutreachPerformance.Service => {
  const reads = backend.read
  return OutreachPerformance.of({
    ofPlan: (workspaceId, planId, options) =>
      attempt("OutreachPerformance.ofPlan", [UnknownWorkspace, PlanNotFound], async () => {
        await requireWorkspace(reads, workspaceId)
        const row = await reads.outreach.plan(workspaceId, planId)
        if (row === undefined) throw new PlanNotFound({ planId })
        return (await reads.outreachPerformance.plans(workspaceId, [queryOf(row)], windowOf(options))).get(planId)!
      }),
    ofSegment: (workspaceId, segmentId, options) =>
      attempt("OutreachPerformance.ofSegment", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        const plans: Array<PerformanceQuery> = []
        for (let after: string | undefined; ; ) {
          const page = await reads.outreach.plans(workspaceId, { after, limit: PAGE })
          for (const row of page) if (planOf(row).definition.audience.include.includes(segmentId)) plans.push(queryOf(row))
          if (page.length < PAGE) break
          after = page[page.length - 1]!.planId
        }
        const figures = await reads.outreachPerformance.plans(workspaceId, plans, windowOf(options))
        return { segmentId, plans: plans.map((p) => p.planId), ...sumPerformance([...figures.values()]) }
      }),
    received: (workspaceId, profileId, limit) =>
      attempt("OutreachPerformance.received", [UnknownWorkspace], async () => {
        // The engine names the person in the same statement (the survivor of a merged-away id, and every profile
        // merged into it); the workspace is looked up only when nothing was found, as the event reads do.
        const rows = await reads.outreachPerformance.received(workspaceId, profileId, limit)
        if (rows.length === 0) await requireWorkspace(reads, workspaceId)
        return rows.map(outboxRecordOf)
      })
  })
}
