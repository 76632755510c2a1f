import { InvalidInput } from "@kith/core"
import { OutreachChannels } from "@kith/outreach"
import { type ContactRestrictionRecord, ContactRestrictionKinds, ContactRestrictionStatuses } from "@kith/privacy"
import { Effect } from "effect"
import { inWorkspace, isStorableKey, liveProfileRow, requireWorkspace } from "../lookups.js"
import { type ContactRestrictionInput, type ContactRestrictionRow, ContactRestrictions } from "../port/contact-restrictions.js"
import { ProfileNotFound } from "../port/profiles.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { attempt } from "./attempt.js"
import type { ServiceContext } from "./service-context.js"

const SUBJECT = "contact restriction"

/**
 * A stored contact restriction row as the privacy feature's record.
 *
 * @example
 * ```ts
 * const row: ContactRestrictionRow = { id: "cr-1", anchorRecordId: "m-1", kind: "blocked_shop", channel: "zalo", status: "active", at: 1767578400000,
 *   source: "zalo_oa", evidence: "null", recordedOn: "p_m-1", covers: "[\"p_m-1\"]", actor: "staff-lan" }
 * contactRestrictionOf(row).at // => new Date("2026-01-05T02:00:00.000Z")
 * ```
 */
export const contactRestrictionOf = (row: ContactRestrictionRow): ContactRestrictionRecord => ({
  id: row.id,
  kind: row.kind as ContactRestrictionRecord["kind"],
  ...(row.channel === null ? {} : { channel: row.channel }),
  status: row.status as ContactRestrictionRecord["status"],
  at: new Date(row.at),
  source: row.source,
  evidence: JSON.parse(row.evidence) as unknown,
  recordedOn: row.recordedOn,
  covers: JSON.parse(row.covers) as Array<string>,
  anchorRecordId: row.anchorRecordId,
  ...(row.actor === null ? {} : { actor: row.actor })
})

/**
 * Contact restriction rows oldest first (ties by id), the order a person's history is read in.
 *
 * @example
 * ```ts
 * [...rows].sort(restrictionsByTime)
 * ```
 */
export const restrictionsByTime = (a: ContactRestrictionRow, b: ContactRestrictionRow): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const problem = (path: string, message: string): InvalidInput => new InvalidInput({ subject: SUBJECT, issues: [{ path, message }] })

/**
 * The problems of restrictions to record, each naming its field, the value
 * found and why it is refused: a kind other than `do_not_contact` or
 * `blocked_shop`, a status other than `active` or `lifted`, a block without
 * an outreach channel, a do-not-contact with one (it covers every channel).
 *
 * @param restrictions - what a caller asked to record
 * @returns every problem, empty when all can be recorded
 *
 * @example
 * ```ts
 * restrictionProblems([{ kind: "blocked_shop", channel: "fax", status: "active" }])
 * // => [{ path: "restrictions[0].channel", message: "a block is on one outreach channel (chat, zalo, sms, email, call), got \"fax\"" }]
 * restrictionProblems([{ kind: "do_not_contact", status: "active" }]) // => []
 * ```
 */
export const restrictionProblems = (restrictions: ReadonlyArray<ContactRestrictionInput>): Array<{ readonly path: string; readonly message: string }> => {
  const out: Array<{ readonly path: string; readonly message: string }> = []
  restrictions.forEach((r, i) => {
    const at = `restrictions[${i}]`
    if (typeof r !== "object" || r === null) return void out.push({ path: at, message: `a { kind, status, channel? }, got ${JSON.stringify(r)}` })
    if (!(ContactRestrictionKinds as ReadonlyArray<unknown>).includes(r.kind)) out.push({ path: `${at}.kind`, message: `one of ${ContactRestrictionKinds.join(", ")}, got ${JSON.stringify(r.kind)}` })
    if (!(ContactRestrictionStatuses as ReadonlyArray<unknown>).includes(r.status)) out.push({ path: `${at}.status`, message: `one of ${ContactRestrictionStatuses.join(", ")}, got ${JSON.stringify(r.status)}` })
    if (r.kind === "blocked_shop" && !(OutreachChannels as ReadonlyArray<unknown>).includes(r.channel)) {
      out.push({ path: `${at}.channel`, message: `a block is on one outreach channel (${OutreachChannels.join(", ")}), got ${JSON.stringify(r.channel)}` })
    }
    if (r.kind === "do_not_contact" && r.channel !== undefined) out.push({ path: `${at}.channel`, message: `a do-not-contact covers every channel: leave channel out, got ${JSON.stringify(r.channel)}` })
  })
  return out
}

/**
 * The {@link ContactRestrictions} service on an engine.
 *
 * @example
 * ```ts
 * const restrictions = makeContactRestrictions(context)
 * ```
 */
export const makeContactRestrictions = ({ backend }: ServiceContext): ContactRestrictions["Service"] =>
  ContactRestrictions.of({
    record: Effect.fn("ContactRestrictions.record")(function* (workspaceId, profileId, restrictions, by) {
      return yield* attempt("ContactRestrictions.record", [UnknownWorkspace, ProfileNotFound, InvalidInput], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          if (typeof by.actor !== "string" || by.actor.trim() === "" || !isStorableKey(by.actor)) throw problem("actor", `every change names its actor, got ${JSON.stringify(by.actor)}`)
          if (!(by.at instanceof Date) || Number.isNaN(by.at.getTime())) throw problem("at", `a valid Date, got ${String(by.at)}`)
          if (typeof by.source !== "string" || by.source.trim() === "" || !isStorableKey(by.source)) {
            throw problem("source", `say where it came from (a webhook, a call, a form), got ${JSON.stringify(by.source)}`)
          }
          if (!Array.isArray(restrictions) || restrictions.length === 0) throw problem("restrictions", "a non-empty list of { kind, status, channel? }")
          const problems = restrictionProblems(restrictions)
          if (problems.length > 0) throw new InvalidInput({ subject: SUBJECT, issues: problems })
          const live = await liveProfileRow(tx, workspaceId, profileId)
          const [anchor] = await tx.events.ofProfile(workspaceId, live.profileId, undefined, 1)
          if (anchor === undefined) throw new ProfileNotFound({ workspaceId, profileId })
          const covers = JSON.stringify([live.profileId, ...(await tx.profiles.mergedInto(workspaceId, live.profileId))])
          const evidence = JSON.stringify(by.evidence ?? null)
          // One id per call, numbered: records made at the same instant read back in the order given.
          const call = crypto.randomUUID()
          const rows: Array<ContactRestrictionRow> = restrictions.map((r, i) => ({
            id: `restriction_${call}_${String(i).padStart(4, "0")}`,
            anchorRecordId: anchor.messageId,
            kind: r.kind,
            channel: r.kind === "blocked_shop" ? (r.channel ?? null) : null,
            status: r.status,
            at: by.at.getTime(),
            source: by.source,
            evidence,
            recordedOn: live.profileId,
            covers,
            actor: by.actor
          }))
          await tx.contactRestrictions.insert(workspaceId, rows)
          await tx.privacy.appendAudit(workspaceId, [
            {
              at: by.at.getTime(),
              actor: by.actor,
              action: "contact.restrict",
              target: live.profileId,
              details: JSON.stringify({ restrictions: restrictions.map((r) => ({ kind: r.kind, ...(r.channel === undefined ? {} : { channel: r.channel }), status: r.status })), source: by.source })
            }
          ])
          return rows.map(contactRestrictionOf)
        })
      )
    }),
    history: Effect.fn("ContactRestrictions.history")(function* (workspaceId, profileId) {
      return yield* attempt("ContactRestrictions.history", [UnknownWorkspace, ProfileNotFound], async () => {
        await requireWorkspace(backend.read, workspaceId)
        const live = await liveProfileRow(backend.read, workspaceId, profileId)
        return [...(await backend.read.contactRestrictions.ofProfiles(workspaceId, [live.profileId]))].sort(restrictionsByTime).map(contactRestrictionOf)
      })
    })
  })
