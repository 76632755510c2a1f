import Papa from "papaparse"
import { csvPieceReader } from "./csv-piece.js"
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

// Enough text to see the delimiter and the line breaks of the first rows.
const sampleSize = 64 * 1024
// The sample is parsed in pieces of this size, like the decoder's (see decodeText).
const textPieceSize = 32 * 1024

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
 * Removes the apostrophe that {@link escapeFormulaCell} puts before a cell starting
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
 * Parsing is papaparse's (its low-level `Parser`, fed piece by piece), with
 * a faster reader of the strict form most files are in that gives the same
 * rows ({@link csvPieceReader}).
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
  // The sample was read piece by piece: parse it in pieces too, so no batch is larger than one piece's rows.
  const samplePieces: Array<string> = []
  for (let at = 0; at < pending.length; at += textPieceSize) samplePieces.push(pending.slice(at, at + textPieceSize))
  pending = ""
  async function* batches(): AsyncGenerator<ReadonlyArray<SheetRow>> {
    let number = 0
    let batch: Array<SheetRow> = []
    // Whether the piece being read holds an apostrophe at all: most do not, and their cells need no look.
    let apostrophes = false
    const readPiece = csvPieceReader(delimiter, newline, (cells) => {
      if (apostrophes) {
        for (let i = 0; i < cells.length; i++) {
          const cell = cells[i]!
          if (cell.charCodeAt(0) === 39) cells[i] = unescapeFormulaCell(cell)
        }
      }
      batch.push({ number: ++number, cells })
    })
    // The decoder hands text on in pieces of at most 32K characters (see decodeText): each piece is parsed whole
    // with what the last one left unfinished, so the strings and the rows of a batch stay small and die young.
    // A row cut by the end of a piece (or a long quoted cell) waits for the next piece.
    const parse = (text: string, final: boolean, from = 0): void => {
      apostrophes = text.includes("'", from)
      const cursor = readPiece(text, final, from)
      pending = final ? "" : text.substring(cursor)
    }
    // The row the last piece left unfinished is read with this piece up to its first line break, where that row
    // most often ends; the rest of the piece is then read as it came (from that line break on, not as a substring:
    // the reader reads a flat string's characters faster), where the unfinished row joined to the whole piece would
    // copy the piece into a new string. The reader's rows restart at any cursor it returns, so where the text is cut
    // does not change them; a row that does not end there (a line break inside quotes) joins the rest.
    const parsePiece = (piece: string): void => {
      if (pending.length === 0) return parse(piece, false)
      const lineEnd = piece.indexOf(newline)
      if (lineEnd < 0) return parse(pending + piece, false)
      const rest = lineEnd + newline.length
      parse(pending + piece.substring(0, rest), false)
      if (pending.length === 0) parse(piece, false, rest)
      else parse(pending + piece.substring(rest), false)
    }
    const nextPiece = async (): Promise<string | undefined> => {
      const queued = samplePieces.shift()
      if (queued !== undefined || ended) return queued
      const next = await iterator.next()
      if (next.done !== true) return next.value
      ended = true
      return undefined
    }
    for (;;) {
      const piece = await nextPiece()
      if (piece === undefined) {
        if (pending.length > 0) parse(pending, true)
        if (batch.length > 0) yield batch
        return
      }
      parsePiece(piece)
      if (batch.length > 0) {
        yield batch
        batch = []
      }
    }
  }
  return { dialect: { encoding, delimiter, newline }, batches: batches() }
}
