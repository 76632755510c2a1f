import type { IdentityRecord } from "@kith/identity"
import { generateShop } from "@kith/testkit"

/** The first `n` identity records of a testkit shop of `people` people (seed 20261123), as the identity benches feed them. */
export const testkitRecords = (n: number, people: number): ReadonlyArray<IdentityRecord> => {
  const records: Array<IdentityRecord> = []
  for (const record of generateShop({ seed: 20261123, people }).records()) {
    records.push({ recordId: record.recordId, observedAt: record.observedAt, source: record.source, identifiers: record.identifiers })
    if (records.length === n) break
  }
  return records
}
