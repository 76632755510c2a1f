import { defineBench } from "../harness.js"
import { customerCsv } from "./customer-csv.js"
import { identifiersFloor } from "./customer-row-floor.js"
import { papaparseRows, pieceReaderRows } from "./papaparse-rows.js"

// import.parse-map-validate.floor: the least work import.parse-map-validate
// must do, in the simplest code, on the same file and against the same
// baseline: each row's identifiers (each phone, the email, the customer code)
// through @kith/identity's normalizeValue, as the issue requires (the rules
// live events follow). No name, date, gender, address or list is read, no
// record is built, no problem is reported. No target: what it costs over the
// parse is a floor under the import's ratio, whatever the import's own code does.
// The file is read by the import's own CSV piece reader (papaparse's rows,
// faster; see pieceReaderRows), so the floor reads no slower than the import.

const N = 1_000_000

export default defineBench({
  name: "import.parse-map-validate.floor",
  n: N,
  setup: () => customerCsv(N),
  run: async (path) => {
    let valid = 0
    const rows = await pieceReaderRows(path, (cells) => {
      if (identifiersFloor(cells)) valid++
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
