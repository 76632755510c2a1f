import { InvalidIdentityOperation } from "@kith/identity"
import { Schema } from "effect"

const Issue = Schema.Struct({ path: Schema.String, message: Schema.String })

/**
 * The workspace does not exist: nothing was read or written. Create it first
 * with `Workspaces.create`.
 *
 * @example
 * ```ts
 * new UnknownWorkspace({ workspaceId: "ws-missing" }).message // => "Unknown workspace ws-missing"
 * ```
 */
export class UnknownWorkspace extends Schema.TaggedError<UnknownWorkspace>("@kith/storage/UnknownWorkspace")("UnknownWorkspace", {
  workspaceId: Schema.String
}) {
  override get message(): string {
    return `Unknown workspace ${this.workspaceId}`
  }
}

/**
 * A batch was refused because one of its events is malformed (ING-5). The
 * batch is atomic, so nothing of it was written. `index` is the position of
 * the first bad event in the batch, `issues` name the fields and reasons.
 *
 * @example
 * ```ts
 * const error = new InvalidEventBatch({ index: 3, messageId: "m-4", issues: [{ path: "timestamp", message: "Expected a date" }] })
 * error.message // => "Event 3 (m-4) is invalid: timestamp: Expected a date"
 * ```
 */
export class InvalidEventBatch extends Schema.TaggedError<InvalidEventBatch>("@kith/storage/InvalidEventBatch")("InvalidEventBatch", {
  index: Schema.Number,
  messageId: Schema.optionalKey(Schema.String),
  issues: Schema.Array(Issue)
}) {
  override get message(): string {
    const id = this.messageId === undefined ? "" : ` (${this.messageId})`
    return `Event ${this.index}${id} is invalid: ` + this.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; ")
  }
}

/**
 * A batch was refused because one event's JSON is larger than the store
 * accepts (`maxEventBytes`); nothing of the batch was written.
 *
 * @example
 * ```ts
 * new EventTooLarge({ index: 0, messageId: "m-1", bytes: 70_000, limit: 65_536 }).message
 * // => "Event 0 (m-1) is 70000 bytes, over the 65536-byte limit"
 * ```
 */
export class EventTooLarge extends Schema.TaggedError<EventTooLarge>("@kith/storage/EventTooLarge")("EventTooLarge", {
  index: Schema.Number,
  messageId: Schema.optionalKey(Schema.String),
  bytes: Schema.Number,
  limit: Schema.Number
}) {
  override get message(): string {
    const id = this.messageId === undefined ? "" : ` (${this.messageId})`
    return `Event ${this.index}${id} is ${this.bytes} bytes, over the ${this.limit}-byte limit`
  }
}

/**
 * No live or merged-away profile has this id in the workspace.
 *
 * @example
 * ```ts
 * new ProfileNotFound({ workspaceId: "ws-1", profileId: "p_x" }).message // => "No profile p_x in workspace ws-1"
 * ```
 */
export class ProfileNotFound extends Schema.TaggedError<ProfileNotFound>("@kith/storage/ProfileNotFound")("ProfileNotFound", {
  workspaceId: Schema.String,
  profileId: Schema.String
}) {
  override get message(): string {
    return `No profile ${this.profileId} in workspace ${this.workspaceId}`
  }
}

/**
 * An identity operation that cannot be applied as asked (e.g. a split that
 * would move every identifier, or none). Nothing was written. When
 * `@kith/identity` itself refused the change, `rejected` is its typed
 * failure ({@link InvalidIdentityOperation}: which operation and why).
 *
 * @example
 * ```ts
 * import { InvalidIdentityChange } from "@kith/storage"
 * new InvalidIdentityChange({ reason: "a split must leave at least one identifier behind" }).message
 * // => "Invalid identity change: a split must leave at least one identifier behind"
 * ```
 */
export class InvalidIdentityChange extends Schema.TaggedError<InvalidIdentityChange>("@kith/storage/InvalidIdentityChange")("InvalidIdentityChange", {
  reason: Schema.String,
  rejected: Schema.optionalKey(InvalidIdentityOperation)
}) {
  override get message(): string {
    return `Invalid identity change: ${this.reason}`
  }
}

/**
 * No stored event of the workspace carries this identifier (given raw; it
 * was normalized first), so there is nothing to explain or act on.
 *
 * @example
 * ```ts
 * import { IdentifierNotFound } from "@kith/storage"
 * new IdentifierNotFound({ workspaceId: "shop-1", type: "email", value: "nobody@example.com" }).message
 * // => "No stored event of workspace shop-1 carries email nobody@example.com"
 * ```
 */
export class IdentifierNotFound extends Schema.TaggedError<IdentifierNotFound>("@kith/storage/IdentifierNotFound")("IdentifierNotFound", {
  workspaceId: Schema.String,
  type: Schema.String,
  value: Schema.String
}) {
  override get message(): string {
    return `No stored event of workspace ${this.workspaceId} carries ${this.type} ${this.value}`
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
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `Storage failure in ${this.operation}: ${cause}`
  }
}

/**
 * Every typed error a port operation can report.
 *
 * @example
 * ```ts
 * const describe = (e: StorageError) => e._tag // => "UnknownWorkspace" | "InvalidEventBatch" | ...
 * ```
 */
export type StorageError =
  | UnknownWorkspace
  | InvalidEventBatch
  | EventTooLarge
  | ProfileNotFound
  | IdentifierNotFound
  | InvalidIdentityChange
  | StorageFailure
