import { type InvalidInput, Instant, StaffId } from "@kith/core"
import { Result, Schema } from "effect"
import { decodeWith, TypedText } from "./change-options.js"
import { type PipelineItem, withNote } from "./item.js"

const NoteInput = Schema.Struct({
  at: Instant,
  authorId: StaffId,
  text: TypedText(10_000)
})
/** The input of {@link addNote}: the author (a staff id), when, and the text (not blank, at most 10,000 characters). */
export type NoteInput = typeof NoteInput.Encoded

const decodeNote = decodeWith("note", NoteInput)

/**
 * Adds an internal note by staff to a lead or an opportunity (PIPE-2),
 * numbered after the item's last note. Notes are allowed in every status and
 * are never edited or removed.
 *
 * @param item - the lead or opportunity
 * @param note - author, time and text
 * @returns the item with the note (its `version` one higher), or an `InvalidInput`
 *
 * @example
 * ```ts
 * import { addNote, createLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T09:00:00+07:00", actor: { kind: "staff", id: "s-lan" } }))
 * const noted = Result.getOrThrow(addNote(lead, { at: "2025-03-07T10:00:00+07:00", authorId: "s-lan", text: "Khách hẹn gọi lại chiều thứ Hai" }))
 * noted.notes[0]?.no // => 1
 * Result.isFailure(addNote(lead, { at: "2025-03-07T10:00:00+07:00", authorId: "s-lan", text: "  " })) // => true
 * ```
 */
export const addNote = <T extends PipelineItem>(item: T, note: NoteInput): Result.Result<T, InvalidInput> =>
  Result.map(decodeNote(note), (decoded) => withNote(item, { no: (item.notes.at(-1)?.no ?? 0) + 1, ...decoded }))
