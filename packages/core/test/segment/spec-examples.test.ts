// The Segment spec's documented example payloads, and batch bodies as the
// SDKs send them, as a table: each case is data (spec-examples/*.json) with
// the kith event it must map to, or the problems it must be refused with.
import { Result } from "effect"
import { readFileSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { decodeEventResult, expandSegmentBatch, fromSegment, type FromSegmentOptions } from "../../src/index.js"

interface Expectation {
  readonly canonical?: Record<string, unknown>
  readonly refused?: ReadonlyArray<{ readonly path: string; readonly message: string }>
  readonly messageIdDerived?: boolean
  readonly timestampFrom?: string
}

interface Table {
  readonly description: string
  readonly settings: FromSegmentOptions["settings"]
  readonly receivedAt: string
  readonly cases: ReadonlyArray<{
    readonly name: string
    readonly source: string
    readonly endpoint?: string
    readonly call?: Record<string, unknown>
    readonly body?: unknown
    readonly expect: Expectation | ReadonlyArray<Expectation>
  }>
}

const folder = join(import.meta.dirname, "spec-examples")
const tables = readdirSync(folder)
  .filter((file) => file.endsWith(".json"))
  .map((file) => [file, JSON.parse(readFileSync(join(folder, file), "utf8")) as Table] as const)

const check = (call: unknown, options: FromSegmentOptions, expected: Expectation): void => {
  const result = fromSegment(call, options)
  if (expected.refused !== undefined) {
    if (Result.isSuccess(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.success.canonical)}`)
    expect(result.failure.issues).toEqual(expected.refused)
    return
  }
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  expect(result.success.canonical).toMatchObject(expected.canonical ?? {})
  // The canonical form is what cdp.batch takes: it decodes to the same event.
  const again = decodeEventResult(JSON.parse(JSON.stringify(result.success.canonical)))
  expect(Result.isSuccess(again) && again.success).toEqual(result.success.event)
  if (expected.messageIdDerived !== undefined) expect(result.success.messageIdDerived).toBe(expected.messageIdDerived)
  if (expected.timestampFrom !== undefined) expect(result.success.timestampFrom).toBe(expected.timestampFrom)
}

describe.each(tables)("%s", (_file, table) => {
  const options: FromSegmentOptions = { settings: table.settings, receivedAt: new Date(table.receivedAt) }
  it.each(table.cases.map((c) => [c.name, c] as const))("%s", (_name, example) => {
    if (example.body !== undefined) {
      const calls = expandSegmentBatch(example.body)
      if (Result.isFailure(calls)) throw new Error(calls.failure.message)
      const expectations = example.expect as ReadonlyArray<Expectation>
      expect(calls.success).toHaveLength(expectations.length)
      calls.success.forEach((call, i) => check(call, options, expectations[i] as Expectation))
      return
    }
    // A call to /v1/<type> of the HTTP API names its type by the endpoint.
    const call = example.endpoint === undefined ? example.call : { type: example.endpoint, ...example.call }
    check(call, options, example.expect as Expectation)
  })
})

describe("the spec's examples outside their currency", () => {
  it("refuses a dollar price in a đồng workspace with the reason, never rounding it", () => {
    const result = fromSegment(
      { type: "track", userId: "u-1", event: "Product Added", properties: { product_id: "507f1f77bcf86cd799439011", price: 18.99 } },
      { settings: { currency: "VND", timezone: "Asia/Ho_Chi_Minh" }, receivedAt: new Date("2025-03-01T00:00:00Z") }
    )
    expect(Result.isFailure(result) && result.failure.issues).toEqual([{ path: "properties.price", message: "18.99 is not a whole number of VND (0 decimal places)" }])
  })
})
