import { Instant, LeadId, LeadStatus, ProfileId, StaffId } from "@kith/core"
import { Schema } from "effect"
import { AssigneeChange, CollaboratorChange, Note, statusChange } from "../history.js"

/**
 * Where a lead came from (PIPE-1): a chatbot form, a website contact form, a
 * review or feedback, a CRM/ERP import, a file import, or manual entry.
 */
export const LeadSource = Schema.Literals(["chatbot_form", "website_form", "review", "crm_import", "file_import", "manual"])
/** A {@link LeadSource} after decoding. */
export type LeadSource = typeof LeadSource.Type


/**
 * The actions of the lead machine; `create` is the first history entry of
 * every lead. {@link LeadTransitions} gives where each may start and ends.
 */
export const LeadAction = Schema.Literals(["create", "submit", "receive", "process", "close", "reopen", "mark_spam", "restore"])
/** A {@link LeadAction} after decoding. */
export type LeadAction = typeof LeadAction.Type

/** A lead's status change: the action, the statuses before and after, who, when, why. */
export const LeadStatusChange = statusChange(LeadStatus, LeadAction)
/** A {@link LeadStatusChange} after decoding. */
export type LeadStatusChange = typeof LeadStatusChange.Type

/** One entry of a lead's history: a status change, an assignee change or a collaborator change. */
export const LeadChange = Schema.Union([LeadStatusChange, AssigneeChange, CollaboratorChange])
/** A {@link LeadChange} after decoding. */
export type LeadChange = typeof LeadChange.Type

/**
 * A lead (khách tiềm năng, PIPE-1/2): someone who asked to be contacted.
 *
 * Each field maps to one typed column; `history`, `notes` and
 * `collaborators` are child rows. `originRecordId` is the identity record (the
 * event's messageId, or the record a manual entry was anchored to) the lead
 * came from: a split gives the lead to the profile that record goes to.
 * `version` grows by one with every change, for optimistic concurrency.
 *
 * @example
 * ```ts
 * import { createLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const lead = Result.getOrThrow(createLead({
 *   id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "website_form",
 *   at: "2025-03-07T09:00:00+07:00", actor: { kind: "staff", id: "s-lan" }
 * }))
 * lead.status // => "new"
 * lead.history.length // => 1 (its creation)
 * ```
 */
export const Lead = Schema.Struct({
  kind: Schema.Literal("lead"),
  id: LeadId,
  profileId: ProfileId,
  originRecordId: Schema.String.check(Schema.isNonEmpty()),
  source: LeadSource,
  status: LeadStatus,
  /** When the lead entered its current status: the SLA clock of that status starts here. */
  statusSince: Instant,
  createdAt: Instant,
  assignee: Schema.NullOr(StaffId),
  collaborators: Schema.Array(StaffId),
  /** What was submitted: form answers by field name, or a review's rating and text. The latest submission wins per field. */
  details: Schema.Record(Schema.String, Schema.String),
  /** How many submissions (forms, reviews) this lead gathered; 0 for a lead entered by hand. */
  submissions: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  lastSubmittedAt: Schema.NullOr(Instant),
  history: Schema.Array(LeadChange),
  notes: Schema.Array(Note),
  version: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
})
/** A {@link Lead} after decoding. */
export type Lead = typeof Lead.Type
