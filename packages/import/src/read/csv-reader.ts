import Papa from "papaparse"
import { decodeText, type TextEncoding } from "./decode-text.js"
import type { SheetRow } from "./sheet-row.js"

/** The column delimiters the CSV reader detects, in order of preference on a tie. */
export const CsvDelimiters = [",", ";", "\t", "|"] as const
/** One of {@link CsvDelimiters}. */
export type CsvDelimiter = (typeof CsvDelimiters)[number]

/** What the CSV reader found out about a file before reading its rows. */
export interface CsvDialect {
  readonly encoding: TextEncoding
  readonly delimiter: CsvDelimiter
  readonly newline: "\r\n" | "\n" | "\r"
}

// Text is parsed in slices of about this many characters (see the batches loop).
const pieceSize = 64 * 1024
// Enough text to see the delimiter and the line breaks of the first rows.
const sampleSize = 64 * 1024

// The first line break outside quotes. Excel writes rows with CRLF and line breaks inside a cell as LF alone.
const newlineOf = (sample: string): CsvDialect["newline"] => {
  let quoted = false
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i)
    if (c === 34 /* " */) quoted = !quoted
    else if (!quoted && c === 13 /* \r */) return sample.charCodeAt(i + 1) === 10 ? "\r\n" : "\r"
    else if (!quoted && c === 10 /* \n */) return "\n"
  }
  return "\n"
}

const parseSample = (sample: string, delimiter: string, newline: CsvDialect["newline"], limit: number): Array<ReadonlyArray<string>> => {
  const rows: Array<ReadonlyArray<string>> = []
  const parser = new Papa.Parser({
    delimiter,
    newline,
    quoteChar: '"',
    step: (result: { data: ReadonlyArray<ReadonlyArray<string>> }) => {
      rows.push(result.data[0] ?? [])
      if (rows.length >= limit) parser.abort()
    }
  })
  parser.parse(sample, 0, sample.length >= sampleSize)
  return rows
}

/**
 * Detects the column delimiter of a CSV from its first rows: for each of
 * {@link CsvDelimiters}, the rows are parsed (quotes respected) and the
 * delimiter that gives the most rows with the same number (above one) of
 * fields wins; a title row or a note row above the table does not mislead
 * it. A file of one column reads as comma-separated.
 *
 * @param sample - the start of the file
 * @returns the delimiter
 *
 * @example
 * ```ts
 * import { detectDelimiter } from "@kith/import"
 * detectDelimiter("Họ và tên;SĐT;Địa chỉ\nLan;0912345678;\"12 Hàng Bài, Hà Nội\"\n") // => ";"
 * ```
 */
export const detectDelimiter = (sample: string): CsvDelimiter => {
  const newline = newlineOf(sample)
  let best: CsvDelimiter = ","
  let bestRows = 0
  let bestWidth = 1
  for (const delimiter of CsvDelimiters) {
    const counts = new Map<number, number>()
    for (const row of parseSample(sample, delimiter, newline, 50)) {
      if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1)
    }
    for (const [width, rows] of counts) {
      if (rows > bestRows || (rows === bestRows && width > bestWidth)) {
        best = delimiter
        bestRows = rows
        bestWidth = width
      }
    }
  }
  return best
}

// A CSV that kith exported escapes formula-like text with a leading apostrophe; reading it back removes it.
const formulaEscaped = /^'[=+\-@\t\r]/

/**
 * Removes the apostrophe that {@link writeCsv} puts before a cell starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return (so it cannot run as a
 * formula), so an exported file imports back unchanged.
 *
 * @example
 * ```ts
 * import { unescapeFormulaCell } from "@kith/import"
 * unescapeFormulaCell("'+84912345678") // => "+84912345678"
 * unescapeFormulaCell("'Lan") // => "'Lan"
 * ```
 */
export const unescapeFormulaCell = (cell: string): string => (cell.charCodeAt(0) === 39 && formulaEscaped.test(cell) ? cell.slice(1) : cell)

/**
 * Reads a CSV file as rows, streaming: UTF-8 with or without a byte-order
 * mark or UTF-16 with one, the delimiter detected ({@link detectDelimiter})
 * unless given, quoted fields with delimiters, doubled quotes and line breaks.
 * Memory stays bounded by the piece being parsed, whatever the file's size.
 * Rows come in batches (one per parsed piece), numbered as a spreadsheet
 * numbers them.
 *
 * Parsing is papaparse's (its low-level `Parser`, fed piece by piece).
 *
 * @param file - the file's name, for errors
 * @param chunks - the file's bytes
 * @param options - `delimiter` to skip detection
 * @returns the dialect found, and the rows in batches
 * @throws the errors of {@link decodeText}
 *
 * @example
 * ```ts
 * import { readCsv } from "@kith/import"
 * const bytes = new TextEncoder().encode('Họ và tên;Ghi chú\r\nLan;"dòng 1\ndòng 2"\r\n')
 * const { dialect, batches } = await readCsv("kh.csv", (async function* () { yield bytes })())
 * dialect.delimiter // => ";"
 * for await (const batch of batches) batch[1] // => { number: 2, cells: ["Lan", "dòng 1\ndòng 2"] }
 * ```
 */
export const readCsv = async (
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  options: { readonly delimiter?: CsvDelimiter } = {}
): Promise<{ readonly dialect: CsvDialect; readonly batches: AsyncIterable<ReadonlyArray<SheetRow>> }> => {
  const { encoding, text } = await decodeText(file, chunks)
  const iterator = text[Symbol.asyncIterator]()
  let pending = ""
  let ended = false
  while (pending.length < sampleSize) {
    const next = await iterator.next()
    if (next.done === true) {
      ended = true
      break
    }
    pending += next.value
  }
  const newline = newlineOf(pending)
  const delimiter = options.delimiter ?? detectDelimiter(pending)
  async function* batches(): AsyncGenerator<ReadonlyArray<SheetRow>> {
    let number = 0
    let batch: Array<SheetRow> = []
    const parser = new Papa.Parser({
      delimiter,
      newline,
      quoteChar: '"',
      step: (result: { data: ReadonlyArray<Array<string>> }) => {
        const cells = result.data[0] ?? []
        for (let i = 0; i < cells.length; i++) {
          const cell = cells[i]!
          if (cell.charCodeAt(0) === 39) cells[i] = unescapeFormulaCell(cell)
        }
        batch.push({ number: ++number, cells })
      }
    })
    // Text is parsed in slices ending at a line break after `pieceSize` characters, so a batch holds a few hundred
    // rows that die young; a slice without one whole row (a long quoted cell) is widened until it has one.
    let minimumEnd = 0
    for (;;) {
      while (!ended && pending.length < Math.max(pieceSize, minimumEnd) * 2) {
        const next = await iterator.next()
        if (next.done === true) ended = true
        else pending += next.value
      }
      let end = pending.length
      if (end > pieceSize) {
        const cut = pending.indexOf("\n", Math.max(pieceSize, minimumEnd))
        if (cut !== -1) end = cut + 1
      }
      const final = ended && end === pending.length
      if (pending.length > 0) {
        const result = parser.parse(end === pending.length ? pending : pending.substring(0, end), 0, !final) as { readonly meta: { readonly cursor: number } }
        const consumed = final ? pending.length : result.meta.cursor
        minimumEnd = consumed === 0 ? end + 1 : 0
        pending = pending.substring(consumed)
      }
      if (batch.length > 0) {
        yield batch
        batch = []
      }
      if (final || (ended && pending.length === 0)) return
    }
  }
  return { dialect: { encoding, delimiter, newline }, batches: batches() }
}
