import {
  BinaryFile,
  type ColumnMapping,
  EmptyFile,
  type ImportBatch,
  ImportCounter,
  importTemplate,
  InvalidImportOptions,
  openTable,
  type OpenTableOptions,
  planCustomerImport,
  planOrderImport,
  SheetNotFound,
  type SheetRow,
  suggestMapping,
  type Table,
  UnsupportedEncoding
} from "@kith/import"
import { Clock, Effect } from "effect"
import { instantOf, limitOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"
import { MAX_CHUNK, type WorkspaceContext } from "../workspace-context.js"
import type { ImportPlanOptions, ImportReadError, ImportReadOptions, ImportSource, ImportsApi } from "./api.js"
import { openImportSource } from "./import-source.js"
import { LandingCounter } from "./landing.js"

type ImportFailure = EmptyFile | UnsupportedEncoding | BinaryFile | SheetNotFound | InvalidImportOptions

const isImportFailure = (e: unknown): e is ImportFailure =>
  e instanceof EmptyFile || e instanceof UnsupportedEncoding || e instanceof BinaryFile || e instanceof SheetNotFound || e instanceof InvalidImportOptions

// The import package reports bad files and options by throwing its tagged errors; anything else reading a file
// is the file's fault too (a stream that errors, a path that vanished while read).
const fromImport = <A>(label: string, work: () => Promise<A>): Effect.Effect<A, ImportFailure | InvalidArgument> =>
  Effect.tryPromise({
    try: work,
    catch: (e) => (isImportFailure(e) ? e : new InvalidArgument({ field: "file", reason: `${label}: ${e instanceof Error ? e.message : String(e)}` }))
  })

const tableOptions = (options: ImportReadOptions): OpenTableOptions => ({
  ...(options.kind === undefined ? {} : { kind: options.kind }),
  ...(options.format === undefined ? {} : { format: options.format }),
  ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
  ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
  ...(options.headerRow === undefined ? {} : { headerRow: options.headerRow }),
  ...(options.synonyms === undefined ? {} : { synonyms: options.synonyms })
})

// Reading a table takes no mapping, so an option it refuses is an argument of the call.
const reading = <A>(work: () => Promise<A>): Effect.Effect<A, ImportReadError> =>
  fromImport("reading the file", work).pipe(Effect.catchTag("InvalidImportOptions", (e) => Effect.fail(new InvalidArgument({ field: e.field, reason: e.reason }))))

const openFile = (source: ImportSource, options: ImportReadOptions): Effect.Effect<Table, ImportReadError> =>
  Effect.flatMap(openImportSource(source), (file) => reading(() => openTable(file, tableOptions(options))))

/**
 * `cdp.imports` on one workspace, as Effects: files are read by
 * `@kith/import`, their events go through the store's ingestion — rolled
 * back for a preview, committed in transactions for a commit.
 *
 * @param context - the workspace and its stores
 * @returns the imports namespace
 */
export const makeImports = (context: WorkspaceContext): ImportsApi<"effect"> => {
  const { workspaceId, events, settings } = context

  const plan = Effect.fnUntraced(function* (table: Table, mapping: ReadonlyArray<ColumnMapping>, options: ImportPlanOptions) {
    if (!Array.isArray(mapping)) return yield* new InvalidArgument({ field: "mapping", reason: "a mapping is an array of { column, header, target, confidence }, as inspect() suggests" })
    // "Now" is read here, once, at the edge, when the caller did not say when the import runs.
    const importedAt = options.importedAt === undefined ? new Date(yield* Clock.currentTimeMillis) : yield* Effect.fromResult(instantOf("importedAt", options.importedAt))
    const keepProblems = yield* Effect.fromResult(limitOf("keepProblems", options.keepProblems, 100, 10_000, 0))
    const keepMerges = yield* Effect.fromResult(limitOf("keepMerges", options.keepMerges, 100, 10_000, 0))
    const shared = {
      importedAt,
      ...(options.fileId === undefined ? {} : { fileId: options.fileId }),
      ...(options.policy === undefined ? {} : { policy: options.policy })
    }
    const batches: AsyncGenerator<ImportBatch> =
      options.kind === "orders"
        ? planOrderImport(table, mapping, { ...shared, currency: options.currency ?? settings.currency, timeZone: settings.timezone })
        : planCustomerImport(table, mapping, { ...shared, ...(options.naturalKey === undefined ? {} : { naturalKey: options.naturalKey }) })
    return { batches, tally: new ImportCounter(keepProblems), landing: new LandingCounter(keepMerges) }
  })

  // The next batch of the plan, or undefined at the end of the file.
  const nextBatch = (batches: AsyncGenerator<ImportBatch>) =>
    fromImport("reading the file", () => batches.next()).pipe(Effect.map((next) => (next.done === true ? undefined : next.value)))

  return {
    template: Effect.fn("Cdp.imports.template")(function* (format, locale = "vi", kind = "customers") {
      if (format !== "csv" && format !== "xlsx") return yield* new InvalidArgument({ field: "format", reason: `must be "csv" or "xlsx", got ${JSON.stringify(format)}` })
      if (locale !== "vi" && locale !== "en") return yield* new InvalidArgument({ field: "locale", reason: `must be "vi" or "en", got ${JSON.stringify(locale)}` })
      if (kind !== "customers" && kind !== "orders") return yield* new InvalidArgument({ field: "kind", reason: `must be "customers" or "orders", got ${JSON.stringify(kind)}` })
      return yield* Effect.promise(() => importTemplate(format, locale, kind))
    }),

    inspect: Effect.fn("Cdp.imports.inspect")(function* (source, options = {}) {
      const sampleRows = yield* Effect.fromResult(limitOf("sampleRows", options.sampleRows, 5, 100, 0))
      const table = yield* openFile(source, options)
      const sample: Array<SheetRow> = []
      const iterator = table.batches[Symbol.asyncIterator]()
      while (sample.length < sampleRows) {
        const next = yield* reading(() => iterator.next())
        if (next.done === true) break
        sample.push(...next.value.slice(0, sampleRows - sample.length))
      }
      yield* Effect.promise(async () => {
        await iterator.return?.()
      })
      const mapping = suggestMapping(
        table.headers.map((h) => h.label),
        options.kind ?? "customers",
        { ...(options.synonyms === undefined ? {} : { synonyms: options.synonyms }), ...(options.customTraits === undefined ? {} : { customTraits: options.customTraits }) }
      )
      return {
        file: table.file,
        format: table.format,
        ...(table.dialect === undefined ? {} : { dialect: table.dialect }),
        ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
        headerRow: table.headerRow,
        headers: table.headers,
        titleRows: table.titleRows,
        mapping,
        sample
      }
    }),

    preview: Effect.fn("Cdp.imports.preview")(function* (source, mapping, options = {}) {
      const table = yield* openFile(source, options)
      const { batches, tally, landing } = yield* plan(table, mapping, options)
      const sent: Array<unknown> = []
      const messageIds: Array<string> = []
      const rowsOf: Array<ReadonlyArray<number>> = []
      for (let batch = yield* nextBatch(batches); batch !== undefined; batch = yield* nextBatch(batches)) {
        tally.add(batch)
        batch.events.forEach((event, i) => {
          sent.push(event)
          messageIds.push(event.messageId)
          rowsOf.push(batch.eventRows[i]!)
        })
      }
      // One transaction for the whole file, rolled back: later rows see what earlier rows would have done.
      if (sent.length > 0) landing.add(yield* events.ingestReported(workspaceId, sent, { dryRun: true }), messageIds, rowsOf)
      return { tally: tally.tally(), landing: landing.landing() }
    }),

    commit: Effect.fn("Cdp.imports.commit")(function* (source, mapping, options = {}) {
      const chunkSize = yield* Effect.fromResult(limitOf("chunkSize", options.chunkSize, context.chunkSize, MAX_CHUNK))
      const table = yield* openFile(source, options)
      const { batches, tally, landing } = yield* plan(table, mapping, options)
      let rowsRead = 0
      let eventsSent = 0
      let appended = 0
      let unchanged = 0
      let suppressed = 0
      let chunks = 0
      // The reader hands rows over in small batches (a parser's buffer); events wait here until they fill a
      // transaction of chunkSize, so the file is written in as few transactions as its size allows.
      let pending: Array<ImportBatch["events"][number]> = []
      let pendingRows: Array<ReadonlyArray<number>> = []
      const write = Effect.fnUntraced(function* (count: number) {
        const chunk = pending.slice(0, count)
        const report = yield* events.ingestReported(workspaceId, chunk)
        landing.add(
          report,
          chunk.map((e) => e.messageId),
          pendingRows.slice(0, count)
        )
        pending = pending.slice(count)
        pendingRows = pendingRows.slice(count)
        chunks++
        eventsSent += chunk.length
        appended += report.appended
        unchanged += report.duplicates
        suppressed += report.suppressed?.length ?? 0
        options.onProgress?.({ rowsRead, eventsSent, appended, unchanged, chunks })
      })
      for (let batch = yield* nextBatch(batches); batch !== undefined; batch = yield* nextBatch(batches)) {
        tally.add(batch)
        rowsRead += batch.rows
        pending.push(...batch.events)
        pendingRows.push(...batch.eventRows)
        while (pending.length >= chunkSize) yield* write(chunkSize)
      }
      if (pending.length > 0) yield* write(pending.length)
      return { tally: tally.tally(), landing: landing.landing(), appendedEvents: appended, suppressedEvents: suppressed, chunks }
    })
  }
}
