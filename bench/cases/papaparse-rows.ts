import { createReadStream } from "node:fs"
import { csvPieceReader } from "@kith/import"
import Papa from "papaparse"

// Streams the bench's customer CSV the way the import feeds its reader: decoded chunks of a 64 KiB file stream,
// each read whole with what the last one left unfinished; `readPiece` returns where its rows end.
const streamCsvPieces = async (path: string, readPiece: (text: string, final: boolean) => number): Promise<void> => {
  const decoder = new TextDecoder("utf-8", { fatal: true })
  let pending = ""
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    pending += decoder.decode(chunk as Uint8Array, { stream: true })
    pending = pending.substring(readPiece(pending, false))
  }
  readPiece(pending + decoder.decode(), true)
}

/**
 * Reads the bench's customer CSV with papaparse's low-level `Parser`, fed
 * the way the import feeds it (decoded chunks of a 64 KiB file stream), and
 * hands each row's cells to `onRow`: the baseline of the import cases.
 *
 * @returns the number of rows, the header included
 */
export const papaparseRows = async (path: string, onRow: (cells: Array<string>) => void): Promise<number> => {
  let rows = 0
  const parser = new Papa.Parser({
    delimiter: ",",
    newline: "\r\n",
    quoteChar: '"',
    step: (result: { readonly data: ReadonlyArray<Array<string>> }) => {
      rows++
      onRow(result.data[0]!)
    }
  })
  await streamCsvPieces(path, (text, final) => (parser.parse(text, 0, !final) as { readonly meta: { readonly cursor: number } }).meta.cursor)
  return rows
}

/**
 * The same rows as {@link papaparseRows}, read by the import's own piece
 * reader (`csvPieceReader`, held to papaparse's rows by a property test),
 * fed the same way: the parse under the import cases' floors, so a floor
 * reads the file no slower than the import does.
 *
 * @returns the number of rows, the header included
 */
export const pieceReaderRows = async (path: string, onRow: (cells: Array<string>) => void): Promise<number> => {
  let rows = 0
  const read = csvPieceReader(",", "\r\n", (cells) => {
    rows++
    onRow(cells)
  })
  await streamCsvPieces(path, read)
  return rows
}
