import { createReadStream } from "node:fs"
import Papa from "papaparse"

/**
 * Reads the bench's customer CSV with papaparse's low-level `Parser`, fed
 * the way the import feeds it (decoded chunks of a 64 KiB file stream), and
 * hands each row's cells to `onRow`: the baseline of the import cases, and
 * the parse under their floors.
 *
 * @returns the number of rows, the header and the empty row after the last CRLF included
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
  const decoder = new TextDecoder("utf-8", { fatal: true })
  let pending = ""
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    pending += decoder.decode(chunk as Uint8Array, { stream: true })
    const result = parser.parse(pending, 0, true) as { readonly meta: { readonly cursor: number } }
    pending = pending.substring(result.meta.cursor)
  }
  parser.parse(pending + decoder.decode(), 0, false)
  return rows
}
