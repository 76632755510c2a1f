import { CUSTOMER_ROWS, customerCsvCase } from "./customer-csv-case.js"
import { identifiersFloor } from "./customer-row-floor.js"
import { pieceReaderRows } from "./papaparse-rows.js"

// import.parse-map-validate.floor: the least work import.parse-map-validate
// must do, in the simplest code, on the same file and against the same
// baseline: each row's identifiers (each phone, the email, the customer code)
// through @kith/identity's normalizeValue, as the issue requires (the rules
// live events follow). No name, date, gender, address or list is read, no
// record is built, no problem is reported. No target: what it costs over the
// parse is a floor under the import's ratio, whatever the import's own code does.
// The file is read by the import's own CSV piece reader (papaparse's rows,
// faster; see pieceReaderRows), so the floor reads no slower than the import.

export default customerCsvCase("import.parse-map-validate.floor", async (path) => {
  let valid = 0
  const rows = await pieceReaderRows(path, (cells) => {
    if (identifiersFloor(cells)) valid++
  })
  if (rows < CUSTOMER_ROWS + 1 || valid < CUSTOMER_ROWS * 0.99) throw new Error(`${valid} valid of ${rows} rows`)
})
