// End-to-end tests of @kith/cdp, written once and run on every SQL engine
// (sqlite.test.ts, postgres.test.ts): the facade over a real store must give
// exactly what the pure packages compute from the same events.
import { decodeEventResult, type KithEvent } from "@kith/core"
import { type CdpClient, type CdpStorage, createCdp } from "@kith/cdp"
import { acceptsContactValue, personTraitsOfEvent, recordOfEvent, resolveBatch, withValidContacts } from "@kith/identity"
import { makeSummarizer, type Profile360, profile360, rfmScores, summaryToJson, timelinePage, type TraitObservation, workspaceSummaryOf } from "@kith/profile"
import { rfmInputOf, segmentInputsOf } from "@kith/segments"
import { generateShop } from "@kith/testkit"
import { Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { rejection } from "./rejection.js"

/** A store under test: its storage for the facade, and how to release it. */
export interface FacadeStore {
  readonly storage: CdpStorage
  readonly close: () => Promise<void>
}

const TIME_ZONE = "Asia/Ho_Chi_Minh"

// A few hundred people of the testkit shop: web, app, chatbot, Zalo, Facebook, marketplaces, outreach.
const shop = generateShop({ seed: 11, people: 300 })
const rawEvents: ReadonlyArray<Record<string, unknown>> = [...shop.events()].map((g) => g.event as Record<string, unknown>)
const decoded: ReadonlyArray<KithEvent> = rawEvents.map((raw) => {
  const result = decodeEventResult(raw)
  if (Result.isFailure(result)) throw new Error(`testkit event does not decode: ${result.failure.message}`)
  return result.success
})
const byMessageId = new Map(decoded.map((e) => [e.messageId as string, e]))
// "Now" comes from the data: the latest event.
const asOf = new Date(Math.max(...decoded.map((e) => e.timestamp.getTime())))

// What the pure packages say: @kith/identity's batch partition, @kith/profile's summaries and Profile 360.
const resolver = resolveBatch(decoded.map(recordOfEvent))
const expectedGroups = new Map<string, Array<string>>()
for (const [recordId, profileId] of resolver.assignments()) expectedGroups.set(profileId, [...(expectedGroups.get(profileId) ?? []), recordId])
// The store counts as contact details only what identity accepts (junk never makes a lead), and shows only those traits.
const acceptsContact = acceptsContactValue()
const summarizer = makeSummarizer({ timeZone: TIME_ZONE, acceptsContact })
const expectedSummaries = new Map([...expectedGroups].map(([id, group]) => [id, summarizer.summarize(group.map((m) => byMessageId.get(m)!))]))
const expectedWorkspace = workspaceSummaryOf(expectedSummaries.values())
const observationsOf = (group: ReadonlyArray<string>): Array<TraitObservation> =>
  group.flatMap((m) => {
    const e = byMessageId.get(m)!
    const traits = withValidContacts(personTraitsOfEvent(e), acceptsContact)
    // Event traits decoded as @kith/core Traits (JSON values), as the store keeps them.
    return Object.keys(traits).length > 0 ? [{ traits: traits as TraitObservation["traits"], observedAt: e.timestamp }] : []
  })
// RFM (PRF-9) against every buyer of the shop at asOf, from each profile's orders as @kith/segments reads them.
const expectedRfm = rfmScores(
  [...expectedGroups].map(([profileId, group]) =>
    rfmInputOf(segmentInputsOf({ profileId, events: group.map((m) => byMessageId.get(m)!), summary: expectedSummaries.get(profileId)! }, { asOf, timeZone: TIME_ZONE, currency: "VND" }), { asOf, currency: "VND" })
  ),
  { asOf, timeZone: TIME_ZONE }
)
const expected360 = (profileId: string): Profile360 => {
  const rfm = expectedRfm.get(profileId)
  return profile360({
    profileId,
    summary: expectedSummaries.get(profileId)!,
    workspace: expectedWorkspace,
    asOf,
    traits: observationsOf(expectedGroups.get(profileId)!),
    ...(rfm === undefined ? {} : { rfm })
  })
}

// A deterministic shuffle (mulberry32), so "out of order" is the same on every run.
const shuffled = <A>(items: ReadonlyArray<A>, seed: number): Array<A> => {
  let a = seed >>> 0
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

// Everything the facade shows of a workspace: each live profile with its events and summary.
const snapshotOf = async (cdp: CdpClient) => {
  const profiles = new Map<string, { readonly events: Array<string>; readonly summary: string; readonly traits: unknown }>()
  let cursor: string | undefined
  do {
    const page = await cdp.profiles.search("", { limit: 1000, cursor })
    for (const item of page.items) {
      const stored = await cdp.profiles.lookup(item.profileId)
      const events: Array<string> = []
      let eventCursor: string | undefined
      do {
        const eventPage = await cdp.events.list(item.profileId, { limit: 1000, cursor: eventCursor })
        events.push(...eventPage.items.map((e) => e.event.messageId as string))
        eventCursor = eventPage.nextCursor
      } while (eventCursor !== undefined)
      profiles.set(item.profileId, { events: events.sort(), summary: JSON.stringify(summaryToJson(stored.summary)), traits: stored.traits })
    }
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return profiles
}


/**
 * Registers the facade's end-to-end tests on one engine.
 *
 * @param name - the engine's name in test titles
 * @param open - opens a fresh store for this file
 * @param options - `skip`: a reason to skip (Postgres unreachable outside CI)
 */
export const facadeSuite = (name: string, open: () => Promise<FacadeStore>, options: { readonly skip?: string | undefined } = {}): void => {
  describe.skipIf(options.skip !== undefined)(`@kith/cdp on ${name}`, () => {
    let store: FacadeStore
    const clients: Array<CdpClient> = []
    const cdpOn = async (workspace: string): Promise<CdpClient> => {
      const cdp = await createCdp({ storage: store.storage, workspace })
      clients.push(cdp)
      return cdp
    }
    let inOrder: CdpClient
    let inOrderSnapshot: Awaited<ReturnType<typeof snapshotOf>>

    beforeAll(async () => {
      store = await open()
      inOrder = await cdpOn("ws-in-order")
      const outcome = await inOrder.batch(rawEvents, { chunkSize: 400 })
      expect(outcome).toEqual({ received: rawEvents.length, appended: rawEvents.length, duplicates: 0, chunks: Math.ceil(rawEvents.length / 400) })
      inOrderSnapshot = await snapshotOf(inOrder)
    })

    afterAll(async () => {
      for (const cdp of clients) await cdp.close()
      await store?.close()
    })

    describe("multichannel ingestion equals the pure packages", () => {
      it("resolves the testkit shop into exactly the profiles of @kith/identity's resolveBatch", () => {
        expect(rawEvents.length).toBeGreaterThan(1000)
        expect(new Set(decoded.map((e) => e.context?.channel)).size).toBeGreaterThanOrEqual(8)
        const actual = new Map([...inOrderSnapshot].map(([id, p]) => [id, p.events]))
        const expected = new Map([...expectedGroups].map(([id, group]) => [id as string, [...group].sort()]))
        expect(actual).toEqual(expected)
      })

      it("keeps every profile's summary equal to @kith/profile's summary of its events", () => {
        for (const [profileId, p] of inOrderSnapshot) expect(p.summary, profileId).toBe(JSON.stringify(summaryToJson(expectedSummaries.get(profileId)!)))
      })

      it("serves the Profile 360 that @kith/profile computes from the same events, by id or by identifier", async () => {
        const buyers = [...expectedSummaries].filter(([id]) => expected360(id).lifecycle.stage === "buyer").map(([id]) => id)
        expect(buyers.length).toBeGreaterThan(10)
        // Buyers carry their RFM scores and label (PRF-9); a profile that never bought has none.
        expect(buyers.slice(0, 15).every((id) => expected360(id).rfm !== null)).toBe(true)
        for (const profileId of [...buyers.slice(0, 15), ...[...expectedGroups.keys()].slice(0, 10)]) {
          expect(await inOrder.profiles.get(profileId, { asOf }), profileId).toEqual(expected360(profileId))
        }
        // By a marketplace buyer id of someone who also shops on the own store.
        const person = shop.people.find((p) => p.shopeeBuyerId !== undefined && p.devices.length > 0)!
        const view = await inOrder.profiles.get({ type: "shopee_buyer_id", value: person.shopeeBuyerId! }, { asOf })
        expect(view).toEqual(expected360(view.profileId))
      })

      it("pages the timeline exactly as @kith/profile's timelinePage over the profile's events", async () => {
        const [profileId, group] = [...expectedGroups].sort((a, b) => b[1].length - a[1].length)[0]!
        const seen: Array<string> = []
        let cursor: string | undefined
        do {
          const page = await inOrder.profiles.timeline(profileId, { limit: 4, asOf, ...(cursor === undefined ? {} : { cursor }) })
          const pure = timelinePage(group.map((m) => byMessageId.get(m)!), { limit: 4, asOf, ...(cursor === undefined ? {} : { cursor }) })
          expect(Result.isSuccess(pure) && pure.success).toEqual(page)
          seen.push(...page.items.map((i) => i.id))
          cursor = page.nextCursor ?? undefined
        } while (cursor !== undefined)
        expect(seen.length).toBeGreaterThan(4)
        expect(new Set(seen).size).toBe(seen.length)
      })

      it("reads only the newest events a timeline page needs, and pages by kind and asOf exactly as timelinePage", async () => {
        const heaviest = [...expectedGroups].sort((a, b) => b[1].length - a[1].length).slice(0, 3)
        for (const [profileId, group] of heaviest) {
          const events = group.map((m) => byMessageId.get(m)!)
          const times = events.map((e) => e.timestamp.getTime()).sort((a, b) => a - b)
          for (const options of [{ limit: 1, kinds: ["order" as const] }, { limit: 2, kinds: ["visit" as const, "message" as const] }, { limit: 3, asOf: new Date(times[Math.floor(times.length / 2)]!) }]) {
            let cursor: string | undefined
            let pages = 0
            do {
              const request = { ...options, ...(cursor === undefined ? {} : { cursor }) }
              const page = await inOrder.profiles.timeline(profileId, request)
              const pure = timelinePage(events, request)
              expect(Result.isSuccess(pure) && pure.success, `${profileId} ${JSON.stringify(request)}`).toEqual(page)
              cursor = page.nextCursor ?? undefined
            } while (cursor !== undefined && ++pages < 50)
          }
        }
      })
    })

    it("lists visitors, leads and buyers: every profile once, at the stage @kith/profile gives it", async () => {
      const listed = new Map<string, string>()
      for (const [stage, list] of [["visitor", inOrder.profiles.visitors], ["lead", inOrder.profiles.leads], ["buyer", inOrder.profiles.buyers]] as const) {
        let cursor: string | undefined
        do {
          const page = await list({ limit: 97, cursor })
          for (const item of page.items) {
            expect(listed.has(item.profileId), item.profileId).toBe(false)
            listed.set(item.profileId, stage)
          }
          cursor = page.nextCursor
        } while (cursor !== undefined)
      }
      expect(listed).toEqual(new Map([...expectedGroups.keys()].map((id) => [id as string, expected360(id).lifecycle.stage])))
      expect(new Set(listed.values())).toEqual(new Set(["visitor", "lead", "buyer"]))
      // Counts beside every list: what paging to the end gave.
      for (const [list, stage] of [["visitors", "visitor"], ["leads", "lead"], ["buyers", "buyer"]] as const) {
        expect(await inOrder.profiles.count({ list }), list).toBe([...listed.values()].filter((s) => s === stage).length)
      }
      expect(await inOrder.profiles.count()).toBe(listed.size)
      // A list narrowed by text: buyers in one province, typed without accents.
      const inHanoi = await inOrder.profiles.buyers({ text: "ha noi", limit: 1000 })
      expect(inHanoi.items.length).toBeGreaterThan(0)
      expect(await inOrder.profiles.count({ list: "buyers", text: "ha noi" })).toBe(inHanoi.items.length)
      for (const item of inHanoi.items) {
        expect(listed.get(item.profileId)).toBe("buyer")
        const traits = JSON.stringify((await inOrder.profiles.lookup(item.profileId)).traits).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
        expect(traits).toContain("ha noi")
      }
    })

    it("explains which shared identifiers joined a marketplace account to an own-store device", async () => {
      let explained = 0
      for (const person of shop.people.filter((p) => p.shopeeBuyerId !== undefined && p.devices.length > 0 && p.householdId === undefined)) {
        const device = { type: "anonymous_id", value: person.devices[0]!.anonymousId }
        const market = { type: "shopee_buyer_id", value: person.shopeeBuyerId! }
        const owner = await inOrder.profiles.lookup(market)
        if ((await inOrder.profiles.lookup(device).catch(() => undefined))?.profileId !== owner.profileId) continue
        const explanation = await inOrder.identity.explain(device, market)
        expect(explanation).toMatchObject({ joined: true, profileId: owner.profileId })
        if (!explanation.joined) continue
        expect(explanation.chain.length).toBeGreaterThan(0)
        // Each link joins two of the profile's records through an identifier the profile holds.
        const held = new Set(owner.identifiers.map((i) => `${i.type}:${i.value}`))
        for (const link of explanation.chain) {
          expect(expectedGroups.get(owner.profileId)).toEqual(expect.arrayContaining([link.from, link.to]))
          expect(held.has(`${link.identifier?.type}:${link.identifier?.value}`)).toBe(true)
        }
        explained++
      }
      expect(explained).toBeGreaterThan(0)
      const [person, stranger] = shop.people.filter((p) => p.shopeeBuyerId !== undefined && p.householdId === undefined && p.phones.length > 0)
      const apart = await inOrder.identity.explain({ type: "shopee_buyer_id", value: person!.shopeeBuyerId! }, { type: "phone", value: stranger!.phones[0]! })
      expect(apart).toMatchObject({ joined: false, reasons: [{ kind: "no_shared_identifiers" }] })
    })

    it("is idempotent: re-ingesting the same events appends nothing and changes nothing", async () => {
      const again = await inOrder.batch(rawEvents, { chunkSize: 1000 })
      expect(again).toMatchObject({ appended: 0, duplicates: rawEvents.length })
      const single = await inOrder.identify(rawEvents.find((e) => e["type"] === "identify")! as never)
      expect(single.duplicate).toBe(true)
      expect(await inOrder.events.count()).toBe(rawEvents.length)
      expect(await snapshotOf(inOrder)).toEqual(inOrderSnapshot)
    })

    it("gives the same profiles, summaries and traits when the events arrive out of order, in other chunks", async () => {
      const cdp = await cdpOn("ws-shuffled")
      const progress: Array<number> = []
      await cdp.batch(shuffled(rawEvents, 7), { chunkSize: 173, onProgress: (p) => progress.push(p.processed) })
      expect(progress).toEqual(Array.from({ length: Math.ceil(rawEvents.length / 173) }, (_, i) => Math.min(rawEvents.length, (i + 1) * 173)))
      expect(await snapshotOf(cdp)).toEqual(inOrderSnapshot)
    })

    it("writes nothing of a batch with one bad event, even one far beyond the first chunk", async () => {
      const cdp = await cdpOn("ws-bad-batch")
      const events = rawEvents.slice(0, 1200).map((e, i) => (i === 1100 ? { ...e, timestamp: "31/12/2025" } : e))
      const progress: Array<number> = []
      const error = await rejection(cdp.batch(events, { chunkSize: 100, onProgress: (p) => progress.push(p.processed) }))
      expect(error).toMatchObject({ _tag: "InvalidEventBatch", index: 1100, messageId: rawEvents[1100]!["messageId"] })
      expect((error["issues"] as Array<{ path: string }>).map((i) => i.path)).toContain("timestamp")
      const tooLarge = await rejection(cdp.batch([...rawEvents.slice(0, 10), { ...rawEvents[10]!, properties: { note: "x".repeat(70_000) } }]))
      expect(tooLarge).toMatchObject({ _tag: "EventTooLarge", index: 10 })
      expect(progress).toEqual([])
      expect(await cdp.events.count()).toBe(0)
      expect((await cdp.profiles.search("")).items).toEqual([])
    })

    describe("single calls, identity and editing", () => {
      const at = (day: number, hour = 9) => `2025-03-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+07:00`

      it("ingests identify, track, page and alias calls and tells repeats apart", async () => {
        const cdp = await cdpOn("ws-calls")
        const first = await cdp.identify({ messageId: "c-1", timestamp: at(1), anonymousId: "cookie-1", traits: { fullName: "Trần Thu Hà", phone: "0912 345 678" } })
        expect(first).toEqual({ messageId: "c-1", profileId: "p_c-1", duplicate: false })
        expect(await cdp.identify({ messageId: "c-1", timestamp: at(1), anonymousId: "cookie-1" })).toEqual({ ...first, duplicate: true })
        await cdp.page({ messageId: "c-2", timestamp: at(1, 10), anonymousId: "cookie-1", name: "Áo thun", properties: { url: "https://shop.vn/ao-thun" } })
        const order = { orderId: "SO-1", currency: "VND", total: 450_000, products: [{ productId: "p-ao", name: "Áo thun", quantity: 2, price: 225_000 }] }
        await cdp.track({ messageId: "c-3", timestamp: at(2), anonymousId: "cookie-1", event: "Order Placed", properties: order })
        await cdp.track({ messageId: "c-4", timestamp: at(4), anonymousId: "cookie-1", event: "Order Completed", properties: order })
        // The app, logged in, then tied to the cookie by an alias.
        expect((await cdp.track({ messageId: "c-5", timestamp: at(5), userId: "u-77", event: "Lucky Wheel Spun", properties: { prize: "voucher" } })).profileId).toBe("p_c-5")
        expect(await cdp.alias({ messageId: "c-6", timestamp: at(6), previousId: "cookie-1", userId: "u-77" })).toEqual({ messageId: "c-6", profileId: "p_c-1", duplicate: false })
        const view = await cdp.profiles.get("p_c-5", { asOf: new Date("2025-03-31T00:00:00Z") })
        expect(view).toMatchObject({ profileId: "p_c-1", lifecycle: { stage: "buyer" }, purchases: { totalSpend: 450_000, successfulOrders: 1 } })
        expect(view.fields.traits.fullName).toBe("Trần Thu Hà")
        const typeMismatch = await rejection(cdp.identify({ type: "track", messageId: "c-7", timestamp: at(7), anonymousId: "x" } as never))
        expect(typeMismatch).toMatchObject({ _tag: "InvalidArgument", field: "type" })
        const bad = await rejection(cdp.track({ messageId: "c-8", timestamp: at(8), anonymousId: "cookie-1", event: "Review Submitted", properties: { rating: 9 } } as never))
        expect(bad).toMatchObject({ _tag: "InvalidEvent", type: "track", event: "Review Submitted", messageId: "c-8", issues: [{ path: "properties.rating" }] })
        expect(bad["message"]).toBe(`track("Review Submitted"): properties.rating: Expected a value between 1 and 5, got 9`)
        expect(await cdp.events.count()).toBe(6)
      })

      it("finds the survivor from a merged-away profile id and from the merged-away profile's identifiers", async () => {
        const cdp = await cdpOn("ws-merge")
        await cdp.identify({ messageId: "m-1", timestamp: at(1), anonymousId: "phone-cookie", traits: { phone: "0987 654 321" } })
        await cdp.identify({ messageId: "m-2", timestamp: at(2), anonymousId: "laptop-cookie", traits: { email: "Hoa.Le@Gmail.com", fullName: "Lê Hoa" } })
        expect((await cdp.profiles.lookup({ type: "email", value: "hoa.le@gmail.com" })).profileId).toBe("p_m-2")
        // One checkout carries both: the laptop's profile is merged into the phone's (the earlier).
        const bridge = await cdp.identify({ messageId: "m-3", timestamp: at(3), anonymousId: "laptop-cookie", traits: { phone: "+84 98-765-4321", email: "hoa.le@gmail.com" } })
        expect(bridge.profileId).toBe("p_m-1")
        expect((await cdp.profiles.lookup("p_m-2")).profileId).toBe("p_m-1")
        expect(await cdp.events.get("m-2")).toMatchObject({ profileId: "p_m-1", event: { messageId: "m-2", type: "identify" } })
        expect(await cdp.events.get("m-404")).toBeUndefined()
        expect((await cdp.profiles.lookup({ type: "anonymous_id", value: "laptop-cookie" })).profileId).toBe("p_m-1")
        expect((await cdp.profiles.lookup({ type: "email", value: " HOA.LE@gmail.com " })).mergedIds).toContain("p_m-2")
        expect((await cdp.profiles.get("p_m-2", { asOf: new Date("2025-04-01T00:00:00Z") })).fields.traits.fullName).toBe("Lê Hoa")
        expect((await cdp.profiles.timeline("p_m-2", { limit: 10 })).items).toEqual((await cdp.profiles.timeline("p_m-1", { limit: 10 })).items)
        const ledger = await cdp.identity.ledger({ limit: 100 })
        expect(ledger.items.find((e) => e.kind === "merged")).toMatchObject({ from: "p_m-2", into: "p_m-1" })
      })

      it("merges two profiles by hand after a dry run, with a per-field choice; the merged-away identifier finds the survivor", async () => {
        const cdp = await cdpOn("ws-manual-merge")
        await cdp.identify({ messageId: "mm-1", timestamp: at(1), anonymousId: "zalo:777", traits: { fullName: "Chị Hương", phone: "0915 222 333" } })
        await cdp.identify({ messageId: "mm-2", timestamp: at(2), anonymousId: "shopee:hq88", traits: { fullName: "Phạm Thu Hương", email: "huong.pham@example.vn" } })
        const dry = await cdp.identity.merge("p_mm-1", { type: "email", value: "huong.pham@example.vn" }, { dryRun: true })
        expect(dry).toMatchObject({ dryRun: true, plan: { into: "p_mm-1", from: "p_mm-2", traitConflicts: [{ name: "fullName" }] } })
        // A dry run changes nothing.
        expect((await cdp.profiles.lookup("p_mm-2")).profileId).toBe("p_mm-2")
        const merged = await cdp.identity.merge("p_mm-1", "p_mm-2", { at: new Date("2025-03-10T00:00:00Z"), actor: "staff-2", reason: "same customer", choices: { fullName: "b" } })
        expect(merged).toEqual({ dryRun: false, into: "p_mm-1", from: "p_mm-2" })
        expect((await cdp.profiles.lookup({ type: "email", value: "Huong.Pham@example.vn" })).profileId).toBe("p_mm-1")
        expect((await cdp.profiles.lookup("p_mm-2")).profileId).toBe("p_mm-1")
        const view = await cdp.profiles.get({ type: "anonymous_id", value: "shopee:hq88" }, { asOf: new Date("2025-03-31T00:00:00Z") })
        expect(view).toMatchObject({ profileId: "p_mm-1", fields: { traits: { fullName: "Phạm Thu Hương", phone: "0915 222 333" } } })
        // Later events of the merged-away side land on the survivor.
        expect((await cdp.page({ messageId: "mm-3", timestamp: at(12), anonymousId: "shopee:hq88" })).profileId).toBe("p_mm-1")
        expect((await cdp.identity.ledger({ limit: 100 })).items.find((e) => e.kind === "manual_merge")).toMatchObject({ into: "p_mm-1", actor: "staff-2" })
        expect(await rejection(cdp.identity.merge("p_mm-1", "p_mm-2", { at: new Date("2025-03-11T00:00:00Z") }))).toMatchObject({ _tag: "InvalidIdentityChange" })
        expect(await rejection(cdp.identity.merge("p_mm-1", "p_mm-3", { at: new Date("nope") }))).toMatchObject({ _tag: "ProfileNotFound" })
      })

      it("splits identifiers off a profile and keeps the pair apart", async () => {
        const cdp = await cdpOn("ws-split")
        await cdp.identify({ messageId: "s-1", timestamp: at(1), anonymousId: "shared-tablet", traits: { phone: "0912 111 222", fullName: "Võ Văn Tâm" } })
        await cdp.identify({ messageId: "s-2", timestamp: at(2), anonymousId: "shared-tablet", traits: { email: "vo.lan@example.vn", fullName: "Võ Thị Lan" } })
        expect((await cdp.profiles.lookup({ type: "email", value: "vo.lan@example.vn" })).profileId).toBe("p_s-1")
        const split = await cdp.identity.split("p_s-1", [{ type: "email", value: "vo.lan@example.vn" }], { at: new Date("2025-03-05T00:00:00Z"), actor: "staff-3", reason: "two people on one tablet" })
        expect(split).toEqual({ from: "p_s-1", into: "p_s-2", detached: "p_s-2", separated: true, linking: [{ type: "anonymous_id", value: "shared-tablet" }], profiles: ["p_s-1", "p_s-2"] })
        expect((await cdp.profiles.lookup({ type: "email", value: "vo.lan@example.vn" })).profileId).toBe("p_s-2")
        expect((await cdp.profiles.lookup({ type: "phone", value: "0912111222" })).profileId).toBe("p_s-1")
        const error = await rejection(cdp.identity.split("p_s-1", [{ type: "phone", value: "0999 999 999" }], { at: new Date("2025-03-05T00:00:00Z") }))
        expect(error).toMatchObject({ _tag: "InvalidIdentityChange" })
      })

      it("never guesses: a hotline links nobody, lookups of shared values name every candidate, search finds them all", async () => {
        const cdp = await cdpOn("ws-hotline")
        const customers = Array.from({ length: 8 }, (_, i) => `h-${i}`)
        for (const [i, messageId] of customers.entries()) {
          await cdp.identify({ messageId, timestamp: at(i + 1), anonymousId: `cookie-${messageId}`, traits: { email: `khach${i}@gmail.com`, phone: "028 3822 1234" } })
        }
        for (const [i, messageId] of customers.entries()) {
          const found = await cdp.profiles.lookup({ type: "email", value: `KHACH${i}@gmail.com` })
          expect(found.profileId).toBe(`p_${messageId}`)
          expect(found.identifiers.filter((id) => id.type === "email")).toEqual([{ type: "email", value: `khach${i}@gmail.com` }])
        }
        const ambiguous = await rejection(cdp.profiles.lookup({ type: "phone", value: "(028) 38221234" }))
        expect(ambiguous).toMatchObject({ _tag: "AmbiguousIdentifier", type: "phone", candidates: customers.map((m) => `p_${m}`) })
        expect((await cdp.profiles.search("028 3822 1234")).items.map((i) => i.profileId)).toEqual(customers.map((m) => `p_${m}`))
        // Three accounts share a phone; a chat with only that phone joins none of them.
        for (const i of [1, 2, 3]) await cdp.identify({ messageId: `acc-${i}`, timestamp: at(10 + i), userId: `u-${i}`, traits: { phone: "0912 345 678" } })
        expect((await cdp.identify({ messageId: "chat-1", timestamp: at(20), anonymousId: "zalo:55", traits: { phone: "+84912345678" } })).profileId).toBe("p_chat-1")
        expect(await rejection(cdp.profiles.lookup({ type: "phone", value: "0912345678" }))).toMatchObject({
          _tag: "AmbiguousIdentifier",
          candidates: ["p_acc-1", "p_acc-2", "p_acc-3", "p_chat-1"]
        })
        expect((await cdp.identity.ledger({ limit: 200 })).items.some((e) => e.kind === "warning" && e.warning.kind === "ambiguous")).toBe(true)
      })

      it("a split whose identifiers the earliest event carries keeps the id on that side, says so, and names what still links the sides", async () => {
        const cdp = await cdpOn("ws-split-first")
        await cdp.identify({ messageId: "sf-1", timestamp: at(1), anonymousId: "counter-tablet", traits: { email: "mai.tran@example.vn" } })
        await cdp.identify({ messageId: "sf-2", timestamp: at(2), anonymousId: "counter-tablet", traits: { phone: "0912 222 333" } })
        await cdp.identify({ messageId: "sf-3", timestamp: at(3), anonymousId: "cookie-sf", traits: { phone: "0912 222 333" } })
        const split = await cdp.identity.split("p_sf-1", [{ type: "email", value: "MAI.TRAN@example.vn" }], { at: new Date("2025-03-05T00:00:00Z"), actor: "staff-3" })
        // The split-off side holds the earliest event, so it keeps the id; the events that stayed are the new profile.
        expect(split).toEqual({ from: "p_sf-1", into: "p_sf-2", detached: "p_sf-1", separated: true, linking: [{ type: "anonymous_id", value: "counter-tablet" }], profiles: ["p_sf-1", "p_sf-2"] })
        // then lookups: each identifier where the outcome says, the linking one on both sides
        expect((await cdp.profiles.lookup({ type: "email", value: "mai.tran@example.vn" })).profileId).toBe(split.detached)
        expect((await cdp.profiles.lookup({ type: "phone", value: "0912222333" })).profileId).toBe(split.into)
        expect(await rejection(cdp.profiles.lookup({ type: "anonymous_id", value: "counter-tablet" }))).toMatchObject({ _tag: "AmbiguousIdentifier", candidates: ["p_sf-1", "p_sf-2"] })
        // a later event carrying only the linking identifier joins neither side
        expect((await cdp.identify({ messageId: "sf-4", timestamp: at(4), anonymousId: "counter-tablet" })).profileId).toBe("p_sf-4")
      })

      it("says when a split cannot separate: an event carrying the split-off identifier and the other side's phone joins neither", async () => {
        const cdp = await cdpOn("ws-split-apart")
        await cdp.identify({ messageId: "sa-1", timestamp: at(1), anonymousId: "cookie-sa", traits: { phone: "0912 444 555", email: "an@example.vn" } })
        await cdp.identify({ messageId: "sa-2", timestamp: at(2), anonymousId: "kiosk-7", traits: { email: "binh@example.vn" } })
        await cdp.identify({ messageId: "sa-3", timestamp: at(3), anonymousId: "kiosk-7", traits: { phone: "0912 444 555" } })
        const split = await cdp.identity.split("p_sa-1", [{ type: "anonymous_id", value: "kiosk-7" }], { at: new Date("2025-03-05T00:00:00Z") })
        expect(split).toEqual({
          from: "p_sa-1",
          into: "p_sa-2",
          detached: "p_sa-2",
          separated: false,
          linking: [{ type: "anonymous_id", value: "kiosk-7" }, { type: "phone", value: "+84912444555" }],
          profiles: ["p_sa-1", "p_sa-2", "p_sa-3"]
        })
        expect(await rejection(cdp.profiles.lookup({ type: "anonymous_id", value: "kiosk-7" }))).toMatchObject({ _tag: "AmbiguousIdentifier", candidates: ["p_sa-2", "p_sa-3"] })
      })

      it("splits the linking identifiers off too when asked, and refuses when no event would stay", async () => {
        const cdp = await cdpOn("ws-split-linking")
        await cdp.identify({ messageId: "sl-1", timestamp: at(1), anonymousId: "cookie-sl", traits: { phone: "0912 333 444" } })
        await cdp.identify({ messageId: "sl-2", timestamp: at(2), anonymousId: "shop-tablet", traits: { phone: "0912 333 444" } })
        await cdp.identify({ messageId: "sl-3", timestamp: at(3), anonymousId: "shop-tablet", traits: { email: "khanh@example.vn" } })
        const action = { at: new Date("2025-03-05T00:00:00Z"), actor: "staff-3" }
        const email = [{ type: "email", value: "khanh@example.vn" }]
        expect(await rejection(cdp.identity.split("p_sl-1", email, action, { alsoDetach: [{ type: "email", value: "other@example.vn" }] }))).toMatchObject({ _tag: "InvalidIdentityChange" })
        expect(await rejection(cdp.identity.split("p_sl-1", email, action, { alsoDetach: "everything" as never }))).toMatchObject({ _tag: "InvalidArgument", field: "options.alsoDetach" })
        expect(await rejection(cdp.identity.split("p_sl-1", email, action, { alsoDetach: [{ type: "phone" } as never] }))).toMatchObject({ _tag: "InvalidArgument", field: "options.alsoDetach[0]" })
        // The tablet links the email's event to the phone's; detaching it moves its events too, and the phone then links the sides.
        const split = await cdp.identity.split("p_sl-1", email, action, { alsoDetach: "linking" })
        expect(split).toEqual({ from: "p_sl-1", into: "p_sl-2", detached: "p_sl-2", separated: true, linking: [{ type: "phone", value: "+84912333444" }], profiles: ["p_sl-1", "p_sl-2"] })
        expect((await cdp.profiles.lookup({ type: "anonymous_id", value: "shop-tablet" })).profileId).toBe("p_sl-2")
        expect((await cdp.profiles.lookup({ type: "anonymous_id", value: "cookie-sl" })).profileId).toBe("p_sl-1")
        // Detaching the phone as well would take every event: refused, nothing changes.
        const refused = await rejection(cdp.identity.split("p_sl-2", email, action, { alsoDetach: "linking" }))
        expect(refused).toMatchObject({ _tag: "InvalidIdentityChange" })
        expect(String(refused["reason"])).toContain("anonymous_id:shop-tablet")
        expect((await cdp.profiles.lookup({ type: "email", value: "khanh@example.vn" })).profileId).toBe("p_sl-2")
      })

      it("after a split that leaves the linking email on both sides, a lookup by it names both", async () => {
        const cdp = await cdpOn("ws-split-email")
        await cdp.identify({ messageId: "se-1", timestamp: at(1), anonymousId: "tablet", traits: { phone: "0912 111 333", email: "nha.vo@example.vn" } })
        await cdp.identify({ messageId: "se-2", timestamp: at(2), anonymousId: "tablet-2", traits: { phone: "0912 111 444", email: "nha.vo@example.vn" } })
        expect((await cdp.profiles.lookup({ type: "email", value: "nha.vo@example.vn" })).profileId).toBe("p_se-1")
        const split = await cdp.identity.split("p_se-1", [{ type: "phone", value: "0912 111 444" }], { at: new Date("2025-03-05T00:00:00Z"), actor: "staff-3" })
        expect(split).toMatchObject({ from: "p_se-1", into: "p_se-2", detached: "p_se-2", separated: true, linking: [{ type: "email", value: "nha.vo@example.vn" }] })
        expect(await rejection(cdp.profiles.lookup({ type: "email", value: "nha.vo@example.vn" }))).toMatchObject({
          _tag: "AmbiguousIdentifier",
          candidates: ["p_se-1", "p_se-2"]
        })
      })

      it("edits profile fields as manual traits, validated, and searches by the new values", async () => {
        const cdp = await cdpOn("ws-edit")
        await cdp.identify({ messageId: "e-1", timestamp: at(1), anonymousId: "cookie-e", traits: { fullName: "Dang Thi Mai", phone: "0903 123 456" } })
        const invalid = await rejection(cdp.profiles.update("p_e-1", { phone: "0912", email: "not-an-email", gender: "robot" } as never, { at: new Date("2025-03-10T00:00:00Z") }))
        expect(invalid).toMatchObject({ _tag: "InvalidInput", subject: "profile fields" })
        expect((invalid["issues"] as Array<{ path: string }>).map((i) => i.path)).toEqual(["gender"])
        const contact = await rejection(cdp.profiles.update("p_e-1", { phone: "0912", email: "not-an-email" }, { at: new Date("2025-03-10T00:00:00Z") }))
        expect((contact["issues"] as Array<{ path: string }>).map((i) => i.path)).toEqual(["phone", "email"])
        const unknownField = await rejection(cdp.profiles.update("p_e-1", { fullname: "x" } as never, { at: new Date("2025-03-10T00:00:00Z") }))
        expect((unknownField["issues"] as Array<{ path: string }>).map((i) => i.path)).toEqual(["fullname"])
        const updated = await cdp.profiles.update(
          { type: "phone", value: "+84903123456" },
          { fullName: "Đặng Thị Mai", birthday: "05/09/1990", gender: "female" },
          { at: new Date("2025-03-10T00:00:00Z") }
        )
        expect(updated.traits["fullName"]).toEqual({ value: "Đặng Thị Mai", at: Date.parse("2025-03-10T00:00:00Z"), source: "manual" })
        const view = await cdp.profiles.get("p_e-1", { asOf: new Date("2025-09-10T00:00:00Z") })
        expect(view.fields).toMatchObject({ traits: { fullName: "Đặng Thị Mai", birthday: "1990-09-05", gender: "female" }, age: 35 })
        // An edit counts from its instant on: before it, the edited value is not shown.
        expect((await cdp.profiles.get("p_e-1", { asOf: new Date("2025-03-05T00:00:00Z") })).fields.traits.gender).toBeUndefined()
        expect((await cdp.profiles.search("dang thi mai")).items.map((i) => i.profileId)).toEqual(["p_e-1"])
        expect((await cdp.profiles.search("090 312 3456")).items.map((i) => i.fullName)).toEqual(["Đặng Thị Mai"])
      })

      it("names the field and the reason of every bad argument, and the profile that was not found", async () => {
        const cdp = await cdpOn("ws-errors")
        await cdp.identify({ messageId: "x-1", timestamp: at(1), anonymousId: "cookie-x", traits: { phone: "0977 000 111" } })
        expect(await rejection(cdp.profiles.lookup("p_nobody"))).toMatchObject({ _tag: "ProfileNotFound", profileId: "p_nobody" })
        expect(await rejection(cdp.profiles.get({ type: "phone", value: "0977 000 222" }, { asOf: new Date("2025-04-01T00:00:00Z") }))).toMatchObject({
          _tag: "NoProfileForIdentifier",
          type: "phone"
        })
        expect(await rejection(cdp.profiles.search("x", { limit: 0 }))).toMatchObject({ _tag: "InvalidArgument", field: "limit" })
        expect(await rejection(cdp.profiles.get("p_x-1", { asOf: new Date("nope") }))).toMatchObject({ _tag: "InvalidArgument", field: "asOf" })
        expect(await rejection(cdp.batch([], { chunkSize: 0 }))).toMatchObject({ _tag: "InvalidArgument", field: "options.chunkSize" })
        expect(await rejection(cdp.profiles.timeline("p_x-1", { cursor: "not-a-cursor" }))).toMatchObject({ _tag: "InvalidCursor" })
        expect(await rejection(cdp.profiles.count({ list: "customers" as never }))).toMatchObject({ _tag: "InvalidArgument", field: "list" })
        expect(await rejection(cdp.profiles.count({ text: 7 as never }))).toMatchObject({ _tag: "InvalidArgument", field: "text" })
        expect(await rejection(cdp.profiles.timeline("p_x-1", { kinds: ["order", "bogus" as never] }))).toMatchObject({ _tag: "InvalidArgument", field: "kinds" })
        expect(await rejection(cdp.batch(undefined as never))).toMatchObject({ _tag: "InvalidArgument", field: "events" })
        expect(await rejection(cdp.identify(null as never))).toMatchObject({ _tag: "InvalidArgument", field: "call" })
        const splitAt = { at: new Date("2025-04-01T00:00:00Z") }
        expect(await rejection(cdp.identity.split("p_x-1", [{ type: "phone" } as never], splitAt))).toMatchObject({ _tag: "InvalidArgument", field: "identifiers[0]" })
        expect(await rejection(cdp.identity.split("p_x-1", "0977000111" as never, splitAt))).toMatchObject({ _tag: "InvalidArgument", field: "identifiers" })
        expect(await rejection(createCdp({ storage: store.storage, workspace: "ws-errors", settings: { timezone: "Asia/Bangkok" } }))).toMatchObject({
          _tag: "InvalidArgument",
          field: "settings.timezone"
        })
        expect(await rejection(createCdp({ storage: store.storage, workspace: "ws-x", settings: { timezone: "Mars/Olympus" } }))).toMatchObject({
          _tag: "InvalidInput",
          issues: [{ path: "timezone" }]
        })
        expect(await cdp.events.count()).toBe(1)
      })
    })
  })
}
