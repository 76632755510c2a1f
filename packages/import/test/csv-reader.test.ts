import { BinaryFile, csvPieceReader, detectDelimiter, EmptyFile, openTable, readCsv, unescapeFormulaCell, UnsupportedEncoding } from "@kith/import"
import fc from "fast-check"
import Papa from "papaparse"
import { describe, expect, it } from "vitest"
import { chunked, type Encoding, encodeText, fileOf, rowsOf } from "./fixtures.js"

const rowsAsText = (rows: ReadonlyArray<{ readonly cells: ReadonlyArray<unknown> }>) => rows.map((r) => r.cells)

describe("CSV reader: encodings and delimiters", () => {
  const encodings: ReadonlyArray<Encoding> = ["utf-8", "utf-8-bom", "utf-16le-bom", "utf-16be-bom"]
  const delimiters = [",", ";", "\t"] as const
  for (const encoding of encodings) {
    for (const delimiter of delimiters) {
      for (const chunkSize of [undefined, 1, 7]) {
        it(`reads ${encoding} with ${JSON.stringify(delimiter)} (chunks: ${chunkSize ?? "whole"})`, async () => {
          const d = delimiter
          const text = [
            `Họ và tên${d}Số điện thoại${d}Địa chỉ${d}Ghi chú`,
            `Nguyễn Thị Lan${d}0912 345 678${d}"12 Hàng Bài, Hoàn Kiếm; Hà Nội"${d}"dòng 1\ndòng 2"`,
            `Trần Văn Minh${d}84987654321${d}${d}"nói ""xin chào"""`
          ].join("\r\n") + "\r\n"
          const bytes = encodeText(text, encoding)
          const table = await openTable({ name: "kh.csv", content: chunkSize === undefined ? bytes : chunked(bytes, chunkSize) })
          expect(table.format).toBe("csv")
          expect(table.dialect?.delimiter).toBe(delimiter)
          expect(table.dialect?.encoding).toBe(encoding.startsWith("utf-8") ? "utf-8" : encoding.slice(0, 8))
          expect(table.headers.map((h) => h.label)).toEqual(["Họ và tên", "Số điện thoại", "Địa chỉ", "Ghi chú"])
          expect(rowsAsText(await rowsOf(table))).toEqual([
            ["Nguyễn Thị Lan", "0912 345 678", "12 Hàng Bài, Hoàn Kiếm; Hà Nội", "dòng 1\ndòng 2"],
            ["Trần Văn Minh", "84987654321", "", 'nói "xin chào"']
          ])
        })
      }
    }
  }

  it("numbers rows as a spreadsheet does: a multi-line cell is one row, blank rows count but are skipped", async () => {
    const table = await openTable(fileOf("kh.csv", 'Tên,SĐT\r\n"Lan\nLê",0912345678\r\n,\r\n\r\nMinh,0987654321\r\n'))
    expect((await rowsOf(table)).map((r) => r.number)).toEqual([2, 5])
  })

  it("detects the delimiter from consistent rows, not from a title row or commas inside quotes", () => {
    expect(detectDelimiter("DANH SÁCH, THÁNG 3\nTên;SĐT;Email\nLan;0912345678;a@b.vn\nMinh;0987654321;c@d.vn\n")).toBe(";")
    expect(detectDelimiter('Tên\tĐịa chỉ\n"Lan"\t"1, 2, 3"\nMinh\t"4, 5"\n')).toBe("\t")
    expect(detectDelimiter("Họ tên\nLan\nMinh\n")).toBe(",")
  })

  it("reads a file with LF line ends and a row cut by the end of the file", async () => {
    const table = await openTable(fileOf("kh.csv", "Tên,SĐT\nLan,0912345678\nMinh,0987654321", 3))
    expect(rowsAsText(await rowsOf(table))).toEqual([["Lan", "0912345678"], ["Minh", "0987654321"]])
  })

  it("removes the apostrophe kith's export puts before formula-like text", async () => {
    const table = await openTable(fileOf("kh.csv", "Tên,SĐT,Ghi chú\nLan,'+84912345678,'=1+1\nMinh,0987654321,'bình thường\n"))
    expect(rowsAsText(await rowsOf(table))).toEqual([["Lan", "+84912345678", "=1+1"], ["Minh", "0987654321", "'bình thường"]])
  })

  it("reads a long quoted cell that spans many pieces of the file", async () => {
    const note = "x".repeat(300_000) + "\n" + "y".repeat(10)
    const table = await openTable(fileOf("kh.csv", `Tên,Ghi chú\r\nLan,"${note}"\r\nMinh,ok\r\n`, 65_536))
    const rows = await rowsOf(table)
    expect(rows.map((r) => r.cells[1])).toEqual([note, "ok"])
    expect(rows.map((r) => r.number)).toEqual([2, 3])
  })
})

describe("CSV reader: files that are not a readable table", () => {
  it("refuses an empty file, a BOM alone, or only blank lines", async () => {
    await expect(openTable(fileOf("a.csv", ""))).rejects.toBeInstanceOf(EmptyFile)
    await expect(openTable(fileOf("a.csv", encodeText("", "utf-8-bom")))).rejects.toBeInstanceOf(EmptyFile)
    await expect(openTable(fileOf("a.csv", "\r\n , \r\n\r\n"))).rejects.toBeInstanceOf(EmptyFile)
  })

  it("refuses Windows-1258 / Latin-1 bytes with the offset of the first bad byte", async () => {
    // "Tên,SĐT\nNguy" then 0xEA (ê in Windows-1258), which is not UTF-8 here.
    const bytes = new Uint8Array([...new TextEncoder().encode("Ten,SDT\nNguy"), 0xea, 0x6e, 0x2c, 0x30, 0x0a])
    for (const size of [undefined, 1, 5]) {
      const error = await openTable(fileOf("cu.csv", bytes, size)).then(
        async (table) => rowsOf(table),
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(UnsupportedEncoding)
      expect(error).toMatchObject({ file: "cu.csv", offset: 12, found: "ea 6e 2c 30" })
    }
  })

  it("refuses a binary file and names what it is", async () => {
    const cases: ReadonlyArray<[Array<number>, string]> = [
      [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], "xls"],
      [[0x25, 0x50, 0x44, 0x46, 0x2d, 0x31], "pdf"],
      [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], "image"],
      [[0x41, 0x00, 0x42, 0x00, 0x43], "unknown"]
    ]
    for (const [bytes, kind] of cases) {
      const error = await openTable(fileOf("x.csv", new Uint8Array(bytes))).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BinaryFile)
      expect((error as BinaryFile).kind).toBe(kind)
      expect((error as BinaryFile).message).toContain("x.csv")
    }
  })

  it("reads a ZIP as XLSX, and a CSV forced as XLSX is refused as not a workbook", async () => {
    const error = await openTable(fileOf("kh.csv", "Tên,SĐT\nLan,0912345678\n"), { format: "xlsx" }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BinaryFile)
  })
})

describe("CSV reader: the piece reader gives papaparse's rows", () => {
  // What papaparse's Parser gives for one piece: its rows and its cursor.
  const papaparsePiece = (piece: string, delimiter: string, newline: "\r\n" | "\n" | "\r", final: boolean) => {
    const rows: Array<Array<string>> = []
    const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"', step: (result: { data: Array<Array<string>> }) => rows.push(result.data[0]!) })
    const cursor = (parser.parse(piece, 0, !final) as { meta: { cursor: number } }).meta.cursor
    return { rows, cursor }
  }
  const piecePieces = ["a", "bé", "Lan", " ", '"', '""', ",", ";", "\t", "\r", "\n", "\r\n", '","', '"\r\n', '" ', "'=1"]
  const pieceText = fc.array(fc.constantFrom(...piecePieces), { maxLength: 40 }).map((parts) => parts.join(""))

  it("reads any text as papaparse does: the same rows and the same cursor, final or not", () => {
    fc.assert(
      fc.property(pieceText, fc.constantFrom(",", ";", "\t"), fc.constantFrom<"\r\n" | "\n" | "\r">("\r\n", "\n", "\r"), fc.boolean(), (piece, delimiter, newline, final) => {
        const rows: Array<Array<string>> = []
        const cursor = csvPieceReader(delimiter, newline, (cells) => rows.push(cells))(piece, final)
        expect({ rows, cursor }).toEqual(papaparsePiece(piece, delimiter, newline, final))
      }),
      { numRuns: 5000 }
    )
  })

  it("reads from an offset as it reads the text after it, its cursor counted from the start", () => {
    fc.assert(
      fc.property(pieceText, pieceText, fc.constantFrom(",", ";", "\t"), fc.constantFrom<"\r\n" | "\n" | "\r">("\r\n", "\n", "\r"), fc.boolean(), (before, piece, delimiter, newline, final) => {
        const rows: Array<Array<string>> = []
        const cursor = csvPieceReader(delimiter, newline, (cells) => rows.push(cells))(before + piece, final, before.length)
        const expected = papaparsePiece(piece, delimiter, newline, final)
        expect({ rows, cursor }).toEqual({ rows: expected.rows, cursor: before.length + expected.cursor })
      }),
      { numRuns: 3000 }
    )
  })

  it("reads well-formed rows (quoted cells with delimiters, doubled quotes and line breaks) as papaparse does", () => {
    const cell = fc.oneof(
      fc.constantFrom("", "Lan", "0912 345 678", "Hà Nội"),
      fc.array(fc.constantFrom("a", "ê", ",", ";", '""', "\n", "\r\n", " "), { maxLength: 8 }).map((parts) => `"${parts.join("")}"`)
    )
    const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 6 })
    fc.assert(
      fc.property(rows, fc.boolean(), fc.boolean(), (table, endsWithNewline, final) => {
        const piece = table.map((row) => row.join(",")).join("\r\n") + (endsWithNewline ? "\r\n" : "")
        const read: Array<Array<string>> = []
        const cursor = csvPieceReader(",", "\r\n", (cells) => read.push(cells))(piece, final)
        expect({ rows: read, cursor }).toEqual(papaparsePiece(piece, ",", "\r\n", final))
      }),
      { numRuns: 2000 }
    )
  })
})

describe("CSV reader: where the file's pieces end does not change its rows", () => {
  // The rows of the whole text read by the piece reader in one piece (held to papaparse's rows above), with
  // readCsv's apostrophe removal: what readCsv must give however the text arrives.
  const onePiece = (text: string, delimiter: string, newline: "\r\n" | "\n" | "\r") => {
    const rows: Array<Array<string>> = []
    const read = csvPieceReader(delimiter, newline, (cells) => rows.push(cells.map(unescapeFormulaCell)))
    const rest = text.substring(read(text, false))
    if (rest.length > 0) read(rest, true)
    return rows
  }
  const cell = fc.oneof(
    fc.constantFrom("", "Lan", "Hà Nội", "0912 345 678", "'=1+1", "'Lan", "a\"b"),
    fc.array(fc.constantFrom("a", "ê", ",", ";", '""', "\n", "\r\n", "\r", " "), { maxLength: 6 }).map((parts) => `"${parts.join("")}"`),
    // Long cells, so the text runs over several of the reader's pieces and their ends fall anywhere in a row.
    fc.tuple(fc.integer({ min: 0, max: 6000 }), fc.boolean()).map(([length, quoted]) => (quoted ? `"${"x".repeat(length)}\n${"ô".repeat(length % 7)}"` : "ư".repeat(length)))
  )
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 80 })

  it("reads the same rows, numbered alike, whatever the chunks the bytes come in", async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom<"\r\n" | "\n">("\r\n", "\n"), fc.integer({ min: 1, max: 70_000 }), fc.boolean(), async (cells, newline, chunkSize, endsWithNewline) => {
        const text = "Tên,Ghi chú" + newline + cells.map((row) => row.join(",")).join(newline) + (endsWithNewline ? newline : "")
        const { batches } = await readCsv("kh.csv", chunked(new TextEncoder().encode(text), chunkSize), { delimiter: "," })
        const rows: Array<{ readonly number: number; readonly cells: ReadonlyArray<unknown> }> = []
        for await (const batch of batches) rows.push(...batch)
        const expected = onePiece(text, ",", newline)
        expect(rows.map((r) => r.cells)).toEqual(expected)
        expect(rows.map((r) => r.number)).toEqual(expected.map((_, i) => i + 1))
      }),
      { numRuns: 60 }
    )
  })
})
