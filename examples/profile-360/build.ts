// Builds the page for production: web/main.ts bundled and minified by esbuild (the chunk of the "no server" mode
// split off, loaded only when asked for), with index.html and style.css, into dist/.
import { copyFileSync, mkdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import { build, type Plugin } from "esbuild"

/**
 * Node built-ins refused, except behind a dynamic `import()` — the facade loads `node:fs` and `exceljs` only when a
 * spreadsheet is read from or written to a file path, which a page never does; those stay unresolved imports that
 * are never run. A static import of a built-in fails the build.
 */
export const browserOnly: Plugin = {
  name: "browser-only",
  setup(b) {
    b.onResolve({ filter: /^(node:|exceljs$)/ }, (args) =>
      args.kind === "dynamic-import"
        ? { path: args.path, external: true }
        : { errors: [{ text: `${args.path} is imported by ${args.importer} (${args.kind}); the browser has no Node built-ins` }] }
    )
  }
}

/** Where the built page goes. */
export const distDir = join(import.meta.dirname, "dist")

/** Bundles the page into {@link distDir}; returns the output files and their sizes in bytes. */
export const buildPage = async (): Promise<ReadonlyArray<{ readonly file: string; readonly bytes: number }>> => {
  rmSync(distDir, { recursive: true, force: true })
  mkdirSync(distDir, { recursive: true })
  const result = await build({
    entryPoints: [join(import.meta.dirname, "web", "main.ts")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: true,
    outdir: distDir,
    conditions: ["@kith/source"],
    metafile: true,
    plugins: [browserOnly],
    logLevel: "warning"
  })
  for (const file of ["index.html", "style.css"]) copyFileSync(join(import.meta.dirname, "web", file), join(distDir, file))
  return Object.entries(result.metafile.outputs).map(([file, out]) => ({ file, bytes: out.bytes }))
}
