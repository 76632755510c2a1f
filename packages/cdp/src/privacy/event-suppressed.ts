import { Schema } from "effect"

/**
 * The event carries an identifier of a person erased before (PRIV-2): the
 * suppression list stopped it, so it was counted on the list
 * (`cdp.privacy.suppressed()`) and not stored, and the person was not
 * re-created.
 *
 * @example
 * ```ts
 * import { EventSuppressed } from "@kith/cdp"
 * new EventSuppressed({ messageId: "m-9" }).message
 * // => "Event m-9 carries an identifier of an erased person: counted on the suppression list, not stored"
 * ```
 */
export class EventSuppressed extends Schema.TaggedError<EventSuppressed>("@kith/cdp/EventSuppressed")("EventSuppressed", {
  messageId: Schema.String
}) {
  override get message(): string {
    return `Event ${this.messageId} carries an identifier of an erased person: counted on the suppression list, not stored`
  }
}
