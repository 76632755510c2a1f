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
