// Files the tests make themselves: every encoding, delimiter and habit of Excel the readers must handle.
import ExcelJS from "exceljs"
import type { ImportFile, SheetRow, Table } from "@kith/import"

/** The byte forms a CSV arrives in. */
export type Encoding = "utf-8" | "utf-8-bom" | "utf-16le-bom" | "utf-16be-bom"

/** Encodes text the way Excel and other tools save it. */
export const encodeText = (text: string, encoding: Encoding): Uint8Array => {
  switch (encoding) {
    case "utf-8":
      return new TextEncoder().encode(text)
    case "utf-8-bom":
      return new TextEncoder().encode("\ufeff" + text)
    case "utf-16le-bom":
    case "utf-16be-bom": {
      const out = new Uint8Array(2 + text.length * 2)
      const view = new DataView(out.buffer)
      view.setUint16(0, 0xfeff, encoding === "utf-16le-bom")
      for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), encoding === "utf-16le-bom")
      return out
    }
  }
}

/** Streams bytes in chunks of `size` bytes, so every boundary (inside a character, a quoted cell, a CRLF) is crossed. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size)
}

/** A file from text or bytes, optionally streamed in small chunks. */
export const fileOf = (name: string, content: string | Uint8Array, chunkSize?: number): ImportFile => {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content
  return { name, content: chunkSize === undefined ? bytes : chunked(bytes, chunkSize) }
}

/** Every data row of a table, flattened. */
export const rowsOf = async (table: Table): Promise<Array<SheetRow>> => {
  const rows: Array<SheetRow> = []
  for await (const batch of table.batches) rows.push(...batch)
  return rows
}

/** A cell of a workbook built by {@link xlsxOf}: a value, optionally with a number format. */
export type XlsxCell = string | number | boolean | Date | null | { readonly value: unknown; readonly numFmt?: string }

/** Builds an XLSX workbook in memory (exceljs' regular writer, not kith's), sheet by sheet. */
export const xlsxOf = async (sheets: ReadonlyArray<{ readonly name: string; readonly rows: ReadonlyArray<ReadonlyArray<XlsxCell>> }>): Promise<Uint8Array> => {
  const workbook = new ExcelJS.Workbook()
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name)
    sheet.rows.forEach((cells, r) => {
      cells.forEach((cell, c) => {
        const target = worksheet.getCell(r + 1, c + 1)
        if (cell !== null && typeof cell === "object" && !(cell instanceof Date)) {
          target.value = cell.value as ExcelJS.CellValue
          if (cell.numFmt !== undefined) target.numFmt = cell.numFmt
        } else target.value = cell
      })
    })
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

/** Concatenates the chunks of a stream of bytes. */
export const collect = async (chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> => {
  const parts: Array<Uint8Array> = []
  for await (const chunk of chunks) parts.push(chunk)
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
