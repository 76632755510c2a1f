import { type GeneratedRecord, generateShop, truthComponents } from "@kith/testkit"
import { describe, expect, it } from "vitest"
import { createResolver, type IdentityResolver, resolveBatch } from "../src/index.js"

const pairs = (n: number): number => (n * (n - 1)) / 2

// Pairwise precision over the predicted profiles, and recall over the records
// the generator made linkable (testkit's truth components).
interface Accuracy {
  readonly precision: number
  readonly recall: number
  readonly falseMerges: number
  readonly line: string
}

// Pairwise precision over the predicted profiles, and recall over the records
// the generator made linkable (testkit's truth components).
const accuracyOf = (records: ReadonlyArray<GeneratedRecord>, state: IdentityResolver, people: number): Accuracy => {
  const assignment = state.assignments()
  const personOf = new Map(records.map((record) => [record.recordId, record.personId]))
  const membersByProfile = new Map<string, Array<string>>()
  for (const [recordId, profileId] of assignment) {
    const list = membersByProfile.get(profileId)
    if (list === undefined) membersByProfile.set(profileId, [recordId])
    else list.push(recordId)
  }
  let predictedPairs = 0
  let truePairs = 0
  let falseMerges = 0
  for (const members of membersByProfile.values()) {
    predictedPairs += pairs(members.length)
    const perPerson = new Map<string, number>()
    for (const recordId of members) perPerson.set(personOf.get(recordId)!, (perPerson.get(personOf.get(recordId)!) ?? 0) + 1)
    for (const count of perPerson.values()) truePairs += pairs(count)
    if (perPerson.size > 1) falseMerges++
  }
  let linkablePairs = 0
  let recoveredPairs = 0
  for (const groups of truthComponents(records).values()) {
    for (const group of groups) {
      linkablePairs += pairs(group.length)
      const perProfile = new Map<string, number>()
      for (const recordId of group) perProfile.set(assignment.get(recordId)!, (perProfile.get(assignment.get(recordId)!) ?? 0) + 1)
      for (const count of perProfile.values()) recoveredPairs += pairs(count)
    }
  }
  const precision = predictedPairs === 0 ? 1 : truePairs / predictedPairs
  const recall = linkablePairs === 0 ? 1 : recoveredPairs / linkablePairs
  const warnings = state.warnings()
  const count = (kind: string) => warnings.filter((w) => w.kind === kind).length
  const line =
    `${records.length} records, ${people} people, ${membersByProfile.size} profiles; ` +
    `pairwise precision ${precision.toFixed(6)} (${truePairs}/${predictedPairs}), recall ${recall.toFixed(6)} (${recoveredPairs}/${linkablePairs}); ` +
    `${count("kept_apart")} links kept apart by guards, ${count("quarantined")} shared identifiers quarantined, ${count("ambiguous")} ambiguous records, ` +
    `${warnings.filter((w) => w.kind === "rejected" && w.reason === "blocked").length} junk values blocked, ` +
    `${warnings.filter((w) => w.kind === "rejected" && w.reason === "service_number").length} service numbers refused`
  return { precision, recall, falseMerges, line }
}

describe("accuracy on testkit ground truth (IDN-1, IDN-4, IDN-5)", () => {
  it("20,000 people: precision 1.0 (no false merges, households and junk included), recall ≥ 0.99", () => {
    const shop = generateShop({ seed: 20261123, people: 20_000 })
    const records = [...shop.records()]
    const state = resolveBatch(records)
    const accuracy = accuracyOf(records, state, shop.people.length)
    const households = shop.people.filter((person) => person.householdPhone !== undefined).length
    console.log(`identity accuracy: ${accuracy.line}; ${households} household members`)
    expect(households).toBeGreaterThan(0)
    expect(state.warnings().some((w) => w.kind === "rejected" && w.reason === "blocked")).toBe(true)
    expect(accuracy.falseMerges).toBe(0)
    expect(accuracy.precision).toBe(1)
    expect(accuracy.recall).toBeGreaterThanOrEqual(0.99)
  })

  it("20,000 people with the traps of real shops (hotline, 1900 number, store kiosks, office extensions, family emails): precision 1.0, recall ≥ 0.99", () => {
    const shop = generateShop({ seed: 20261205, people: 20_000, traps: true })
    const records = [...shop.records()]
    const state = resolveBatch(records)
    const accuracy = accuracyOf(records, state, shop.people.length)
    console.log(`identity accuracy with traps: ${accuracy.line}`)
    const carries = (pattern: RegExp) => records.filter((r) => r.identifiers.some((i) => pattern.test(i.value))).length
    // The traps are there.
    expect(carries(/^(\(028\) |028|\+84 28)/)).toBeGreaterThan(10)
    expect(carries(/^1900/)).toBeGreaterThan(10)
    expect(carries(/^pos-store/)).toBeGreaterThan(10)
    expect(carries(/(ext|x|máy lẻ) \d+$/)).toBeGreaterThan(10)
    expect(shop.people.filter((p) => p.householdEmail !== undefined).length).toBeGreaterThan(10)
    expect(state.warnings().some((w) => w.kind === "quarantined" && w.identifier.type === "phone")).toBe(true)
    expect(state.warnings().some((w) => w.kind === "rejected" && w.reason === "service_number")).toBe(true)
    expect(accuracy.falseMerges).toBe(0)
    expect(accuracy.precision).toBe(1)
    expect(accuracy.recall).toBeGreaterThanOrEqual(0.99)
    // One by one, in arrival order, the same profiles.
    const resolver = createResolver()
    for (const record of records.slice(0, 20_000)) resolver.ingest(record)
    expect(resolver.assignments()).toEqual(resolveBatch(records.slice(0, 20_000)).assignments())
  })
})

describe("batch = incremental on testkit data (IDN-6)", () => {
  it("2,000 people fed one by one in reverse give the batch's profiles", () => {
    const records = [...generateShop({ seed: 7, people: 2_000 }).records()]
    const batch = resolveBatch(records).assignments()
    const resolver = resolveBatch([])
    for (let i = records.length - 1; i >= 0; i--) resolver.ingest(records[i]!)
    expect(resolver.assignments()).toEqual(batch)
  })
})
