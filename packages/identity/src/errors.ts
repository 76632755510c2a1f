import { Schema } from "effect"

/**
 * Why a raw identifier value was not accepted (IDN-3, IDN-4).
 *
 * - `empty`: nothing left after trimming.
 * - `too_long`: longer than 512 characters.
 * - `blocked`: on the default or the workspace blocklist (junk such as `0000000000`).
 * - `invalid_phone`: not a dialable number for its country (letters inside one reject it).
 * - `service_number`: a number that reaches a service, not a person (1800 toll-free, 1900 premium and
 *   shared-cost): kept as a trait, never an identity.
 * - `invalid_email`: not shaped like `local@domain.tld`.
 * - `invalid_national_id`: not a 9-digit CMND or a 12-digit CCCD.
 * - `invalid_tax_code`: not a 10-digit tax code, optionally with a 3-digit branch suffix.
 * - `invalid_value`: a control character (tab, newline, NUL, ...) inside an opaque id; spaces are kept.
 *
 * @example
 * ```ts
 * RejectionReasons.includes("blocked") // => true
 * ```
 */
export const RejectionReasons = [
  "empty",
  "too_long",
  "blocked",
  "invalid_phone",
  "invalid_email",
  "invalid_national_id",
  "invalid_tax_code",
  "invalid_value",
  "service_number"
] as const
/** One of {@link RejectionReasons}. */
export type RejectionReason = (typeof RejectionReasons)[number]

/**
 * A raw identifier was rejected: it is never stored and never links anyone.
 *
 * @example
 * ```ts
 * import { normalizeIdentifier } from "@kith/identity"
 * import { Result } from "effect"
 * const result = normalizeIdentifier({ type: "phone", value: "0000000000" })
 * Result.isFailure(result) && result.failure.reason // => "blocked"
 * ```
 */
export class IdentifierRejected extends Schema.TaggedError<IdentifierRejected>("@kith/identity/IdentifierRejected")(
  "IdentifierRejected",
  {
    type: Schema.String,
    value: Schema.String,
    reason: Schema.Literals(RejectionReasons)
  }
) {
  override get message(): string {
    return `Identifier ${this.type} "${this.value}" rejected: ${this.reason}`
  }
}

/**
 * An identity operation named a profile or a record the state does not know.
 *
 * @example
 * ```ts
 * import { createResolver } from "@kith/identity"
 * const resolver = createResolver()
 * resolver.split("r-1", "r-2", { at: new Date("2025-01-01T00:00:00Z") }) // => Result.fail(UnknownSubject { kind: "record", id: "r-1" })
 * ```
 */
export class UnknownSubject extends Schema.TaggedError<UnknownSubject>("@kith/identity/UnknownSubject")("UnknownSubject", {
  kind: Schema.Literals(["record", "profile"]),
  id: Schema.String
}) {
  override get message(): string {
    return `Unknown ${this.kind} ${this.id}`
  }
}

/**
 * A split or a manual merge that cannot be done as asked, e.g. splitting two
 * records that are not in the same profile, or merging a profile with itself.
 *
 * @example
 * ```ts
 * // resolver.split("r-1", "r-9", { at }) when r-1 and r-9 are already apart
 * // => Result.fail(InvalidIdentityOperation { operation: "split", reason: "records are not in the same profile" })
 * ```
 */
export class InvalidIdentityOperation extends Schema.TaggedError<InvalidIdentityOperation>(
  "@kith/identity/InvalidIdentityOperation"
)("InvalidIdentityOperation", {
  operation: Schema.Literals(["split", "manual_merge"]),
  reason: Schema.String
}) {
  override get message(): string {
    return `Cannot ${this.operation}: ${this.reason}`
  }
}
