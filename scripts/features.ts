// Writes docs/features.md: every feature ID of the product spec (IDN-3,
// PRF-5, ...) with its title, and the code, tests and docs that cite it, so a
// reader goes from a feature to its code in one step.
//
//   npm run features            rewrite docs/features.md
//   npm run features -- --check exit 1 when docs/features.md is not current
//
// The IDs and titles come from docs/spec-ids.json (a copy of the spec's
// feature list); the citations are the IDs written in comments, TSDoc, test
// names and READMEs. test/features.test.ts keeps the committed index current.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs"
import { dirname, join, normalize, relative, sep } from "node:path"
import { fileURLToPath } from "node:url"

/** One feature of the spec. */
export interface SpecFeature {
  readonly id: string
  readonly title: string
  readonly text: string
}

/** The spec's feature list, as copied into docs/spec-ids.json. */
export interface SpecIds {
  readonly areas: ReadonlyArray<{ readonly prefix: string; readonly name: string }>
  readonly features: ReadonlyArray<SpecFeature>
}

/** What cites one ID, by kind; paths from the repository root. */
export interface Citations {
  readonly code: ReadonlyArray<string>
  readonly tests: ReadonlyArray<string>
  readonly benchmarks: ReadonlyArray<string>
  readonly docs: ReadonlyArray<string>
}

/** A spec ID as written in the code: an area prefix, a dash and a number. */
export const specIdPattern = /\b(ING|IDN|PRF|SEG|PIPE|IMP|OUT|PRIV|STO|DX)-(\d+)\b/g

/** The index's anchor of an ID: `IDN-3` → `idn-3`. */
export const anchorOf = (id: string): string => id.toLowerCase()

export const readSpecIds = (root: string): SpecIds => JSON.parse(readFileSync(join(root, "docs", "spec-ids.json"), "utf8")) as SpecIds

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

/** The Markdown files a reader sees: the READMEs and the guides in docs/ (not the generated index). */
export const readmeFiles = (root: string): Array<string> => {
  const rel = (p: string) => relative(root, p).split(sep).join("/")
  const inDir = (dir: string) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).sort() : [])
  return [
    join(root, "README.md"),
    ...walk(join(root, "docs"), (p) => p.endsWith(".md") && !p.endsWith(`${sep}features.md`)),
    ...inDir("packages").map((d) => join(root, "packages", d, "README.md")),
    ...inDir("examples").map((d) => join(root, "examples", d, "README.md"))
  ]
    .filter((p) => existsSync(p))
    .map(rel)
}

const kindOf = (path: string): keyof Citations | undefined => {
  if (/^packages\/[^/]+\/src\/testing\//.test(path)) return "tests" // the contract suite ships in src but is a test
  if (/^packages\/[^/]+\/src\//.test(path)) return "code"
  if (/^(packages|examples)\/[^/]+\/test\//.test(path) || path.startsWith("test/")) return "tests"
  if (path.startsWith("bench/")) return "benchmarks"
  if (path.startsWith("examples/")) return "code"
  if (path.endsWith(".md")) return "docs"
  return undefined
}

/** Every file that cites each ID, by kind. IDs the spec does not know are returned too, so a typo is caught. */
export const collectCitations = (root: string): Map<string, Citations> => {
  const rel = (p: string) => relative(root, p).split(sep).join("/")
  const sources = [
    ...walk(join(root, "packages"), (p) => p.endsWith(".ts") && !p.endsWith(".d.ts") && !p.endsWith("tsup.config.ts")),
    ...walk(join(root, "examples"), (p) => p.endsWith(".ts")),
    ...walk(join(root, "bench"), (p) => p.endsWith(".ts")),
    // This generator and its test name IDs as examples, not as citations.
    ...walk(join(root, "test"), (p) => p.endsWith(".ts") && !p.endsWith("features.test.ts"))
  ].map(rel)
  const found = new Map<string, { code: Set<string>; tests: Set<string>; benchmarks: Set<string>; docs: Set<string> }>()
  for (const file of [...sources, ...readmeFiles(root)]) {
    const kind = kindOf(file)
    if (kind === undefined) continue
    for (const m of readFileSync(join(root, file), "utf8").matchAll(specIdPattern)) {
      const id = m[0]
      let entry = found.get(id)
      if (entry === undefined) found.set(id, (entry = { code: new Set(), tests: new Set(), benchmarks: new Set(), docs: new Set() }))
      entry[kind].add(file)
    }
  }
  const sorted = (s: Set<string>) => [...s].sort()
  return new Map([...found].map(([id, c]) => [id, { code: sorted(c.code), tests: sorted(c.tests), benchmarks: sorted(c.benchmarks), docs: sorted(c.docs) }]))
}

/** A spec ID in a Markdown file that is not a link to its entry in the index. */
export interface UnlinkedCitation {
  readonly line: number
  readonly id: string
  readonly why: string
}

/**
 * The spec IDs of a Markdown text that are not links to the index. IDs in
 * fenced code and in inline code are examples of the notation, not citations.
 * `file` is the text's path from `root`, to resolve relative links.
 */
export const unlinkedCitations = (root: string, file: string, text: string): Array<UnlinkedCitation> => {
  // Blank out code, keeping offsets and lines, so positions below stay those of the file.
  const blank = (s: string) => s.replace(/[^\n]/g, " ")
  const prose = text.replace(/^(\s*)(`{3,})[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, blank).replace(/`[^`\n]*`/g, blank)
  const links = [...prose.matchAll(/\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ start: m.index, textEnd: m.index + 1 + m[1]!.length, target: m[2]! }))
  const index = normalize(join(root, "docs", "features.md"))
  const out: Array<UnlinkedCitation> = []
  for (const m of prose.matchAll(specIdPattern)) {
    const line = prose.slice(0, m.index).split("\n").length
    const link = links.find((l) => l.start < m.index && m.index < l.textEnd)
    if (link === undefined) {
      out.push({ line, id: m[0], why: "not a link" })
      continue
    }
    const [path = "", anchor = ""] = link.target.split("#")
    if (normalize(join(root, dirname(file), path)) !== index || anchor !== anchorOf(m[0])) {
      out.push({ line, id: m[0], why: `links to ${link.target}, not to docs/features.md#${anchorOf(m[0])}` })
    }
  }
  return out
}

const areaHeading = (area: { readonly prefix: string; readonly name: string }) => `${area.name[0]!.toUpperCase()}${area.name.slice(1)} (${area.prefix})`
// The anchor GitHub and typedoc give a heading: lower case, punctuation dropped, spaces as dashes.
const slugOf = (heading: string) => heading.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-")

const link = (file: string) => `[\`${file.replace(/^packages\//, "")}\`](../${file})`

/** The whole of docs/features.md. */
export const renderFeatureIndex = (root: string): string => {
  const spec = readSpecIds(root)
  const citations = collectCitations(root)
  const isImplemented = (id: string) => (citations.get(id)?.code.length ?? 0) > 0
  const out: Array<string> = [
    "# Feature index",
    "",
    "<!-- Generated by `npm run features` from docs/spec-ids.json and the spec IDs cited in the code, tests and docs. Do not edit: test/features.test.ts fails when this file is not current. -->",
    "",
    "Every feature of kith's product spec has an ID — `IDN-3`, `PRF-5`, ... — and the",
    "code, tests and guides cite the IDs they implement, check or describe. For each",
    "ID this page gives the feature as the spec states it and every file that cites",
    "it, so you can go from a feature to its code and its tests in one step. Link to",
    "a feature as `docs/features.md#idn-3` (from a package README:",
    "`../../docs/features.md#idn-3`). A feature no file cites yet is listed with its",
    "text alone: it is planned, or its code does not name the ID yet.",
    "",
    "| area | features | cited by code |",
    "|---|---|---|"
  ]
  for (const area of spec.areas) {
    const features = spec.features.filter((f) => f.id.startsWith(`${area.prefix}-`))
    out.push(`| [${areaHeading(area)}](#${slugOf(areaHeading(area))}) | ${features.length} | ${features.filter((f) => isImplemented(f.id)).length} |`)
  }
  for (const area of spec.areas) {
    out.push("", `## ${areaHeading(area)}`, "", "| ID | feature | code | tests |", "|---|---|---|---|")
    const features = spec.features.filter((f) => f.id.startsWith(`${area.prefix}-`))
    for (const f of features) {
      const c = citations.get(f.id)
      out.push(`| [${f.id}](#${anchorOf(f.id)}) | ${f.title} | ${c?.code.length ?? 0} | ${c?.tests.length ?? 0} |`)
    }
    for (const f of features) {
      const c = citations.get(f.id)
      out.push("", `### ${f.id}`, "", `> ${f.text}`, "")
      if (c === undefined || (c.code.length === 0 && c.tests.length === 0 && c.benchmarks.length === 0)) {
        out.push("*No code or test cites it yet.*")
      } else {
        if (c.code.length > 0) out.push(`- **Code**: ${c.code.map(link).join(", ")}`)
        if (c.tests.length > 0) out.push(`- **Tests**: ${c.tests.map(link).join(", ")}`)
        if (c.benchmarks.length > 0) out.push(`- **Benchmarks**: ${c.benchmarks.map(link).join(", ")}`)
      }
      if (c !== undefined && c.docs.length > 0) out.push(`${c.code.length + c.tests.length + c.benchmarks.length === 0 ? "\n" : ""}- **Docs**: ${c.docs.map(link).join(", ")}`)
    }
  }
  return out.join("\n") + "\n"
}

const main = () => {
  const root = join(import.meta.dirname, "..")
  const path = join(root, "docs", "features.md")
  const text = renderFeatureIndex(root)
  if (process.argv.includes("--check")) {
    const current = existsSync(path) ? readFileSync(path, "utf8") : ""
    if (current !== text) {
      console.error("docs/features.md is not current: run npm run features")
      process.exit(1)
    }
    return
  }
  writeFileSync(path, text)
  console.log(`wrote docs/features.md`)
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main()
