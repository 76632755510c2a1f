import type { StaffId } from "@kith/core"
import type { PipelineItem } from "../item.js"

/**
 * An item's status just before an instant, from its history (`undefined` if
 * it was created at or after it). Metrics over a period `[from, to)` read
 * items as they stood at `to`.
 *
 * @example
 * ```ts
 * import { createLead, moveLead, statusBefore } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T09:00:00+07:00", actor: staff }))
 * const received = Result.getOrThrow(moveLead(lead, "receive", { at: "2025-03-09T09:00:00+07:00", actor: staff }))
 * statusBefore(received, new Date("2025-03-08T00:00:00+07:00")) // => "new"
 * statusBefore(received, new Date("2025-03-01T00:00:00+07:00")) // => undefined
 * ```
 */
export const statusBefore = <T extends PipelineItem>(item: T, instant: Date): T["status"] | undefined => {
  let status: T["status"] | undefined
  for (const change of item.history) {
    if (change.at.getTime() >= instant.getTime()) break
    if (change.kind === "status") status = change.to as T["status"]
  }
  return status
}

/**
 * An item's assignee just before an instant, from its history (`null` when
 * unassigned then).
 *
 * @example
 * ```ts
 * import { assign, assigneeBefore, createLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff", id: "s-manager" } as const
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T09:00:00+07:00", actor: staff }))
 * const assigned = Result.getOrThrow(assign(lead, "s-lan", { at: "2025-03-08T09:00:00+07:00", actor: staff }))
 * assigneeBefore(assigned, new Date("2025-03-08T00:00:00+07:00")) // => null
 * assigneeBefore(assigned, new Date("2025-03-09T00:00:00+07:00")) // => "s-lan"
 * ```
 */
export const assigneeBefore = (item: PipelineItem, instant: Date): StaffId | null => {
  let assignee: StaffId | null = null
  for (const change of item.history) {
    if (change.at.getTime() >= instant.getTime()) break
    if (change.kind === "assignee") assignee = change.to
  }
  return assignee
}
