import { Schema } from "effect"

/**
 * An argument of a facade call is unusable: `field` names it (e.g.
 * `"limit"`, `"asOf"`, `"options.chunkSize"`, `"settings.timezone"`) and
 * `reason` says why. Nothing was read or written.
 *
 * @example
 * ```ts
 * new InvalidArgument({ field: "limit", reason: "must be an integer from 1 to 1000, got 0" }).message
 * // => "Invalid limit: must be an integer from 1 to 1000, got 0"
 * ```
 */
export class InvalidArgument extends Schema.TaggedError<InvalidArgument>("@kith/cdp/InvalidArgument")("InvalidArgument", {
  field: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `Invalid ${this.field}: ${this.reason}`
  }
}

/**
 * No profile holds the identifier a call named (after normalization: a phone
 * in any written form, an email in any case). Nothing was written.
 *
 * @example
 * ```ts
 * new NoProfileForIdentifier({ workspaceId: "shop-1", type: "phone", value: "0912 345 678" }).message
 * // => "No profile in workspace shop-1 holds phone 0912 345 678"
 * ```
 */
export class NoProfileForIdentifier extends Schema.TaggedError<NoProfileForIdentifier>("@kith/cdp/NoProfileForIdentifier")("NoProfileForIdentifier", {
  workspaceId: Schema.String,
  type: Schema.String,
  value: Schema.String
}) {
  override get message(): string {
    return `No profile in workspace ${this.workspaceId} holds ${this.type} ${this.value}`
  }
}

/**
 * The identifier a call named points to several profiles, so kith will not
 * pick one: a value a guard or a split kept several profiles apart on (two
 * account holders' shared phone, the linking email both sides of a split
 * hold), or a shared value that links nobody (a shop hotline, a kiosk's
 * device id). `candidates` are those profiles, by id; name one of them.
 * Nothing was written.
 *
 * @example
 * ```ts
 * new AmbiguousIdentifier({ workspaceId: "shop-1", type: "phone", value: "028 3822 1234", candidates: ["p_m-1", "p_m-7"] }).message
 * // => "phone 028 3822 1234 points to 2 profiles in workspace shop-1 (p_m-1, p_m-7): name one by id"
 * ```
 */
export class AmbiguousIdentifier extends Schema.TaggedError<AmbiguousIdentifier>("@kith/cdp/AmbiguousIdentifier")("AmbiguousIdentifier", {
  workspaceId: Schema.String,
  type: Schema.String,
  value: Schema.String,
  candidates: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `${this.type} ${this.value} points to ${this.candidates.length} profiles in workspace ${this.workspaceId} (${this.candidates.join(", ")}): name one by id`
  }
}

/**
 * One ingestion call (`identify`, `track`, `page`, `alias`) was refused: its
 * event does not decode. `type` and `event` say which call, `messageId`
 * which event, and `issues` each field at fault, the reason and the value
 * found. Nothing was written. (`batch` reports the position of the bad
 * event instead, with the storage port's `InvalidEventBatch`.)
 *
 * @example
 * ```ts
 * new InvalidEvent({ type: "track", event: "Order Completed", messageId: "m-2", issues: [{ path: "properties.total", message: "Expected number, got \"450000\"" }] }).message
 * // => "track(\"Order Completed\"): properties.total: Expected number, got \"450000\""
 * ```
 */
export class InvalidEvent extends Schema.TaggedError<InvalidEvent>("@kith/cdp/InvalidEvent")("InvalidEvent", {
  type: Schema.Literals(["identify", "track", "page", "screen", "group", "alias"]),
  event: Schema.optionalKey(Schema.String),
  messageId: Schema.optionalKey(Schema.String),
  issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {
  override get message(): string {
    const call = `${this.type}(${this.event === undefined ? "" : JSON.stringify(this.event)})`
    return `${call}: ` + this.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; ")
  }
}
