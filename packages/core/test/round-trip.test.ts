// decode(encode(x)) = x for every core schema, over fast-check values.
// The arbitraries live in @kith/testkit, which depends on core; importing it
// from core's tests (not its sources) keeps the package graph acyclic.
import {
  arbAliasEvent,
  arbCustomTrackEvent,
  arbGroupEvent,
  arbEventContext,
  arbIdentifier,
  arbIdentifyEvent,
  arbKithEvent,
  arbLineItem,
  arbMoney,
  arbOrderProperties,
  arbPageEvent,
  arbScreenEvent,
  arbTraits,
  arbTrackEventOf,
  arbWorkspaceSettings
} from "@kith/testkit"
import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  AliasEvent,
  CustomTrackEvent,
  EventContext,
  GroupEvent,
  Identifier,
  IdentifyEvent,
  KnownEventNames,
  LineItem,
  Money,
  OrderProperties,
  PageEvent,
  ScreenEvent,
  Traits,
  TrackEventSchemas,
  WorkspaceSettings,
  decodeEventResult,
  encodeEvent
} from "../src/index.js"

const roundTrips = <A, I>(schema: Schema.Codec<A, I, never, never>, arbitrary: fc.Arbitrary<A>) =>
  fc.assert(
    fc.property(arbitrary, (value) => {
      const encoded = Schema.encodeSync(schema)(value)
      // Through JSON, as it travels and is stored.
      const decoded = Schema.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(encoded)))
      expect(decoded).toEqual(value)
    })
  )

describe("decode(encode(x)) = x", () => {
  it("Identifier", () => roundTrips(Identifier, arbIdentifier))
  it("Money", () => roundTrips(Money, arbMoney))
  it("LineItem", () => roundTrips(LineItem, arbLineItem))
  it("OrderProperties", () => roundTrips(OrderProperties, arbOrderProperties))
  it("EventContext", () => roundTrips(EventContext, arbEventContext))
  it("Traits", () => roundTrips(Traits, arbTraits))
  it("WorkspaceSettings", () => roundTrips(WorkspaceSettings, arbWorkspaceSettings))
  it("IdentifyEvent", () => roundTrips(IdentifyEvent, arbIdentifyEvent))
  it("PageEvent", () => roundTrips(PageEvent, arbPageEvent))
  it("ScreenEvent", () => roundTrips(ScreenEvent, arbScreenEvent))
  it("GroupEvent", () => roundTrips(GroupEvent, arbGroupEvent))
  it("AliasEvent", () => roundTrips(AliasEvent, arbAliasEvent))
  it("CustomTrackEvent", () => roundTrips(CustomTrackEvent, arbCustomTrackEvent))
  it.each(KnownEventNames)("track %s", (name) =>
    roundTrips(TrackEventSchemas[name] as unknown as Schema.Codec<unknown, unknown, never, never>, arbTrackEventOf(name) as fc.Arbitrary<unknown>)
  )

  it("any event, through decodeEventResult and encodeEvent", () =>
    fc.assert(
      fc.property(arbKithEvent, (event) => {
        const decoded = decodeEventResult(JSON.parse(JSON.stringify(encodeEvent(event))))
        expect(Result.isSuccess(decoded) && decoded.success).toEqual(event)
      })
    ))
})
