import { type InvalidInput, LeadId, ProfileId, StaffId } from "@kith/core"
import { Result, Schema } from "effect"
import { ChangeOptions, type ChangeStamp, decodeWith, notBefore, stampOf } from "../change-options.js"
import { IllegalMove } from "../errors.js"
import { lastChangeAt } from "../item.js"
import type { LeadStatus } from "@kith/core"
import { type Lead, type LeadAction, LeadSource, type LeadStatusChange } from "./lead.js"

/** A lead action other than `create`: one move of the machine. */
export type LeadMove = Exclude<LeadAction, "create">

/**
 * The lead machine (PIPE-2): for each action, the statuses it may start from
 * and the status it ends in. Nothing else moves a lead.
 *
 * | action | from | to |
 * |---|---|---|
 * | `submit` | draft | new |
 * | `receive` | new | received |
 * | `process` | received | processed |
 * | `close` | processed | closed |
 * | `reopen` | closed | received |
 * | `mark_spam` | new, received | spam |
 * | `restore` | spam | new |
 *
 * @example
 * ```ts
 * LeadTransitions.close // => { from: ["processed"], to: "closed" }
 * ```
 */
export const LeadTransitions: { readonly [A in LeadMove]: { readonly from: ReadonlyArray<LeadStatus>; readonly to: LeadStatus } } = {
  submit: { from: ["draft"], to: "new" },
  receive: { from: ["new"], to: "received" },
  process: { from: ["received"], to: "processed" },
  close: { from: ["processed"], to: "closed" },
  reopen: { from: ["closed"], to: "received" },
  mark_spam: { from: ["new", "received"], to: "spam" },
  restore: { from: ["spam"], to: "new" }
}

/** Every lead move, in the order of {@link LeadTransitions}. */
export const LeadMoves = Object.keys(LeadTransitions) as ReadonlyArray<LeadMove>

/**
 * The moves allowed from a lead status.
 *
 * @example
 * ```ts
 * leadMovesFrom("new") // => ["receive", "mark_spam"]
 * leadMovesFrom("closed") // => ["reopen"]
 * ```
 */
export const leadMovesFrom = (status: LeadStatus): ReadonlyArray<LeadMove> => LeadMoves.filter((move) => LeadTransitions[move].from.includes(status))

/**
 * The move that takes a lead from one status to another, if the machine has
 * one: for a caller that thinks in target statuses ("move to received").
 *
 * @example
 * ```ts
 * leadMoveBetween("new", "received") // => "receive"
 * leadMoveBetween("closed", "received") // => "reopen"
 * leadMoveBetween("new", "closed") // => undefined
 * ```
 */
export const leadMoveBetween = (from: LeadStatus, to: LeadStatus): LeadMove | undefined =>
  LeadMoves.find((move) => LeadTransitions[move].to === to && LeadTransitions[move].from.includes(from))

/**
 * Is the lead still being worked on (not closed, not spam)?
 *
 * @example
 * ```ts
 * isLeadOpen("received") // => true
 * isLeadOpen("spam") // => false
 * ```
 */
export const isLeadOpen = (status: LeadStatus): boolean => status !== "closed" && status !== "spam"

const LeadInput = Schema.Struct({
  id: LeadId,
  profileId: ProfileId,
  originRecordId: Schema.String.check(Schema.isTrimmed(), Schema.isNonEmpty(), Schema.isMaxLength(200)),
  source: LeadSource,
  ...ChangeOptions.fields,
  draft: Schema.optionalKey(Schema.Boolean),
  assignee: Schema.optionalKey(StaffId),
  details: Schema.optionalKey(
    Schema.Record(Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)), Schema.String.check(Schema.isMaxLength(10_000))).check(
      Schema.makeFilter((d: Readonly<Record<string, string>>) => (Object.keys(d).length > 200 ? "at most 200 fields" : undefined))
    )
  ),
  submitted: Schema.optionalKey(Schema.Boolean)
})

/**
 * The input of {@link createLead}: ids as strings, `at` as an ISO instant or
 * a `Date`.
 *
 * - `originRecordId`: the identity record the lead comes from (for a lead
 *   opened by an event, its messageId; for a manual entry, the record the
 *   profile is anchored to) — a split gives the lead back with that record;
 * - `draft`: start as `draft` instead of `new` (staff still typing it in);
 * - `details`: form answers or review content, by field name;
 * - `submitted`: the lead comes from a submission (counts 1 in `submissions`).
 */
export type LeadInput = typeof LeadInput.Encoded

const decodeLeadInput = decodeWith("lead", LeadInput)
const decodeChange = decodeWith("lead change", ChangeOptions)

/**
 * Creates a lead in `new` (or `draft`), its history starting with the
 * `create` entry that names who created it, when, and the event if a rule
 * did. An initial assignee is recorded as an assignee change.
 *
 * @param input - the lead's ids, source, origin record and the change stamp
 * @returns the lead, or an `InvalidInput` naming every bad field
 *
 * @example
 * ```ts
 * import { createLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const lead = Result.getOrThrow(createLead({
 *   id: "l-7", profileId: "p-7", originRecordId: "m-7", source: "manual", draft: true,
 *   at: "2025-03-07T09:00:00+07:00", actor: { kind: "staff", id: "s-lan" }, assignee: "s-lan"
 * }))
 * lead.status // => "draft"
 * lead.history.map((c) => c.kind) // => ["status", "assignee"]
 * ```
 */
export const createLead = (input: LeadInput): Result.Result<Lead, InvalidInput> =>
  Result.map(decodeLeadInput(input), (lead) =>
    buildLead({
      id: lead.id,
      profileId: lead.profileId,
      originRecordId: lead.originRecordId,
      source: lead.source,
      stamp: stampOf(lead),
      status: lead.draft === true ? "draft" : "new",
      assignee: lead.assignee ?? null,
      details: lead.details ?? {},
      submitted: lead.submitted === true
    })
  )

/** Builds a new lead from checked values. */
export const buildLead = (lead: {
  readonly id: LeadId
  readonly profileId: ProfileId
  readonly originRecordId: string
  readonly source: LeadSource
  readonly stamp: ChangeStamp
  readonly status: LeadStatus
  readonly assignee: StaffId | null
  readonly details: Readonly<Record<string, string>>
  readonly submitted: boolean
}): Lead => {
  const { stamp, status, assignee } = lead
  const created: LeadStatusChange = { kind: "status", ...stamp, action: "create", from: null, to: status }
  return {
    kind: "lead",
    id: lead.id,
    profileId: lead.profileId,
    originRecordId: lead.originRecordId,
    source: lead.source,
    status,
    statusSince: stamp.at,
    createdAt: stamp.at,
    assignee,
    collaborators: [],
    details: lead.details,
    submissions: lead.submitted ? 1 : 0,
    lastSubmittedAt: lead.submitted ? stamp.at : null,
    history: assignee === null ? [created] : [created, { kind: "assignee", ...stamp, reason: null, from: null, to: assignee }],
    notes: [],
    version: 1
  }
}

/**
 * Moves a lead by one action of {@link LeadTransitions}, recording the
 * action, both statuses, actor, time and optional reason. A move the table
 * does not allow from the lead's status is an {@link IllegalMove}; a change
 * dated before the lead's last change is an `InvalidInput` on `at`. Either
 * way nothing changes.
 *
 * @param lead - the lead as it is
 * @param move - the action to take
 * @param options - when, who, why (and the event, for a rule)
 * @returns the moved lead (its `version` one higher), or the typed refusal
 *
 * @example
 * ```ts
 * import { createLead, moveLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "website_form", at: "2025-03-07T09:00:00+07:00", actor: staff }))
 * const received = Result.getOrThrow(moveLead(lead, "receive", { at: "2025-03-07T09:20:00+07:00", actor: staff }))
 * received.status // => "received"
 * received.statusSince.toISOString() // => "2025-03-07T02:20:00.000Z"
 * Result.isFailure(moveLead(received, "close", { at: "2025-03-07T09:30:00+07:00", actor: staff })) // => true
 * ```
 */
export const moveLead = (lead: Lead, move: LeadMove, options: ChangeOptions): Result.Result<Lead, IllegalMove | InvalidInput> =>
  Result.gen(function* () {
    const stamp = stampOf(yield* decodeChange(options))
    const transition = LeadTransitions[move] as (typeof LeadTransitions)[LeadMove] | undefined
    if (transition === undefined) {
      return yield* Result.fail(new IllegalMove({ machine: "lead", itemId: lead.id, state: lead.status, action: String(move), reason: "no such action" }))
    }
    if (!transition.from.includes(lead.status)) {
      return yield* Result.fail(
        new IllegalMove({ machine: "lead", itemId: lead.id, state: lead.status, action: move, reason: `${move} is allowed from ${transition.from.join(", ")}` })
      )
    }
    yield* notBefore("lead change", stamp.at, lastChangeAt(lead))
    const change: LeadStatusChange = { kind: "status", ...stamp, action: move, from: lead.status, to: transition.to }
    return { ...lead, status: transition.to, statusSince: stamp.at, history: [...lead.history, change], version: lead.version + 1 }
  })
