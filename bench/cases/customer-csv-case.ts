import { type BenchCase, defineBench } from "../harness.js"
import { customerCsv } from "./customer-csv.js"
import { papaparseRows } from "./papaparse-rows.js"

/** The rows of the import cases' customer CSV (the header and the empty row after the last CRLF come on top). */
export const CUSTOMER_ROWS = 1_000_000

/**
 * One of the import cases: `run` reads the bench's 1,000,000-row customer CSV
 * (made once by `customerCsv`, its path given), beside the same baseline —
 * papaparse reading the same file into rows and nothing else, fed as the
 * import feeds its reader. Both sides run from a bundle of the same sources
 * (peak RSS is a target of the import, and tsx's loader would add its own),
 * three processes a side alternating, since the machine is shared.
 */
export const customerCsvCase = (name: string, run: (path: string) => Promise<void>, targetRatio?: number): BenchCase<string> =>
  defineBench({
    name,
    n: CUSTOMER_ROWS,
    setup: () => customerCsv(CUSTOMER_ROWS),
    run,
    baseline: async (path) => {
      const rows = await papaparseRows(path, () => {})
      if (rows < CUSTOMER_ROWS + 1) throw new Error(`only ${rows} rows`)
    },
    repeat: 5,
    processes: 3,
    ...(targetRatio === undefined ? {} : { targetRatio }),
    bundle: true
  })
