import { generateShop, truthComponents } from "@kith/testkit"
import { describe, expect, it } from "vitest"
import { resolveBatch } from "../src/index.js"

const pairs = (n: number): number => (n * (n - 1)) / 2

// Pairwise precision over the predicted profiles, and recall over the records
// the generator made linkable (testkit's truth components).
describe("accuracy on testkit ground truth (IDN-1, IDN-4, IDN-5)", () => {
  it("20,000 people: precision 1.0 (no false merges, households and junk included), recall ≥ 0.99", () => {
    const shop = generateShop({ seed: 20261123, people: 20_000 })
    const records = [...shop.records()]
    const state = resolveBatch(records)
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
    const households = shop.people.filter((person) => person.householdPhone !== undefined).length
    const keptApart = state.warnings().filter((w) => w.kind === "kept_apart").length
    const blocked = state.warnings().filter((w) => w.kind === "rejected" && w.reason === "blocked").length
    console.log(
      `identity accuracy: ${records.length} records, ${shop.people.length} people, ${membersByProfile.size} profiles; ` +
        `pairwise precision ${precision.toFixed(6)} (${truePairs}/${predictedPairs}), recall ${recall.toFixed(6)} (${recoveredPairs}/${linkablePairs}); ` +
        `${households} household members, ${keptApart} links kept apart by guards, ${blocked} junk values blocked`
    )
    expect(households).toBeGreaterThan(0)
    expect(blocked).toBeGreaterThan(0)
    expect(falseMerges).toBe(0)
    expect(precision).toBe(1)
    expect(recall).toBeGreaterThanOrEqual(0.99)
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
