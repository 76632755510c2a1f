import { decodeEventResult, type ProfileId, type WorkspaceId } from "@kith/core"
import { Effect, Option, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore } from "../port/events.js"
import { IdentityGraph } from "../port/identity-graph.js"
import { ProfileStore } from "../port/profiles.js"
import { Workspaces } from "../port/workspaces.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { sampleShopEvents } from "./sample-events.js"

const at = "2025-03-01T09:00:00+07:00"
const track = (messageId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: "track", event: "Lucky Wheel Spun", messageId, timestamp: at, anonymousId: `c-${messageId}`, properties: { prize: "voucher" }, ...extra
})
const identify = (messageId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: "identify", messageId, timestamp: at, anonymousId: `c-${messageId}`, traits: { fullName: "Lê Thu Hà" }, ...extra
})

const nested = (depth: number): unknown => {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

const cyclic = (): unknown => {
  const value: Record<string, unknown> = { a: [1] }
  ;(value["a"] as Array<unknown>).push(value)
  return value
}

/** JSON-ish values: what fuzzing found (dates out of range, NUL, lone surrogates, BigInt, cycles, deep nesting, toJSON) and fast-check's `anything`. */
const arbJsonish: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue() },
  { weight: 2, arbitrary: fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withUnicodeString: true }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom("a", "ễ", "\u0000", "\uD800", "\uDC00", "😀", "\t", "%", "_", "\\") }) },
  { weight: 1, arbitrary: fc.constantFrom(new Date(8.64e15), new Date("0000-06-01T00:00:00Z"), new Date("+010000-01-01T00:00:00Z"), new Date(NaN), new Date("2025-03-01T00:00:00Z")) },
  { weight: 1, arbitrary: fc.constantFrom(10n, -0, NaN, undefined, () => 1) },
  { weight: 1, arbitrary: fc.constantFrom(60, 70, 5_000).map(nested) },
  { weight: 1, arbitrary: fc.constant(null).map(cyclic) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ toJSON: () => v })) }
)

const fields = ["messageId", "timestamp", "anonymousId", "event", "properties", "context", "traits"] as const

/** A valid event with one field, one property or one trait replaced by a JSON-ish value. */
const arbEvent = (messageId: string): fc.Arbitrary<unknown> =>
  fc.tuple(fc.boolean(), fc.constantFrom(...fields, "property", "trait"), arbJsonish).map(([isIdentify, where, value]) => {
    const event = isIdentify ? identify(messageId) : track(messageId)
    if (where === "property") return { ...event, properties: { ...(event["properties"] as object), weird: value } }
    if (where === "trait") return { ...event, traits: Object.defineProperty({ fullName: "Lê Thu Hà" }, "weird", { value, enumerable: true }) }
    return { ...event, [where]: value }
  })

/**
 * Registers the tests of what the store accepts (ING-5, STO-1): whatever
 * validation accepts, every engine stores and reads back unchanged; anything
 * else is refused with a typed error naming the field, and nothing is written.
 *
 * @example
 * ```ts
 * registerStorableContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerStorableContract = (h: ContractHelpers): void => {
  const { numRuns, run, failureTag, newWorkspace, ingest, count, snapshot, byIdentifier } = h
  const refusal = (workspaceId: WorkspaceId, events: ReadonlyArray<unknown>) => failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, events)))
  const stored = async (workspaceId: WorkspaceId, messageId: string) => Option.getOrThrow(await run(Effect.flatMap(EventStore, (s) => s.get(workspaceId, messageId))))

  describe("what the store accepts: instants within years 0001–9999", () => {
    it.each([
      ["new Date(8.64e15), year 275760", new Date(8.64e15)],
      ["year 0", new Date("0000-06-01T00:00:00Z")],
      ["year 10000", new Date("+010000-01-01T00:00:00Z")],
      ["a local 0001 that is year 0 in UTC", "0001-01-01T00:00:00+07:00"]
    ])("refuses a timestamp %s, names it, writes nothing, and the customer stays readable", async (_, timestamp) => {
      const workspaceId = await newWorkspace("instant")
      const first = track("m-1", { anonymousId: "cookie-1" })
      await ingest(workspaceId, [first])
      const before = await snapshot(workspaceId)
      const error = await refusal(workspaceId, [track("m-2", { anonymousId: "cookie-1" }), track("m-3", { anonymousId: "cookie-1", timestamp })])
      expect(error).toMatchObject({ _tag: "InvalidEventBatch", index: 1, messageId: "m-3" })
      expect((error as { issues: ReadonlyArray<{ path: string }> }).issues.map((i) => i.path)).toEqual(["timestamp"])
      expect(await snapshot(workspaceId)).toEqual(before)
      // The customer's reads and later batches are untouched.
      expect((await ingest(workspaceId, [track("m-4", { anonymousId: "cookie-1" })])).appended).toBe(1)
      const events = await run(Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, "p_m-1" as ProfileId, { limit: 10 })))
      expect(events.items.map((e) => e.event.messageId)).toEqual(["m-1", "m-4"])
    })

    it("stores the first and the last millisecond of the range and reads them back", async () => {
      const workspaceId = await newWorkspace("instant-edges")
      await ingest(workspaceId, [track("m-first", { timestamp: new Date("0001-01-01T00:00:00.000Z") }), track("m-last", { timestamp: "9999-12-31T23:59:59.999Z" })])
      expect((await stored(workspaceId, "m-first")).event.timestamp.toISOString()).toBe("0001-01-01T00:00:00.000Z")
      expect((await stored(workspaceId, "m-last")).event.timestamp.toISOString()).toBe("9999-12-31T23:59:59.999Z")
    })
  })

  describe("what the store accepts: JSON values only, bounded", () => {
    it.each([
      ["nesting 5,000 levels deep (≈ 30 KB)", () => nested(5_000), /64 levels/],
      ["a BigInt", () => 10n, /BigInt/],
      ["a circular value", cyclic, /circular/]
    ])("refuses %s with a typed error naming the field, and writes nothing", async (_, make, message) => {
      const workspaceId = await newWorkspace("json-only")
      const error = await refusal(workspaceId, [track("m-1"), track("m-2", { properties: { prize: "voucher", value: make() } })])
      expect(error).toMatchObject({ _tag: "InvalidEventBatch", index: 1, messageId: "m-2" })
      const [issue] = (error as { issues: ReadonlyArray<{ path: string; message: string }> }).issues
      expect(issue?.path.startsWith("properties.value")).toBe(true)
      expect(issue?.message).toMatch(message)
      expect(await count(workspaceId)).toBe(0)
    })

    it("refuses an event whose toJSON returns something else, instead of storing that something else", async () => {
      const workspaceId = await newWorkspace("to-json")
      const sneaky = { ...track("m-1"), toJSON: () => track("m-other", { properties: { prize: "a car" } }) }
      const error = await refusal(workspaceId, [sneaky])
      expect(error).toMatchObject({ _tag: "InvalidEventBatch", index: 0, messageId: "m-1", issues: [{ path: "toJSON" }] })
      expect(await count(workspaceId)).toBe(0)
    })
  })

  describe("what the store accepts: well-formed Unicode without NUL", () => {
    it("refuses a batch of 1,500 with a NUL in event 1,200 and writes none of it", async () => {
      const workspaceId = await newWorkspace("nul-batch")
      const batch = sampleShopEvents({ people: 300, eventsPerPerson: 5, seed: 31 })
      expect(batch.length).toBe(1_500)
      batch[1_200] = { ...batch[1_200], anonymousId: "cookie\u0000x" }
      const error = await refusal(workspaceId, batch)
      expect(error).toMatchObject({ _tag: "InvalidEventBatch", index: 1_200, issues: [{ path: "anonymousId" }] })
      expect(await count(workspaceId)).toBe(0)
    })

    it.each([
      ["a NUL in a messageId", track("m-\u0000", { anonymousId: "c-1" }), "messageId"],
      ["a NUL in an event name", track("m-1", { event: "Spun\u0000" }), "event"],
      ["a NUL in an identifier value", track("m-1", { context: { externalIds: [{ type: "zalo_id", value: "z\u0000" }] } }), "context.externalIds[0].value"],
      ["a NUL in a trait name", identify("m-1", { traits: { "nick\u0000name": "Hà" } }), "traits.nick\u0000name"],
      ["a lone surrogate in a messageId", track("m-\uD800", { anonymousId: "c-1" }), "messageId"],
      ["a lone surrogate in an identifier", identify("m-1", { userId: "u-\uDC00" }), "userId"]
    ])("refuses %s, naming the field", async (_, event, path) => {
      const workspaceId = await newWorkspace("text")
      const error = await refusal(workspaceId, [event])
      expect((error as { issues: ReadonlyArray<{ path: string }> }).issues.map((i) => i.path)).toEqual([path])
      expect(await count(workspaceId)).toBe(0)
    })

    it("stores astral characters in ids and identifiers and reads the profile back through them", async () => {
      const workspaceId = await newWorkspace("astral")
      const messageId = "m-😀-ễ"
      const result = await ingest(workspaceId, [identify(messageId, { anonymousId: "cookie-𝒳", traits: { fullName: "Hà 😀" } })])
      expect(result.profileOf.get(messageId)).toBe(`p_${messageId}`)
      expect((await stored(workspaceId, messageId)).profileId).toBe(`p_${messageId}`)
      const found = await byIdentifier(workspaceId, "anonymous_id", "cookie-𝒳")
      expect(Option.getOrThrow(found).profileId).toBe(`p_${messageId}`)
      expect(Option.getOrThrow(found).traits["fullName"]?.value).toBe("Hà 😀")
    })
  })

  describe("what the store accepts: lookups by text no engine stores", () => {
    it("answers not found for a NUL or a lone surrogate in a workspace id, message id, profile id or identifier, the same on every engine", async () => {
      const workspaceId = await newWorkspace("lookups")
      await ingest(workspaceId, [identify("m-1")])
      for (const messageId of ["m-\u0000", "m-\uD800"]) expect(Option.isNone(await run(Effect.flatMap(EventStore, (s) => s.get(workspaceId, messageId))))).toBe(true)
      for (const profileId of ["p_m-\u0000", "p_\uDC00"]) {
        expect(await failureTag(Effect.flatMap(ProfileStore, (p) => p.get(workspaceId, profileId as ProfileId)))).toMatchObject({ _tag: "ProfileNotFound" })
        expect(await failureTag(Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, profileId as ProfileId, { limit: 5 })))).toMatchObject({ _tag: "ProfileNotFound" })
      }
      expect(Option.isNone(await byIdentifier(workspaceId, "anonymous_id", "c-\u0000"))).toBe(true)
      expect(Option.isNone(await byIdentifier(workspaceId, "zalo_id", "\uD800"))).toBe(true)
      const missing = { type: "zalo_id", value: "z\u0000" }
      expect(await failureTag(Effect.flatMap(IdentityGraph, (g) => g.explain(workspaceId, missing, { type: "anonymous_id", value: "c-m-1" })))).toMatchObject({ _tag: "IdentifierNotFound" })
      const nowhere = "ws-\u0000" as WorkspaceId
      expect(await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(nowhere, [identify("m-2")])))).toMatchObject({ _tag: "UnknownWorkspace" })
      expect(await failureTag(Effect.flatMap(EventStore, (s) => s.count(nowhere)))).toMatchObject({ _tag: "UnknownWorkspace" })
    })

    it("refuses to create a workspace it could not store or use, with a typed InvalidInput naming the field", async () => {
      const create = (input: { workspaceId: string; name?: string; timeZone?: string }) =>
        failureTag(Effect.flatMap(Workspaces, (w) => w.create({ ...input, workspaceId: input.workspaceId as WorkspaceId })))
      expect(await create({ workspaceId: "ws-\u0000" })).toMatchObject({ _tag: "InvalidInput", issues: [{ path: "workspaceId" }] })
      expect(await create({ workspaceId: "ws-ok-1", name: "\uD800" })).toMatchObject({ _tag: "InvalidInput", issues: [{ path: "name" }] })
      expect(await create({ workspaceId: "ws-ok-2", timeZone: "Mars/Olympus_Mons" })).toMatchObject({ _tag: "InvalidInput", issues: [{ path: "timeZone" }] })
      expect(await create({ workspaceId: "" })).toMatchObject({ _tag: "InvalidInput", issues: [{ path: "workspaceId" }] })
    })
  })

  describe("what the store accepts (property)", () => {
    it("either refuses an event with a typed error naming the field and writes nothing, or stores it and reads it back equal", async () => {
      await fc.assert(
        fc.asyncProperty(arbEvent("m-1"), async (input) => {
          const workspaceId = await newWorkspace("storable")
          const before = await snapshot(workspaceId)
          const validated = decodeEventResult(input)
          const outcome = await run(Effect.result(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, [input]))))
          if (Result.isFailure(outcome)) {
            expect(["InvalidEventBatch", "EventTooLarge"]).toContain(outcome.failure._tag)
            if (outcome.failure._tag === "InvalidEventBatch") for (const issue of outcome.failure.issues) expect(typeof issue.path).toBe("string")
            expect(Result.isFailure(validated) || outcome.failure._tag === "EventTooLarge").toBe(true)
            expect(await snapshot(workspaceId)).toEqual(before)
            return
          }
          if (Result.isFailure(validated)) throw new Error(`the store accepted what validation refuses: ${validated.failure.message}`)
          const event = validated.success
          const back = await stored(workspaceId, event.messageId)
          expect(back.event).toEqual(event)
          const page = await run(Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, back.profileId, { limit: 100 })))
          expect(page.items.find((e) => e.event.messageId === event.messageId)?.event).toEqual(event)
          // Unless the generator replaced it, the anonymous id finds the profile.
          if ("anonymousId" in event && event.anonymousId === "c-m-1") {
            expect(Option.getOrThrow(await byIdentifier(workspaceId, "anonymous_id", "c-m-1")).profileId).toBe(back.profileId)
          }
        }),
        { numRuns: numRuns * 4 }
      )
    })
  })
}
