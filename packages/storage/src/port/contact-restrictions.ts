import type { InvalidInput, ProfileId, WorkspaceId } from "@kith/core"
import type { ContactRestrictionKind, ContactRestrictionRecord, ContactRestrictionStatus } from "@kith/privacy"
import { Context, type Effect } from "effect"
import type { StorageFailure } from "../errors.js"
import type { ChangeBy } from "./privacy.js"
import type { ProfileNotFound } from "./profiles.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * One contact restriction to record (OUT-5): the person asked not to be
 * contacted (`do_not_contact`, no channel: it covers all), or blocked the
 * shop on an outreach channel (`blocked_shop` with `channel`: `chat`,
 * `zalo`, `sms`, `email` or `call`); `status` `active` puts it in place,
 * `lifted` takes it away (an unblock).
 *
 * @example
 * ```ts
 * const blocked: ContactRestrictionInput = { kind: "blocked_shop", channel: "zalo", status: "active" }
 * const stop: ContactRestrictionInput = { kind: "do_not_contact", status: "active" }
 * ```
 */
export interface ContactRestrictionInput {
  readonly kind: ContactRestrictionKind
  readonly channel?: string | undefined
  readonly status: ContactRestrictionStatus
}

/**
 * A contact restriction as an engine stores it: times in epoch ms, the
 * channel `null` for a do-not-contact, evidence and covered profiles as
 * JSON text.
 *
 * @example
 * ```ts
 * const row: ContactRestrictionRow = { id: "cr-1", anchorRecordId: "m-1", kind: "blocked_shop", channel: "zalo", status: "active", at: 1767578400000,
 *   source: "zalo_oa_webhook", evidence: "{}", recordedOn: "p_m-1", covers: "[\"p_m-1\"]", actor: "staff-lan" }
 * ```
 */
export interface ContactRestrictionRow {
  readonly id: string
  readonly anchorRecordId: string
  readonly kind: string
  readonly channel: string | null
  readonly status: string
  readonly at: number
  readonly source: string
  readonly evidence: string
  readonly recordedOn: string
  readonly covers: string
  readonly actor: string | null
}

/**
 * A contact restriction row as a read by profile returns it: with the
 * profile that owns its anchor event now (so one read serves a page of
 * profiles, and merges and splits move the row with its event).
 *
 * @example
 * ```ts
 * const row: OwnedContactRestrictionRow = { id: "cr-1", anchorRecordId: "m-1", kind: "do_not_contact", channel: null, status: "active", at: 1767578400000,
 *   source: "phone_call", evidence: "null", recordedOn: "p_m-1", covers: "[\"p_m-1\"]", actor: "staff-lan", owner: "p_m-1" }
 * ```
 */
export interface OwnedContactRestrictionRow extends ContactRestrictionRow {
  readonly owner: string
}

/**
 * What an engine reads of contact restrictions.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.contactRestrictions.ofProfiles("shop-1", ["p_m-1"]) // => []
 * ```
 */
export interface ContactRestrictionReads {
  /** Rows anchored to an event of these profiles (as the events' owners are now), each with that owner. */
  readonly ofProfiles: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<OwnedContactRestrictionRow>>
}

/**
 * What an engine writes of contact restrictions, inside a transaction.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.transaction("shop-1", (tx) => tx.contactRestrictions.eraseAnchoredTo("shop-1", ["m-1"])) // => 0
 * ```
 */
export interface ContactRestrictionWrites extends ContactRestrictionReads {
  /** Stores new rows (an id already stored is a bug: the service makes fresh ids). */
  readonly insert: (workspaceId: string, rows: ReadonlyArray<ContactRestrictionRow>) => Promise<void>
  /** Deletes the rows anchored to these events (an erasure's); returns how many went. */
  readonly eraseAnchoredTo: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<number>
}

/**
 * Contact restrictions, stored (OUT-5): a person's "do not contact me" and
 * "blocked the shop on Zalo" (and the unblock later), as a time-stamped
 * history read at the message's instant. Each record is anchored to the
 * profile's earliest event, so it follows merges (a record on either
 * merged profile applies to the survivor) and splits (it stays with its
 * event's side); an erasure deletes the person's records with their events.
 * Every record names its actor and writes an audit entry in its transaction.
 *
 * @example
 * ```ts
 * import type { ProfileId, WorkspaceId } from "@kith/core"
 * import { contactRestrictionsAt } from "@kith/privacy"
 * import { Effect } from "effect"
 *
 * const shop = "shop-1" as WorkspaceId
 * const program = Effect.gen(function*() {
 *   yield* (yield* Workspaces).create({ workspaceId: shop })
 *   yield* (yield* EventStore).ingest(shop, [{ type: "identify", messageId: "m-1", timestamp: "2026-01-05T09:00:00+07:00", userId: "u-lan", traits: {} }])
 *   const restrictions = yield* ContactRestrictions
 *   yield* restrictions.record(shop, "p_m-1" as ProfileId, [{ kind: "blocked_shop", channel: "zalo", status: "active" }],
 *     { actor: "zalo-webhook", at: new Date("2026-01-06T02:00:00Z"), source: "zalo_oa" })
 *   return contactRestrictionsAt(yield* restrictions.history(shop, "p_m-1" as ProfileId), new Date("2026-01-07T00:00:00Z"))
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend())))) // => { doNotContact: false, blockedShopOn: ["zalo"] }
 * ```
 */
export class ContactRestrictions extends Context.Service<
  ContactRestrictions,
  {
    /**
     * Records restrictions for a live profile (a merged-away id records for
     * its survivor), anchored to its earliest event; audited. A bad kind,
     * status or channel is `InvalidInput` naming the field, the value and
     * why; nothing is written then.
     */
    readonly record: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      restrictions: ReadonlyArray<ContactRestrictionInput>,
      by: ChangeBy & { readonly source: string; readonly evidence?: unknown }
    ) => Effect.Effect<ReadonlyArray<ContactRestrictionRecord>, UnknownWorkspace | ProfileNotFound | InvalidInput | StorageFailure>
    /** Every record of a profile (both sides' after a merge), oldest first. */
    readonly history: (
      workspaceId: WorkspaceId,
      profileId: ProfileId
    ) => Effect.Effect<ReadonlyArray<ContactRestrictionRecord>, UnknownWorkspace | ProfileNotFound | StorageFailure>
  }
>()("@kith/storage/ContactRestrictions") {}
