import { Result, Schema } from "effect"
import { NotPermitted } from "./errors.js"
import type { PlanActor } from "./plan/plan.js"

/**
 * The plan actions staff take (OUT-10). `start` and `complete` are the
 * system's: a scheduled plan starts at its time, and a plan is sent when its
 * delivery is done.
 */
export const StaffPlanActions = ["create", "edit", "delete", "schedule", "send", "cancel"] as const
/** One of {@link StaffPlanActions}. */
export const StaffPlanAction = Schema.Literals(StaffPlanActions)
/** A {@link StaffPlanAction} after decoding. */
export type StaffPlanAction = typeof StaffPlanAction.Type

/** Which staff role may take which plan actions; a role not listed may take none. */
export type PlanPermissions = Readonly<Record<string, ReadonlyArray<StaffPlanAction>>>

/**
 * The default roles and what they may do with plans. A workspace passes its
 * own table to change them or add roles.
 *
 * | role | create | edit | delete | schedule | send | cancel |
 * |---|---|---|---|---|---|---|
 * | `owner` | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
 * | `manager` | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
 * | `marketer` | ✓ | ✓ | ✓ | ✓ | | ✓ |
 * | `agent` | | | | | | |
 *
 * A marketer prepares and schedules plans; sending one right now, past any
 * review, is for a manager or the owner. Agents (sales and care staff) see plans only.
 *
 * @example
 * ```ts
 * defaultPlanPermissions.marketer.includes("send") // => false
 * ```
 */
export const defaultPlanPermissions: PlanPermissions = {
  owner: StaffPlanActions,
  manager: StaffPlanActions,
  marketer: ["create", "edit", "delete", "schedule", "cancel"],
  agent: []
}

/** How an actor is named in a {@link NotPermitted}. */
export const describeActor = (actor: PlanActor): string => (actor.kind === "system" ? "system" : `staff ${actor.id} (${actor.role})`)

/**
 * May this actor take this action? Staff by their role's entry in
 * `permissions`; the system only `start` and `complete`.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * Result.isSuccess(authorize({ kind: "staff", id: "s-1", role: "manager" }, "send")) // => true
 * const refused = authorize({ kind: "staff", id: "s-2", role: "agent" }, "cancel")
 * Result.isFailure(refused) && refused.failure.message // => "staff s-2 (agent) may not cancel plans"
 * Result.isFailure(authorize({ kind: "system" }, "edit")) // => true
 * ```
 */
export const authorize = (
  actor: PlanActor,
  action: StaffPlanAction | "start" | "complete",
  permissions: PlanPermissions = defaultPlanPermissions
): Result.Result<void, NotPermitted> => {
  const allowed =
    actor.kind === "system"
      ? action === "start" || action === "complete"
      : action !== "start" && action !== "complete" && (Object.hasOwn(permissions, actor.role) ? permissions[actor.role]! : []).includes(action)
  return allowed ? Result.void : Result.fail(new NotPermitted({ actor: describeActor(actor), action }))
}
