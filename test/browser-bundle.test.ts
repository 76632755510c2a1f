// kith's first architectural property: the pure packages and the facade on the in-memory store run in a browser.
// esbuild bundles them for `platform: "browser"`; a static import of any Node built-in fails the test. The facade
// reaches Node only through dynamic `import()`s on paths a browser never takes (a spreadsheet read from or written
// to a file path, streamed XLSX): those are pinned here one by one, so a new one fails too.
import { builtinModules } from "node:module"
import { join } from "node:path"
import { build, type Plugin } from "esbuild"
import { describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..")
const PURE = ["core", "identity", "profile", "segments", "pipeline", "outreach", "privacy", "import", "storage", "testkit", "cdp", "http"] as const
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

interface NodeImport {
  readonly path: string
  readonly kind: string
  readonly importer: string
}

const bundle = async (entry: string) => {
  const found: Array<NodeImport> = []
  const watch: Plugin = {
    name: "node-builtins",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!builtins.has(args.path) && !args.path.startsWith("node:")) return undefined
        found.push({ path: args.path, kind: args.kind, importer: args.importer.replace(`${root}/`, "") })
        return { path: args.path, external: true }
      })
    }
  }
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: "ts", sourcefile: "browser-entry.ts" },
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    target: "es2022",
    conditions: ["@kith/source"],
    // exceljs is loaded by @kith/import only for XLSX files, behind a dynamic import.
    external: ["exceljs"],
    plugins: [watch],
    logLevel: "silent"
  })
  return { found, bytes: result.outputFiles.reduce((s, f) => s + f.contents.length, 0) }
}

describe("kith bundles for the browser (DX-6)", () => {
  it("the pure packages, the facade on the memory store and the HTTP handlers: no static import of a Node built-in", async () => {
    const entry = [
      ...PURE.map((p) => `export * as ${p} from "@kith/${p}"`),
      `import { createCdp } from "@kith/cdp"`,
      `import { makeMemoryBackend, storageLayer } from "@kith/storage"`,
      `export const open = () => createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "in-the-browser" })`
    ].join("\n")
    const { found, bytes } = await bundle(entry)
    expect(bytes).toBeGreaterThan(100_000)
    const staticImports = found.filter((f) => f.kind !== "dynamic-import")
    expect(staticImports).toEqual([])
    expect(found.map((f) => `${f.importer}: ${f.path}`).sort()).toEqual([
      "packages/cdp/src/imports/import-source.ts: node:fs",
      "packages/cdp/src/imports/import-source.ts: node:fs/promises",
      "packages/cdp/src/imports/import-source.ts: node:path",
      "packages/import/src/read/xlsx-reader.ts: node:stream",
      "packages/import/src/write/xlsx-writer.ts: node:stream"
    ])
  })

  it("the Profile 360 page's no-server chunk (testkit shop, memory store, read handler) bundles the same way", async () => {
    const { found } = await bundle(`export * from "./examples/profile-360/web/in-browser.ts"`)
    expect(found.filter((f) => f.kind !== "dynamic-import")).toEqual([])
  })

  it("a static import of a Node built-in is caught", async () => {
    const { found } = await bundle(`import { readFileSync } from "node:fs"\nimport path from "path"\nexport const x = [readFileSync, path]`)
    expect(found.map((f) => [f.path, f.kind])).toEqual([
      ["node:fs", "import-statement"],
      ["path", "import-statement"]
    ])
  })
})
