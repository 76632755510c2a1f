import type { KithEventEncoded } from "@kith/core"
import { asResolvedPolicy } from "@kith/identity"
import { customerEvent } from "./customer-events.js"
import { customerRowReader, type NaturalKey, type RowOptions } from "./customer-rows.js"
import type { ImportContext } from "./import-context.js"
import type { ColumnMapping } from "./mapping.js"
import { OrderAssembler, orderEvents } from "./order-events.js"
import { orderRowReader, type OrderRowOptions } from "./order-rows.js"
import type { CellProblem, ProblemReason } from "./problems.js"
import type { Table } from "./table.js"

/** Options of {@link planCustomerImport}. */
export interface CustomerImportOptions extends Omit<RowOptions, "asOf"> {
  /** When the import runs (also the `asOf` of two-digit years and birthdays). */
  readonly importedAt: Date
  /** See {@link ImportContext.fileId}. */
  readonly fileId?: string
  readonly naturalKey?: NaturalKey
}

/**
 * What one batch of rows becomes: the events to send (in file order), which
 * row each came from, the rows refused and every problem found. The same
 * batches feed a preview and a commit, so both see the same events.
 */
export interface ImportBatch {
  /** Rows read in this batch (valid or not). */
  readonly rows: number
  readonly events: ReadonlyArray<KithEventEncoded>
  /** For each event, the rows it came from (one for a customer; the order's lines for an order event). */
  readonly eventRows: ReadonlyArray<ReadonlyArray<number>>
  /** Rows not imported: a required field failed. */
  readonly refusedRows: ReadonlyArray<number>
  readonly problems: ReadonlyArray<CellProblem>
}

const contextOf = (table: Table, options: { readonly importedAt: Date; readonly fileId?: string }): ImportContext => ({
  fileName: table.file,
  importedAt: options.importedAt,
  ...(options.fileId === undefined ? {} : { fileId: options.fileId })
})

/**
 * Turns an opened customer file into the events an import sends (IMP-4 …
 * IMP-6), batch by batch as the file streams: each row validated and coerced
 * ({@link customerRowReader}), each valid row one `identify` call
 * ({@link customerEvent}). Nothing is written: a preview counts these
 * events against the store, a commit ingests them — the same events either
 * way. Memory is bounded by one batch.
 *
 * @param table - the file, opened with {@link openTable}
 * @param mapping - the mapping (suggested by {@link suggestMapping}, edited by the user)
 * @param options - import time, policy, natural key, file identity
 * @returns the batches
 * @throws {@link InvalidImportOptions} for a mapping the import cannot use (before the first batch)
 *
 * @example
 * ```ts
 * import { openTable, planCustomerImport, suggestMapping } from "@kith/import"
 * const table = await openTable({ name: "kh.csv", content: new TextEncoder().encode("Họ tên,SĐT\nLan,0912345678\nMinh,12\n") })
 * const mapping = suggestMapping(table.headers.map((h) => h.label), "customers")
 * for await (const batch of planCustomerImport(table, mapping, { importedAt: new Date("2025-03-01T00:00:00Z") })) {
 *   batch.events.length // => 1
 *   batch.refusedRows // => [3]
 *   batch.problems.map((p) => p.reason) // => ["invalid_phone", "missing_contact"]
 * }
 * ```
 */
export async function* planCustomerImport(table: Table, mapping: ReadonlyArray<ColumnMapping>, options: CustomerImportOptions): AsyncGenerator<ImportBatch> {
  const read = customerRowReader(mapping, table.headers.length, { ...options, policy: asResolvedPolicy(options.policy), asOf: options.importedAt })
  const context = contextOf(table, options)
  for await (const rows of table.batches) {
    const events: Array<KithEventEncoded> = []
    const eventRows: Array<ReadonlyArray<number>> = []
    const refusedRows: Array<number> = []
    const problems: Array<CellProblem> = []
    for (const row of rows) {
      const outcome = read(row)
      for (const problem of outcome.problems) problems.push(problem)
      if (outcome.record === undefined) refusedRows.push(row.number)
      else {
        events.push(customerEvent(outcome.record, context))
        eventRows.push([row.number])
      }
    }
    yield { rows: rows.length, events, eventRows, refusedRows, problems }
  }
}

/** Options of {@link planOrderImport}. */
export interface OrderImportOptions extends Omit<OrderRowOptions, "asOf"> {
  readonly importedAt: Date
  readonly fileId?: string
}

/**
 * Turns an opened order file into the events an import sends (orders
 * import): lines validated ({@link orderRowReader}) and grouped by order id
 * ({@link OrderAssembler}), each order its events ({@link orderEvents}).
 * Lines stream; orders are held until the end of the file (an order's lines
 * may be anywhere in it), so the events come in one last batch, after a batch
 * per piece of the file that carries only the problems found so far.
 *
 * @param table - the file, opened with {@link openTable} (`kind: "orders"`)
 * @param mapping - the mapping
 * @param options - import time, currency, timezone, policy, file identity
 * @returns the batches
 *
 * @example
 * ```ts
 * import { openTable, planOrderImport, suggestMapping } from "@kith/import"
 * const csv = "Mã đơn hàng,Ngày đặt hàng,SĐT,Tên sản phẩm,Số lượng,Đơn giá,Trạng thái\nDH1,01/03/2025,0912345678,Áo,2,225.000,Hoàn thành\nDH1,01/03/2025,0912345678,Mũ,1,100.000,Hoàn thành\n"
 * const table = await openTable({ name: "don.csv", content: new TextEncoder().encode(csv) }, { kind: "orders" })
 * const mapping = suggestMapping(table.headers.map((h) => h.label), "orders")
 * const events = []
 * for await (const batch of planOrderImport(table, mapping, { importedAt: new Date("2025-03-31T00:00:00Z") })) events.push(...batch.events)
 * events.map((e) => e["event"] ?? e.type) // => ["identify", "Order Placed", "Order Completed"]
 * ```
 */
export async function* planOrderImport(table: Table, mapping: ReadonlyArray<ColumnMapping>, options: OrderImportOptions): AsyncGenerator<ImportBatch> {
  const read = orderRowReader(mapping, table.headers.length, { ...options, policy: asResolvedPolicy(options.policy), asOf: options.importedAt })
  const context = contextOf(table, options)
  const assembler = new OrderAssembler()
  for await (const rows of table.batches) {
    const refusedRows: Array<number> = []
    const problems: Array<CellProblem> = []
    for (const row of rows) {
      const outcome = read(row)
      for (const problem of outcome.problems) problems.push(problem)
      if (outcome.record === undefined) refusedRows.push(row.number)
      else assembler.add(outcome.record)
    }
    yield { rows: rows.length, events: [], eventRows: [], refusedRows, problems }
  }
  const events: Array<KithEventEncoded> = []
  const eventRows: Array<ReadonlyArray<number>> = []
  const problems: Array<CellProblem> = []
  for (const order of assembler.orders()) {
    for (const problem of order.problems) problems.push(problem)
    for (const event of orderEvents(order, context, options.currency ?? "VND")) {
      events.push(event)
      eventRows.push(order.rows)
    }
  }
  yield { rows: 0, events, eventRows, refusedRows: [], problems }
}

/**
 * The counts of an import so far, and its first problems (IMP-5's invalid
 * rows and problem list; the facade adds the store's counts: new profiles,
 * merges, unchanged rows).
 */
export interface ImportTally {
  readonly rows: number
  /** Rows that became events. */
  readonly importedRows: number
  /** Rows not imported (a required field failed). */
  readonly refusedRows: number
  readonly events: number
  /** Events whose messageId an earlier row of the file already produced (the same row twice): sent once. */
  readonly repeatedEvents: number
  readonly problemCount: number
  readonly problemsByReason: Readonly<Partial<Record<ProblemReason, number>>>
  /** The first problems, in file order. */
  readonly problems: ReadonlyArray<CellProblem>
}

/**
 * Adds up {@link ImportBatch}es into an {@link ImportTally}, keeping the
 * first `keepProblems` problems. It remembers the message ids seen (30
 * characters each) to count rows repeated within the file.
 *
 * @example
 * ```ts
 * import { ImportCounter } from "@kith/import"
 * const counter = new ImportCounter(20)
 * counter.add({ rows: 2, events: [], eventRows: [], refusedRows: [3], problems: [] })
 * counter.tally().refusedRows // => 1
 * ```
 */
export class ImportCounter {
  private rows = 0
  private refused = 0
  private events = 0
  private repeated = 0
  private problemCount = 0
  private readonly byReason: Partial<Record<ProblemReason, number>> = {}
  private readonly problems: Array<CellProblem> = []
  private readonly seen = new Set<string>()
  private readonly importedRowSet = new Set<number>()

  constructor(private readonly keepProblems = 100) {}

  /** Counts one batch. */
  add(batch: ImportBatch): void {
    this.rows += batch.rows
    this.refused += batch.refusedRows.length
    batch.events.forEach((event, i) => {
      if (this.seen.has(event.messageId)) this.repeated++
      else {
        this.seen.add(event.messageId)
        this.events++
      }
      for (const row of batch.eventRows[i] ?? []) this.importedRowSet.add(row)
    })
    for (const problem of batch.problems) {
      this.problemCount++
      this.byReason[problem.reason] = (this.byReason[problem.reason] ?? 0) + 1
      if (this.problems.length < this.keepProblems) this.problems.push(problem)
    }
  }

  /** The counts so far. */
  tally(): ImportTally {
    return {
      rows: this.rows,
      importedRows: this.importedRowSet.size,
      refusedRows: this.refused,
      events: this.events,
      repeatedEvents: this.repeated,
      problemCount: this.problemCount,
      problemsByReason: { ...this.byReason },
      problems: [...this.problems].sort((a, b) => a.row - b.row || a.column - b.column)
    }
  }
}
