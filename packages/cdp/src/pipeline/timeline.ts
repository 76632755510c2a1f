import type { CustomerPipeline, Lead, Opportunity } from "@kith/pipeline"
import type { PipelineTimelineEntry } from "./api.js"

type Change = (Lead["history"] | Opportunity["history"])[number]

// A history entry in words.
const detailOf = (change: Change): string => {
  switch (change.kind) {
    case "status":
      return change.from === null ? `created (${change.to})` : `${change.from} → ${change.to}${change.reason === null ? "" : `: ${change.reason}`}`
    case "assignee":
      return change.to === null ? `unassigned from ${change.from ?? "nobody"}` : `assigned to ${change.to}`
    case "collaborator":
      return `${change.added ? "added" : "removed"} collaborator ${change.staffId}`
    case "potential":
      return `potential ${change.from} → ${change.to}`
  }
}

/**
 * A customer's pipeline as timeline entries (PRF-6), newest first: every
 * history entry and note of their leads and opportunities.
 *
 * @param pipeline - the customer's leads and opportunities
 * @returns the entries, newest first
 *
 * @example
 * ```ts
 * import { createLead, moveLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff" as const, id: "s-lan" }
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p_m-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T09:00:00+07:00", actor: staff }))
 * const received = Result.getOrThrow(moveLead(lead, "receive", { at: "2025-03-07T09:30:00+07:00", actor: staff }))
 * pipelineTimelineOf({ profileId: lead.profileId, leads: [received], opportunities: [] }).map((e) => e.detail) // => ["new → received", "created (new)"]
 * ```
 */
export const pipelineTimelineOf = (pipeline: CustomerPipeline): ReadonlyArray<PipelineTimelineEntry> => {
  const entries: Array<PipelineTimelineEntry> = []
  for (const item of [...pipeline.leads, ...pipeline.opportunities]) {
    const ref = { kind: item.kind, id: item.id }
    for (const change of item.history as ReadonlyArray<Change>) {
      entries.push({ at: change.at, item: ref, entry: change.kind, detail: detailOf(change), actor: change.actor.id })
    }
    for (const note of item.notes) entries.push({ at: note.at, item: ref, entry: "note", detail: note.text, actor: note.authorId })
  }
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime())
}
