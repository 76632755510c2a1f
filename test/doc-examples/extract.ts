// Finds the code examples a reader sees: the fenced ```ts block of every TSDoc
// `@example` in packages/*/src, and every ```ts block of the READMEs and guides.
import { createHash } from "node:crypto"
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs"
import { join, relative, sep } from "node:path"

/** One fenced example as written, with where it sits. */
export interface DocExample {
  /** Path from the repository root, with `/`. */
  readonly file: string
  /** 1-based line in `file` of the block's first code line. */
  readonly line: number
  /** The code, TSDoc `*` prefixes removed. Line `i` of it is line `line + i` of the file. */
  readonly code: string
  /** The package whose exports the block may use without importing them (`@kith/core`), if any. */
  readonly packageName: string | undefined
  /** Names the block by its text, so a listed failure follows the block when lines move. */
  readonly key: string
}

const fence = /^\s*(`{3,})\s*(ts|typescript|js|javascript|mjs|mts)\b.*$/
const walk = (dir: string, keep: (path: string) => boolean): Array<string> => {
  if (!existsSync(dir)) return []
  const out: Array<string> = []
  for (const name of readdirSync(dir).sort()) {
    if (name === "node_modules" || name === "dist" || name === "api" || name.startsWith(".")) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...walk(path, keep))
    else if (keep(path)) out.push(path)
  }
  return out
}

/** The fenced blocks of some lines; `lineOf(i)` gives the file line of line `i`. */
const fencedBlocks = (lines: ReadonlyArray<string>, lineOf: (i: number) => number): Array<{ line: number; code: string }> => {
  const blocks: Array<{ line: number; code: string }> = []
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i]!)
    if (!open) continue
    const ticks = open[1]!
    const body: Array<string> = []
    let j = i + 1
    while (j < lines.length && !lines[j]!.trim().startsWith(ticks)) body.push(lines[j++]!)
    blocks.push({ line: lineOf(i + 1), code: body.join("\n") })
    i = j
  }
  return blocks
}

/** The `@example` blocks of one TypeScript file. */
export const examplesOfSource = (text: string): Array<{ line: number; code: string }> => {
  const out: Array<{ line: number; code: string }> = []
  const comment = /\/\*\*[\s\S]*?\*\//g
  for (let m = comment.exec(text); m !== null; m = comment.exec(text)) {
    const startLine = text.slice(0, m.index).split("\n").length
    const lines = m[0].split("\n").map((l) => l.replace(/^\s*\/?\*\*?\/?\s?/, "").replace(/\*\/\s*$/, ""))
    // Only the blocks that follow an @example tag (before the next tag) are examples.
    let inExample = false
    const exampleLines = lines.map((l) => {
      if (/^@example\b/.test(l.trim())) inExample = true
      else if (/^@\w+/.test(l.trim())) inExample = false
      return inExample ? l : ""
    })
    for (const block of fencedBlocks(exampleLines, (i) => startLine + i)) out.push(block)
  }
  return out
}

/** The fenced TypeScript blocks of one Markdown file. */
export const examplesOfMarkdown = (text: string): Array<{ line: number; code: string }> => fencedBlocks(text.split("\n"), (i) => i + 1)

const keyOf = (code: string): string =>
  createHash("sha256")
    .update(code.split("\n").map((l) => l.trim()).join("\n"))
    .digest("hex")
    .slice(0, 12)

/** Every example of the repository at `root`, in a stable order. */
export const findExamples = (root: string): Array<DocExample> => {
  const rel = (path: string) => relative(root, path).split(sep).join("/")
  const packagesDir = join(root, "packages")
  const packages = existsSync(packagesDir) ? readdirSync(packagesDir).filter((d) => existsSync(join(packagesDir, d, "package.json"))).sort() : []
  const nameOf = (dir: string): string => (JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")) as { name: string }).name
  const out: Array<DocExample> = []
  const add = (file: string, blocks: Array<{ line: number; code: string }>, packageName: string | undefined) => {
    for (const b of blocks) out.push({ file: rel(file), line: b.line, code: b.code, packageName, key: keyOf(b.code) })
  }
  for (const dir of packages) {
    const name = nameOf(dir)
    for (const file of walk(join(packagesDir, dir, "src"), (p) => p.endsWith(".ts") && !p.endsWith(".d.ts"))) add(file, examplesOfSource(readFileSync(file, "utf8")), name)
    const readme = join(packagesDir, dir, "README.md")
    if (existsSync(readme)) add(readme, examplesOfMarkdown(readFileSync(readme, "utf8")), name)
  }
  const markdown = [
    join(root, "README.md"),
    ...walk(join(root, "docs"), (p) => p.endsWith(".md")),
    ...(existsSync(join(root, "examples")) ? readdirSync(join(root, "examples")).sort().map((d) => join(root, "examples", d, "README.md")) : [])
  ]
  for (const file of markdown) if (existsSync(file)) add(file, examplesOfMarkdown(readFileSync(file, "utf8")), undefined)
  return out
}
