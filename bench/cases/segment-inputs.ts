import { createHash } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { type KithEvent, decodeEventResult } from "@kith/core"
import { type SegmentInputs, segmentInputsOf } from "@kith/segments"
import { generateShop } from "@kith/testkit"
import { Result } from "effect"

// The segment inputs of 100,000 testkit profiles (one per true person, as a
// perfect identity resolution would give), built from their decoded events at
// the end of the shop's two years. Building them (generate, decode ~540k
// events, summarize, facts and rows) takes about a minute on a busy machine,
// so they are kept in bench/.cache (gitignored), under a key that changes
// with the code that builds them.

export const PEOPLE = 100_000
export const TIME_ZONE = "Asia/Ho_Chi_Minh"
export const ASOF = new Date("2025-12-31T20:00:00+07:00")
const SEED = 20261123

const root = join(import.meta.dirname, "../..")
const cacheDir = join(root, "bench/.cache")

// Everything the inputs depend on: the generator and the builders.
const sourceHash = (): string => {
  const hash = createHash("sha256")
  hash.update(JSON.stringify({ SEED, PEOPLE, ASOF: ASOF.toISOString(), TIME_ZONE }))
  for (const dir of ["packages/testkit/src", "packages/testkit/src/data", "packages/segments/src/inputs", "packages/profile/src", "packages/core/src"]) {
    for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith(".ts")).sort()) hash.update(readFileSync(join(root, dir, file)))
  }
  return hash.digest("hex").slice(0, 16)
}

const build = (): Array<SegmentInputs> => {
  const byPerson = new Map<string, Array<KithEvent>>()
  for (const { record, event } of generateShop({ seed: SEED, people: PEOPLE }).events()) {
    const decoded = decodeEventResult(event)
    if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
    let events = byPerson.get(record.personId)
    if (events === undefined) byPerson.set(record.personId, (events = []))
    events.push(decoded.success)
  }
  return [...byPerson].map(([profileId, events]) => segmentInputsOf({ profileId, events }, { asOf: ASOF, timeZone: TIME_ZONE, currency: "VND" }))
}

/** The inputs, from the cache when it matches the current code, else built (and cached). */
export const loadSegmentInputs = (): ReadonlyArray<SegmentInputs> => {
  const file = join(cacheDir, `segment-inputs-${sourceHash()}.json`)
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Array<SegmentInputs>
  const inputs = build()
  mkdirSync(cacheDir, { recursive: true })
  // Written aside then renamed, so a concurrent reader never sees half a file.
  const partial = `${file}.${process.pid}.partial`
  writeFileSync(partial, JSON.stringify(inputs))
  renameSync(partial, file)
  return inputs
}
