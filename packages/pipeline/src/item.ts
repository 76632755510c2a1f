import type { AssigneeChange, CollaboratorChange, Note } from "./history.js"
import type { Lead } from "./lead/lead.js"
import type { Opportunity } from "./opportunity/opportunity.js"

/** A lead or an opportunity: the items staff are assigned to, note and move. */
export type PipelineItem = Lead | Opportunity

/** Appends a history entry shared by both machines and bumps the version. */
export const withChange = <T extends PipelineItem>(item: T, change: AssigneeChange | CollaboratorChange, patch: Partial<Pick<PipelineItem, "assignee" | "collaborators">>): T =>
  ({ ...item, ...patch, history: [...item.history, change], version: item.version + 1 }) as T

/** Appends a note and bumps the version. */
export const withNote = <T extends PipelineItem>(item: T, note: Note): T => ({ ...item, notes: [...item.notes, note], version: item.version + 1 }) as T

/** The instant of an item's last history entry (its creation at least): no change may be dated before it. */
export const lastChangeAt = (item: { readonly createdAt: Date; readonly history: ReadonlyArray<{ readonly at: Date }> }): Date =>
  item.history.at(-1)?.at ?? item.createdAt
