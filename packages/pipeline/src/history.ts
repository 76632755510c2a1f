import { EventId, Instant, StaffId } from "@kith/core"
import { Schema } from "effect"
import { Actor } from "./actor.js"
import { Reason, TypedText } from "./change-options.js"

/** The fields every history entry carries, as typed columns: when, who, why, and the event behind it when a rule made the change. */
export const stampFields = {
  at: Instant,
  actor: Actor,
  reason: Schema.NullOr(Reason),
  eventId: Schema.NullOr(EventId)
}

/**
 * A status change of a machine whose statuses are `S` and actions `A`. The
 * first entry of every item is its creation (`from: null`, action `create`).
 */
export const statusChange = <S extends Schema.Top, A extends Schema.Top>(status: S, action: A) =>
  Schema.Struct({
    kind: Schema.Literal("status"),
    ...stampFields,
    action: action,
    from: Schema.NullOr(status),
    to: status
  })

/** The assignee changed (PIPE-7); `null` is unassigned. */
export const AssigneeChange = Schema.Struct({
  kind: Schema.Literal("assignee"),
  ...stampFields,
  from: Schema.NullOr(StaffId),
  to: Schema.NullOr(StaffId)
})
/** An {@link AssigneeChange} after decoding. */
export type AssigneeChange = typeof AssigneeChange.Type

/** A collaborator was added to or removed from the item (PIPE-7). */
export const CollaboratorChange = Schema.Struct({
  kind: Schema.Literal("collaborator"),
  ...stampFields,
  staffId: StaffId,
  added: Schema.Boolean
})
/** A {@link CollaboratorChange} after decoding. */
export type CollaboratorChange = typeof CollaboratorChange.Type

/**
 * An internal note by staff (PIPE-2), numbered from 1 within its item.
 *
 * @example
 * ```ts
 * const note: Note = { no: 1, at: new Date("2025-03-07T02:00:00Z"), authorId: "s-lan" as StaffId, text: "Khách hẹn gọi lại chiều thứ Hai" }
 * ```
 */
export const Note = Schema.Struct({
  no: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  at: Instant,
  authorId: StaffId,
  text: TypedText(10_000)
})
/** A {@link Note} after decoding. */
export type Note = typeof Note.Type
