import { Schema } from "effect"

/**
 * An action the plan machine does not allow in the plan's state (OUT-2):
 * names the plan, the state, the action and why. The plan is unchanged.
 *
 * @example
 * ```ts
 * new IllegalPlanAction({ planId: "plan-1", state: "sent", action: "edit", reason: "edit is allowed in draft" }).message
 * // => 'plan plan-1 is "sent": cannot edit (edit is allowed in draft)'
 * ```
 */
export class IllegalPlanAction extends Schema.TaggedError<IllegalPlanAction>("@kith/outreach/IllegalPlanAction")("IllegalPlanAction", {
  planId: Schema.String,
  /** The plan's status when the action was refused. */
  state: Schema.String,
  /** The refused action. */
  action: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `plan ${this.planId} is "${this.state}": cannot ${this.action} (${this.reason})`
  }
}

/**
 * The actor may not take this action on plans (OUT-10): their role does not
 * grant it, or only the system takes it (`start`, `complete`).
 *
 * @example
 * ```ts
 * new NotPermitted({ actor: "staff s-2 (agent)", action: "send" }).message
 * // => "staff s-2 (agent) may not send plans"
 * ```
 */
export class NotPermitted extends Schema.TaggedError<NotPermitted>("@kith/outreach/NotPermitted")("NotPermitted", {
  /** Who tried: `staff <id> (<role>)` or `system`. */
  actor: Schema.String,
  action: Schema.String
}) {
  override get message(): string {
    return `${this.actor} may not ${this.action} plans`
  }
}

/**
 * A placeholder had no value when a message was rendered. Validation makes
 * this impossible for a valid plan (every placeholder that may lack a value
 * carries a fallback); it guards values passed in the wrong shape.
 */
export class UnfilledPlaceholder extends Schema.TaggedError<UnfilledPlaceholder>("@kith/outreach/UnfilledPlaceholder")("UnfilledPlaceholder", {
  placeholder: Schema.String,
  locale: Schema.String
}) {
  override get message(): string {
    return `no value for {{${this.placeholder}}} in the ${this.locale} text`
  }
}
