/**
 * A file's content as the import reads it: the whole file as bytes, or a
 * stream of byte chunks — a Node `Readable` (`fs.createReadStream(path)`), a
 * Web `ReadableStream` (`file.stream()`, `response.body`), or any async
 * iterable of `Uint8Array`. Only the stream forms keep memory bounded.
 *
 * @example
 * ```ts
 * import type { FileContent } from "@kith/import"
 * const content: FileContent = new TextEncoder().encode("Họ và tên,SĐT\nLan,0912345678\n")
 * ```
 */
export type FileContent = Uint8Array | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>

/**
 * A file to import: its name (shown in errors, and the trait source
 * `import:<name>`) and its content.
 *
 * @example
 * ```ts
 * import type { ImportFile } from "@kith/import"
 * const file: ImportFile = { name: "khach-hang.csv", content: new TextEncoder().encode("Họ và tên,SĐT\nLan,0912345678\n") }
 * ```
 */
export interface ImportFile {
  readonly name: string
  readonly content: FileContent
}

// A Web ReadableStream is async-iterable in Node 20 but not in every browser: read it through its reader.
async function* readWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}

// Large byte arrays are handed on in slices so the decoder and the parser work on bounded pieces.
const sliceSize = 1 << 20

async function* sliceBytes(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += sliceSize) yield bytes.subarray(start, start + sliceSize)
}

/**
 * The content of a file as an async iterable of byte chunks, whatever form it
 * came in. Node `Buffer`s are `Uint8Array`s.
 *
 * @example
 * ```ts
 * import { byteChunks } from "@kith/import"
 * let total = 0
 * for await (const chunk of byteChunks(new Uint8Array(3))) total += chunk.length
 * total // => 3
 * ```
 */
export const byteChunks = (content: FileContent): AsyncIterable<Uint8Array> => {
  if (content instanceof Uint8Array) return sliceBytes(content)
  if (typeof (content as ReadableStream<Uint8Array>).getReader === "function") return readWebStream(content as ReadableStream<Uint8Array>)
  return content as AsyncIterable<Uint8Array>
}
