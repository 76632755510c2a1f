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
  /** The measured workload. */
  readonly run: (data: Data) => unknown | Promise<unknown>
  /** The baseline, on the same data. */
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
