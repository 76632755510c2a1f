import type { InvalidInput } from "@kith/core"
import type { ContactRestrictionRecord, ContactRestrictions } from "@kith/privacy"
import type { ContactRestrictionInput } from "@kith/storage"
import type { CdpMode, Returns } from "../mode.js"
import type { Actor } from "../privacy/api.js"
import type { ProfileLookupError, ProfileReference } from "../profile-reference.js"

/**
 * `cdp.contactRestrictions` (OUT-5): what stops outreach besides consent —
 * a person's "do not contact me" (every channel) and their block of the
 * shop on one channel (a Zalo OA, the shop's chat), which they can lift
 * later (an unblock). Recorded with their source and evidence as a
 * time-stamped history and read at an instant: plan execution reads them at
 * each message's instant, so a block from t1 to t2 skips the person's
 * messages in between as `blocked_shop` on that channel only, and a
 * do-not-contact skips every message whose purpose needs consent as
 * `do_not_contact` (a transactional message the workspace exempts from
 * consent still goes). They follow the person through merges (a record on
 * either merged profile applies to the survivor) and splits, and go with
 * an erasure.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 *
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * await cdp.identify({ messageId: "m-1", timestamp: "2026-01-05T08:00:00+07:00", userId: "u-lan", traits: { phone: "0912 345 678" } })
 * const lan = { type: "phone", value: "0912 345 678" }
 * await cdp.contactRestrictions.record(lan, [{ kind: "blocked_shop", channel: "zalo", status: "active" }],
 *   { actor: "zalo-webhook", at: new Date("2026-01-06T02:00:00Z"), source: "zalo_oa", evidence: { eventId: "zw-77" } })
 * await cdp.contactRestrictions.record(lan, [{ kind: "blocked_shop", channel: "zalo", status: "lifted" }],
 *   { actor: "zalo-webhook", at: new Date("2026-01-09T02:00:00Z"), source: "zalo_oa" })
 * await cdp.contactRestrictions.state(lan, { asOf: new Date("2026-01-07T00:00:00Z") }) // => { doNotContact: false, blockedShopOn: ["zalo"] }
 * await cdp.contactRestrictions.state(lan, { asOf: new Date("2026-01-10T00:00:00Z") }) // => { doNotContact: false, blockedShopOn: [] }
 * const fax = [{ kind: "blocked_shop", channel: "fax", status: "active" }]
 * await cdp.contactRestrictions.record(lan, fax, { actor: "staff-lan", at: new Date("2026-01-10T00:00:00Z"), source: "call" }) // throws: InvalidInput naming restrictions[0].channel and "fax"
 * await cdp.close()
 * ```
 */
export interface ContactRestrictionsApi<M extends CdpMode> {
  /** Records restrictions for a person (audited as `contact.restrict`); returns the records kept. */
  record(
    ref: ProfileReference,
    restrictions: ReadonlyArray<ContactRestrictionInput>,
    by: Actor & { readonly source: string; readonly evidence?: unknown }
  ): Returns<M, ReadonlyArray<ContactRestrictionRecord>, ProfileLookupError | InvalidInput>
  /** Whether do-not-contact holds at `asOf`, and the channels the shop is blocked on then. */
  state(ref: ProfileReference, options: { readonly asOf: Date }): Returns<M, ContactRestrictions, ProfileLookupError>
  /** Every record (both sides' after a merge), oldest first: the evidence. */
  history(ref: ProfileReference): Returns<M, ReadonlyArray<ContactRestrictionRecord>, ProfileLookupError>
}
