import { defineBench } from "../harness.js"
import { customerCsv } from "./customer-csv.js"
import { fullRowFloor } from "./customer-row-floor.js"
import { papaparseRows, pieceReaderRows } from "./papaparse-rows.js"

// import.parse-map-validate.floor-all: every column import.parse-map-validate
// maps, in the simplest code, on the same file and against the same
// baseline: the identifiers through @kith/identity as in
// import.parse-map-validate.floor, then the name, address and note cleaned,
// the birthday, gender, groups and tags read with @kith/import's own
// coercions, and the row's traits and identifiers built. Nothing is
// reported, nothing is checked twice. No target: what the rows' work costs
// over the parse before any of the import's generality (several columns per
// field, problems per cell, custom traits, the reader's checks). The file
// is read by the import's own CSV piece reader (papaparse's rows, faster;
// see pieceReaderRows), so the floor reads no slower than the import.

const N = 1_000_000
// The last row read is kept, so the compiler cannot drop the records as unused.
export let lastRecord: ReturnType<typeof fullRowFloor>

export default defineBench({
  name: "import.parse-map-validate.floor-all",
  n: N,
  setup: () => customerCsv(N),
  run: async (path) => {
    let valid = 0
    const rows = await pieceReaderRows(path, (cells) => {
      const record = fullRowFloor(cells)
      if (record !== undefined) {
        lastRecord = record
        valid++
      }
    })
    if (rows < N + 1 || valid < N * 0.99) throw new Error(`${valid} valid of ${rows} rows`)
  },
  baseline: async (path) => {
    const rows = await papaparseRows(path, () => {})
    if (rows < N + 1) throw new Error(`only ${rows} rows`)
  },
  repeat: 5,
  processes: 3,
  bundle: true
})
