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
 * even without a line break after it.
 *
 * @param delimiter - one character
 * @param newline - `\r\n`, `\n` or `\r`
 * @param onRow - receives each row's cells (the array is the caller's)
 * @returns the piece reader: `(piece, final) => cursor`
 *
 * @example
 * ```ts
 * import { csvPieceReader } from "@kith/import"
 * const rows: Array<Array<string>> = []
 * const read = csvPieceReader(",", "\r\n", (cells) => rows.push(cells))
 * read('Lan,"12 Hàng Bài, Hà Nội"\r\nMinh,"nói ""chào"""\r\nHa', false) // => 48
 * rows // => [["Lan", "12 Hàng Bài, Hà Nội"], ["Minh", 'nói "chào"']]
 * ```
 */
export const csvPieceReader = (
  delimiter: string,
  newline: "\r\n" | "\n" | "\r",
  onRow: (cells: Array<string>) => void
): ((piece: string, final: boolean) => number) => {
  const parser = new Papa.Parser({
    delimiter,
    newline,
    quoteChar: '"',
    step: (result: { readonly data: ReadonlyArray<Array<string>> }) => onRow(result.data[0] ?? [])
  })
  const newlineLength = newline.length
  return (input, final) => {
    const length = input.length
    if (length === 0) return 0
    // Where the row being read starts: papaparse takes over from here when the text leaves the strict form.
    let rowStart = 0
    let at = 0
    let cells: Array<string> = []
    // The next delimiter, line break and quote at or after `at` (-1: none), found by indexOf: the piece is a
    // joined string, whose characters are slower to read one by one.
    let nextDelimiter = input.indexOf(delimiter)
    let nextNewline = input.indexOf(newline)
    let nextQuote = input.indexOf('"')
    for (;;) {
      if (at === nextQuote) {
        // A quoted cell: up to the first quote not doubled.
        let close = input.indexOf('"', at + 1)
        let following = close < 0 ? -1 : input.indexOf('"', close + 1)
        let doubled = false
        while (close >= 0 && following === close + 1) {
          doubled = true
          close = input.indexOf('"', following + 1)
          following = close < 0 ? -1 : input.indexOf('"', close + 1)
        }
        // Open, or closed by the last character: the row waits for the next piece (papaparse decides at the end of the file).
        if (close < 0 || close === length - 1) return final ? fallBack(rowStart) : rowStart
        const after = close + 1
        const text = input.substring(at + 1, close)
        const value = doubled ? text.replaceAll('""', '"') : text
        nextQuote = following
        if (nextDelimiter !== -1 && nextDelimiter < after) nextDelimiter = input.indexOf(delimiter, after)
        if (nextNewline !== -1 && nextNewline < after) nextNewline = input.indexOf(newline, after)
        if (nextDelimiter === after) {
          cells.push(value)
          at = after + 1
          nextDelimiter = input.indexOf(delimiter, at)
        } else if (nextNewline === after) {
          cells.push(value)
          onRow(cells)
          cells = []
          at = after + newlineLength
          rowStart = at
          nextNewline = input.indexOf(newline, at)
        } else return fallBack(rowStart)
        continue
      }
      if (nextDelimiter !== -1 && (nextDelimiter < nextNewline || nextNewline === -1)) {
        cells.push(input.substring(at, nextDelimiter))
        at = nextDelimiter + 1
        nextDelimiter = input.indexOf(delimiter, at)
      } else if (nextNewline !== -1) {
        cells.push(input.substring(at, nextNewline))
        onRow(cells)
        cells = []
        at = nextNewline + newlineLength
        rowStart = at
        nextNewline = input.indexOf(newline, at)
      } else {
        if (!final) return rowStart
        cells.push(input.substring(at))
        onRow(cells)
        return length
      }
      // A quote inside an unquoted cell is text.
      if (nextQuote !== -1 && nextQuote < at) nextQuote = input.indexOf('"', at)
    }

    // papaparse reads the rest of the piece, from the start of a row (the rows before it are already handed on).
    function fallBack(from: number): number {
      const result = parser.parse(input.substring(from), from, !final) as { readonly meta: { readonly cursor: number } }
      return result.meta.cursor
    }
  }
}
