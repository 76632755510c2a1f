import type { ProfileId, WorkspaceId } from "@kith/core"
import { consentState } from "@kith/privacy"
import { summaryToJson } from "@kith/profile"
import fc from "fast-check"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore } from "../port/events.js"
import { IdentityGraph } from "../port/identity-graph.js"
import { Privacy } from "../port/privacy.js"
import { ProfileStore } from "../port/profiles.js"
import { RejectedEvents } from "../port/rejected-events.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { at, identify, view } from "./contract-events.js"

const by = (actor: string, day: number) => ({ actor, at: new Date(at(day)) })

const consentEvent = (messageId: string, day: number, anonymousId: string, decisions: ReadonlyArray<Record<string, unknown>>) => ({
  type: "track", event: "Consent Updated", messageId, timestamp: at(day), anonymousId, properties: { decisions, source: "website_form", evidence: { formId: "dang-ky" } }
})

const order = (messageId: string, day: number, anonymousId: string) => ({
  type: "track", event: "Order Completed", messageId, timestamp: at(day), anonymousId,
  properties: { orderId: `SO-${messageId}`, currency: "VND", total: 250_000, products: [{ productId: "sku-1", price: 250_000, quantity: 1 }] }
})

// A person of the isolation property: unique phone (written several ways), email and name.
interface Person {
  readonly index: number
  readonly phone: string
  readonly written: string
  readonly email: string
  readonly name: string
}

const personOf = (index: number, form: number): Person => {
  const digits = `91234${String(5000 + index)}`
  const written = form === 0 ? `0${digits}` : form === 1 ? `0${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : `+84 ${digits}`
  return { index, phone: `+84${digits}`, written, email: `khach${index}.lan@example.vn`, name: `Khách Hàng Số${index} Phạm` }
}

const eventsOf = (p: Person, label: string): ReadonlyArray<unknown> => [
  identify(`${label}-${p.index}-1`, 1 + (p.index % 5), `cookie-${label}-${p.index}`, { phone: p.written, email: p.email, fullName: p.name }),
  view(`${label}-${p.index}-2`, 6, `cookie-${label}-${p.index}`),
  consentEvent(`${label}-${p.index}-3`, 7, `cookie-${label}-${p.index}`, [{ purpose: "marketing", channel: "zalo", status: "granted" }])
]

/**
 * Registers the tests of privacy on an engine (PRIV-1 … PRIV-7): consent
 * records from events and by hand, following merges (most restrictive wins)
 * and splits; erasure by profile that leaves no read path returning the
 * person's values; suppression stopping and counting their later events;
 * tenant isolation; export; retention with a dry run; requests; the audit
 * trail.
 *
 * @example
 * ```ts
 * registerPrivacyContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerPrivacyContract = (h: ContractHelpers): void => {
  const { numRuns, run, failureTag, newWorkspace, ingest } = h
  const privacy = <A, E>(f: (p: typeof Privacy.Service) => Effect.Effect<A, E>) => run(Privacy.use(f))
  const exportOf = async (workspaceId: WorkspaceId, profileId: string) => {
    const chunks: Array<string> = []
    await privacy((p) => p.exportTo(workspaceId, profileId as ProfileId, (c) => void chunks.push(c), by("dpo", 20)))
    return { text: chunks.join(""), chunks: chunks.length }
  }
  // Everything a workspace can be read for, as text: profiles, their events and exports, the ledger, consent, audit.
  const everythingReadable = async (workspaceId: WorkspaceId): Promise<string> => {
    const profiles = await h.search(workspaceId, undefined, 10_000)
    const parts: Array<string> = [JSON.stringify(profiles.items), JSON.stringify(await h.ledgerOf(workspaceId))]
    for (const p of profiles.items) {
      parts.push(JSON.stringify(await run(Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, p.profileId, { limit: 10_000 })))))
      parts.push((await exportOf(workspaceId, p.profileId)).text)
    }
    parts.push(JSON.stringify(await privacy((p) => p.audit.list(workspaceId, { limit: 10_000 }))))
    parts.push(JSON.stringify(await privacy((p) => p.requests.list(workspaceId, {}))))
    parts.push(JSON.stringify(await run(Effect.flatMap(RejectedEvents, (r) => r.list(workspaceId, { limit: 10_000 })))))
    return parts.join("\n")
  }

  describe("privacy (PRIV-1 … PRIV-7)", () => {
    it("keeps consent from events and by hand; the state is the pure function of the records (PRIV-1, PRIV-5)", async () => {
      const ws = await newWorkspace("consent")
      await ingest(ws, [identify("c1", 1, "cookie-c", { phone: "0912000001" }), consentEvent("c2", 2, "cookie-c", [{ purpose: "marketing", channel: "zalo", status: "granted" }, { purpose: "analytics", channel: "web", status: "denied" }])])
      await privacy((p) => p.consent.record(ws, "p_c1" as ProfileId, [{ purpose: "marketing", channel: "zalo", status: "withdrawn" }], { ...by("staff-lan", 4), source: "phone_call", evidence: { callId: "call-7" } }))
      const history = await privacy((p) => p.consent.history(ws, "p_c1" as ProfileId))
      expect(history.map((r) => [r.purpose, r.channel, r.status, r.source])).toEqual([
        ["marketing", "zalo", "granted", "website_form"],
        ["analytics", "web", "denied", "website_form"],
        ["marketing", "zalo", "withdrawn", "phone_call"]
      ])
      expect(history[2]).toMatchObject({ actor: "staff-lan", evidence: { callId: "call-7" }, anchorRecordId: "c1" })
      const state = consentState(history, { asOf: new Date(at(3)) })
      expect(state.map((e) => [e.purpose, e.channel, e.status])).toEqual([["analytics", "web", "denied"], ["marketing", "zalo", "granted"]])
      expect(consentState(history, { asOf: new Date(at(5)) }).find((e) => e.purpose === "marketing")?.status).toBe("withdrawn")
      // A malformed consent event is refused like any malformed typed event, and nothing is written.
      const refused = await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(ws, [consentEvent("c3", 5, "cookie-c", [{ purpose: "Marketing!", channel: "zalo", status: "maybe" }])])))
      expect(refused).toMatchObject({ _tag: "InvalidEventBatch", messageId: "c3" })
      expect(await h.count(ws)).toBe(2)
      // Every change is audited with its actor.
      const trail = await privacy((p) => p.audit.list(ws, { limit: 10, target: "p_c1" }))
      expect(trail.items.map((e) => [e.action, e.actor])).toEqual([["consent.record", "staff-lan"]])
    })

    it("keeps the preferences an event's context.consent carries as consent records, the same whatever order the events arrive in (PRIV-1, property)", async () => {
      const withConsent = (messageId: string, day: number, channel: string | undefined, preferences: Record<string, boolean>) => ({
        type: "track", event: "Product Viewed", messageId, timestamp: at(day), anonymousId: "cookie-sc", properties: { productId: "sku-1" },
        context: { ...(channel === undefined ? {} : { channel }), consent: { categoryPreferences: preferences } }
      })
      const events = [
        identify("sc-0", 1, "cookie-sc", { phone: "0912000077" }),
        withConsent("sc-1", 2, "web", { advertising: true, analytics: false }),
        withConsent("sc-2", 3, undefined, { advertising: true, analytics: false }),
        withConsent("sc-3", 4, "web", { advertising: false }),
        withConsent("sc-4", 5, "app", { advertising: true })
      ]
      const stateIn = async (ws: WorkspaceId, day: number) => {
        const history = await privacy((p) => p.consent.history(ws, "p_sc-0" as ProfileId))
        return consentState(history, { asOf: new Date(at(day)) }).map((e) => [e.purpose, e.channel, e.status])
      }
      const ws = await newWorkspace("segment-consent")
      await ingest(ws, events)
      const history = await privacy((p) => p.consent.history(ws, "p_sc-0" as ProfileId))
      expect(history.map((r) => [r.purpose, r.channel, r.status, r.source])).toEqual([
        ["advertising", "web", "granted", "segment_consent"],
        ["analytics", "web", "denied", "segment_consent"],
        ["advertising", "web", "granted", "segment_consent"],
        ["analytics", "web", "denied", "segment_consent"],
        ["advertising", "web", "denied", "segment_consent"],
        ["advertising", "app", "granted", "segment_consent"]
      ])
      expect(await stateIn(ws, 3)).toEqual([["advertising", "app", "none"], ["advertising", "web", "granted"], ["analytics", "web", "denied"]])
      expect(await stateIn(ws, 6)).toEqual([["advertising", "app", "granted"], ["advertising", "web", "denied"], ["analytics", "web", "denied"]])
      // The same events in any order and batching: the same state at every instant.
      await fc.assert(
        fc.asyncProperty(fc.shuffledSubarray(events.slice(1), { minLength: 4, maxLength: 4 }), fc.integer({ min: 1, max: 4 }), async (order, size) => {
          const other = await newWorkspace("segment-consent-order")
          await ingest(other, [events[0]!])
          for (let i = 0; i < order.length; i += size) await ingest(other, order.slice(i, i + size))
          for (const day of [2, 3, 4, 5, 6]) expect(await stateIn(other, day)).toEqual(await stateIn(ws, day))
        }),
        { numRuns: Math.max(3, Math.floor(numRuns / 2)) }
      )
    })

    it("after a merge the most restrictive side wins; a split gives each record back (PRIV-1, IDN-8)", async () => {
      const ws = await newWorkspace("consent-merge")
      await ingest(ws, [
        identify("a1", 1, "cookie-a", { email: "ha.le@example.vn" }),
        consentEvent("a2", 2, "cookie-a", [{ purpose: "marketing", channel: "email", status: "withdrawn" }]),
        identify("b1", 3, "cookie-b", { phone: "0912000002" }),
        consentEvent("b2", 4, "cookie-b", [{ purpose: "marketing", channel: "email", status: "granted" }])
      ])
      const asOf = new Date(at(10))
      const stateOf = async (profileId: string) => consentState(await privacy((p) => p.consent.history(ws, profileId as ProfileId)), { asOf })[0]?.status
      expect([await stateOf("p_a1"), await stateOf("p_b1")]).toEqual(["withdrawn", "granted"])
      // The same person: one event carries both identifiers, and the profiles merge.
      await ingest(ws, [identify("m1", 5, "cookie-a", { email: "ha.le@example.vn", phone: "0912000002" })])
      expect(await stateOf("p_a1")).toBe("withdrawn")
      expect(await stateOf("p_b1")).toBe("withdrawn")
      // A split gives each side its records back, and its own state.
      await run(Effect.flatMap(IdentityGraph, (g) => g.split(ws, "p_a1" as ProfileId, [{ type: "phone", value: "0912000002" }, { type: "anonymous_id", value: "cookie-b" }], { at: new Date(at(6)) })))
      const sides = await Promise.all(["a2", "b2"].map((m) => run(Effect.flatMap(EventStore, (s) => s.get(ws, m)))))
      const owners = sides.map((s) => (s._tag === "Some" ? s.value.profileId : undefined))
      expect(owners[0]).not.toBe(owners[1])
      expect([await stateOf(owners[0]!), await stateOf(owners[1]!)]).toEqual(["withdrawn", "granted"])
    })

    it("erasure or anonymization by any one identifier leaves no read path returning the person's values, refused calls included (PRIV-2, property)", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 2, max: 4 }),
          fc.nat(),
          fc.constantFrom(0, 1, 2),
          fc.constantFrom("phone" as const, "email" as const, "profile" as const),
          fc.constantFrom("delete" as const, "anonymize" as const),
          async (people, pick, form, by_, mode) => {
            const ws = await newWorkspace("erase-prop")
            const persons = Array.from({ length: people }, (_, i) => personOf(i, (form + i) % 3))
            await ingest(ws, persons.flatMap((p) => [...eventsOf(p, "e"), order(`e-${p.index}-4`, 8, `cookie-e-${p.index}`)]))
            // Each person also has a refused call kept with its raw payload: their phone in another written form (in
            // a payload that is not even JSON, for every other person) and their email in capitals.
            await run(
              Effect.flatMap(RejectedEvents, (r) =>
                r.record(
                  ws,
                  persons.map((p) => ({
                    payload:
                      p.index % 2 === 0
                        ? JSON.stringify({ type: "track", event: "Order Completed", properties: { total: "abc" }, context: { traits: { phone: `+84 ${p.phone.slice(3)}`, email: p.email.toUpperCase() } } })
                        : `{"type":"identify","traits":{"phone": ${p.phone.replace("+84", "0")}, "email": "${p.email.toUpperCase()}"`,
                    receivedAt: new Date(at(9)),
                    messageId: `rej-${p.index}`,
                    type: "track",
                    event: null,
                    issues: [{ path: "properties.total", message: "not an amount" }]
                  }))
                )
              )
            )
            const victim = persons[pick % people]!
            const found = await run(
              Effect.flatMap(ProfileStore, (s) => s.findAllByIdentifier(ws, by_ === "email" ? { type: "email", value: victim.email.toUpperCase() } : { type: "phone", value: victim.written }))
            )
            expect(found).toHaveLength(1)
            const target = found[0]!.profileId
            const report = await privacy((p) =>
              p.erase(ws, target, { ...by("dpo", 12), mode, alsoSuppress: by_ === "profile" ? [] : [by_ === "email" ? { type: "email", value: victim.email } : { type: "phone", value: victim.written }] })
            )
            // Anonymized, the identify and consent events go; the product view and the order stay, without values.
            expect(report).toMatchObject({ mode, consents: 1, rejectedEvents: 1, ...(mode === "delete" ? { events: 4, keptEvents: 0 } : { events: 2, keptEvents: 2 }) })
            expect(report.suppressed).toBeGreaterThanOrEqual(3)
            const text = await everythingReadable(ws)
            for (const value of [victim.phone, victim.written, victim.email, victim.email.toUpperCase(), victim.phone.slice(3), victim.name, `cookie-e-${victim.index}`]) {
              expect(text).not.toContain(value)
            }
            for (const other of persons.filter((p) => p !== victim)) expect(text).toContain(other.email)
            expect((await run(Effect.flatMap(RejectedEvents, (r) => r.list(ws, { limit: 100 })))).items.map((r) => r.messageId).sort()).toEqual(
              persons.filter((p) => p !== victim).map((p) => `rej-${p.index}`)
            )
            expect(await run(Effect.flatMap(ProfileStore, (s) => s.findAllByIdentifier(ws, { type: "phone", value: victim.written })))).toEqual([])
            expect((await h.search(ws, victim.written)).items).toEqual([])
            expect((await h.search(ws, "Số" + victim.index)).items).toEqual([])
            expect(await failureTag(Effect.flatMap(IdentityGraph, (g) => g.explain(ws, { type: "phone", value: victim.written }, { type: "email", value: victim.email })))).toMatchObject({ _tag: "IdentifierNotFound" })
            if (mode === "delete") {
              // The opaque profile id stays only in the audit entry proving the erasure.
              expect(JSON.stringify([await h.ledgerOf(ws), (await h.search(ws, undefined, 10_000)).items])).not.toContain(`"${target}"`)
              expect(await failureTag(Privacy.use((p) => p.exportTo(ws, target, () => undefined, by("dpo", 13))))).toMatchObject({ _tag: "ProfileNotFound" })
              expect(await h.count(ws)).toBe((people - 1) * 4)
            } else {
              // The aggregates stay on the opaque id: the order, the spend, the activity counts.
              const kept = await h.profile(ws, target)
              expect(kept).toMatchObject({ identifiers: [], traits: {} })
              expect(summaryToJson(kept.summary).orders).toEqual(summaryToJson(found[0]!.summary).orders)
              expect(summaryToJson(kept.summary).activity).toEqual(summaryToJson(found[0]!.summary).activity)
              expect(await h.count(ws)).toBe((people - 1) * 4 + 2)
            }
          }
        ),
        { numRuns }
      )
    })

    it("suppression stops the erased person's old and new events from re-creating them, and counts each (PRIV-2, OUT-5)", async () => {
      const ws = await newWorkspace("suppress")
      const person = personOf(1, 1)
      const events = eventsOf(person, "s")
      await ingest(ws, events)
      const [profile] = await run(Effect.flatMap(ProfileStore, (s) => s.findAllByIdentifier(ws, { type: "email", value: person.email })))
      await privacy((p) => p.erase(ws, profile!.profileId, by("dpo", 9)))
      // The same events again, and a new one carrying the phone in another written form.
      const again = await ingest(ws, events)
      expect(again).toMatchObject({ appended: 0, duplicates: 0, suppressed: ["s-1-1", "s-1-2", "s-1-3"] })
      const fresh = await ingest(ws, [identify("s-new", 15, "cookie-other", { phone: person.phone.replace("+84", "0") }), identify("x-1", 15, "cookie-x", { phone: "0987000111" })])
      expect(fresh).toMatchObject({ appended: 1, suppressed: ["s-new"] })
      expect(await h.count(ws)).toBe(1)
      expect(await run(Effect.flatMap(ProfileStore, (s) => s.findAllByIdentifier(ws, { type: "phone", value: person.written })))).toEqual([])
      const list = await privacy((p) => p.suppressed(ws))
      expect(list.stoppedEvents).toBeGreaterThanOrEqual(4)
      expect(list.entries.map((e) => e.type).sort()).toEqual(["anonymous_id", "email", "phone"])
      expect(JSON.stringify(list)).not.toContain(person.phone.slice(3))
      expect(list.entries.find((e) => e.type === "phone")?.hits).toBe(2)
    })

    it("an erasure or export in one workspace never reads or touches another (PRIV-4, property)", async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.nat(), async (people, pick) => {
          const [a, b] = [await newWorkspace("iso-a"), await newWorkspace("iso-b")]
          const persons = Array.from({ length: people }, (_, i) => personOf(i, i % 3))
          // The same people, the same events, in both workspaces.
          await ingest(a, persons.flatMap((p) => eventsOf(p, "i")))
          await ingest(b, persons.flatMap((p) => eventsOf(p, "i")))
          const before = await h.snapshot(b)
          const readableBefore = await everythingReadable(b)
          const victim = persons[pick % people]!
          const [profile] = await run(Effect.flatMap(ProfileStore, (s) => s.findAllByIdentifier(a, { type: "email", value: victim.email })))
          await exportOf(a, profile!.profileId)
          await privacy((p) => p.erase(a, profile!.profileId, by("dpo", 12)))
          expect(await h.snapshot(b)).toEqual(before)
          // b's own trail gained the exports everythingReadable made, nothing from a.
          const trailB = await privacy((p) => p.audit.list(b, { limit: 1000 }))
          expect(trailB.items.every((e) => e.action === "privacy.export")).toBe(true)
          expect(await everythingReadable(b)).toContain(victim.email)
          expect(readableBefore).toContain(victim.email)
          // b's suppression list is empty: b's events of the same person still land.
          expect((await privacy((p) => p.suppressed(b))).entries).toEqual([])
          expect(await ingest(b, [identify("i-late", 14, "cookie-late", { email: victim.email })])).toMatchObject({ appended: 1 })
        }),
        { numRuns: Math.max(3, Math.floor(numRuns / 2)) }
      )
    })

    it("exports everything held about one person as one JSON document, streamed (PRIV-3, PRIV-5)", async () => {
      const ws = await newWorkspace("export")
      const person = personOf(3, 0)
      await ingest(ws, [...eventsOf(person, "x"), ...Array.from({ length: 30 }, (_, i) => view(`x-more-${i}`, 8, "cookie-x-3")), order("x-o1", 9, "cookie-x-3")])
      const [profile] = await run(Effect.flatMap(ProfileStore, (s) => s.findAllByIdentifier(ws, { type: "email", value: person.email })))
      const { text, chunks } = await exportOf(ws, profile!.profileId)
      expect(chunks).toBeGreaterThan(30)
      const doc = JSON.parse(text) as Record<string, unknown> & { profile: { identifiers: unknown; traits: Record<string, { value: unknown; source: string }> }; events: Array<{ messageId: string }>; consents: Array<unknown>; ledger: Array<unknown> }
      expect(doc["kind"]).toBe("kith.personal-data-export")
      expect(doc.events).toHaveLength(34)
      expect(doc.profile.identifiers).toEqual(expect.arrayContaining([{ type: "phone", value: person.phone }, { type: "email", value: person.email }]))
      expect(doc.profile.traits["fullName"]).toMatchObject({ value: person.name })
      expect(doc.consents).toHaveLength(1)
      expect(doc.ledger.length).toBeGreaterThan(0)
      const trail = await privacy((p) => p.audit.list(ws, { limit: 10, action: "privacy.export" }))
      expect(trail.items).toHaveLength(1)
      expect(trail.items[0]).toMatchObject({ actor: "dpo", target: profile!.profileId, details: { events: 34 } })
    })

    it("purges anonymous visitors inactive for N days, after a dry run that counts (PRIV-6)", async () => {
      const ws = await newWorkspace("retention")
      await ingest(ws, [
        view("r1", 1, "cookie-old"),
        view("r2", 2, "cookie-old"),
        view("r3", 25, "cookie-recent"),
        identify("r4", 1, "cookie-named", { phone: "0912000009" }),
        order("r5", 1, "cookie-buyer")
      ])
      const options = { asOf: new Date("2025-03-31T00:00:00+07:00"), inactiveDays: 20, actor: "ops" }
      const progress: Array<number> = []
      const dry = await privacy((p) => p.purgeInactive(ws, { ...options, dryRun: true, onProgress: (x) => progress.push(x.scanned) }))
      expect(dry).toMatchObject({ dryRun: true, profileIds: ["p_r1"], events: 2 })
      expect(progress.length).toBeGreaterThan(0)
      expect(await h.count(ws)).toBe(5)
      const done = await privacy((p) => p.purgeInactive(ws, options))
      expect(done).toMatchObject({ dryRun: false, profileIds: ["p_r1"], events: 2 })
      expect(await h.count(ws)).toBe(3)
      const trail = await privacy((p) => p.audit.list(ws, { limit: 10, action: "privacy.purge" }))
      expect(trail.items.map((e) => [e.details["dryRun"], e.details["profiles"]])).toEqual([[true, 1], [false, 1]])
      expect(await failureTag(Privacy.use((p) => p.purgeInactive(ws, { ...options, inactiveDays: 0 })))).toMatchObject({ _tag: "InvalidInput" })
    })

    it("records data-subject requests with their deadlines and lists the overdue ones (PRIV-7)", async () => {
      const ws = await newWorkspace("requests")
      const received = new Date("2026-01-02T10:00:00+07:00")
      const open = await privacy((p) => p.requests.open(ws, { id: "r-1", kind: "withdrawal", subject: { type: "phone", value: "0912 000 003" }, receivedAt: received, actor: "staff-lan" }))
      expect(open).toMatchObject({ status: "open", subject: { type: "phone", value: "+84912000003" } })
      expect(open.answerBy.toISOString()).toBe("2026-01-06T17:00:00.000Z")
      expect(open.stopBy?.toISOString()).toBe("2026-01-17T17:00:00.000Z")
      await privacy((p) => p.requests.open(ws, { id: "r-2", kind: "access", subject: { profileId: "p_x" }, receivedAt: received, actor: "staff-lan" }))
      expect((await privacy((p) => p.requests.list(ws, { overdue: true, asOf: new Date("2026-01-05T00:00:00Z") })))).toEqual([])
      expect((await privacy((p) => p.requests.list(ws, { overdue: true, asOf: new Date("2026-01-07T00:00:00Z") }))).map((r) => r.id)).toEqual(["r-1", "r-2"])
      await privacy((p) => p.requests.close(ws, "r-2", { actor: "dpo", at: new Date("2026-01-05T00:00:00Z"), status: "completed" }))
      expect((await privacy((p) => p.requests.list(ws, { overdue: true, asOf: new Date("2026-01-07T00:00:00Z") }))).map((r) => r.id)).toEqual(["r-1"])
      expect(await failureTag(Privacy.use((p) => p.requests.close(ws, "r-9", { actor: "dpo", at: received, status: "completed" })))).toMatchObject({ _tag: "RequestNotFound" })
      const bad = await failureTag(Privacy.use((p) => p.requests.open(ws, { id: "r-3", kind: "deletion" as never, subject: { profileId: "p_x" }, receivedAt: received, actor: "staff-lan" })))
      expect(bad).toMatchObject({ _tag: "InvalidInput", issues: [{ path: "kind" }] })
    })

    it("writes the audit entry of an edit, merge or split in the change's own transaction: a success always has one, a failure none (PRIV-5, property)", async () => {
      type Op = { readonly kind: "update" | "split" | "merge"; readonly who: number; readonly other: number; readonly failNote: boolean }
      const op = fc.record({ kind: fc.constantFrom("update" as const, "split" as const, "merge" as const), who: fc.nat(2), other: fc.nat(2), failNote: fc.boolean() })
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops: ReadonlyArray<Op>) => {
          const ws = await newWorkspace("audit-tx")
          const phones = ["0912100001", "0912100002", "0912100003"]
          await ingest(ws, phones.flatMap((phone, i) => [identify(`t${i}-1`, 1 + i, `cookie-t${i}`, { phone, fullName: `Người ${i}` }), view(`t${i}-2`, 4 + i, `cookie-t${i}`)]))
          const liveOf = async (i: number) => (await run(Effect.flatMap(ProfileStore, (s) => s.findAllByIdentifier(ws, { type: "phone", value: phones[i]! }))))[0]!.profileId
          const trail = async () => (await privacy((p) => p.audit.list(ws, { limit: 1000 }))).items
          const state = async () => JSON.stringify([(await h.search(ws, undefined, 1000)).items, await h.ledgerOf(ws)])
          let made = 0
          for (const [n, o] of ops.entries()) {
            const actor = `staff-${n}`
            const details = (): Record<string, unknown> => {
              if (o.failNote) throw new Error("the note cannot be written")
              return { step: n }
            }
            const atOf = new Date(at(10 + n))
            const before = await state()
            const [a, b] = [await liveOf(o.who), await liveOf(o.other)]
            const change: Effect.Effect<unknown, unknown, ProfileStore | IdentityGraph> =
              o.kind === "update"
                ? Effect.flatMap(ProfileStore, (s) => s.setTraits(ws, a, { city: `Thành phố ${n}` }, { at: atOf, source: "manual" }, { actor, details }))
                : o.kind === "split"
                  ? Effect.flatMap(IdentityGraph, (g) => g.split(ws, a, [{ type: "anonymous_id", value: `cookie-t${o.other}` }], { at: atOf, actor }, { audit: { actor, details } }))
                  : Effect.flatMap(IdentityGraph, (g) => g.merge(ws, a, b, { at: atOf, actor, audit: { actor, details } }))
            const exit = await run(Effect.exit(change))
            const entries = await trail()
            if (exit._tag === "Success") {
              made++
              expect(entries).toHaveLength(made)
              expect(entries.at(-1)).toMatchObject({ actor, action: o.kind === "update" ? "profile.update" : `identity.${o.kind}`, details: { step: n } })
            } else {
              expect(entries).toHaveLength(made)
              expect(await state()).toBe(before)
            }
          }
        }),
        { numRuns }
      )
    })

    it("keeps the audit trail append-only, numbered, listable per target (PRIV-5)", async () => {
      const ws = await newWorkspace("audit")
      await privacy((p) => p.audit.append(ws, [{ at: new Date(at(1)), actor: "staff-lan", action: "profile.update", target: "p_1", details: { traits: ["fullName"] } }]))
      await privacy((p) => p.audit.append(ws, [{ at: new Date(at(2)), actor: "staff-minh", action: "identity.merge", target: "p_2", details: { with: "p_1" } }]))
      const all = await privacy((p) => p.audit.list(ws, { limit: 1 }))
      expect(all.items.map((e) => e.seq)).toEqual([1])
      const next = await privacy((p) => p.audit.list(ws, { limit: 10, cursor: all.nextCursor }))
      expect(next.items.map((e) => [e.seq, e.actor, e.action])).toEqual([[2, "staff-minh", "identity.merge"]])
      expect((await privacy((p) => p.audit.list(ws, { limit: 10, target: "p_1" }))).items.map((e) => e.details)).toEqual([{ traits: ["fullName"] }])
      expect(await failureTag(Privacy.use((p) => p.audit.list(ws, { limit: 10, cursor: "x" })))).toMatchObject({ _tag: "InvalidCursor" })
    })
  })
}
