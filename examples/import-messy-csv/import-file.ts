import type { CdpClient } from "@kith/cdp"
import { type CellProblem, ImportCounter, type ImportFile, openTable, planCustomerImport, suggestMapping } from "@kith/import"

/** What one import did: rows read and refused, events the store appended or already had, the first problems. */
export interface ImportSummary {
  readonly rows: number
  readonly refusedRows: number
  readonly appended: number
  readonly duplicates: number
  readonly problems: ReadonlyArray<CellProblem>
}

/**
 * Imports a customer file through kith's own ingestion, the way the facade's `cdp.imports.commit` will:
 * open, map from the headers, plan the events batch by batch, and send each batch through `cdp.batch`.
 */
export const importCustomerFile = async (cdp: CdpClient, file: ImportFile, importedAt: Date): Promise<ImportSummary> => {
  const table = await openTable(file)
  const mapping = suggestMapping(table.headers.map((h) => h.label), "customers")
  const counter = new ImportCounter(50)
  let appended = 0
  let duplicates = 0
  for await (const batch of planCustomerImport(table, mapping, { importedAt, naturalKey: "customerCode" })) {
    counter.add(batch)
    if (batch.events.length === 0) continue
    const outcome = await cdp.batch(batch.events)
    appended += outcome.appended
    duplicates += outcome.duplicates
  }
  const tally = counter.tally()
  return { rows: tally.rows, refusedRows: tally.refusedRows, appended, duplicates, problems: tally.problems }
}
