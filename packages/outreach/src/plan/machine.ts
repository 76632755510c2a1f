import { InvalidInput, PlanId } from "@kith/core"
import { Result, Schema } from "effect"
import { IllegalPlanAction } from "../errors.js"
import { instantAtLocal } from "../local-time.js"
import { authorize } from "../permissions.js"
import { decodePlanDefinitionResult, type PlanDefinitionInput } from "./plan-definition.js"
import {
  type Plan,
  type PlanAction,
  type PlanActionOptions,
  type PlanError,
  type PlanStatus,
  type SegmentVersion,
  timeZoneOf
} from "./plan.js"

/** A plan action other than `create`. */
export type PlanMove = Exclude<PlanAction, "create">

/**
 * The plan machine (OUT-2): for each action, the statuses it may start from
 * and the status it ends in. `view` changes nothing and is always allowed,
 * so it is not a move.
 *
 * | action | from | to | also requires |
 * |---|---|---|---|
 * | `edit` | draft | draft | a valid definition |
 * | `delete` | draft, cancelled | deleted | from cancelled: a one-time plan |
 * | `schedule` | draft | scheduled | one-time: a local send time after now; automated: starts at its active period |
 * | `send` | draft | in_progress | the audience's segment versions; automated: its period not over |
 * | `start` | scheduled | in_progress | the system, at or after the start time; the segment versions |
 * | `cancel` | scheduled, in_progress | cancelled | from scheduled: before the start time |
 * | `complete` | in_progress | sent | the system; automated: at or after the end of its period |
 *
 * @example
 * ```ts
 * PlanTransitions.cancel // => { from: ["scheduled", "in_progress"], to: "cancelled" }
 * ```
 */
export const PlanTransitions: { readonly [A in PlanMove]: { readonly from: ReadonlyArray<PlanStatus>; readonly to: PlanStatus } } = {
  edit: { from: ["draft"], to: "draft" },
  delete: { from: ["draft", "cancelled"], to: "deleted" },
  schedule: { from: ["draft"], to: "scheduled" },
  send: { from: ["draft"], to: "in_progress" },
  start: { from: ["scheduled"], to: "in_progress" },
  cancel: { from: ["scheduled", "in_progress"], to: "cancelled" },
  complete: { from: ["in_progress"], to: "sent" }
}

/** Every plan move, in the order of {@link PlanTransitions}. */
export const PlanMoves = Object.keys(PlanTransitions) as ReadonlyArray<PlanMove>

/**
 * The moves the machine allows from a status (before the guards on time and kind).
 *
 * @example
 * ```ts
 * planMovesFrom("draft") // => ["edit", "delete", "schedule", "send"]
 * planMovesFrom("sent") // => []
 * ```
 */
export const planMovesFrom = (status: PlanStatus): ReadonlyArray<PlanMove> => PlanMoves.filter((move) => PlanTransitions[move].from.includes(status))

/**
 * One action on a plan, with what it needs: `edit` the new definition,
 * `schedule` a local send time `yyyy-MM-ddTHH:mm` in the workspace timezone
 * (one-time plans), `send` and `start` the version of each audience segment
 * the recipients are resolved from.
 */
export type PlanCommand =
  | { readonly action: "edit"; readonly definition: PlanDefinitionInput }
  | { readonly action: "delete" }
  | { readonly action: "schedule"; readonly sendAt?: string }
  | { readonly action: "send"; readonly audience: ReadonlyArray<SegmentVersion> }
  | { readonly action: "start"; readonly audience: ReadonlyArray<SegmentVersion> }
  | { readonly action: "cancel" }
  | { readonly action: "complete" }

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(([01]\d|2[0-3]):[0-5]\d)$/

const invalid = (path: string, message: string) => new InvalidInput({ subject: "plan action", issues: [{ path, message }] })

const decodePlanId = Schema.decodeUnknownResult(PlanId)

/**
 * Creates a plan in `draft` (OUT-1): checks that the actor may create plans,
 * validates the definition (every problem by path), and starts the history.
 *
 * @param input - the plan id and its definition
 * @param options - when, who, and the workspace's permissions
 * @returns the draft, or `NotPermitted` / `InvalidInput`
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const definition = {
 *   name: "Tri ân khách VIP", purpose: "promotion", channel: "zalo",
 *   audience: { include: ["seg-vip"], exclude: [] },
 *   content: { variants: { vi: 'Chào {{firstName | "bạn"}}, tặng bạn mã {{voucher.code}}' }, fallbackLocale: "vi" },
 *   voucher: { kind: "targeted", code: "VIP20" }, products: ["p-ao-thun"], callToAction: { kind: "product_list" }, holdoutPercent: 10
 * }
 * const plan = Result.getOrThrow(createPlan({ id: "plan-1", definition }, { at: new Date("2025-03-07T09:00:00+07:00"), actor: { kind: "staff", id: "s-lan", role: "marketer" } }))
 * plan.status // => "draft"
 * plan.history.map((c) => c.action) // => ["create"]
 * ```
 */
export const createPlan = (input: { readonly id: string; readonly definition: PlanDefinitionInput }, options: PlanActionOptions): Result.Result<Plan, PlanError> => {
  const allowed = authorize(options.actor, "create", options.permissions)
  if (Result.isFailure(allowed)) return Result.fail(allowed.failure)
  const id = decodePlanId(input.id)
  if (Result.isFailure(id)) return Result.fail(invalid("id", `a plan id is a trimmed, non-empty text of at most 200 characters (found ${JSON.stringify(input.id)})`))
  return Result.map(decodePlanDefinitionResult(input.definition), (definition) => ({
    id: id.success,
    definition,
    status: "draft",
    kind: definition.automation === undefined ? "one_time" : "automated",
    startAt: null,
    resolution: null,
    history: [{ action: "create", from: null, to: "draft", at: options.at, actor: options.actor }],
    version: 1
  }))
}

const refuse = (plan: Plan, action: PlanMove, reason: string) =>
  Result.fail(new IllegalPlanAction({ planId: plan.id, state: plan.status, action, reason }))

const allowedFrom = (action: PlanMove) => `${action} is allowed from ${PlanTransitions[action].from.join(", ")}`

// Every segment of the audience must have its resolved version, so the plan says exactly what its recipients came from.
const checkResolution = (plan: Plan, audience: ReadonlyArray<SegmentVersion>): Result.Result<void, InvalidInput> => {
  const given = new Set(audience.map((s) => s.segmentId))
  const missing = [...plan.definition.audience.include, ...plan.definition.audience.exclude].filter((id) => !given.has(id))
  if (missing.length > 0) return Result.fail(invalid("audience", `the version of every audience segment is needed; missing ${missing.join(", ")}`))
  const bad = audience.find((s) => !Number.isInteger(s.version) || s.version < 1)
  return bad === undefined ? Result.void : Result.fail(invalid("audience", `a segment version is a positive integer (found ${String(bad.version)} for ${bad.segmentId})`))
}

const guard = (plan: Plan, command: PlanCommand, options: PlanActionOptions): Result.Result<Partial<Plan>, PlanError> => {
  const at = options.at.getTime()
  const period = plan.definition.automation?.activePeriod
  switch (command.action) {
    case "edit":
      return Result.map(decodePlanDefinitionResult(command.definition), (definition) => ({
        definition,
        kind: definition.automation === undefined ? ("one_time" as const) : ("automated" as const)
      }))
    case "delete":
      return plan.status === "cancelled" && plan.kind === "automated" ? refuse(plan, "delete", "a cancelled automated plan is kept: only a one-time plan is deleted once cancelled") : Result.succeed({})
    case "schedule": {
      if (period !== undefined) {
        if (command.sendAt !== undefined) return Result.fail(invalid("sendAt", "an automated plan starts at the start of its active period: give no send time"))
        if (period.to !== null && period.to.getTime() <= at) return refuse(plan, "schedule", `its active period ended at ${period.to.toISOString()}`)
        return Result.succeed({ startAt: period.from })
      }
      const match = command.sendAt === undefined ? null : LOCAL_DATE_TIME.exec(command.sendAt)
      if (match === null) return Result.fail(invalid("sendAt", `a local time yyyy-MM-ddTHH:mm in the workspace timezone (found ${JSON.stringify(command.sendAt)})`))
      const startAt = instantAtLocal(match[1]!, match[2]!, timeZoneOf(options))
      if (Number.isNaN(startAt.getTime()) || startAt.getTime() <= at)
        return Result.fail(invalid("sendAt", `must be after the time of scheduling, ${options.at.toISOString()} (found ${command.sendAt} in ${timeZoneOf(options)})`))
      return Result.succeed({ startAt })
    }
    case "send":
    case "start": {
      if (command.action === "start" && plan.startAt !== null && at < plan.startAt.getTime()) return refuse(plan, "start", `it starts at ${plan.startAt.toISOString()}`)
      if (period !== undefined && period.to !== null && period.to.getTime() <= at) return refuse(plan, command.action, `its active period ended at ${period.to.toISOString()}`)
      return Result.map(checkResolution(plan, command.audience), () => ({ resolution: { at: options.at, segments: command.audience } }))
    }
    case "cancel":
      return plan.status === "scheduled" && plan.startAt !== null && at >= plan.startAt.getTime()
        ? refuse(plan, "cancel", `its start time ${plan.startAt.toISOString()} has passed: cancel it once it is in progress`)
        : Result.succeed({})
    case "complete":
      if (period !== undefined && (period.to === null || at < period.to.getTime()))
        return refuse(plan, "complete", period.to === null ? "an automated plan without an end runs until cancelled" : `an automated plan completes at the end of its active period, ${period.to.toISOString()}`)
      return Result.succeed({})
  }
}

/**
 * Takes one action on a plan (OUT-2, OUT-10): checks the actor's
 * permission, then that the machine allows the action in the plan's status
 * (an {@link IllegalPlanAction} naming state and action otherwise), then the
 * action's own conditions and input. Records the action, both statuses, the
 * actor and the time. A refused action changes nothing.
 *
 * @param plan - the plan as it is
 * @param command - the action and what it needs
 * @param options - when, who, the workspace's permissions and timezone
 * @returns the changed plan (`version` one higher) or the typed refusal
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const definition = {
 *   name: "Flash sale 3/3", purpose: "promotion", channel: "sms", audience: { include: ["seg-all"], exclude: [] },
 *   content: { variants: { vi: "[QC] Flash sale 3/3: giảm 30%" }, fallbackLocale: "vi" },
 *   voucher: { kind: "none" }, products: ["p-1"], callToAction: { kind: "product_list" }, holdoutPercent: 0
 * }
 * const marketer = { kind: "staff", id: "s-lan", role: "marketer" } as const
 * const draft = Result.getOrThrow(createPlan({ id: "plan-3", definition }, { at: new Date("2025-03-01T09:00:00+07:00"), actor: marketer }))
 * const scheduled = Result.getOrThrow(actOnPlan(draft, { action: "schedule", sendAt: "2025-03-03T09:00" }, { at: new Date("2025-03-01T10:00:00+07:00"), actor: marketer }))
 * scheduled.startAt // => new Date("2025-03-03T09:00:00+07:00")
 * const refused = actOnPlan(scheduled, { action: "edit", definition }, { at: new Date("2025-03-01T11:00:00+07:00"), actor: marketer })
 * Result.isFailure(refused) && refused.failure.message // => 'plan plan-3 is "scheduled": cannot edit (edit is allowed from draft)'
 * ```
 */
export const actOnPlan = (plan: Plan, command: PlanCommand, options: PlanActionOptions): Result.Result<Plan, PlanError> => {
  const action = command.action
  const allowed = authorize(options.actor, action, options.permissions)
  if (Result.isFailure(allowed)) return Result.fail(allowed.failure)
  const transition = PlanTransitions[action]
  if (!transition.from.includes(plan.status)) return refuse(plan, action, allowedFrom(action))
  const last = plan.history[plan.history.length - 1]!.at
  if (options.at.getTime() < last.getTime())
    return Result.fail(invalid("at", `an action cannot be dated before the plan's last change at ${last.toISOString()} (found ${options.at.toISOString()})`))
  return Result.map(guard(plan, command, options), (changes) => ({
    ...plan,
    ...changes,
    status: transition.to,
    history: [...plan.history, { action, from: plan.status, to: transition.to, at: options.at, actor: options.actor }],
    version: plan.version + 1
  }))
}
