import { defineBench } from "../harness.js"
import { customerCsv } from "./customer-csv.js"
import { papaparseRows, pieceReaderRows } from "./papaparse-rows.js"

// import.parse-map-validate.reader: the import's own reader (csvPieceReader,
// papaparse's rows by a property test) reading the case's file into rows and
// nothing else, against the same baseline (papaparse doing the same). No
// target: it says how much of import.parse-map-validate's ratio is the parse
// (this ratio) and how much the rows' own work (the rest), since the import
// no longer reads with the baseline's parser.

const N = 1_000_000

export default defineBench({
  name: "import.parse-map-validate.reader",
  n: N,
  setup: () => customerCsv(N),
  run: async (path) => {
    const rows = await pieceReaderRows(path, () => {})
    if (rows < N + 1) throw new Error(`only ${rows} rows`)
  },
  baseline: async (path) => {
    const rows = await papaparseRows(path, () => {})
    if (rows < N + 1) throw new Error(`only ${rows} rows`)
  },
  repeat: 5,
  processes: 3,
  bundle: true
})
