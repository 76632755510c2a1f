/**
 * What a record of a person's history needs so a later one can replace it:
 * when it was made, the profile it was made for, and every profile it
 * speaks for (that profile and those merged into it by then).
 *
 * @example
 * ```ts
 * const record: MergeAwareRecord = { at: new Date("2026-01-05T02:00:00Z"), recordedOn: "p-1", covers: ["p-1"] }
 * ```
 */
export interface MergeAwareRecord {
  readonly at: Date
  readonly recordedOn: string
  readonly covers: ReadonlyArray<string>
}

// A later record replaces an earlier one it covers (made for that profile, or for one it was merged into).
const replaces = (later: MergeAwareRecord, earlier: MergeAwareRecord): boolean =>
  later.at.getTime() > earlier.at.getTime() && (later.recordedOn === earlier.recordedOn || later.covers.includes(earlier.recordedOn))

/**
 * The records of one question (one purpose × channel, one restriction)
 * still standing at `asOf`: made by then, and not replaced by a later one
 * covering them. One profile's latest record stands alone; after a merge,
 * each side's latest stands until a record made for the merged profile
 * replaces both. The answer depends only on the set of records, never on
 * their order — the rule consent and contact restrictions share.
 *
 * @param records - the records of one question, any order
 * @param asOf - records made after it do not count
 * @returns those still standing, in the order given
 *
 * @example
 * ```ts
 * import { standingAt } from "@kith/privacy"
 * const made = (id: string, profile: string, day: number, covers = [profile]) => ({ id, at: new Date(Date.UTC(2026, 0, day)), recordedOn: profile, covers })
 * // Two merged sides each keep their latest; a record made for the survivor (covering both) replaces both.
 * const history = [made("a-1", "p-1", 1), made("a-2", "p-1", 3), made("b-1", "p-2", 2)]
 * standingAt(history, new Date("2026-01-10T00:00:00Z")).map((r) => r.id) // => ["a-2", "b-1"]
 * standingAt([...history, made("s-1", "p-1", 5, ["p-1", "p-2"])], new Date("2026-01-10T00:00:00Z")).map((r) => r.id) // => ["s-1"]
 * ```
 */
export const standingAt = <R extends MergeAwareRecord>(records: ReadonlyArray<R>, asOf: Date): Array<R> => {
  const made = records.filter((r) => r.at.getTime() <= asOf.getTime())
  return made.filter((r) => !made.some((other) => replaces(other, r)))
}
