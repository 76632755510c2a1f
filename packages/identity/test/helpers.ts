import type { Identifier } from "@kith/core"
import type { IdentityRecord } from "../src/index.js"

/** A record observed `minute` minutes after 2025-03-01T00:00Z. */
export const rec = (recordId: string, minute: number, ...identifiers: ReadonlyArray<readonly [string, string]>): IdentityRecord => ({
  recordId,
  observedAt: new Date(Date.UTC(2025, 2, 1, 0, minute)),
  source: "web",
  identifiers: identifiers.map(([type, value]): Identifier => ({ type, value }))
})

export const withSource = (record: IdentityRecord, source: string): IdentityRecord => ({ ...record, source })

export const withTraits = (record: IdentityRecord, traits: Record<string, unknown>): IdentityRecord => ({ ...record, traits })
