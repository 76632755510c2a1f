#!/usr/bin/env node
// `prepack` of every package: refuses to pack (npm pack, npm publish,
// changeset publish) a package whose build output is missing, so a tarball
// never ships an `exports` map that points at nothing. Run from the package's
// folder; `npm run build` at the root builds every package.
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"

const dir = process.cwd()
const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))

// Every file the manifest sends a consumer to, except the sources the
// repository's own tests resolve through the `@kith/source` condition.
const targets = new Set()
const collect = (value, condition) => {
  if (typeof value === "string") {
    if (condition !== "@kith/source") targets.add(value)
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) collect(inner, key.startsWith(".") ? condition : key)
  }
}
collect(manifest.exports, undefined)
for (const field of ["main", "module", "types", "typings"]) if (typeof manifest[field] === "string") targets.add(manifest[field])
collect(manifest.typesVersions, undefined)

const missing = [...targets].filter((target) => !target.includes("*") && !existsSync(join(dir, target)))
if (missing.length > 0) {
  console.error(`${manifest.name}: not packing, the build output is missing: ${missing.join(", ")}`)
  console.error("Run `npm run build` at the repository root first.")
  process.exit(1)
}
