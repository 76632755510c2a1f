/**
 * A benchmark case: one workload and the simplest honest baseline for it,
 * measured in the same run. `npm run bench` runs `run` and `baseline` each in
 * its own child process (so peak RSS belongs to one side only), several times,
 * and records the medians in `bench/results/latest.json`.
 */
export interface BenchCase<Data> {
  /** Dotted name, e.g. `identity.resolve`. */
  readonly name: string
  /** The size of the workload (records, events, rows). */
  readonly n: number
  /** Builds the input; not timed. Called once per child process. */
  readonly setup: () => Data | Promise<Data>
  /** Optional: releases what `setup` opened (a database connection), after the timings. */
  readonly teardown?: (data: Data) => unknown | Promise<unknown>
  /**
   * The measured workload. It may return {@link measured} figures instead of
   * being timed whole (a case whose work happens in processes it starts).
   */
  readonly run: (data: Data) => unknown | Promise<unknown>
  /** The baseline, on the same data; it may return {@link measured} figures too. */
  readonly baseline: (data: Data) => unknown | Promise<unknown>
  /** Timed repetitions per side (median is kept); default 5. */
  readonly repeat?: number
  /**
   * Child processes per side (default 1). Timings of separate processes swing
   * more than repetitions within one (heap layout, JIT); several processes,
   * alternating case and baseline, with the median over all their repetitions,
   * steady a case whose ratio sits near its target.
   */
  readonly processes?: number
  /**
   * Run both sides from one ES module that esbuild bundles from the same
   * sources (with the `@kith/source` condition, as under tsx), with plain
   * node, instead of through tsx's loader. For a case whose peak RSS is a
   * target: the loader transforms every file on import and keeps what it
   * made, which adds about 200 MB to the process that the code measured does
   * not use. `scripts/bench.mjs` reads the line `bundle: true` in the case's
   * file.
   */
  readonly bundle?: boolean
  /** The ratio this case must stay at or under (`ms / baselineMs`): the speed it was built to, shown in the report. */
  readonly targetRatio?: number
}

/** Declares a bench case; the default export of a `bench/cases/*.bench.ts` file. */
export const defineBench = <Data>(benchCase: BenchCase<Data>): BenchCase<Data> => benchCase

const measuredTag = Symbol.for("kith/bench/measured")

/**
 * Figures a case measured itself, returned from `run` or `baseline` in place
 * of the runner's timing of the whole call: for work done by processes the
 * case started, where the runner's own clock would include setting the work up
 * (filling a table, starting the processes) and its CPU time would miss the
 * processes doing the work. `ms` is the wall time of the work alone, `cpuMs`
 * the CPU time it cost, summed over every process that did it.
 */
export interface Measured {
  readonly [measuredTag]: true
  readonly ms: number
  readonly cpuMs: number
}

/** Wraps figures a case measured itself (see {@link Measured}). */
export const measured = (ms: number, cpuMs: number): Measured => ({ [measuredTag]: true, ms, cpuMs })

/** The figures a `run` or `baseline` call returned, if it measured itself. */
export const measuredOf = (result: unknown): Measured | undefined =>
  typeof result === "object" && result !== null && measuredTag in result ? (result as Measured) : undefined
