// The feature index (docs/features.md) cannot drift from the code, and a
// reader can look up every spec ID a README cites: each is a link to its entry
// in the index. READMEs that still cite IDs as bare text are listed in
// test/readme-spec-links.pending.json; that list can only shrink.
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { collectCitations, readSpecIds, readmeFiles, renderFeatureIndex, unlinkedCitations } from "../scripts/features.js"

const root = join(import.meta.dirname, "..")

interface PendingReadme {
  readonly file: string
  readonly ids: ReadonlyArray<string>
}

const pendingPath = join(root, "test", "readme-spec-links.pending.json")
const pending: ReadonlyArray<PendingReadme> = existsSync(pendingPath) ? (JSON.parse(readFileSync(pendingPath, "utf8")) as { readmes: Array<PendingReadme> }).readmes : []

describe("the feature index", () => {
  it("is current: docs/features.md is what npm run features writes", () => {
    expect(readFileSync(join(root, "docs", "features.md"), "utf8"), "docs/features.md is out of date: run npm run features").toBe(renderFeatureIndex(root))
  })

  it("knows every ID the code, tests and docs cite", () => {
    const known = new Set(readSpecIds(root).features.map((f) => f.id))
    const unknown = [...collectCitations(root)].filter(([id]) => !known.has(id)).map(([id, c]) => `${id} in ${[...c.code, ...c.tests, ...c.benchmarks, ...c.docs].join(", ")}`)
    expect(unknown, "IDs that are not in docs/spec-ids.json (a typo, or a feature the spec copy lacks)").toEqual([])
  })

  it("gives every spec feature an entry with its anchor", () => {
    const text = readFileSync(join(root, "docs", "features.md"), "utf8")
    for (const { id } of readSpecIds(root).features) expect(text).toContain(`\n### ${id}\n`)
  })
})

describe("spec IDs in READMEs", () => {
  it("are found, links or not (the check below would pass vacuously otherwise)", () => {
    expect(unlinkedCitations(root, "README.md", "IDN-3 and [PRF-5](docs/features.md#prf-5) and [DX-1](docs/other.md#dx-1), `ING-3`")).toEqual([
      { line: 1, id: "IDN-3", why: "not a link" },
      { line: 1, id: "DX-1", why: "links to docs/other.md#dx-1, not to docs/features.md#dx-1" }
    ])
    expect(unlinkedCitations(root, "packages/core/README.md", "see [IDN-3](../../docs/features.md#idn-3)\n```ts\n// IDN-4\n```\n")).toEqual([])
  })

  it.each(readmeFiles(root))("%s links each spec ID it cites to the feature index", (file) => {
    const unlinked = unlinkedCitations(root, file, readFileSync(join(root, file), "utf8"))
    const listed = pending.find((p) => p.file === file)
    if (listed !== undefined) {
      expect(unlinked.length, `${file} links every spec ID now: remove it from test/readme-spec-links.pending.json`).toBeGreaterThan(0)
      return
    }
    expect(unlinked.map((u) => `${file}:${u.line} ${u.id}: ${u.why}`)).toEqual([])
  })

  it("lists only READMEs that exist", () => {
    const files = new Set(readmeFiles(root))
    expect(pending.filter((p) => !files.has(p.file)).map((p) => p.file)).toEqual([])
  })
})
