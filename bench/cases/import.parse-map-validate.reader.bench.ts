import { CUSTOMER_ROWS, customerCsvCase } from "./customer-csv-case.js"
import { pieceReaderRows } from "./papaparse-rows.js"

// import.parse-map-validate.reader: the import's own reader (csvPieceReader,
// papaparse's rows by a property test) reading the case's file into rows and
// nothing else, against the same baseline (papaparse doing the same). No
// target: it says how much of import.parse-map-validate's ratio is the parse
// (this ratio) and how much the rows' own work (the rest), since the import
// no longer reads with the baseline's parser.

export default customerCsvCase("import.parse-map-validate.reader", async (path) => {
  const rows = await pieceReaderRows(path, () => {})
  if (rows < CUSTOMER_ROWS + 1) throw new Error(`only ${rows} rows`)
})
