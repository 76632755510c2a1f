import { CareStatus, type InvalidInput, Instant, ProfileId } from "@kith/core"
import { Result, Schema } from "effect"
import { Actor } from "../actor.js"
import { ChangeOptions, decodeWith, notBefore, Reason, stampOf } from "../change-options.js"
import { IllegalMove } from "../errors.js"


/**
 * The care machine: from each status (or from none, before the first
 * judgment), the statuses a change may go to. A customer is reached before
 * being judged, judged before closing, and a closed customer starts a new
 * round by being contacted again.
 *
 * | from | to |
 * |---|---|
 * | (none) | unreachable, contacted |
 * | unreachable | contacted, not_potential |
 * | contacted | unreachable, not_potential, potential, closing |
 * | not_potential | contacted, potential |
 * | potential | unreachable, not_potential, closing |
 * | closing | potential, not_potential, closed |
 * | closed | contacted |
 *
 * @example
 * ```ts
 * CareTransitions.none // => ["unreachable", "contacted"]
 * CareTransitions.closing // => ["potential", "not_potential", "closed"]
 * ```
 */
export const CareTransitions: { readonly [S in CareStatus | "none"]: ReadonlyArray<CareStatus> } = {
  none: ["unreachable", "contacted"],
  unreachable: ["contacted", "not_potential"],
  contacted: ["unreachable", "not_potential", "potential", "closing"],
  not_potential: ["contacted", "potential"],
  potential: ["unreachable", "not_potential", "closing"],
  closing: ["potential", "not_potential", "closed"],
  closed: ["contacted"]
}

/**
 * One change of a customer's care status. `recordId` anchors it to a person
 * across identity changes: the identity record the profile was anchored to
 * when staff made the change (its earliest record); a split gives the change
 * to the profile that record goes to.
 */
export const CareChange = Schema.Struct({
  at: Instant,
  actor: Actor,
  from: Schema.NullOr(CareStatus),
  to: CareStatus,
  reason: Schema.NullOr(Reason),
  recordId: Schema.String.check(Schema.isNonEmpty())
})
/** A {@link CareChange} after decoding. */
export type CareChange = typeof CareChange.Type

/**
 * A customer's care status with its history (PIPE-6). `status` and `since`
 * are those of the last change (`null` before any); `history` is in time
 * order.
 *
 * @example
 * ```ts
 * import { emptyCare } from "@kith/pipeline"
 * emptyCare("p-1") // => { profileId: "p-1", status: null, since: null, history: [], version: 0 }
 * ```
 */
export const CareRecord = Schema.Struct({
  profileId: ProfileId,
  status: Schema.NullOr(CareStatus),
  since: Schema.NullOr(Instant),
  history: Schema.Array(CareChange),
  version: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
})
/** A {@link CareRecord} after decoding. */
export type CareRecord = typeof CareRecord.Type

/**
 * A customer no one has judged yet.
 *
 * @example
 * ```ts
 * emptyCare("p-1").status // => null
 * ```
 */
export const emptyCare = (profileId: string): CareRecord => ({ profileId: profileId as ProfileId, status: null, since: null, history: [], version: 0 })

const CareChangeInput = Schema.Struct({ ...ChangeOptions.fields, recordId: Schema.String.check(Schema.isTrimmed(), Schema.isNonEmpty(), Schema.isMaxLength(200)) })
/** The input of {@link setCareStatus}: the change stamp and the record the profile is anchored to. */
export type CareChangeInput = typeof CareChangeInput.Encoded
const decodeCareChange = decodeWith("care status change", CareChangeInput)
const decodeStatus = decodeWith("care status change", Schema.Struct({ to: CareStatus }))

/**
 * Changes a customer's care status along {@link CareTransitions}, recording
 * who, when, why and the anchoring record. A change the table does not
 * allow (including to the status it already has) is an {@link IllegalMove}
 * naming the status and the target; a change dated before the last one is
 * an `InvalidInput`.
 *
 * @param care - the customer's care record ({@link emptyCare} before the first change)
 * @param to - the new status
 * @param options - when, who, why, and the profile's anchoring record
 * @returns the changed record (its `version` one higher), or the typed refusal
 *
 * @example
 * ```ts
 * import { emptyCare, setCareStatus } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const contacted = Result.getOrThrow(setCareStatus(emptyCare("p-1"), "contacted", { at: "2025-03-07T09:00:00+07:00", actor: staff, recordId: "m-1" }))
 * contacted.status // => "contacted"
 * Result.isFailure(setCareStatus(contacted, "closed", { at: "2025-03-07T10:00:00+07:00", actor: staff, recordId: "m-1" })) // => true (close needs closing first)
 * ```
 */
export const setCareStatus = (care: CareRecord, to: CareStatus, options: CareChangeInput): Result.Result<CareRecord, IllegalMove | InvalidInput> =>
  Result.gen(function* () {
    const target = (yield* decodeStatus({ to })).to
    const input = yield* decodeCareChange(options)
    const state = care.status ?? "none"
    if (!CareTransitions[state].includes(target)) {
      const allowed = CareTransitions[state]
      return yield* Result.fail(
        new IllegalMove({
          machine: "care",
          itemId: care.profileId,
          state,
          action: target,
          reason: target === care.status ? "the customer already has that care status" : `from ${state} the care status may go to ${allowed.join(", ")}`
        })
      )
    }
    const stamp = stampOf(input)
    if (care.since !== null) yield* notBefore("care status change", stamp.at, care.since)
    const change: CareChange = { at: stamp.at, actor: stamp.actor, from: care.status, to: target, reason: stamp.reason, recordId: input.recordId }
    return { ...care, status: target, since: stamp.at, history: [...care.history, change], version: care.version + 1 }
  })

/**
 * The care status a customer had at an instant, from its history (`null`
 * before the first change).
 *
 * @example
 * ```ts
 * import { careStatusAt, emptyCare, setCareStatus } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const care = Result.getOrThrow(setCareStatus(emptyCare("p-1"), "contacted", { at: "2025-03-07T09:00:00+07:00", actor: { kind: "staff", id: "s-lan" }, recordId: "m-1" }))
 * careStatusAt(care, new Date("2025-03-01T00:00:00Z")) // => null
 * careStatusAt(care, new Date("2025-03-08T00:00:00Z")) // => "contacted"
 * ```
 */
export const careStatusAt = (care: CareRecord, at: Date): CareStatus | null => {
  let status: CareStatus | null = null
  for (const change of care.history) {
    if (change.at.getTime() > at.getTime()) break
    status = change.to
  }
  return status
}
