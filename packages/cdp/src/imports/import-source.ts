// A file named by path is opened here, as a stream, and only when a call reads it: the facade loads `node:fs`
// lazily so it still bundles for browsers, where files arrive as `{ name, content }`.
import type { ImportFile } from "@kith/import"
import { Effect } from "effect"
import { InvalidArgument } from "../errors.js"
import type { ImportSource } from "./api.js"

const isImportFile = (value: unknown): value is ImportFile =>
  typeof value === "object" && value !== null && typeof (value as { readonly name?: unknown }).name === "string" && (value as { readonly content?: unknown }).content !== undefined

/**
 * The file an import reads: a path is checked and opened as a stream (its
 * base name is the file's name); `{ name, content }` is taken as it is.
 *
 * @param source - a path, or `{ name, content }`
 * @returns the file, or `InvalidArgument` (field `file`) for a path that cannot be read
 */
export const openImportSource = (source: ImportSource): Effect.Effect<ImportFile, InvalidArgument> => {
  if (isImportFile(source)) return Effect.succeed(source)
  if (typeof source !== "string" || source.length === 0) {
    return Effect.fail(new InvalidArgument({ field: "file", reason: "a file is a path or { name, content } (bytes, a Node Readable, a Web ReadableStream or an async iterable of Uint8Array)" }))
  }
  return Effect.tryPromise({
    try: async () => {
      const [{ createReadStream }, { stat }, { basename }] = await Promise.all([import("node:fs"), import("node:fs/promises"), import("node:path")])
      const info = await stat(source)
      if (!info.isFile()) throw new Error("it is not a file")
      return { name: basename(source), content: createReadStream(source) }
    },
    catch: (e) => new InvalidArgument({ field: "file", reason: `cannot read ${source}: ${e instanceof Error ? e.message : String(e)}` })
  })
}
