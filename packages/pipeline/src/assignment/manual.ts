import { type InvalidInput, StaffId } from "@kith/core"
import { Result, Schema } from "effect"
import { ChangeOptions, type ChangeStamp, decodeWith, notBefore, stampOf } from "../change-options.js"
import { IllegalMove } from "../errors.js"
import { lastChangeAt, type PipelineItem, withChange } from "../item.js"

/** At most this many collaborators on one item. */
export const MAX_COLLABORATORS = 20

const decodeChange = decodeWith("assignment", ChangeOptions)
const decodeStaff = decodeWith("assignment", Schema.Struct({ staffId: Schema.NullOr(StaffId) }))

const refuse = (item: PipelineItem, action: string, reason: string) =>
  Result.fail(new IllegalMove({ machine: item.kind, itemId: item.id, state: item.status, action, reason }))

const prepare = (item: PipelineItem, staffId: string | null, options: ChangeOptions): Result.Result<{ readonly staffId: StaffId | null; readonly stamp: ChangeStamp }, InvalidInput> =>
  Result.gen(function* () {
    const staff = yield* decodeStaff({ staffId })
    const stamp = stampOf(yield* decodeChange(options))
    yield* notBefore("assignment", stamp.at, lastChangeAt(item))
    return { staffId: staff.staffId, stamp }
  })

/**
 * Assigns a lead or an opportunity to a staff member, or unassigns it with
 * `null` (PIPE-7, manual assignment). Allowed in every status, so a manager
 * can re-attribute closed work; the change is kept in history with actor,
 * time and reason. Assigning the current assignee is an {@link IllegalMove}
 * (a change that changes nothing is never written).
 *
 * @param item - the lead or opportunity
 * @param staffId - the new assignee, or `null`
 * @param options - when, who, why
 * @returns the item with its new assignee, or the typed refusal
 *
 * @example
 * ```ts
 * import { assign, createLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const manager = { kind: "staff", id: "s-manager" } as const
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T09:00:00+07:00", actor: manager }))
 * const assigned = Result.getOrThrow(assign(lead, "s-lan", { at: "2025-03-07T09:05:00+07:00", actor: manager }))
 * assigned.assignee // => "s-lan"
 * Result.isFailure(assign(assigned, "s-lan", { at: "2025-03-07T09:06:00+07:00", actor: manager })) // => true (already hers)
 * ```
 */
export const assign = <T extends PipelineItem>(item: T, staffId: string | null, options: ChangeOptions): Result.Result<T, IllegalMove | InvalidInput> =>
  Result.gen(function* () {
    const { staffId: to, stamp } = yield* prepare(item, staffId, options)
    if (to === item.assignee) return yield* refuse(item, "assign", to === null ? "it is not assigned" : `it is already assigned to ${to}`)
    // A collaborator who becomes the assignee stops being a collaborator: one role per person.
    const collaborators = to === null ? item.collaborators : item.collaborators.filter((c) => c !== to)
    return withChange(item, { kind: "assignee", ...stamp, from: item.assignee, to }, { assignee: to, collaborators })
  })

/**
 * Adds a collaborator to a lead or an opportunity (PIPE-7): someone who
 * helps the assignee. The assignee, someone already collaborating, or a
 * 21st collaborator is refused with an {@link IllegalMove}.
 *
 * @example
 * ```ts
 * import { addCollaborator, createLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const manager = { kind: "staff", id: "s-manager" } as const
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T09:00:00+07:00", actor: manager, assignee: "s-lan" }))
 * Result.getOrThrow(addCollaborator(lead, "s-minh", { at: "2025-03-07T09:05:00+07:00", actor: manager })).collaborators // => ["s-minh"]
 * Result.isFailure(addCollaborator(lead, "s-lan", { at: "2025-03-07T09:05:00+07:00", actor: manager })) // => true (she is the assignee)
 * ```
 */
export const addCollaborator = <T extends PipelineItem>(item: T, staffId: string, options: ChangeOptions): Result.Result<T, IllegalMove | InvalidInput> =>
  Result.gen(function* () {
    const { staffId: prepared, stamp } = yield* prepare(item, staffId, options)
    const id = prepared as StaffId
    if (id === item.assignee) return yield* refuse(item, "add_collaborator", `${id} is the assignee`)
    if (item.collaborators.includes(id)) return yield* refuse(item, "add_collaborator", `${id} is already a collaborator`)
    if (item.collaborators.length >= MAX_COLLABORATORS) return yield* refuse(item, "add_collaborator", `an item has at most ${MAX_COLLABORATORS} collaborators`)
    return withChange(item, { kind: "collaborator", ...stamp, staffId: id, added: true }, { collaborators: [...item.collaborators, id] })
  })

/**
 * Removes a collaborator from a lead or an opportunity. Removing someone who
 * is not a collaborator is an {@link IllegalMove}.
 *
 * @example
 * ```ts
 * import { addCollaborator, createLead, removeCollaborator } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const manager = { kind: "staff", id: "s-manager" } as const
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T09:00:00+07:00", actor: manager }))
 * const helped = Result.getOrThrow(addCollaborator(lead, "s-minh", { at: "2025-03-07T09:05:00+07:00", actor: manager }))
 * Result.getOrThrow(removeCollaborator(helped, "s-minh", { at: "2025-03-08T09:00:00+07:00", actor: manager })).collaborators // => []
 * ```
 */
export const removeCollaborator = <T extends PipelineItem>(item: T, staffId: string, options: ChangeOptions): Result.Result<T, IllegalMove | InvalidInput> =>
  Result.gen(function* () {
    const { staffId: prepared, stamp } = yield* prepare(item, staffId, options)
    const id = prepared as StaffId
    if (!item.collaborators.includes(id)) return yield* refuse(item, "remove_collaborator", `${id} is not a collaborator`)
    return withChange(item, { kind: "collaborator", ...stamp, staffId: id, added: false }, { collaborators: item.collaborators.filter((c) => c !== id) })
  })
