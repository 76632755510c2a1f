// Contact restrictions reach plan execution on every engine (OUT-5): a person's "do not contact me" skips every
// message whose purpose needs consent as do_not_contact (a transactional one still goes where the workspace exempts
// it), a block of the shop on Zalo skips Zalo messages as blocked_shop but not email ones, and after the unblock the
// person's Zalo messages are sent again — each read at the message's instant.
import type { CdpClient } from "@kith/cdp"
import type { ProfileId } from "@kith/core"
import { type ContactPolicy, type PlanDefinitionInput, vietnamContactPolicy } from "@kith/outreach"
import { afterAll, describe, expect, it } from "vitest"
import { at, engines, identify, owner, track, type Opened } from "./outreach/engines.js"

const USERS = ["u-lan", "u-hoa", "u-minh"] as const

const definition = (purpose: PlanDefinitionInput["purpose"], channel: PlanDefinitionInput["channel"]): PlanDefinitionInput => ({
  name: `${purpose} ${channel}`, purpose, channel, audience: { include: ["buyers"], exclude: [] },
  content: { variants: { vi: 'Cảm ơn {{firstName | "bạn"}}!' }, fallbackLocale: "vi" },
  voucher: { kind: "none" }, products: ["sku-ao"], callToAction: { kind: "product_list" }, holdoutPercent: 0
})

// This workspace sends order messages on another lawful basis: transactional needs no consent (and goes despite do-not-contact).
const policy: ContactPolicy = { ...vietnamContactPolicy, consentNotRequiredFor: ["transactional"] }

// Three buyers with a phone and an email, consented to marketing on Zalo and email; a "buyers" segment.
const shop = async (cdp: CdpClient) => {
  await cdp.batch([
    ...USERS.map((u, i) => identify(`i-${u}`, "2026-01-02", u, { firstName: u.slice(2), phone: `0912 000 10${i + 1}`, email: `${u.slice(2)}@example.vn` })),
    ...USERS.map((u) => track(`o-${u}`, "2026-01-03", "10:00", u, "Order Completed", { orderId: `o-${u}`, currency: "VND", total: 100_000, products: [{ productId: "sku-ao", price: 100_000, quantity: 1 }] }))
  ])
  for (const u of USERS) {
    await cdp.consent.record({ type: "user_id", value: u }, [{ purpose: "marketing", channel: "zalo", status: "granted" }, { purpose: "marketing", channel: "email", status: "granted" }], {
      actor: "s-lan", at: at("2026-01-02"), source: "website_form"
    })
  }
  await cdp.segments.create({ id: "buyers", name: "Buyers", rule: { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } }, actor: "s-lan", at: at("2026-01-04") })
  const ids: Record<string, ProfileId> = {}
  for (const u of USERS) ids[u] = (await cdp.profiles.get({ type: "user_id", value: u }, { asOf: at("2026-01-05") })).profileId as ProfileId
  return ids
}

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(`contact restrictions in plan execution on ${engine.name}`, () => {
    let opened: Opened | undefined
    const clients: Array<CdpClient> = []
    afterAll(async () => {
      for (const c of clients) await c.close()
      await opened?.close()
    })

    it("skips do-not-contact (transactional still sent where exempt) and a Zalo block on Zalo only, until the unblock (OUT-5)", async () => {
      opened = await engine.open()
      const cdp = await (await import("@kith/cdp")).createCdp({ storage: opened.layer, workspace: "restrictions-1", outreach: { policy } })
      clients.push(cdp)
      const ids = await shop(cdp)
      const lan = { type: "user_id", value: "u-lan" }
      const hoa = { type: "phone", value: "0912 000 102" }
      // Lan asks on the phone not to be contacted; Hoa blocks the shop's Zalo OA, and unblocks it two days later.
      await cdp.contactRestrictions.record(lan, [{ kind: "do_not_contact", status: "active" }], { actor: "s-lan", at: at("2026-01-04", "10:00"), source: "phone_call", evidence: { callId: "c-7" } })
      await cdp.contactRestrictions.record(hoa, [{ kind: "blocked_shop", channel: "zalo", status: "active" }], { actor: "zalo-webhook", at: at("2026-01-04", "11:00"), source: "zalo_oa" })
      await cdp.contactRestrictions.record(hoa, [{ kind: "blocked_shop", channel: "zalo", status: "lifted" }], { actor: "zalo-webhook", at: at("2026-01-06", "11:00"), source: "zalo_oa" })

      const outcomes = async (id: string, purpose: PlanDefinitionInput["purpose"], channel: PlanDefinitionInput["channel"], date: string) => {
        await cdp.outreach.create({ id, definition: definition(purpose, channel) }, owner(date, "08:00"))
        await cdp.outreach.sendNow(id, owner(date, "10:00"))
        const rows = new Map((await cdp.outreach.outbox(id)).items.map((r) => [r.profileId, `${r.decision}/${r.reason}`]))
        return USERS.map((u) => rows.get(ids[u]!))
      }
      // While Hoa has the shop blocked on Zalo.
      expect(await outcomes("care-zalo", "care", "zalo", "2026-01-05")).toEqual(["skip/do_not_contact", "skip/blocked_shop", "send/consented"])
      expect(await outcomes("care-email", "care", "email", "2026-01-05")).toEqual(["skip/do_not_contact", "send/consented", "send/consented"])
      expect(await outcomes("receipt-zalo", "transactional", "zalo", "2026-01-05")).toEqual(["send/consent_not_required", "skip/blocked_shop", "send/consent_not_required"])
      // After the unblock Hoa gets Zalo messages again; Lan's do-not-contact still holds.
      expect(await outcomes("care-zalo-2", "care", "zalo", "2026-01-07")).toEqual(["skip/do_not_contact", "send/consented", "send/consented"])
      expect(await cdp.contactRestrictions.state(hoa, { asOf: at("2026-01-05") })).toEqual({ doNotContact: false, blockedShopOn: ["zalo"] })
      expect(await cdp.contactRestrictions.state(hoa, { asOf: at("2026-01-07") })).toEqual({ doNotContact: false, blockedShopOn: [] })
    })

    it("refuses an unknown person or a bad channel with a typed error naming it, and records nothing (OUT-5)", async () => {
      opened ??= await engine.open()
      const cdp = await (await import("@kith/cdp")).createCdp({ storage: opened.layer, workspace: "restrictions-2" })
      clients.push(cdp)
      await cdp.batch([identify("i-lan", "2026-01-02", "u-lan", { phone: "0912 000 101" })])
      const lan = { type: "user_id", value: "u-lan" }
      const by = { actor: "s-lan", at: at("2026-01-04"), source: "phone_call" }
      await expect(cdp.contactRestrictions.record({ type: "phone", value: "0988 777 666" }, [{ kind: "do_not_contact", status: "active" }], by)).rejects.toMatchObject({
        _tag: "NoProfileForIdentifier", type: "phone", value: "0988 777 666"
      })
      await expect(cdp.contactRestrictions.record("p_nobody", [{ kind: "do_not_contact", status: "active" }], by)).rejects.toMatchObject({ _tag: "ProfileNotFound", profileId: "p_nobody" })
      await expect(cdp.contactRestrictions.record(lan, [{ kind: "blocked_shop", channel: "fax", status: "active" }], by)).rejects.toMatchObject({
        _tag: "InvalidInput", issues: [{ path: "restrictions[0].channel", message: 'a block is on one outreach channel (chat, zalo, sms, email, call), got "fax"' }]
      })
      await expect(cdp.contactRestrictions.record(lan, [], by)).rejects.toMatchObject({ _tag: "InvalidArgument", field: "restrictions" })
      await expect(cdp.contactRestrictions.record(lan, [{ kind: "do_not_contact", status: "active" }], { ...by, actor: "" })).rejects.toMatchObject({ _tag: "InvalidArgument", field: "actor" })
      await expect(cdp.contactRestrictions.state(lan, { asOf: new Date("nope") })).rejects.toMatchObject({ _tag: "InvalidArgument", field: "asOf" })
      expect(await cdp.contactRestrictions.history(lan)).toEqual([])
    })
  })
}
