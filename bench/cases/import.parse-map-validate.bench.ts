import { createReadStream } from "node:fs"
import { customerRowReader, openTable, suggestMapping } from "@kith/import"
import { CUSTOMER_ROWS, customerCsvCase } from "./customer-csv-case.js"

// A 1,000,000-row customer CSV (UTF-8 BOM, CRLF, quoted notes with line breaks,
// phones in every written form and spreadsheet damage, day-first dates)
// streamed from disk: read, header found, mapped, every row validated,
// coerced and its phones and emails normalized by @kith/identity.
// Baseline: papaparse (fed the same way: decoded chunks of the same stream)
// reading the same file into rows and nothing else. The import reads with its
// own csvPieceReader (papaparse's rows, held to them by a property test, and
// papaparse itself for what it does not read); what that reader costs alone
// against this baseline is import.parse-map-validate.reader.

export default customerCsvCase(
  "import.parse-map-validate",
  async (path) => {
    const table = await openTable({ name: "customers.csv", content: createReadStream(path, { highWaterMark: 1 << 16 }) })
    const mapping = suggestMapping(table.headers.map((h) => h.label), "customers")
    const read = customerRowReader(mapping, table.headers.length, { asOf: new Date("2025-03-01T00:00:00Z"), naturalKey: "customerCode" })
    let valid = 0
    let rows = 0
    for await (const batch of table.batches) {
      for (const row of batch) {
        rows++
        if (read(row).record !== undefined) valid++
      }
    }
    if (rows !== CUSTOMER_ROWS || valid < CUSTOMER_ROWS * 0.99) throw new Error(`${valid} valid of ${rows} rows`)
  },
  2
)
