import Papa from "papaparse"

// The rows of one piece of CSV text, read without papaparse's per-row result objects (a result, its data and
// errors lists, its meta) and without a regular expression per quoted cell when the cell doubles no quote. It reads
// the strict form most files are in — a quoted cell ends at a quote followed by the delimiter or the line break —
// and leaves anything else (a closing quote followed by spaces or text, a quoted cell left open at the end of the
// file) to papaparse from the start of that row, so the rows are papaparse's. A property test holds it to
// papaparse's Parser on random text.

/**
 * A reader of CSV text pieces, for one delimiter and line break: what
 * papaparse's `Parser.parse(piece, 0, !final)` with `step` gives, the same
 * rows and the same cursor. Each row's cells go to `onRow`; the result is
 * where the rows read end, so the caller keeps the text after it (an
 * unfinished row) for the next piece. With `final`, the last row is read
 * even without a line break after it. With `from`, reading starts there
 * (at the start of a row), as it would on `piece.substring(from)`, and the
 * cursor counts from the start of `piece`.
 *
 * @param delimiter - one character
 * @param newline - `\r\n`, `\n` or `\r`
 * @param onRow - receives each row's cells (the array is the caller's)
 * @returns the piece reader: `(piece, final, from = 0) => cursor`
 *
 * @example
 * ```ts
 * import { csvPieceReader } from "@kith/import"
 * const rows: Array<Array<string>> = []
 * const read = csvPieceReader(",", "\r\n", (cells) => rows.push(cells))
 * read('Lan,"12 Hàng Bài, Hà Nội"\r\nMinh,"nói ""chào"""\r\nHa', false) // => 48
 * rows // => [["Lan", "12 Hàng Bài, Hà Nội"], ["Minh", 'nói "chào"']]
 * read("x\r\nAn,1\r\n", false, 3) // => 9
 * rows[2] // => ["An", "1"]
 * ```
 */
export const csvPieceReader = (
  delimiter: string,
  newline: "\r\n" | "\n" | "\r",
  onRow: (cells: Array<string>) => void
): ((piece: string, final: boolean, from?: number) => number) => {
  const parser = new Papa.Parser({
    delimiter,
    newline,
    quoteChar: '"',
    step: (result: { readonly data: ReadonlyArray<Array<string>> }) => onRow(result.data[0] ?? [])
  })
  const delimiterCode = delimiter.charCodeAt(0)
  const newlineLength = newline.length
  const newlineCode = newline.charCodeAt(0)
  // The second character of a two-character line break, or -1.
  const newlineNext = newlineLength === 2 ? newline.charCodeAt(1) : -1
  // Where `search` next occurs in `text` from `from`, or the text's length when it does not.
  const positionOf = (text: string, search: string, from: number): number => {
    const found = text.indexOf(search, from)
    return found < 0 ? text.length : found
  }
  return (input, final, from = 0) => {
    const length = input.length
    if (from >= length) return from
    // Where the row being read starts: papaparse takes over from here when the text leaves the strict form.
    let rowStart = from
    let at = from
    let cells: Array<string> = []
    // The first delimiter and the first line break at or after the cell being read (the text's length for none);
    // -1 until searched for.
    let nextDelimiter = -1
    let nextNewline = -1
    for (;;) {
      if (input.charCodeAt(at) === 34 /* " */) {
        // A quoted cell: up to the first quote not doubled.
        let close = input.indexOf('"', at + 1)
        let doubled = false
        while (close >= 0 && input.charCodeAt(close + 1) === 34) {
          doubled = true
          close = input.indexOf('"', close + 2)
        }
        // Open, or closed by the last character: the row waits for the next piece (papaparse decides at the end of the file).
        if (close < 0 || close === length - 1) return final ? fallBack(rowStart) : rowStart
        const after = close + 1
        const text = input.substring(at + 1, close)
        const value = doubled ? text.replaceAll('""', '"') : text
        const next = input.charCodeAt(after)
        if (next === delimiterCode) {
          cells.push(value)
          at = after + 1
        } else if (next === newlineCode && (newlineNext < 0 || input.charCodeAt(after + 1) === newlineNext)) {
          cells.push(value)
          onRow(cells)
          cells = []
          at = after + newlineLength
          rowStart = at
        } else return fallBack(rowStart)
        continue
      }
      // An unquoted cell, up to the next delimiter or line break, whichever comes first. Each is found by indexOf,
      // which scans far faster than a loop over char codes, and kept until the reading passes it: a row's line
      // break is searched for once, not once per cell, and a delimiter found past the line break serves the next
      // row. A quote inside the cell is text.
      if (nextDelimiter < at) nextDelimiter = positionOf(input, delimiter, at)
      if (nextNewline < at) nextNewline = positionOf(input, newline, at)
      const end = nextDelimiter < nextNewline ? nextDelimiter : nextNewline
      if (end === length) {
        if (!final) return rowStart
        cells.push(input.substring(at))
        onRow(cells)
        return length
      }
      cells.push(input.substring(at, end))
      if (end === nextDelimiter) at = end + 1
      else {
        onRow(cells)
        cells = []
        at = end + newlineLength
        rowStart = at
      }
    }

    // papaparse reads the rest of the piece, from the start of a row (the rows before it are already handed on).
    function fallBack(start: number): number {
      const result = parser.parse(input.substring(start), start, !final) as { readonly meta: { readonly cursor: number } }
      return result.meta.cursor
    }
  }
}
