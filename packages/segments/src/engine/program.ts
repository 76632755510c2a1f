import type { SegmentInputs } from "../inputs/segment-inputs.js"
import type { RfmCutoffs } from "./rfm-cutoffs.js"
import type { Moment } from "./moment.js"

/** A value a condition saw, as an explanation reports it. */
export type Observed = number | string | boolean | null | ReadonlyArray<string>

/** What one condition saw at one moment, and its verdict. */
export interface ConditionReport {
  readonly verdict: boolean
  readonly observed: Observed
  /** One sentence: what was measured, its value, and what was needed. */
  readonly text: string
}

/** A predicate over one profile's inputs, bound to one moment. */
export type Predicate = (inputs: SegmentInputs) => boolean

/**
 * A compiled condition: its predicate at a moment, its report for explain,
 * and the instants after a moment at which its verdict may change by time
 * alone (every one of them, so next change is exact).
 */
export interface ConditionProgram {
  readonly bind: (m: Moment) => Predicate
  readonly report: (inputs: SegmentInputs, m: Moment) => ConditionReport
  /** Pushes every instant after `m.asOf` at which the verdict may change, for conditions whose changes are finite. */
  readonly changes: (inputs: SegmentInputs, m: Moment, out: Array<number>) => void
  /** For conditions that change every year (birthdays): their change instants after `m.asOf` up to `horizon`. */
  readonly periodicChanges?: (inputs: SegmentInputs, m: Moment, horizon: number, out: Array<number>) => void
}

/** The workspace values a compiled condition reads. */
export interface CompileEnv {
  readonly currency: string
  readonly rfm: RfmCutoffs | undefined
}

/** A program whose verdict never changes by time alone. */
export const noChanges = (): void => {}
