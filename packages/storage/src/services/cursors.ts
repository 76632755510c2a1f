import { EARLIEST_STORABLE_INSTANT, LATEST_STORABLE_INSTANT, storableTextProblem } from "@kith/core"
import type { EventPosition, EventRow } from "../port/events.js"
import { InvalidCursor } from "../port/page.js"

// Cursors are opaque to callers but plain to read here: every engine parses them the same way, and a cursor that
// could not have been issued is refused before any engine sees it (a NUL would fail Postgres, a NaN would page
// nothing on SQLite).

const INTEGER = /^(0|-?[1-9][0-9]*)$/
const NATURAL = /^(0|[1-9][0-9]*)$/

// Longest messageId (and so profile id, `p_` + messageId) an event can carry.
const MAX_ID_LENGTH = 200

/**
 * The cursor after an event row: `<epoch ms>:<messageId>`.
 *
 * @example
 * ```ts
 * eventCursor({ timestamp: 1740794400000, messageId: "m-1" }) // => "1740794400000:m-1"
 * ```
 */
export const eventCursor = (row: Pick<EventRow, "timestamp" | "messageId">): string => `${row.timestamp}:${row.messageId}`

/**
 * The position an events cursor stands for; throws {@link InvalidCursor} for
 * one that {@link eventCursor} could not have made.
 *
 * @example
 * ```ts
 * parseEventCursor("1740794400000:m-1") // => { timestamp: 1740794400000, messageId: "m-1" }
 * parseEventCursor("NaN:m-1") // throws InvalidCursor
 * ```
 */
export const parseEventCursor = (cursor: string | undefined): EventPosition | undefined => {
  if (cursor === undefined) return undefined
  const refuse = (reason: string) => new InvalidCursor({ cursor, reason: `an events cursor is <epoch ms>:<messageId>; ${reason}` })
  const colon = cursor.indexOf(":")
  if (colon === -1) throw refuse("this one has no colon")
  const [time, messageId] = [cursor.slice(0, colon), cursor.slice(colon + 1)]
  const timestamp = Number(time)
  if (!INTEGER.test(time) || timestamp < EARLIEST_STORABLE_INSTANT || timestamp > LATEST_STORABLE_INSTANT) throw refuse(`${JSON.stringify(time)} is not the time of a stored event`)
  if (messageId === "" || messageId.length > MAX_ID_LENGTH) throw refuse("its messageId is empty or too long")
  const problem = storableTextProblem(messageId)
  if (problem !== undefined) throw refuse(`its messageId ${problem}`)
  return { timestamp, messageId }
}

/**
 * The ledger sequence number a ledger cursor stands for (the entries after
 * it come next); throws {@link InvalidCursor} for anything but a canonical
 * non-negative integer.
 *
 * @example
 * ```ts
 * parseLedgerCursor("42") // => 42
 * parseLedgerCursor("-1") // throws InvalidCursor
 * ```
 */
export const parseLedgerCursor = (cursor: string | undefined): number => {
  if (cursor === undefined) return 0
  if (!NATURAL.test(cursor) || !Number.isSafeInteger(Number(cursor))) {
    throw new InvalidCursor({ cursor, reason: "a ledger cursor is the sequence number of the last entry read" })
  }
  return Number(cursor)
}

/**
 * The profile id a profile-list cursor stands for; throws
 * {@link InvalidCursor} for text no profile id can be.
 *
 * @example
 * ```ts
 * parseProfileCursor("p_m-1") // => "p_m-1"
 * parseProfileCursor("p_\u0000") // throws InvalidCursor
 * ```
 */
export const parseProfileCursor = (cursor: string | undefined): string | undefined => {
  if (cursor === undefined) return undefined
  const refuse = (reason: string) => new InvalidCursor({ cursor, reason: `a profile cursor is the id of the last profile read; ${reason}` })
  if (!cursor.startsWith("p_") || cursor.length > MAX_ID_LENGTH + 2) throw refuse("this one is not a profile id")
  const problem = storableTextProblem(cursor)
  if (problem !== undefined) throw refuse(`this one ${problem}`)
  return cursor
}

/**
 * Where a profile search continues: after `profileId` among the exact
 * matches (cursor `=<id>`), or among the other matches (cursor `<id>`, as a
 * list cursor); throws {@link InvalidCursor} for anything else.
 *
 * @example
 * ```ts
 * parseSearchCursor("=p_m-1") // => { profileId: "p_m-1", exact: true }
 * parseSearchCursor("p_m-1") // => { profileId: "p_m-1", exact: false }
 * ```
 */
export const parseSearchCursor = (cursor: string | undefined): { readonly profileId: string; readonly exact: boolean } | undefined => {
  if (cursor === undefined) return undefined
  const exact = cursor.startsWith("=")
  try {
    return { profileId: parseProfileCursor(exact ? cursor.slice(1) : cursor)!, exact }
  } catch {
    throw new InvalidCursor({ cursor, reason: "a profile cursor is the id of the last profile read, after = among exact matches" })
  }
}

/**
 * The cursor {@link parseSearchCursor} reads back.
 *
 * @example
 * ```ts
 * searchCursor("p_m-1", true) // => "=p_m-1"
 * ```
 */
export const searchCursor = (profileId: string, exact: boolean): string => (exact ? `=${profileId}` : profileId)

/**
 * The messageId a scan cursor stands for (the rows after it come next);
 * throws {@link InvalidCursor} for text no messageId can be.
 *
 * @example
 * ```ts
 * parseMessageCursor("m-41") // => "m-41"
 * parseMessageCursor("") // throws InvalidCursor
 * ```
 */
export const parseMessageCursor = (cursor: string | undefined): string | undefined => {
  if (cursor === undefined) return undefined
  const problem = cursor === "" || cursor.length > MAX_ID_LENGTH ? "it is empty or too long" : storableTextProblem(cursor)
  if (problem !== undefined) throw new InvalidCursor({ cursor, reason: `a scan cursor is the messageId of the last event read; ${problem}` })
  return cursor
}
