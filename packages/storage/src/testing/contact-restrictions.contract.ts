import type { InvalidInput, ProfileId, WorkspaceId } from "@kith/core"
import { type ContactRestrictionRecord, contactRestrictionsAt } from "@kith/privacy"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type ContactRestrictionInput, ContactRestrictions } from "../port/contact-restrictions.js"
import { EventStore } from "../port/events.js"
import { IdentityGraph } from "../port/identity-graph.js"
import { Privacy } from "../port/privacy.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { at, identify } from "./contract-events.js"

const by = (day: number, hour = 9) => ({ actor: "staff-lan", at: new Date(Date.parse(at(day)) + (hour - 9) * 3_600_000), source: "zalo_oa", evidence: { eventId: `zw-${day}-${hour}` } })
const instant = (day: number, hour = 9) => new Date(Date.parse(at(day)) + (hour - 9) * 3_600_000)
const block = (status: "active" | "lifted", channel = "zalo"): ContactRestrictionInput => ({ kind: "blocked_shop", channel, status })
const dnc = (status: "active" | "lifted"): ContactRestrictionInput => ({ kind: "do_not_contact", status })

/**
 * Registers the tests of contact restrictions on an engine (OUT-5): a
 * block and its unblock read at any instant between and after; the
 * history oldest first with its audit entry; bad input refused with a
 * typed error naming the field and value, writing nothing; records that
 * follow merges (either side's applies to the survivor until lifted for
 * it) and splits (each side gets its own back); an erasure, deleting or
 * anonymizing, that takes them; and, as a property, the state at every
 * instant equal to the latest record of each question, whatever order the
 * records were made in.
 *
 * @example
 * ```ts
 * registerContactRestrictionsContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerContactRestrictionsContract = (h: ContractHelpers): void => {
  const { numRuns, run, failureTag, newWorkspace, freshWorkspace, ingest } = h
  const restrictions = <A, E>(f: (s: typeof ContactRestrictions.Service) => Effect.Effect<A, E>) => run(ContactRestrictions.use(f))
  const record = (ws: WorkspaceId, profileId: string, list: ReadonlyArray<ContactRestrictionInput>, when: ReturnType<typeof by>) =>
    restrictions((s) => s.record(ws, profileId as ProfileId, list, when))
  const history = (ws: WorkspaceId, profileId: string) => restrictions((s) => s.history(ws, profileId as ProfileId))
  const stateAt = async (ws: WorkspaceId, profileId: string, when: Date) => contactRestrictionsAt(await history(ws, profileId), when)

  describe("contact restrictions", () => {
    it("a block and its unblock: blocked between them, not before or after; do-not-contact alike; the history oldest first, audited (OUT-5, PRIV-5)", async () => {
      const ws = await newWorkspace("restrict")
      await ingest(ws, [identify("a1", 1, "cookie-a", { phone: "0912000001" })])
      // Recorded out of order: the unblock first, the block after — what counts is when the person did it.
      await record(ws, "p_a1", [block("lifted")], by(5))
      await record(ws, "p_a1", [block("active"), dnc("active")], by(3))
      await record(ws, "p_a1", [dnc("lifted")], by(7))
      expect(await stateAt(ws, "p_a1", instant(2))).toEqual({ doNotContact: false, blockedShopOn: [] })
      expect(await stateAt(ws, "p_a1", instant(4))).toEqual({ doNotContact: true, blockedShopOn: ["zalo"] })
      expect(await stateAt(ws, "p_a1", instant(6))).toEqual({ doNotContact: true, blockedShopOn: [] })
      expect(await stateAt(ws, "p_a1", instant(8))).toEqual({ doNotContact: false, blockedShopOn: [] })
      // At the very instant of the unblock it is lifted.
      expect(await stateAt(ws, "p_a1", instant(5))).toEqual({ doNotContact: true, blockedShopOn: [] })
      const kept = await history(ws, "p_a1")
      expect(kept.map((r) => [r.kind, r.channel, r.status, r.at.toISOString(), r.source, r.actor, r.anchorRecordId])).toEqual([
        ["blocked_shop", "zalo", "active", instant(3).toISOString(), "zalo_oa", "staff-lan", "a1"],
        ["do_not_contact", undefined, "active", instant(3).toISOString(), "zalo_oa", "staff-lan", "a1"],
        ["blocked_shop", "zalo", "lifted", instant(5).toISOString(), "zalo_oa", "staff-lan", "a1"],
        ["do_not_contact", undefined, "lifted", instant(7).toISOString(), "zalo_oa", "staff-lan", "a1"]
      ])
      expect(kept[0]?.evidence).toEqual({ eventId: "zw-3-9" })
      const trail = await run(Effect.flatMap(Privacy, (p) => p.audit.list(ws, { limit: 10, target: "p_a1", action: "contact.restrict" })))
      expect(trail.items.map((e) => e.details)).toEqual([
        { restrictions: [{ kind: "blocked_shop", channel: "zalo", status: "lifted" }], source: "zalo_oa" },
        { restrictions: [{ kind: "blocked_shop", channel: "zalo", status: "active" }, { kind: "do_not_contact", status: "active" }], source: "zalo_oa" },
        { restrictions: [{ kind: "do_not_contact", status: "lifted" }], source: "zalo_oa" }
      ])
    })

    it("refuses bad input with a typed error naming the field and the value, and writes nothing (OUT-5)", async () => {
      const ws = await newWorkspace("restrict-bad")
      await ingest(ws, [identify("a1", 1, "cookie-a", { phone: "0912000001" })])
      const refused = async (list: ReadonlyArray<unknown>, when: Record<string, unknown> = by(3)) =>
        (await failureTag(ContactRestrictions.use((s) => s.record(ws, "p_a1" as ProfileId, list as ReadonlyArray<ContactRestrictionInput>, when as ReturnType<typeof by>)))) as InvalidInput
      const fax = await refused([dnc("active"), block("active", "fax")])
      expect(fax._tag).toBe("InvalidInput")
      expect(fax.issues).toEqual([{ path: "restrictions[1].channel", message: 'a block is on one outreach channel (chat, zalo, sms, email, call), got "fax"' }])
      expect((await refused([{ kind: "blocked_shop", status: "active" }])).issues[0]?.path).toBe("restrictions[0].channel")
      expect((await refused([{ kind: "do_not_contact", channel: "sms", status: "active" }])).issues[0]).toEqual({
        path: "restrictions[0].channel", message: 'a do-not-contact covers every channel: leave channel out, got "sms"'
      })
      expect((await refused([{ kind: "unsubscribe_all", status: "active" }])).issues[0]).toEqual({ path: "restrictions[0].kind", message: 'one of do_not_contact, blocked_shop, got "unsubscribe_all"' })
      expect((await refused([{ kind: "do_not_contact", status: "on" }])).issues[0]).toEqual({ path: "restrictions[0].status", message: 'one of active, lifted, got "on"' })
      expect((await refused([])).issues[0]?.path).toBe("restrictions")
      expect((await refused([dnc("active")], { ...by(3), actor: " " })).issues[0]?.path).toBe("actor")
      expect((await refused([dnc("active")], { ...by(3), source: "" })).issues[0]?.path).toBe("source")
      expect((await refused([dnc("active")], { ...by(3), at: new Date(Number.NaN) })).issues[0]?.path).toBe("at")
      const nobody = await failureTag(ContactRestrictions.use((s) => s.record(ws, "p_nobody" as ProfileId, [dnc("active")], by(3))))
      expect(nobody).toMatchObject({ _tag: "ProfileNotFound", profileId: "p_nobody" })
      const elsewhere = await failureTag(ContactRestrictions.use((s) => s.record(freshWorkspace("restrict-none"), "p_a1" as ProfileId, [dnc("active")], by(3))))
      expect(elsewhere._tag).toBe("UnknownWorkspace")
      expect(await history(ws, "p_a1")).toEqual([])
      const trail = await run(Effect.flatMap(Privacy, (p) => p.audit.list(ws, { limit: 10, action: "contact.restrict" })))
      expect(trail.items).toEqual([])
    })

    it("follow merges (either side's restriction applies to the survivor until lifted for it) and splits (each side gets its own back) (OUT-5, IDN-8)", async () => {
      const ws = await newWorkspace("restrict-merge")
      await ingest(ws, [identify("a1", 1, "cookie-a", { email: "ha.le@example.vn" }), identify("b1", 2, "cookie-b", { phone: "0912000002" })])
      await record(ws, "p_a1", [dnc("active")], by(3))
      await record(ws, "p_b1", [block("active")], by(3))
      await record(ws, "p_b1", [block("active", "chat")], by(3, 10))
      await record(ws, "p_b1", [block("lifted", "chat")], by(4))
      const later = instant(20)
      expect([await stateAt(ws, "p_a1", later), await stateAt(ws, "p_b1", later)]).toEqual([
        { doNotContact: true, blockedShopOn: [] },
        { doNotContact: false, blockedShopOn: ["zalo"] }
      ])
      // The same person: one event carries both identifiers, and the profiles merge.
      await ingest(ws, [identify("m1", 5, "cookie-a", { email: "ha.le@example.vn", phone: "0912000002" })])
      const merged = { doNotContact: true, blockedShopOn: ["zalo"] }
      expect(await stateAt(ws, "p_a1", later)).toEqual(merged)
      expect(await stateAt(ws, "p_b1", later)).toEqual(merged)
      // A restriction lifted on one side only before the merge stays lifted; one lifted for the survivor now covers both sides.
      const survivor = (await h.byIdentifier(ws, "phone", "0912000002")).pipe((o) => (o._tag === "Some" ? o.value.profileId : "none"))
      await record(ws, "p_b1", [dnc("lifted")], by(6))
      expect(await stateAt(ws, survivor, later)).toEqual({ doNotContact: false, blockedShopOn: ["zalo"] })
      expect((await history(ws, survivor)).map((r) => r.covers.length)).toEqual([1, 1, 1, 1, 2])
      // A split gives each side its own records (by the event each is anchored to) and its own state.
      await run(Effect.flatMap(IdentityGraph, (g) => g.split(ws, survivor as ProfileId, [{ type: "phone", value: "0912000002" }, { type: "anonymous_id", value: "cookie-b" }], { at: instant(7) })))
      const owners = await Promise.all(["a1", "b1"].map(async (m) => {
        const event = await run(Effect.flatMap(EventStore, (s) => s.get(ws, m)))
        return event._tag === "Some" ? event.value.profileId : "none"
      }))
      expect(owners[0]).not.toBe(owners[1])
      // The lift recorded for the survivor is anchored to its earliest event, a1: it stays on that side.
      expect((await history(ws, owners[0]!)).map((r) => `${r.kind}/${r.status}`)).toEqual(["do_not_contact/active", "do_not_contact/lifted"])
      expect((await history(ws, owners[1]!)).map((r) => `${r.channel}/${r.status}`)).toEqual(["zalo/active", "chat/active", "chat/lifted"])
      expect(await stateAt(ws, owners[1]!, later)).toEqual({ doNotContact: false, blockedShopOn: ["zalo"] })
    })

    it("go with the person's erasure, deleted or anonymized, and the report counts them (OUT-5, PRIV-2)", async () => {
      for (const mode of ["delete", "anonymize"] as const) {
        const ws = await newWorkspace(`restrict-erase-${mode}`)
        await ingest(ws, [identify("a1", 1, "cookie-a", { phone: "0912000001" }), identify("b1", 1, "cookie-b", { phone: "0912000002" })])
        await record(ws, "p_a1", [dnc("active"), block("active")], by(3))
        await record(ws, "p_b1", [block("active", "sms")], by(3))
        const report = await run(Effect.flatMap(Privacy, (p) => p.erase(ws, "p_a1" as ProfileId, { actor: "dpo", at: instant(4), mode })))
        expect(report.contactRestrictions).toBe(2)
        if (mode === "anonymize") expect(await history(ws, "p_a1")).toEqual([])
        else expect((await failureTag(ContactRestrictions.use((s) => s.history(ws, "p_a1" as ProfileId))))._tag).toBe("ProfileNotFound")
        // Someone else's stay.
        expect(await stateAt(ws, "p_b1", instant(5))).toEqual({ doNotContact: false, blockedShopOn: ["sms"] })
        const rows = await h.backend().read.contactRestrictions.ofProfiles(ws, ["p_a1", "p_b1"])
        expect(rows.map((r) => r.owner)).toEqual(["p_b1"])
      }
    })

    it("the state at any instant is the latest record of each question, whatever order the records were made in (OUT-5, property)", async () => {
      const step = fc.record({
        hour: fc.integer({ min: 0, max: 200 }),
        question: fc.constantFrom("do_not_contact", "zalo", "sms", "email"),
        status: fc.constantFrom("active" as const, "lifted" as const)
      })
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(step, { minLength: 1, maxLength: 8, selector: (s) => `${s.question}@${s.hour}` }), async (steps) => {
          const ws = await newWorkspace("restrict-prop")
          await ingest(ws, [identify("a1", 1, "cookie-a", { phone: "0912000001" })])
          for (const s of steps) {
            await record(ws, "p_a1", [s.question === "do_not_contact" ? dnc(s.status) : block(s.status, s.question)], { ...by(2), at: new Date(Date.parse(at(2)) + s.hour * 3_600_000) })
          }
          const kept: ReadonlyArray<ContactRestrictionRecord> = await history(ws, "p_a1")
          expect(kept.map((r) => r.at.getTime())).toEqual([...kept.map((r) => r.at.getTime())].sort((x, y) => x - y))
          for (let hour = -1; hour <= 201; hour += 7) {
            const when = new Date(Date.parse(at(2)) + hour * 3_600_000)
            // The model: per question, the latest step made by then decides.
            const latest = new Map<string, (typeof steps)[number]>()
            for (const s of [...steps].sort((x, y) => x.hour - y.hour)) if (s.hour <= hour) latest.set(s.question, s)
            const on = [...latest.values()].filter((s) => s.status === "active").map((s) => s.question)
            expect(contactRestrictionsAt(kept, when)).toEqual({ doNotContact: on.includes("do_not_contact"), blockedShopOn: on.filter((q) => q !== "do_not_contact").sort() })
          }
        }),
        { numRuns: Math.max(3, Math.floor(numRuns / 2)) }
      )
    })
  })
}
