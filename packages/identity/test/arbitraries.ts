import type { Identifier } from "@kith/core"
import fc from "fast-check"
import type { IdentityPolicy, IdentityRecord } from "../src/index.js"

// Small pools so that records collide often: the same person written several
// ways, two account holders sharing a phone, junk that must never link.
const pools: Readonly<Record<string, ReadonlyArray<string>>> = {
  user_id: ["u-1", "u-2", "u-3"],
  national_id: ["001090012345", "001 090 099 999"],
  phone: ["0912345678", "+84 912 345 678", "84912345678", "0987654321", "0162 123 4567", "0321234567", "0903000111"],
  email: ["lan@gmail.com", " LAN@Gmail.com", "hoa@gmail.com", "minh@shop.vn"],
  zalo_id: ["z-1", "z-2", "z-3"],
  anonymous_id: ["c-1", "c-2", "c-3", "c-4", "c-5"],
  device_id: ["d-1", "d-2"]
}

/** Junk that the default blocklist or normalization rejects. */
export const junkIdentifiers: ReadonlyArray<Identifier> = [
  { type: "phone", value: "0000000000" },
  { type: "phone", value: "0912" },
  { type: "email", value: "test@test.com" },
  { type: "email", value: "not-an-email" },
  { type: "anonymous_id", value: "null" },
  { type: "user_id", value: "undefined" },
  { type: "device_id", value: "[object Object]" },
  { type: "user_id", value: "-1" }
]

export const identifierArb: fc.Arbitrary<Identifier> = fc
  .constantFrom(...Object.keys(pools))
  .chain((type) => fc.constantFrom(...pools[type]!).map((value) => ({ type, value })))

/** Between 1 and `max` records with unique ids and observed times that often tie. */
export const recordsArb = (max = 12): fc.Arbitrary<Array<IdentityRecord>> =>
  fc
    .array(
      fc.record({
        minute: fc.integer({ min: 0, max: 6 }),
        identifiers: fc.array(identifierArb, { minLength: 0, maxLength: 4 }),
        source: fc.constantFrom("web", "zalo", "shopee")
      }),
      { minLength: 1, maxLength: max }
    )
    .map((drafts) =>
      drafts.map((draft, i) => ({
        recordId: `r${String(i).padStart(2, "0")}`,
        observedAt: new Date(Date.UTC(2025, 2, 1, 0, draft.minute)),
        source: draft.source,
        identifiers: draft.identifiers
      }))
    )

/** The default policy, and one with tight limits and a low quarantine threshold so every guard fires. */
export const policyArb: fc.Arbitrary<IdentityPolicy> = fc.constantFrom<IdentityPolicy>(
  {},
  {
    types: { phone: { maxValuesPerProfile: 2 }, email: { maxValuesPerProfile: 1 }, anonymous_id: { maxValuesPerProfile: 2 }, zalo_id: { unique: true } },
    quarantineThreshold: 2
  }
)

/** A permutation of `items`. */
export const permutationArb = <T>(items: ReadonlyArray<T>): fc.Arbitrary<Array<T>> =>
  fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length })
