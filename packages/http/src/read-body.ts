import { RequestRefused } from "./problem.js"

// Reads at most `limit` bytes of a stream, refusing the body as soon as it is longer:
// a client cannot make the server buffer more than the limit.
const readAtMost = async (stream: ReadableStream<Uint8Array>, limit: number, what: string): Promise<Uint8Array> => {
  const reader = stream.getReader()
  const parts: Array<Uint8Array> = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw new RequestRefused(413, "body_too_large", `${what} is at most ${limit} bytes of JSON; this one is longer`)
    }
    parts.push(value)
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.byteLength
  }
  return out
}

const decoder = new TextDecoder("utf-8", { fatal: true })

/**
 * The JSON body of a request: gzip undone when `Content-Encoding: gzip`
 * (what the Segment SDKs may send), at most `limit` bytes of JSON after
 * decompression, parsed. Refusals are {@link RequestRefused}: 413 over the
 * limit, 415 for another encoding, 400 for bytes that are not gzip, UTF-8
 * or JSON.
 */
export const readJsonBody = async (request: Request, limit: number, what: string): Promise<unknown> => {
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase()
  if (encoding !== "identity" && encoding !== "gzip") {
    throw new RequestRefused(415, "unsupported_encoding", `Content-Encoding ${JSON.stringify(encoding)} is not supported; send JSON, gzipped or not`)
  }
  const declared = Number(request.headers.get("content-length") ?? Number.NaN)
  // A gzipped body may not be larger than the JSON it holds is allowed to be, either.
  if (Number.isFinite(declared) && declared > limit) throw new RequestRefused(413, "body_too_large", `${what} is at most ${limit} bytes of JSON; this one is ${declared}`)
  if (request.body === null) throw new RequestRefused(400, "invalid_json", `${what} is empty; expected JSON`)
  let stream: ReadableStream<Uint8Array> = request.body
  // TypeScript's DOM library types DecompressionStream's input as BufferSource, Node's as Uint8Array; the bytes are the same.
  if (encoding === "gzip") stream = stream.pipeThrough(new DecompressionStream("gzip") as { readonly readable: ReadableStream<Uint8Array>; readonly writable: WritableStream<Uint8Array> })
  let bytes: Uint8Array
  try {
    bytes = await readAtMost(stream, limit, what)
  } catch (error) {
    if (error instanceof RequestRefused) throw error
    throw new RequestRefused(400, "invalid_json", `${what} is not valid gzip: ${error instanceof Error ? error.message : String(error)}`)
  }
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    throw new RequestRefused(400, "invalid_json", `${what} is not UTF-8 text`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new RequestRefused(400, "invalid_json", `${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
}
