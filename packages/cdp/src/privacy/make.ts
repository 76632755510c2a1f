import type { Identifier, ProfileId } from "@kith/core"
import { consentFor, consentState, DEFAULT_PURPOSES } from "@kith/privacy"
import { type ErasureMode, type ErasureReport, Privacy, type StoredProfile } from "@kith/storage"
import { Effect, Result } from "effect"
import { instantOf, isIdentifier, pageRequestOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"
import type { ProfileReference } from "../profile-reference.js"
import type { WorkspaceContext } from "../workspace-context.js"
import type { Actor, AuditApi, ConsentApi, PersonalDataExport, PrivacyApi, RequestsApi } from "./api.js"
import type { CdpPrivacyOptions } from "./options.js"

/**
 * The actor and time of a change, checked: a non-empty actor and a valid `at`.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * Result.isSuccess(actorOf({ actor: "staff-lan", at: new Date("2026-01-05T02:00:00Z") })) // => true
 * Result.isFailure(actorOf({ actor: "", at: new Date("2026-01-05T02:00:00Z") })) // => true
 * ```
 */
export const actorOf = (by: Actor): Result.Result<Actor, InvalidArgument> =>
  typeof by?.actor !== "string" || by.actor.trim() === ""
    ? Result.fail(new InvalidArgument({ field: "actor", reason: `every change to personal data names its actor, got ${JSON.stringify(by?.actor)}` }))
    : Result.map(instantOf("at", by.at), (at) => ({ actor: by.actor, at }))

const sumReports = (mode: ErasureMode, reports: ReadonlyArray<ErasureReport>, suppressed: number, rejectedEvents: number): ErasureReport => ({
  mode,
  profileIds: reports.flatMap((r) => r.profileIds),
  events: reports.reduce((n, r) => n + r.events, 0),
  keptEvents: reports.reduce((n, r) => n + r.keptEvents, 0),
  identifiers: reports.reduce((n, r) => n + r.identifiers, 0),
  ledgerEntries: reports.reduce((n, r) => n + r.ledgerEntries, 0),
  consents: reports.reduce((n, r) => n + r.consents, 0),
  contactRestrictions: reports.reduce((n, r) => n + r.contactRestrictions, 0),
  pipelineItems: reports.reduce((n, r) => n + r.pipelineItems, 0),
  outreachMessages: reports.reduce((n, r) => n + r.outreachMessages, 0),
  rejectedEvents: rejectedEvents + reports.reduce((n, r) => n + r.rejectedEvents, 0),
  suppressed
})

/**
 * `cdp.consent`, `cdp.privacy` and `cdp.audit` on one workspace, as Effects.
 *
 * @param context - the workspace and its stores
 * @param options - the workspace's purposes and holidays
 * @returns the three namespaces
 */
export const makePrivacyNamespaces = Effect.fnUntraced(function* (context: WorkspaceContext, options: CdpPrivacyOptions = {}) {
  const { workspaceId, profiles, resolveProfile } = context
  const privacy = yield* Privacy
  const purposes = options.purposes ?? DEFAULT_PURPOSES
  const erasure = options.erasure ?? "delete"

  const historyOf = (stored: StoredProfile) => privacy.consent.history(workspaceId, stored.profileId)

  const consent: ConsentApi<"effect"> = {
    record: Effect.fn("Cdp.consent.record")(function* (ref, decisions, by) {
      const who = yield* Effect.fromResult(actorOf(by))
      if (!Array.isArray(decisions) || decisions.length === 0) return yield* new InvalidArgument({ field: "decisions", reason: "a non-empty list of { purpose, channel, status }" })
      const stored = yield* resolveProfile(ref)
      return yield* privacy.consent.record(workspaceId, stored.profileId, decisions, { ...who, source: by.source, evidence: by.evidence })
    }),
    state: Effect.fn("Cdp.consent.state")(function* (ref, { asOf }) {
      const at = yield* Effect.fromResult(instantOf("asOf", asOf))
      return consentState(yield* historyOf(yield* resolveProfile(ref)), { asOf: at, purposes })
    }),
    check: Effect.fn("Cdp.consent.check")(function* (ref, question) {
      const at = yield* Effect.fromResult(instantOf("asOf", question?.asOf))
      for (const field of ["purpose", "channel"] as const) {
        if (typeof question[field] !== "string" || question[field] === "") return yield* new InvalidArgument({ field, reason: "a non-empty string" })
      }
      return consentFor(yield* historyOf(yield* resolveProfile(ref)), question.purpose, question.channel, { asOf: at, purposes })
    }),
    history: Effect.fn("Cdp.consent.history")(function* (ref) {
      return yield* historyOf(yield* resolveProfile(ref))
    })
  }

  // The live profiles a reference names: every holder of an identifier (a guard may keep several apart on it).
  const holdersOf = (ref: ProfileReference) =>
    isIdentifier(ref) ? profiles.findAllByIdentifier(workspaceId, ref as Identifier) : Effect.map(resolveProfile(ref), (p) => [p])

  const exportTo = Effect.fn("Cdp.privacy.exportTo")(function* (ref: ProfileReference, write: (chunk: string) => void | Promise<void>, by: Actor) {
    const who = yield* Effect.fromResult(actorOf(by))
    if (typeof write !== "function") return yield* new InvalidArgument({ field: "write", reason: "a function receiving each piece of the document" })
    const stored = yield* resolveProfile(ref)
    return yield* privacy.exportTo(workspaceId, stored.profileId, write, who)
  })

  const list = Effect.fn("Cdp.privacy.requests")(function* (filter: Parameters<RequestsApi<"effect">>[0] = {}) {
    if (filter.overdue === true && filter.asOf === undefined) return yield* new InvalidArgument({ field: "asOf", reason: "overdue is judged at an instant: pass asOf" })
    const asOf = filter.asOf === undefined ? undefined : yield* Effect.fromResult(instantOf("asOf", filter.asOf))
    return yield* privacy.requests.list(workspaceId, { overdue: filter.overdue, asOf, status: filter.status })
  })
  const requests: RequestsApi<"effect"> = Object.assign(list, {
    open: (input: Parameters<RequestsApi<"effect">["open"]>[0]) => privacy.requests.open(workspaceId, { ...input, holidays: options.holidays }),
    close: (id: string, outcome: Parameters<RequestsApi<"effect">["close"]>[1]) => privacy.requests.close(workspaceId, id, outcome)
  })

  const privacyApi: PrivacyApi<"effect"> = {
    erase: Effect.fn("Cdp.privacy.erase")(function* (ref, by) {
      const who = yield* Effect.fromResult(actorOf(by))
      const mode = by.mode ?? erasure
      if (mode !== "delete" && mode !== "anonymize") return yield* new InvalidArgument({ field: "mode", reason: `"delete" or "anonymize", got ${JSON.stringify(mode)}` })
      const holders = yield* holdersOf(ref)
      const asked: ReadonlyArray<Identifier> = isIdentifier(ref) ? [ref as Identifier] : []
      const reports: Array<ErasureReport> = []
      for (const holder of holders) reports.push(yield* privacy.erase(workspaceId, holder.profileId as ProfileId, { ...who, alsoSuppress: asked, mode }))
      if (reports.length > 0) return sumReports(mode, reports, reports.reduce((n, r) => n + r.suppressed, 0), 0)
      // Nobody holds it (yet): the identifier still goes on the list, so a later event cannot create the person.
      const alone = yield* privacy.suppress(workspaceId, asked, who)
      return sumReports(mode, reports, alone.suppressed, alone.rejectedEvents)
    }),
    export: Effect.fn("Cdp.privacy.export")(function* (ref, by) {
      const chunks: Array<string> = []
      yield* exportTo(ref, (chunk) => void chunks.push(chunk), by)
      return JSON.parse(chunks.join("")) as PersonalDataExport
    }),
    exportTo,
    suppressed: () => privacy.suppressed(workspaceId),
    purgeInactive: Effect.fn("Cdp.privacy.purgeInactive")(function* (request) {
      const who = yield* Effect.fromResult(actorOf(request))
      return yield* privacy.purgeInactive(workspaceId, {
        asOf: who.at,
        actor: who.actor,
        inactiveDays: request.inactiveDays,
        dryRun: request.dryRun,
        onProgress: request.onProgress
      })
    }),
    requests
  }

  const audit: AuditApi<"effect"> = {
    list: Effect.fn("Cdp.audit.list")(function* (request = {}) {
      const page = yield* Effect.fromResult(pageRequestOf(request))
      // A profile id is read as given: an erased profile's trail stays listable.
      const target = request.profile === undefined ? undefined : typeof request.profile === "string" ? request.profile : (yield* resolveProfile(request.profile)).profileId
      return yield* privacy.audit.list(workspaceId, { ...page, target, action: request.action })
    })
  }

  return { consent, privacy: privacyApi, audit } as const
})
