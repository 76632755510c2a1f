import { EmptyFile } from "./errors.js"
import type { ImportKind } from "./fields.js"
import { cleanHeader, detectHeaderRow, type HeaderCell } from "./header.js"
import { type CsvDelimiter, type CsvDialect, readCsv } from "./read/csv-reader.js"
import { isBlankRow, type SheetRow } from "./read/sheet-row.js"
import { byteChunks, type ImportFile } from "./read/source.js"
import { readXlsx, type SheetChoice } from "./read/xlsx-reader.js"
import { DefaultSynonyms, type SynonymTable } from "./synonyms.js"

/** The formats the import reads. */
export type TableFormat = "csv" | "xlsx"

/** Options of {@link openTable}. */
export interface OpenTableOptions {
  /** `csv` or `xlsx`; by default from the file's first bytes (a ZIP is XLSX), then its name. */
  readonly format?: TableFormat
  /** XLSX: the sheet's name or 0-based position (the first by default). */
  readonly sheet?: SheetChoice
  /** CSV: the delimiter, instead of detecting it. */
  readonly delimiter?: CsvDelimiter
  /** Which fields the header row is looked for by (default `customers`). */
  readonly kind?: ImportKind
  readonly synonyms?: SynonymTable
  /** The header's row number as the sheet shows it, instead of detecting it. */
  readonly headerRow?: number
}

/**
 * A file opened for import: its format, the header row found and its cleaned
 * headers, the rows above it, and the data rows after it, streamed.
 */
export interface Table {
  readonly file: string
  readonly format: TableFormat
  /** CSV: the encoding, delimiter and line break found. */
  readonly dialect?: CsvDialect
  /** XLSX: the sheet read. */
  readonly sheet?: string
  /** The header's row number as the sheet shows it. */
  readonly headerRow: number
  readonly headers: ReadonlyArray<HeaderCell>
  /** Non-blank rows above the header (a title, an export date), joined per row. */
  readonly titleRows: ReadonlyArray<string>
  /** The data rows, blank rows left out, in batches. Can be iterated once. */
  readonly batches: AsyncIterable<ReadonlyArray<SheetRow>>
}

// How many non-blank rows are read before the header row is chosen.
const headerWindow = 30

const zipSignature = [0x50, 0x4b, 0x03, 0x04]

// An async iterable that hands on `first`, then what `iterator` gives: a plain iterator object whose next()
// returns the underlying iterator's own promise, where an async generator re-yielding every item would add a
// suspension and promises per item.
const prepend = <T>(first: IteratorResult<T>, iterator: AsyncIterator<T>): AsyncIterable<T> => {
  let pending: IteratorResult<T> | undefined = first
  const next = (): Promise<IteratorResult<T>> => {
    const head = pending
    pending = undefined
    return head === undefined ? iterator.next() : Promise.resolve(head)
  }
  return { [Symbol.asyncIterator]: () => ({ next }) }
}

// Reads the first bytes to tell XLSX from CSV, then hands on every byte, those first ones included.
const sniffFormat = async (chunks: AsyncIterable<Uint8Array>, name: string): Promise<{ readonly format: TableFormat; readonly chunks: AsyncIterable<Uint8Array> }> => {
  const iterator = chunks[Symbol.asyncIterator]()
  const first = await iterator.next()
  const head = first.done === true ? new Uint8Array(0) : first.value
  const isZip = head.length >= 4 && zipSignature.every((b, i) => head[i] === b)
  const format: TableFormat = isZip ? "xlsx" : head.length === 0 && /\.xlsx$/i.test(name) ? "xlsx" : "csv"
  return { format, chunks: prepend(first, iterator) }
}

/**
 * Opens a CSV or XLSX file for import (IMP-2), streaming: finds the format,
 * the encoding and delimiter (CSV) or the sheet (XLSX), and the header row —
 * even below a title row ({@link detectHeaderRow}) — and cleans the headers
 * ({@link cleanHeader}). Only the first rows are read before it returns; the
 * data rows stream from `batches`.
 *
 * @param file - the file: name and content (bytes or a stream)
 * @param options - format, sheet, delimiter, import kind, synonyms, header row
 * @returns the opened table
 * @throws {@link EmptyFile} when no row holds a value, and the errors of
 * {@link readCsv} / {@link readXlsx}
 *
 * @example
 * ```ts
 * import { openTable } from "@kith/import"
 * const csv = "DANH SÁCH KHÁCH HÀNG\r\nHọ và tên (*);SĐT\r\nNguyễn Thị Lan;0912 345 678\r\n"
 * const table = await openTable({ name: "kh.csv", content: new TextEncoder().encode(csv) })
 * table.headerRow // => 2
 * table.headers.map((h) => h.label) // => ["Họ và tên", "SĐT"]
 * table.titleRows // => ["DANH SÁCH KHÁCH HÀNG"]
 * ```
 */
export const openTable = async (file: ImportFile, options: OpenTableOptions = {}): Promise<Table> => {
  const sniffed = await sniffFormat(byteChunks(file.content), file.name)
  const format = options.format ?? sniffed.format
  let dialect: CsvDialect | undefined
  let sheet: string | undefined
  let source: AsyncIterable<ReadonlyArray<SheetRow>>
  if (format === "csv") {
    const csv = await readCsv(file.name, sniffed.chunks, options.delimiter === undefined ? {} : { delimiter: options.delimiter })
    dialect = csv.dialect
    source = csv.batches
  } else {
    const xlsx = readXlsx(file.name, sniffed.chunks, options.sheet ?? 0)
    source = xlsx.batches
    sheet = undefined
    const iterator = source[Symbol.asyncIterator]()
    // The sheet's name is known once its first rows are read.
    const first = await iterator.next()
    sheet = await xlsx.sheetName
    source = prepend(first, iterator)
  }
  const iterator = source[Symbol.asyncIterator]()
  const head: Array<SheetRow> = []
  let ended = false
  while (head.length < headerWindow) {
    const next = await iterator.next()
    if (next.done === true) {
      ended = true
      break
    }
    for (const row of next.value) if (!isBlankRow(row)) head.push(row)
  }
  if (head.length === 0) throw new EmptyFile({ file: file.name })
  let headerIndex = options.headerRow === undefined ? -1 : head.findIndex((row) => row.number === options.headerRow)
  if (headerIndex === -1) headerIndex = detectHeaderRow(head.slice(0, headerWindow), options.kind ?? "customers", options.synonyms ?? DefaultSynonyms)
  const headerRow = head[headerIndex]!
  let width = headerRow.cells.length
  while (width > 0 && cleanHeader(headerRow.cells[width - 1] ?? null).label === "") width--
  const headers = headerRow.cells.slice(0, width).map(cleanHeader)
  const titleRows = head.slice(0, headerIndex).map((row) => row.cells.filter((c) => c !== null && String(c).trim() !== "").join(" "))
  const rest = head.slice(headerIndex + 1)
  // A plain iterator over the source's batches, blank rows left out (see prepend).
  let restPending = rest.length > 0
  const nextBatch = (): Promise<IteratorResult<ReadonlyArray<SheetRow>>> => {
    if (restPending) {
      restPending = false
      return Promise.resolve({ done: false, value: rest })
    }
    if (ended) return Promise.resolve({ done: true, value: undefined })
    return iterator.next().then((next) => {
      if (next.done === true) {
        ended = true
        return next
      }
      const rows = next.value.some(isBlankRow) ? next.value.filter((row) => !isBlankRow(row)) : next.value
      return rows.length > 0 ? { done: false, value: rows } : nextBatch()
    })
  }
  const batches: AsyncIterable<ReadonlyArray<SheetRow>> = { [Symbol.asyncIterator]: () => ({ next: nextBatch }) }
  return {
    file: file.name,
    format,
    ...(dialect === undefined ? {} : { dialect }),
    ...(sheet === undefined ? {} : { sheet }),
    headerRow: headerRow.number,
    headers,
    titleRows,
    batches
  }
}
