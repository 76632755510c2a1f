import {
  EventContext,
  Identifier,
  KnownEventNames,
  LineItem,
  Money,
  OrderProperties,
  PageProperties,
  ProfileFields,
  TrackEventCatalog,
  Traits,
  WorkspaceSettings,
  decodeEventResult,
  encodeEvent,
  isKnownEventName
} from "@kith/core"
import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  arbAliasEvent,
  arbCustomTrackEvent,
  arbEventContext,
  arbIdentifier,
  arbIdentifyEvent,
  arbKithEvent,
  arbLineItem,
  arbMoney,
  arbOrderProperties,
  arbPageEvent,
  arbPageProperties,
  arbProfileFields,
  arbPropertiesOf,
  arbTrackEventOf,
  arbTraits,
  arbWorkspaceSettings
} from "../src/index.js"

// decode(encode(x)) must give x back, for every value an arbitrary makes.
const roundTrips = <A>(schema: Schema.Codec<A, unknown, never, never>, arbitrary: fc.Arbitrary<A>) => {
  const encode = Schema.encodeSync(schema)
  const decode = Schema.decodeUnknownSync(schema)
  fc.assert(
    fc.property(arbitrary, (value) => {
      expect(decode(encode(value))).toEqual(value)
    })
  )
}

const eventRoundTrips = (arbitrary: fc.Arbitrary<Parameters<typeof encodeEvent>[0]>) =>
  fc.assert(
    fc.property(arbitrary, (event) => {
      const decoded = decodeEventResult(encodeEvent(event))
      if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
      expect(decoded.success).toEqual(event)
    })
  )

describe("arbitraries round-trip through the core schemas", () => {
  it("Identifier", () => roundTrips(Identifier as Schema.Codec<Identifier, unknown, never, never>, arbIdentifier))
  it("EventContext", () => roundTrips(EventContext as unknown as Schema.Codec<EventContext, unknown, never, never>, arbEventContext))
  it("ProfileFields", () => roundTrips(ProfileFields as unknown as Schema.Codec<ProfileFields, unknown, never, never>, arbProfileFields))
  it("Traits", () => roundTrips(Traits as unknown as Schema.Codec<Traits, unknown, never, never>, arbTraits))
  it("Money", () => roundTrips(Money as unknown as Schema.Codec<Money, unknown, never, never>, arbMoney))
  it("LineItem", () => roundTrips(LineItem as unknown as Schema.Codec<LineItem, unknown, never, never>, arbLineItem))
  it("OrderProperties", () => roundTrips(OrderProperties as unknown as Schema.Codec<OrderProperties, unknown, never, never>, arbOrderProperties))
  it("PageProperties", () => roundTrips(PageProperties as unknown as Schema.Codec<PageProperties, unknown, never, never>, arbPageProperties))
  it("WorkspaceSettings", () => roundTrips(WorkspaceSettings as unknown as Schema.Codec<WorkspaceSettings, unknown, never, never>, arbWorkspaceSettings))

  describe.each(KnownEventNames)("%s", (name) => {
    it("properties", () => roundTrips(TrackEventCatalog[name] as unknown as Schema.Codec<unknown, unknown, never, never>, arbPropertiesOf(name)))
    it("event", () => eventRoundTrips(arbTrackEventOf(name)))
  })

  it("identify", () => eventRoundTrips(arbIdentifyEvent))
  it("page", () => eventRoundTrips(arbPageEvent))
  it("alias", () => eventRoundTrips(arbAliasEvent))
  it("custom track", () => eventRoundTrips(arbCustomTrackEvent))
  it("any event", () => eventRoundTrips(arbKithEvent))
})

describe("arbitraries explore the edges", () => {
  const sample = <A>(arbitrary: fc.Arbitrary<A>, n = 400) => fc.sample(arbitrary, { numRuns: n, seed: 20261123 })

  it("make optional keys both present and absent", () => {
    const contexts = sample(arbEventContext)
    expect(contexts.some((c) => c.channel === undefined)).toBe(true)
    expect(contexts.some((c) => c.channel !== undefined)).toBe(true)
    expect(contexts.every((c) => Object.values(c).every((v) => v !== undefined))).toBe(true)
  })

  it("hit amount boundaries and Vietnamese text", () => {
    const orders = sample(arbOrderProperties, 1_000)
    expect(orders.some((o) => o.total === 0)).toBe(true)
    expect(orders.some((o) => o.total === Number.MAX_SAFE_INTEGER)).toBe(true)
    const names = sample(arbProfileFields, 1_000).flatMap((p) => (p.fullName !== undefined ? [p.fullName] : []))
    expect(names.some((n) => /[ạảãàáăâđêôơư]/.test(n))).toBe(true)
  })

  it("produce every kind of event, and custom names never collide with the catalog", () => {
    const events = sample(arbKithEvent, 1_000)
    for (const type of ["identify", "page", "alias", "track"]) expect(events.some((e) => e.type === type)).toBe(true)
    for (const event of sample(arbCustomTrackEvent)) expect(isKnownEventName(event.event)).toBe(false)
    for (const event of sample(arbKithEvent)) {
      if (event.type !== "alias") expect(event.userId !== undefined || event.anonymousId !== undefined).toBe(true)
      expect(event.timestamp.getUTCFullYear()).toBeGreaterThanOrEqual(1970)
      expect(event.timestamp.getUTCFullYear()).toBeLessThanOrEqual(2100)
    }
  })
})
