import { decodeConsentUpdated, InvalidInput } from "@kith/core"
import { normalizeValue } from "@kith/identity"
import {
  type AuditAction,
  type AuditEntry,
  type DataSubjectRequest,
  isOverdue,
  isPurgeable,
  namesAny,
  REQUEST_KINDS,
  type RequestKind,
  requestDeadlines,
  retentionCutoff
} from "@kith/privacy"
import { ordersAt, summaryToJson } from "@kith/profile"
import { Effect, Result } from "effect"
import type { StorageWrites } from "../backend.js"
import { inWorkspace, isStorableKey, liveProfileRow, requireWorkspace } from "../lookups.js"
import { InvalidCursor } from "../port/page.js"
import { type AuditRow, type ConsentRow, Privacy, type PurgeReport, RequestNotFound, type RequestRow } from "../port/privacy.js"
import { ProfileNotFound } from "../port/profiles.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { parseSummary } from "../profile-state.js"
import { attempt } from "./attempt.js"
import { parseLedgerCursor } from "./cursors.js"
import { pageOf } from "./paging.js"
import { eraseProfileIn, eraseRejected, eventsOfProfile, normalizedOf, suppressIdentifiers } from "./privacy-erasure.js"
import type { ServiceContext } from "./service-context.js"
import { storedProfileOf } from "./stored-profile.js"
import { byTime, consentOf } from "./consent-rows.js"
import { contactRestrictionOf, restrictionsByTime } from "./contact-restrictions.js"

// Identifier types that name no one: a profile holding only these is an anonymous visitor.
const ANONYMOUS_TYPES = new Set(["anonymous_id", "device_id"])
const SCAN = 500
const LEDGER_PAGE = 1_000

const auditOf = (row: AuditRow): AuditEntry => ({
  seq: row.seq,
  at: new Date(row.at),
  actor: row.actor,
  action: row.action as AuditAction,
  target: row.target,
  details: JSON.parse(row.details) as Record<string, unknown>
})

const requestOf = (row: RequestRow): DataSubjectRequest => ({
  id: row.id,
  kind: row.kind as RequestKind,
  subject: JSON.parse(row.subject) as DataSubjectRequest["subject"],
  receivedAt: new Date(row.receivedAt),
  answerBy: new Date(row.answerBy),
  ...(row.stopBy === null ? {} : { stopBy: new Date(row.stopBy) }),
  status: row.status as DataSubjectRequest["status"],
  ...(row.closedAt === null ? {} : { closedAt: new Date(row.closedAt) }),
  ...(row.note === null ? {} : { note: row.note }),
  actor: row.actor
})

const invalid = (subject: string, path: string, message: string): InvalidInput => new InvalidInput({ subject, issues: [{ path, message }] })

const audit = (tx: StorageWrites, workspaceId: string, at: Date, actor: string, action: AuditAction, target: string, details: Record<string, unknown>) =>
  tx.privacy.appendAudit(workspaceId, [{ at: at.getTime(), actor, action, target, details: JSON.stringify(details) }])

const checkActor = (subject: string, actor: unknown, at: unknown): void => {
  if (typeof actor !== "string" || actor.trim() === "" || !isStorableKey(actor)) throw invalid(subject, "actor", `every change names its actor, got ${JSON.stringify(actor)}`)
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw invalid(subject, "at", "must be a valid Date")
}

/**
 * The {@link Privacy} service on an engine.
 *
 * @example
 * ```ts
 * const privacy = makePrivacy(context)
 * ```
 */
export const makePrivacy = ({ backend, policy }: ServiceContext): Privacy["Service"] => {
  const reads = backend.read

  // What an export says of one person, written in pieces: the head, then events a page at a time, then the rest.
  const writeExport = async (workspaceId: string, profileId: string, write: (chunk: string) => void | Promise<void>, at: Date) => {
    const live = await liveProfileRow(reads, workspaceId, profileId)
    const stored = await storedProfileOf(reads, workspaceId, live)
    let bytes = 0
    const put = async (chunk: string) => {
      bytes += chunk.length
      await write(chunk)
    }
    const profile = {
      profileId: stored.profileId,
      mergedIds: stored.mergedIds,
      createdAt: new Date(stored.createdAt).toISOString(),
      identifiers: stored.identifiers,
      traits: stored.traits,
      summary: summaryToJson(stored.summary)
    }
    await put(`{"kind":"kith.personal-data-export","version":1,"workspaceId":${JSON.stringify(workspaceId)},"exportedAt":${JSON.stringify(at.toISOString())},"profile":${JSON.stringify(profile)},"events":[`)
    const messageIds: Array<string> = []
    let first = true
    for (const row of await eventsOfProfile(reads, workspaceId, live.profileId)) {
      messageIds.push(row.messageId)
      await put(`${first ? "" : ","}${row.payload}`)
      first = false
    }
    const consents = [...(await reads.privacy.consentOfProfiles(workspaceId, [live.profileId]))].sort(byTime).map(consentOf)
    const restrictions = [...(await reads.contactRestrictions.ofProfiles(workspaceId, [live.profileId]))].sort(restrictionsByTime).map(contactRestrictionOf)
    const pipeline = (await reads.pipeline.ofProfiles(workspaceId, [live.profileId])).map((r) => JSON.parse(r.body) as unknown)
    const care = (await reads.pipeline.care(workspaceId, [live.profileId])).map((r) => JSON.parse(r.body) as unknown)
    const names = new Set([...stored.mergedIds, live.profileId, ...messageIds])
    const ledger: Array<unknown> = []
    for (let after = 0; ; ) {
      const page = await reads.identity.ledger(workspaceId, after, LEDGER_PAGE)
      for (const row of page) {
        const entry = JSON.parse(row.entry) as unknown
        if (namesAny(entry, names)) ledger.push({ seq: row.seq, ...(entry as object) })
      }
      if (page.length < LEDGER_PAGE) break
      after = page.at(-1)!.seq
    }
    const requests = (await reads.privacy.requests(workspaceId)).filter((r) => namesAny(JSON.parse(r.subject), new Set([...names, ...stored.identifiers.map((i) => i.value)]))).map(requestOf)
    const trail = (await reads.privacy.audit(workspaceId, { afterSeq: 0, limit: Number.MAX_SAFE_INTEGER })).filter((r) => names.has(r.target)).map(auditOf)
    await put(`],"consents":${JSON.stringify(consents)},"contactRestrictions":${JSON.stringify(restrictions)},"pipeline":${JSON.stringify({ items: pipeline, care })},"ledger":${JSON.stringify(ledger)},"requests":${JSON.stringify(requests)},"audit":${JSON.stringify(trail)}}`)
    return { bytes, events: messageIds.length, profileId: live.profileId }
  }

  const purge = async (workspaceId: string, options: Parameters<Privacy["Service"]["purgeInactive"]>[1]): Promise<PurgeReport> => {
    checkActor("retention run", options.actor, options.asOf)
    if (!Number.isInteger(options.inactiveDays) || options.inactiveDays < 1) {
      throw invalid("retention run", "inactiveDays", `a positive whole number of days, got ${String(options.inactiveDays)}`)
    }
    await requireWorkspace(reads, workspaceId)
    const cutoff = retentionCutoff(options.asOf, options.inactiveDays)
    const dryRun = options.dryRun === true
    let scanned = 0
    const selected: Array<string> = []
    for (let afterId: string | undefined; ; ) {
      const page = await reads.profiles.list(workspaceId, { stage: "visitor", afterId, limit: SCAN })
      scanned += page.length
      const old = page.filter((p) => p.lastRecordAt < cutoff.getTime())
      const identifiers = old.length === 0 ? [] : await reads.identity.identifiersOf(workspaceId, old.map((p) => p.profileId))
      const named = new Set(identifiers.filter((i) => !ANONYMOUS_TYPES.has(i.type)).map((i) => i.profileId))
      for (const p of old) {
        const facts = { hasContact: named.has(p.profileId), hasOrder: ordersAt(parseSummary(p.summary), options.asOf).length > 0, lastActivityAt: new Date(p.lastRecordAt) }
        if (isPurgeable(facts, cutoff)) selected.push(p.profileId)
      }
      options.onProgress?.({ scanned, selected: selected.length })
      if (page.length < SCAN) break
      afterId = page.at(-1)!.profileId
    }
    return inWorkspace(backend, workspaceId, async (tx) => {
      let events = 0
      const purged: Array<string> = []
      for (const profileId of selected) {
        const [row] = await tx.profiles.get(workspaceId, [profileId])
        // Re-checked in the transaction: a visitor who came back since the scan stays.
        if (row === undefined || row.mergedInto !== null || row.lastRecordAt >= cutoff.getTime()) continue
        purged.push(profileId)
        if (dryRun) events += (await eventsOfProfile(tx, workspaceId, profileId)).length
        else events += (await eraseProfileIn(tx, workspaceId, row, { mode: "delete", suppress: false, alsoSuppress: [], at: options.asOf.getTime(), policy })).events
      }
      await audit(tx, workspaceId, options.asOf, options.actor, "privacy.purge", "workspace", {
        dryRun,
        inactiveDays: options.inactiveDays,
        cutoff: cutoff.toISOString(),
        scanned,
        profiles: purged.length,
        events
      })
      return { dryRun, cutoff, scanned, profileIds: purged, events }
    })
  }

  return Privacy.of({
    consent: {
      record: Effect.fn("Privacy.consent.record")(function* (workspaceId, profileId, decisions, by) {
        return yield* attempt("Privacy.consent.record", [UnknownWorkspace, ProfileNotFound, InvalidInput], () =>
          inWorkspace(backend, workspaceId, async (tx) => {
            await requireWorkspace(tx, workspaceId)
            checkActor("consent", by.actor, by.at)
            if (typeof by.source !== "string" || by.source.trim() === "") throw invalid("consent", "source", "say where the decision came from (a form, a chat, a call)")
            const decoded = decodeConsentUpdated({ decisions, source: by.source, ...(by.evidence === undefined ? {} : { evidence: by.evidence }) })
            if (Result.isFailure(decoded)) throw decoded.failure
            const live = await liveProfileRow(tx, workspaceId, profileId)
            const [anchor] = await tx.events.ofProfile(workspaceId, live.profileId, undefined, 1)
            if (anchor === undefined) throw new ProfileNotFound({ workspaceId, profileId })
            const covers = JSON.stringify([live.profileId, ...(await tx.profiles.mergedInto(workspaceId, live.profileId))])
            const rows: Array<ConsentRow> = decoded.success.decisions.map((d) => ({
              id: `consent_${crypto.randomUUID()}`,
              anchorRecordId: anchor.messageId,
              purpose: d.purpose,
              channel: d.channel,
              status: d.status,
              at: by.at.getTime(),
              source: by.source,
              evidence: JSON.stringify(by.evidence ?? null),
              expiresAt: d.expiresAt?.getTime() ?? null,
              recordedOn: live.profileId,
              covers,
              actor: by.actor
            }))
            await tx.privacy.insertConsent(workspaceId, rows)
            await audit(tx, workspaceId, by.at, by.actor, "consent.record", live.profileId, {
              decisions: decoded.success.decisions.map((d) => ({ purpose: d.purpose, channel: d.channel, status: d.status })),
              source: by.source
            })
            return rows.map(consentOf)
          })
        )
      }),
      history: Effect.fn("Privacy.consent.history")(function* (workspaceId, profileId) {
        return yield* attempt("Privacy.consent.history", [UnknownWorkspace, ProfileNotFound], async () => {
          await requireWorkspace(reads, workspaceId)
          const live = await liveProfileRow(reads, workspaceId, profileId)
          return [...(await reads.privacy.consentOfProfiles(workspaceId, [live.profileId]))].sort(byTime).map(consentOf)
        })
      })
    },
    erase: Effect.fn("Privacy.erase")(function* (workspaceId, profileId, by) {
      return yield* attempt("Privacy.erase", [UnknownWorkspace, ProfileNotFound, InvalidInput], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          checkActor("erasure", by.actor, by.at)
          const mode = by.mode ?? "delete"
          if (mode !== "delete" && mode !== "anonymize") throw invalid("erasure", "mode", `"delete" or "anonymize", got ${JSON.stringify(mode)}`)
          const live = await liveProfileRow(tx, workspaceId, profileId)
          const alsoSuppress = normalizedOf(by.alsoSuppress ?? [], policy)
          const report = await eraseProfileIn(tx, workspaceId, live, { mode, suppress: true, alsoSuppress, at: by.at.getTime(), policy })
          // The trail names the profile and counts, never a value the person held.
          await audit(tx, workspaceId, by.at, by.actor, "privacy.erase", live.profileId, { ...report })
          return report
        })
      )
    }),
    suppress: Effect.fn("Privacy.suppress")(function* (workspaceId, identifiers, by) {
      return yield* attempt("Privacy.suppress", [UnknownWorkspace, InvalidInput], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          checkActor("suppression", by.actor, by.at)
          const normalized = normalizedOf(identifiers, policy)
          const suppressed = await suppressIdentifiers(tx, workspaceId, normalized, by.at.getTime())
          const rejectedEvents = await eraseRejected(tx, workspaceId, normalized, policy)
          // The trail names the identifier types, never their values.
          await audit(tx, workspaceId, by.at, by.actor, "privacy.erase", "workspace", { suppressed, rejectedEvents, types: normalized.map((i) => i.type) })
          return { suppressed, rejectedEvents }
        })
      )
    }),
    suppressed: Effect.fn("Privacy.suppressed")(function* (workspaceId) {
      return yield* attempt("Privacy.suppressed", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        const rows = await reads.privacy.suppressions(workspaceId)
        return {
          entries: rows.map((r) => ({ key: r.key, type: r.type, createdAt: new Date(r.createdAt), hits: r.hits, ...(r.lastHitAt === null ? {} : { lastHitAt: new Date(r.lastHitAt) }) })),
          stoppedEvents: await reads.privacy.stoppedEvents(workspaceId)
        }
      })
    }),
    exportTo: Effect.fn("Privacy.exportTo")(function* (workspaceId, profileId, write, by) {
      return yield* attempt("Privacy.exportTo", [UnknownWorkspace, ProfileNotFound, InvalidInput], async () => {
        await requireWorkspace(reads, workspaceId)
        checkActor("export", by.actor, by.at)
        const written = await writeExport(workspaceId, profileId, write, by.at)
        await inWorkspace(backend, workspaceId, (tx) => audit(tx, workspaceId, by.at, by.actor, "privacy.export", written.profileId, { events: written.events, bytes: written.bytes }))
        return { bytes: written.bytes, events: written.events }
      })
    }),
    purgeInactive: Effect.fn("Privacy.purgeInactive")(function* (workspaceId, options) {
      return yield* attempt("Privacy.purgeInactive", [UnknownWorkspace, InvalidInput], () => purge(workspaceId, options))
    }),
    requests: {
      open: Effect.fn("Privacy.requests.open")(function* (workspaceId, input) {
        return yield* attempt("Privacy.requests.open", [UnknownWorkspace, InvalidInput], () =>
          inWorkspace(backend, workspaceId, async (tx) => {
            const ws = await requireWorkspace(tx, workspaceId)
            checkActor("data-subject request", input.actor, input.receivedAt)
            if (!REQUEST_KINDS.includes(input.kind)) throw invalid("data-subject request", "kind", `one of ${REQUEST_KINDS.join(", ")}, got ${JSON.stringify(input.kind)}`)
            if (typeof input.id !== "string" || input.id.trim() === "" || !isStorableKey(input.id)) throw invalid("data-subject request", "id", "a non-empty id")
            const subject = input.subject as { readonly type?: unknown; readonly value?: unknown; readonly profileId?: unknown }
            let stored: DataSubjectRequest["subject"]
            if (typeof subject?.profileId === "string") stored = { profileId: subject.profileId }
            else if (typeof subject?.type === "string" && typeof subject.value === "string") {
              // Kept normalized, so an erasure of the person finds it (and the export lists it).
              const value = normalizeValue(subject.type, subject.value, policy)
              stored = { type: subject.type, value: typeof value === "string" ? value : subject.value }
            } else throw invalid("data-subject request", "subject", "an identifier { type, value } or { profileId }")
            const deadlines = requestDeadlines(input.kind, input.receivedAt, { timeZone: ws.timeZone, holidays: input.holidays })
            const row: RequestRow = {
              id: input.id,
              kind: input.kind,
              subject: JSON.stringify(stored),
              receivedAt: input.receivedAt.getTime(),
              answerBy: deadlines.answerBy.getTime(),
              stopBy: deadlines.stopBy?.getTime() ?? null,
              status: "open",
              closedAt: null,
              note: input.note ?? null,
              actor: input.actor
            }
            await tx.privacy.putRequest(workspaceId, row)
            await audit(tx, workspaceId, input.receivedAt, input.actor, "privacy.request", "profileId" in stored ? stored.profileId : "workspace", { id: input.id, kind: input.kind })
            return requestOf(row)
          })
        )
      }),
      close: Effect.fn("Privacy.requests.close")(function* (workspaceId, id, outcome) {
        return yield* attempt("Privacy.requests.close", [UnknownWorkspace, RequestNotFound], () =>
          inWorkspace(backend, workspaceId, async (tx) => {
            await requireWorkspace(tx, workspaceId)
            const held = (await tx.privacy.requests(workspaceId)).find((r) => r.id === id)
            if (held === undefined) throw new RequestNotFound({ id })
            const row: RequestRow = { ...held, status: outcome.status, closedAt: outcome.at.getTime(), note: outcome.note ?? held.note }
            await tx.privacy.putRequest(workspaceId, row)
            await audit(tx, workspaceId, outcome.at, outcome.actor, "privacy.request.close", "workspace", { id, status: outcome.status })
            return requestOf(row)
          })
        )
      }),
      list: Effect.fn("Privacy.requests.list")(function* (workspaceId, filter) {
        return yield* attempt("Privacy.requests.list", [UnknownWorkspace], async () => {
          await requireWorkspace(reads, workspaceId)
          const all = (await reads.privacy.requests(workspaceId)).map(requestOf)
          return all.filter(
            (r) => (filter.status === undefined || r.status === filter.status) && (filter.overdue !== true || isOverdue(r, filter.asOf ?? new Date(0)))
          )
        })
      })
    },
    audit: {
      append: Effect.fn("Privacy.audit.append")(function* (workspaceId, entries) {
        return yield* attempt("Privacy.audit.append", [UnknownWorkspace], () =>
          inWorkspace(backend, workspaceId, async (tx) => {
            await requireWorkspace(tx, workspaceId)
            await tx.privacy.appendAudit(
              workspaceId,
              entries.map((e) => ({ at: e.at.getTime(), actor: e.actor, action: e.action, target: e.target, details: JSON.stringify(e.details) }))
            )
          })
        )
      }),
      list: Effect.fn("Privacy.audit.list")(function* (workspaceId, request) {
        return yield* attempt("Privacy.audit.list", [UnknownWorkspace, InvalidCursor], async () => {
          const after = parseLedgerCursor(request.cursor)
          await requireWorkspace(reads, workspaceId)
          const rows = await reads.privacy.audit(workspaceId, { afterSeq: after, limit: request.limit, target: request.target, action: request.action })
          return pageOf(rows, request.limit, (r) => String(r.seq), rows.map(auditOf))
        })
      })
    }
  })
}

