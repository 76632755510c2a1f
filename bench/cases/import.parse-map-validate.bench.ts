import { createReadStream } from "node:fs"
import { customerRowReader, openTable, suggestMapping } from "@kith/import"
import { defineBench } from "../harness.js"
import { customerCsv } from "./customer-csv.js"
import { papaparseRows } from "./papaparse-rows.js"

// A 1,000,000-row customer CSV (UTF-8 BOM, CRLF, quoted notes with line breaks,
// phones in every written form and spreadsheet damage, day-first dates)
// streamed from disk: read, header found, mapped, every row validated,
// coerced and its phones and emails normalized by @kith/identity.
// Baseline: papaparse (fed the same way: decoded chunks of the same stream)
// reading the same file into rows and nothing else. The import reads with its
// own csvPieceReader (papaparse's rows, held to them by a property test, and
// papaparse itself for what it does not read); what that reader costs alone
// against this baseline is import.parse-map-validate.reader.

const N = 1_000_000

export default defineBench({
  name: "import.parse-map-validate",
  n: N,
  setup: () => customerCsv(N),
  run: async (path) => {
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
    if (rows !== N || valid < N * 0.99) throw new Error(`${valid} valid of ${rows} rows`)
  },
  baseline: async (path) => {
    const rows = await papaparseRows(path, () => {})
    // The header row, and the empty row after the last CRLF.
    if (rows < N + 1) throw new Error(`only ${rows} rows`)
  },
  repeat: 5,
  // The machine is shared: alternate three processes per side so both see the same load.
  processes: 3,
  targetRatio: 2,
  // Peak RSS is a target here: both sides run from a bundle of the same sources, without tsx's loader in the process.
  bundle: true
})
