import { BinaryFile, EmptyFile, UnsupportedEncoding } from "../errors.js"

// The most input bytes decoded into one text piece.
const pieceBytes = 32 * 1024

/** The text encodings the CSV reader accepts. */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be"

const startsWith = (bytes: Uint8Array, signature: ReadonlyArray<number>): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)

// Recognizes a binary file by its first bytes, so the error can say what the file is.
const binaryKindOf = (file: string, head: Uint8Array): BinaryFile | undefined => {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return new BinaryFile({ file, kind: "xlsx", reason: "an XLSX workbook (or another ZIP archive): read it as XLSX" })
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) return new BinaryFile({ file, kind: "xls", reason: "a legacy Excel 97-2003 workbook: save it as .xlsx or CSV UTF-8" })
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return new BinaryFile({ file, kind: "pdf", reason: "a PDF document, not a table" })
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47]) || startsWith(head, [0xff, 0xd8, 0xff]) || startsWith(head, [0x47, 0x49, 0x46, 0x38])) {
    return new BinaryFile({ file, kind: "image", reason: "an image, not a table" })
  }
  if (head.includes(0)) return new BinaryFile({ file, kind: "unknown", reason: "it contains NUL bytes: not a text file (or UTF-16 without a byte-order mark: save it as CSV UTF-8)" })
  return undefined
}

// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1.
// `final` says whether a sequence cut off at the end is an error (end of file) or may continue.
const firstInvalidUtf8 = (bytes: Uint8Array, final: boolean): number => {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    if (length === 0) return i
    if (i + length > bytes.length) return final ? i : -1
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i
    // Overlong three-byte forms, surrogates, and code points past U+10FFFF.
    const b1 = bytes[i + 1]!
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i
    i += length
  }
  return -1
}

// The bytes of a UTF-8 sequence that a chunk ends in the middle of (empty when it ends on a boundary).
const incompleteTail = (bytes: Uint8Array): Uint8Array => {
  for (let k = 1; k <= 3 && k <= bytes.length; k++) {
    const b = bytes[bytes.length - k]!
    if ((b & 0xc0) !== 0x80) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
      return length > k ? bytes.subarray(bytes.length - k) : new Uint8Array(0)
    }
  }
  return new Uint8Array(0)
}

const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ")

/**
 * Decodes a text file's bytes to text chunks, streaming. The encoding comes
 * from the byte-order mark: UTF-8 (with or without one) or UTF-16 LE / BE
 * with one (what Excel's "Unicode text" writes); the mark itself is dropped.
 * Reads as far as needed to recognize the file, never the whole file.
 *
 * @param file - the file's name, for errors
 * @param chunks - the file's bytes
 * @returns the encoding found, and the text in chunks
 * @throws {@link EmptyFile} for a file without a byte, {@link BinaryFile} for a
 * binary file (a ZIP / XLSX, an XLS, a PDF, an image, NUL bytes), and
 * {@link UnsupportedEncoding} (while iterating) at the first byte that is not UTF-8
 *
 * @example
 * ```ts
 * import { decodeText } from "@kith/import"
 * const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x4c, 0x61, 0x6e])
 * const { encoding, text } = await decodeText("a.csv", (async function* () { yield bytes })())
 * encoding // => "utf-8"
 * for await (const chunk of text) chunk // => "Lan"
 * ```
 */
export const decodeText = async (
  file: string,
  chunks: AsyncIterable<Uint8Array>
): Promise<{ readonly encoding: TextEncoding; readonly text: AsyncIterable<string> }> => {
  const iterator = chunks[Symbol.asyncIterator]()
  // Enough bytes to see a signature or a byte-order mark, and to find NUL bytes early.
  const headParts: Array<Uint8Array> = []
  let headLength = 0
  let ended = false
  while (headLength < 4096) {
    const next = await iterator.next()
    if (next.done === true) {
      ended = true
      break
    }
    headParts.push(next.value)
    headLength += next.value.length
  }
  if (headLength === 0) throw new EmptyFile({ file })
  const head = new Uint8Array(headLength)
  let at = 0
  for (const part of headParts) {
    head.set(part, at)
    at += part.length
  }
  let encoding: TextEncoding = "utf-8"
  let skip = 0
  if (startsWith(head, [0xef, 0xbb, 0xbf])) skip = 3
  else if (startsWith(head, [0xff, 0xfe])) {
    encoding = "utf-16le"
    skip = 2
  } else if (startsWith(head, [0xfe, 0xff])) {
    encoding = "utf-16be"
    skip = 2
  }
  else {
    const binary = binaryKindOf(file, head)
    if (binary !== undefined) throw binary
  }
  async function* text(): AsyncGenerator<string> {
    const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true })
    let offset = 0
    // A sequence the previous chunk ended in the middle of: checked whole with the next chunk.
    let carried: Uint8Array = new Uint8Array(0)
    const decode = (bytes: Uint8Array, final: boolean): string => {
      try {
        const out = decoder.decode(bytes, { stream: !final })
        return out
      } catch {
        const joined = new Uint8Array(carried.length + bytes.length)
        joined.set(carried)
        joined.set(bytes, carried.length)
        const bad = Math.max(0, firstInvalidUtf8(joined, final))
        throw new UnsupportedEncoding({ file, offset: offset - carried.length + bad, found: hex(joined.subarray(bad, bad + 4)) })
      } finally {
        carried = incompleteTail(bytes)
        offset += bytes.length
      }
    }
    offset = skip
    // Text goes out in pieces of at most 32 KB of input: small strings are cheap to make, join and drop.
    const pieces = function* (bytes: Uint8Array, final: boolean): Generator<string> {
      for (let at = 0; at < bytes.length || (final && at === 0); at += pieceBytes) {
        const last = at + pieceBytes >= bytes.length
        const out = decode(bytes.subarray(at, at + pieceBytes), final && last)
        if (out.length > 0) yield out
        if (last) break
      }
    }
    yield* pieces(head.subarray(skip), ended)
    if (ended) return
    for (;;) {
      const next = await iterator.next()
      if (next.done === true) break
      yield* pieces(next.value, false)
    }
    const rest = decode(new Uint8Array(0), true)
    if (rest.length > 0) yield rest
  }
  return { encoding, text: text() }
}
