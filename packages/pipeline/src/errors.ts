import { Schema } from "effect"

/** The pipeline machines: leads (PIPE-2), opportunities (PIPE-4) and care status (PIPE-6). */
export const MachineName = Schema.Literals(["lead", "opportunity", "care"])
/** A {@link MachineName} after decoding. */
export type MachineName = typeof MachineName.Type

/**
 * A move the machine does not allow from the item's current state: a status
 * transition missing from the machine's table, or a change that would change
 * nothing (assigning the current assignee, adding a collaborator twice). It
 * names the machine, the item, the state it is in and the action refused;
 * the item is returned unchanged nowhere — the caller keeps the one it had.
 *
 * @example
 * ```ts
 * import { createLead, moveLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const at = new Date("2025-03-07T09:00:00+07:00")
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at, actor: { kind: "staff", id: "s-1" } }))
 * const refused = moveLead(lead, "close", { at, actor: { kind: "staff", id: "s-1" } })
 * Result.isFailure(refused) && refused.failure.message
 * // => 'lead l-1 is "new": cannot close (close is allowed from processed)'
 * ```
 */
export class IllegalMove extends Schema.TaggedError<IllegalMove>("@kith/pipeline/IllegalMove")("IllegalMove", {
  machine: MachineName,
  /** The lead or opportunity id, or the profile id of a care status. */
  itemId: Schema.String,
  /** The state the item is in: its status, or `none` for a customer without a care status yet. */
  state: Schema.String,
  /** The refused action: a transition name (`close`, `win`, ...) or `assign`, `add_collaborator`, ... */
  action: Schema.String,
  /** Why it is refused. */
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.machine} ${this.itemId} is "${this.state}": cannot ${this.action} (${this.reason})`
  }
}

/**
 * Round-robin assignment found nobody to assign: every member of the team is
 * away or inactive, or the team is empty.
 *
 * @example
 * ```ts
 * import { roundRobin } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const team = { id: "sales", members: [{ staffId: "s-1", weight: 1, availability: "away" as const }] }
 * const result = roundRobin(team, { lags: {} }, 1)
 * Result.isFailure(result) && result.failure._tag // => "NoAvailableAssignee"
 * ```
 */
export class NoAvailableAssignee extends Schema.TaggedError<NoAvailableAssignee>("@kith/pipeline/NoAvailableAssignee")("NoAvailableAssignee", {
  teamId: Schema.String,
  /** How many members the team has, all away or inactive. */
  members: Schema.Number
}) {
  override get message(): string {
    return this.members === 0
      ? `team ${this.teamId} has no members to assign to`
      : `every one of the ${this.members} members of team ${this.teamId} is away or inactive`
  }
}
