import type { InvalidInput } from "@kith/core"
import { Schema } from "effect"
import type { EventTooLarge, InvalidEventBatch } from "./port/events.js"
import type { IdentifierNotFound, InvalidIdentityChange } from "./port/identity-graph.js"
import type { InvalidCursor } from "./port/page.js"
import type { ProfileNotFound } from "./port/profiles.js"
import type { UnknownWorkspace } from "./port/workspaces.js"

// Whatever was thrown, as text; a thrown object without a string form (a null-prototype object) must not make
// reading the message throw in turn.
const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message
  try {
    return String(cause)
  } catch {
    return Object.prototype.toString.call(cause)
  }
}

/**
 * The database failed underneath (connection lost, constraint violated by a
 * bug, disk full). The transaction was rolled back; `operation` names the port
 * operation and `cause` keeps the driver's error.
 *
 * @example
 * ```ts
 * new StorageFailure({ operation: "EventStore.ingest", cause: new Error("connection reset") })
 * ```
 */
export class StorageFailure extends Schema.TaggedError<StorageFailure>("@kith/storage/StorageFailure")("StorageFailure", {
  operation: Schema.String,
  cause: Schema.Defect()
}) {
  override get message(): string {
    return `Storage failure in ${this.operation}: ${describeCause(this.cause)}`
  }
}

/**
 * A storage was opened with an option it cannot use (a malformed schema
 * name, say): nothing was opened. `field` names the option, `value` is what
 * was given.
 *
 * @example
 * ```ts
 * import { InvalidStorageOption } from "@kith/storage"
 * new InvalidStorageOption({ field: "schema", value: "Kith-1", reason: "must match [a-z_][a-z0-9_]*" }).message
 * // => "Invalid storage option schema = \"Kith-1\": must match [a-z_][a-z0-9_]*"
 * ```
 */
export class InvalidStorageOption extends Schema.TaggedError<InvalidStorageOption>("@kith/storage/InvalidStorageOption")("InvalidStorageOption", {
  field: Schema.String,
  value: Schema.Unknown,
  reason: Schema.String
}) {
  override get message(): string {
    return `Invalid storage option ${this.field} = ${JSON.stringify(this.value)}: ${this.reason}`
  }
}

/**
 * Every typed error a port operation can report.
 *
 * @example
 * ```ts
 * const describe = (e: StorageError): string => e._tag
 * describe(new UnknownWorkspace({ workspaceId: "shop-9" })) // => "UnknownWorkspace"
 * ```
 */
export type StorageError =
  | UnknownWorkspace
  | InvalidEventBatch
  | EventTooLarge
  | ProfileNotFound
  | IdentifierNotFound
  | InvalidIdentityChange
  | InvalidCursor
  | InvalidInput
  | StorageFailure
