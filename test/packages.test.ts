// Every @kith package is publish-ready and the dependency arrows point one way
// (ARCHITECTURE.md): checked on the manifests, so a new package is held to it too.
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

interface Manifest {
  name: string
  version: string
  license?: string
  type?: string
  exports?: Record<string, unknown>
  files?: Array<string>
  repository?: { type?: string; url?: string; directory?: string }
  homepage?: string
  bugs?: { url?: string }
  scripts?: Record<string, string>
  engines?: Record<string, string>
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

const root = join(import.meta.dirname, "..")
const packageDirs = readdirSync(join(root, "packages")).filter((d) => existsSync(join(root, "packages", d, "package.json")))
const manifests = new Map<string, Manifest>(
  packageDirs.map((d) => [d, JSON.parse(readFileSync(join(root, "packages", d, "package.json"), "utf8")) as Manifest])
)
const internalDeps = (m: Manifest) => Object.keys({ ...m.dependencies, ...m.peerDependencies }).filter((d) => d.startsWith("@kith/"))

// Packages that may never be depended on by the ones listed after them.
const storagePackages = ["@kith/storage", "@kith/storage-sql", "@kith/storage-sqlite", "@kith/storage-postgres"]
const domainPackages = ["@kith/core", "@kith/identity", "@kith/profile", "@kith/segments", "@kith/pipeline", "@kith/import", "@kith/outreach", "@kith/privacy", "@kith/testkit"]

describe.each(packageDirs)("packages/%s", (dir) => {
  const m = manifests.get(dir)!

  it("is named, versioned and licensed for npm", () => {
    expect(m.name).toBe(`@kith/${dir}`)
    expect(m.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/)
    expect(m.license).toBe("MIT")
    expect(m.type).toBe("module")
    expect(m.engines?.["node"]).toBe(">=20")
    expect(existsSync(join(root, "packages", dir, "README.md"))).toBe(true)
  })

  it("ships its license and says where it comes from", () => {
    expect(readFileSync(join(root, "packages", dir, "LICENSE"), "utf8")).toBe(readFileSync(join(root, "LICENSE"), "utf8"))
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/^MIT License/)
    expect(m.files).toContain("LICENSE")
    expect(m.repository).toEqual({ type: "git", url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/), directory: `packages/${dir}` })
    expect(m.homepage).toMatch(new RegExp(`^https://github\\.com/.+/tree/main/packages/${dir}#readme$`))
    expect(m.bugs?.url).toMatch(/^https:\/\/github\.com\/.+\/issues$/)
  })

  it("refuses to be packed without its build output", () => {
    expect(m.scripts?.["prepack"]).toBe("node ../../scripts/require-dist.mjs")
  })

  // ESM only, under the `default` condition, so `require()` works too on Node 20.19+ (require of ES modules).
  it("ships ESM and types through a clean exports map, for import and for require", () => {
    expect(m.exports?.["."]).toEqual({ "@kith/source": "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" })
    for (const [subpath, target] of Object.entries(m.exports ?? {})) {
      if (typeof target === "object" && target !== null) expect(Object.keys(target), subpath).toEqual(["@kith/source", "types", "default"])
    }
    expect(m.files).toEqual(expect.arrayContaining(["dist", "README.md"]))
    expect(existsSync(join(root, "packages", dir, "src/index.ts"))).toBe(true)
    expect(readFileSync(join(root, "packages", dir, "src/index.ts"), "utf8")).toContain("@packageDocumentation")
  })

  it("takes effect as a peer, so the host keeps one Effect runtime", () => {
    expect(m.peerDependencies?.["effect"]).toMatch(/^\^4\./)
    expect(m.dependencies?.["effect"]).toBeUndefined()
  })

  it("pins internal dependencies to the exact versions changesets bumps together", () => {
    for (const dep of Object.keys(m.dependencies ?? {}).filter((d) => d.startsWith("@kith/"))) {
      const target = [...manifests.values()].find((p) => p.name === dep)
      expect(target, `${dep} is a workspace package`).toBeDefined()
      expect(m.dependencies![dep]).toBe(target!.version)
    }
  })

  it("respects the dependency direction: domain never imports storage, nothing imports the facade but the HTTP API", () => {
    const deps = internalDeps(m)
    // @kith/http serves the facade over HTTP (ARCHITECTURE.md: http depends on cdp); nothing else may.
    if (m.name !== "@kith/http") expect(deps).not.toContain("@kith/cdp")
    if (domainPackages.includes(m.name)) {
      for (const s of storagePackages) expect(deps).not.toContain(s)
    }
  })
})

describe("the package graph", () => {
  it("has no cycles", () => {
    const byName = new Map([...manifests.values()].map((m) => [m.name, m]))
    const visiting = new Set<string>()
    const done = new Set<string>()
    const visit = (name: string, path: Array<string>): void => {
      if (done.has(name)) return
      if (visiting.has(name)) throw new Error(`cycle: ${[...path, name].join(" → ")}`)
      visiting.add(name)
      for (const dep of internalDeps(byName.get(name)!)) if (byName.has(dep)) visit(dep, [...path, name])
      visiting.delete(name)
      done.add(name)
    }
    for (const name of byName.keys()) visit(name, [])
    expect(done.size).toBe(byName.size)
  })

  it("source files import only the @kith packages their manifest declares", () => {
    for (const [dir, m] of manifests) {
      const declared = new Set([m.name, ...internalDeps(m), ...Object.keys(m.devDependencies ?? {})])
      const srcDir = join(root, "packages", dir, "src")
      const files = readdirSync(srcDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"))
      for (const file of files) {
        const text = readFileSync(join(srcDir, file), "utf8")
        for (const match of text.matchAll(/from\s+"(@kith\/[a-z-]+)/g)) {
          expect(declared.has(match[1]!), `${dir}/src/${file} imports ${match[1]} without declaring it`).toBe(true)
        }
      }
    }
  })
})

describe("the prepack guard (scripts/require-dist.mjs)", () => {
  const guard = join(root, "scripts", "require-dist.mjs")
  const pack = (files: ReadonlyArray<string>) => {
    const dir = mkdtempSync(join(tmpdir(), "kith-prepack-"))
    try {
      const manifest = {
        name: "@kith/probe",
        exports: {
          ".": { "@kith/source": "./src/index.ts", types: "./dist/index.d.ts", import: "./dist/index.js" },
          "./testing": { "@kith/source": "./src/testing/index.ts", types: "./dist/testing/index.d.ts", import: "./dist/testing/index.js" }
        },
        typesVersions: { "*": { testing: ["./dist/testing/index.d.ts"] } }
      }
      writeFileSync(join(dir, "package.json"), JSON.stringify(manifest))
      for (const file of files) {
        mkdirSync(join(dir, file, ".."), { recursive: true })
        writeFileSync(join(dir, file), "")
      }
      return spawnSync(process.execPath, [guard], { cwd: dir, encoding: "utf8" })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it("refuses a package whose exports point at missing build output, and names what is missing", () => {
    const run = pack(["dist/index.js", "dist/index.d.ts"])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain("./dist/testing/index.js")
    expect(run.stderr).not.toContain("./src/")
  })

  it("lets a built package through", () => {
    expect(pack(["dist/index.js", "dist/index.d.ts", "dist/testing/index.js", "dist/testing/index.d.ts"]).status).toBe(0)
  })
})
