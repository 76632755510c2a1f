import type { MessagePurpose, OutreachChannel, SentMessage } from "@kith/outreach"
import { inWorkspace, requireWorkspace } from "../lookups.js"
import { PlanNotFound, PlanVersionChanged } from "../port/outreach.js"
import { OutreachRuns } from "../port/outreach-runs.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { attempt } from "./attempt.js"
import { recipientRecordsOf } from "./outreach-recipients.js"
import { shopEventOf, shopEventRowOf } from "./shop-event-rows.js"
import { outboxRowOf, planRowOf } from "./outreach.js"
import type { ServiceContext } from "./service-context.js"

/**
 * The {@link OutreachRuns} service on an engine.
 *
 * @example
 * ```ts
 * const runs = makeOutreachRuns(context)
 * ```
 */
export const makeOutreachRuns = ({ backend }: ServiceContext): typeof OutreachRuns.Service =>
  OutreachRuns.of({
    delivery: backend.delivery,
    recipients: (workspaceId, profileIds) =>
      attempt("OutreachRuns.recipients", [UnknownWorkspace], async () => {
        await requireWorkspace(backend.read, workspaceId)
        return recipientRecordsOf(backend.read, workspaceId, profileIds)
      }),
    recordShopEvents: (workspaceId, events) =>
      attempt("OutreachRuns.recordShopEvents", [UnknownWorkspace], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          return events.length === 0 ? 0 : tx.shopEvents.insert(workspaceId, events.map(shopEventRowOf))
        })
      ),
    shopEvents: (workspaceId, since) =>
      attempt("OutreachRuns.shopEvents", [UnknownWorkspace], async () => {
        await requireWorkspace(backend.read, workspaceId)
        return (await backend.read.shopEvents.since(workspaceId, since.getTime())).map(shopEventOf)
      }),
    write: (workspaceId, write) =>
      attempt("OutreachRuns.write", [UnknownWorkspace, PlanNotFound, PlanVersionChanged], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const history = new Map<string, Array<SentMessage>>()
          for (const send of await tx.outreach.sentHistory(workspaceId, write.profileIds, write.since.getTime())) {
            const sends = history.get(send.profileId) ?? []
            sends.push({ channel: send.channel as OutreachChannel, purpose: send.purpose as MessagePurpose, at: new Date(send.at) })
            history.set(send.profileId, sends)
          }
          const decided = write.decide(history)
          const now = write.now.getTime()
          const inserted = decided.entries.length === 0 ? 0 : await tx.outreach.insertOutbox(workspaceId, decided.entries.map((e) => outboxRowOf(workspaceId, e, now)))
          const redecided =
            decided.redecisions.length === 0
              ? 0
              : await tx.outreach.redecide(
                  workspaceId,
                  decided.redecisions.map((c) => ({
                    outboxId: c.outboxId,
                    decision: c.decision,
                    reason: c.reason,
                    availableAt: c.availableAt.getTime(),
                    message: c.message === undefined ? undefined : JSON.stringify(c.message)
                  }))
                )
          if (decided.cancelOutboxOf !== undefined) await tx.outreach.cancelPlanOutbox(workspaceId, decided.cancelOutboxOf, now)
          if (decided.plan !== undefined) {
            const { plan, expectedVersion } = decided.plan
            // A refused save throws, and the transaction takes the rows back with it.
            if (!(await tx.outreach.updatePlan(workspaceId, planRowOf(plan), expectedVersion))) {
              const stored = await tx.outreach.plan(workspaceId, plan.id)
              if (stored === undefined) throw new PlanNotFound({ planId: plan.id })
              throw new PlanVersionChanged({ planId: plan.id, expectedVersion, foundVersion: stored.version })
            }
          }
          return { inserted, redecided }
        })
      )
  })
