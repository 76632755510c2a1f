/**
 * Leads, opportunities and customer care for kith (PIPE-1 … PIPE-8): state
 * machines that refuse illegal moves with a typed error and record who moved
 * what and when; event rules that open, update, win and lose items from the
 * customer's own events; manual, round-robin and rule-based assignment; SLA
 * deadlines in calendar time or business hours; metrics and the funnel.
 *
 * Pure functions over plain data: no storage, no I/O, no clock (`at`,
 * `asOf` and event timestamps are the only time there is). Every item keeps
 * the identity record it came from, so identity merges and splits carry it.
 *
 * @example
 * ```ts
 * import { applyEvent, emptyPipeline, moveLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const form = { type: "track" as const, event: "Form Submitted" as const, messageId: "m-1" as EventId, timestamp: new Date("2025-03-07T16:30:00+07:00"), anonymousId: "c-1",
 *   properties: { formId: "lien-he", kind: "website" as const, fields: { ho_ten: "Lê Thu Hà", so_dien_thoai: "0912 345 678" } } }
 * const { pipeline } = applyEvent(emptyPipeline("p-1"), form)
 * const lead = pipeline.leads[0]!
 * lead.status // => "new"
 * Result.isSuccess(moveLead(lead, "receive", { at: "2025-03-07T16:40:00+07:00", actor: { kind: "staff", id: "s-lan" } })) // => true
 * ```
 *
 * @packageDocumentation
 */
export * from "./actor.js"
export { ChangeOptions, Reason, TypedText } from "./change-options.js"
export * from "./errors.js"
export { AssigneeChange, CollaboratorChange, Note } from "./history.js"
export type { PipelineItem } from "./item.js"
export { addNote, type NoteInput } from "./notes.js"

export * from "./lead/lead.js"
export {
  createLead,
  isLeadOpen,
  type LeadInput,
  type LeadMove,
  leadMoveBetween,
  LeadMoves,
  leadMovesFrom,
  LeadTransitions,
  moveLead
} from "./lead/lead-machine.js"

export * from "./opportunity/opportunity.js"
export {
  createOpportunity,
  isOpportunityOpen,
  linesValue,
  moveOpportunity,
  type OpportunityActionName,
  OpportunityActions,
  opportunityActionsFrom,
  type OpportunityInput,
  type OpportunityMove,
  OpportunityTransitions,
  setPotential
} from "./opportunity/opportunity-machine.js"

export * from "./care/care.js"

export * from "./assignment/manual.js"
export * from "./assignment/round-robin.js"
export * from "./assignment/routing.js"

export * from "./rules/apply-event.js"
export * from "./rules/customer-pipeline.js"
export * from "./rules/deadlines.js"
export * from "./rules/pipeline-rules.js"

export * from "./sla/business-hours.js"
export * from "./sla/sla.js"

export * from "./identity/merge-split.js"

export * from "./metrics/as-of.js"
export * from "./metrics/funnel.js"
export * from "./metrics/pipeline-metrics.js"
