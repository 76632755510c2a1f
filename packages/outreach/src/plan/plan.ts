import { defaultWorkspaceSettings, type InvalidInput, PlanId, StaffId } from "@kith/core"
import { Schema } from "effect"
import type { IllegalPlanAction, NotPermitted } from "../errors.js"
import type { PlanPermissions } from "../permissions.js"
import type { PlanDefinition } from "./plan-definition.js"

/**
 * A plan's status (OUT-2). `deleted` keeps the plan and its history (nothing
 * is lost); a store may hide it from lists.
 */
export const PlanStatuses = ["draft", "scheduled", "in_progress", "sent", "cancelled", "deleted"] as const
/** One of {@link PlanStatuses}. */
export const PlanStatus = Schema.Literals(PlanStatuses)
/** A {@link PlanStatus} after decoding. */
export type PlanStatus = typeof PlanStatus.Type

/**
 * Who acts on a plan: a staff member with a role (OUT-10), or the system,
 * which starts scheduled plans and completes delivered ones.
 *
 * @example
 * ```ts
 * const actor: PlanActor = { kind: "staff", id: "s-lan", role: "marketer" }
 * ```
 */
export type PlanActor =
  | { readonly kind: "staff"; readonly id: string; readonly role: string }
  | { readonly kind: "system" }

/** The schema of a {@link PlanActor}. */
export const PlanActorSchema = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("staff"), id: StaffId, role: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(64)) }),
  Schema.Struct({ kind: Schema.Literal("system") })
])

/** Every action of the plan machine; `create` is the first entry of every history. */
export type PlanAction = "create" | "edit" | "delete" | "schedule" | "send" | "start" | "cancel" | "complete"

/** One change of a plan, as history records it: what, from which status to which, who, when. */
export interface PlanChange {
  readonly action: PlanAction
  readonly from: PlanStatus | null
  readonly to: PlanStatus
  readonly at: Date
  readonly actor: PlanActor
}

/** A segment at the version the plan resolved its recipients from. */
export interface SegmentVersion {
  readonly segmentId: string
  readonly version: number
}

/**
 * How recipients were resolved when the plan went out (OUT-3): when, and
 * the version of every segment of its audience at that moment.
 */
export interface AudienceResolution {
  readonly at: Date
  readonly segments: ReadonlyArray<SegmentVersion>
}

/**
 * An outreach plan: its definition, where it is in the machine, when it is
 * to go out, how its audience was resolved, and its history. `version`
 * grows by one with every change (a store's optimistic lock).
 */
export interface Plan {
  readonly id: PlanId
  readonly definition: PlanDefinition
  readonly status: PlanStatus
  /** `one_time`, or `automated` when the definition has an automation. */
  readonly kind: "one_time" | "automated"
  /** When a scheduled plan starts; `null` until scheduled. */
  readonly startAt: Date | null
  readonly resolution: AudienceResolution | null
  readonly history: ReadonlyArray<PlanChange>
  readonly version: number
}

/** The options of every plan action: when, who, and the workspace's permissions and timezone. */
export interface PlanActionOptions {
  readonly at: Date
  readonly actor: PlanActor
  /** Default `defaultPlanPermissions`. */
  readonly permissions?: PlanPermissions
  /** The workspace timezone, where a local send time is read; default `Asia/Ho_Chi_Minh`. */
  readonly timeZone?: string
}

/** The workspace timezone of an action. */
export const timeZoneOf = (options: PlanActionOptions): string => options.timeZone ?? defaultWorkspaceSettings.timezone

/** What the plan functions fail with. */
export type PlanError = InvalidInput | IllegalPlanAction | NotPermitted
