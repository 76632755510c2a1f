import { type InvalidInput, type LeadStatus, type ProfileId } from "@kith/core"
import {
  addNote,
  assign,
  createLead,
  createOpportunity,
  funnel,
  IllegalMove,
  type Lead,
  leadMoveBetween,
  moveLead,
  moveOpportunity,
  type Opportunity,
  type OpportunityStatus,
  overdue,
  pipelineMetrics,
  type PipelineRules,
  pipelineRules,
  setCareStatus,
  type SlaPolicy,
  slaPolicy
} from "@kith/pipeline"
import { PipelineConflict, type PipelineItemFilter, type PipelineItems, Pipelines } from "@kith/storage"
import { Effect, Result } from "effect"
import { instantOf, pageRequestOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"
import type { ProfileReference } from "../profile-reference.js"
import type { WorkspaceContext } from "../workspace-context.js"
import type { CareApi, ItemListRequest, LeadsApi, OpportunitiesApi, PeriodRequest, PipelineApi, StaffChange } from "./api.js"
import type { CdpPipelineOptions } from "./options.js"
import { pipelineTimelineOf } from "./timeline.js"

const LEAD_OPEN: ReadonlyArray<LeadStatus> = ["draft", "new", "received", "processed"]
const OPPORTUNITY_OPEN: ReadonlyArray<OpportunityStatus> = ["open", "in_progress"]
const ALL = 1_000

const staffOptions = (change: StaffChange) => ({
  at: change.at,
  actor: { kind: "staff" as const, id: change.actor },
  ...(change.reason === undefined ? {} : { reason: change.reason })
})

const listOf = <S>(value: S | ReadonlyArray<S> | undefined): ReadonlyArray<S> | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? (value as ReadonlyArray<S>) : [value as S]

const periodOf = (period: PeriodRequest): Result.Result<PeriodRequest, InvalidArgument> =>
  Result.flatMap(instantOf("from", period?.from), (from) =>
    Result.flatMap(instantOf("to", period?.to), (to) =>
      from.getTime() < to.getTime() ? Result.succeed({ from, to }) : Result.fail(new InvalidArgument({ field: "to", reason: `must be after from (${from.toISOString()}), got ${to.toISOString()}` }))
    )
  )

/**
 * `cdp.leads`, `cdp.opportunities`, `cdp.care` and `cdp.pipeline` on one
 * workspace, as Effects. The rule settings and SLA policy are decoded once
 * here, in the workspace's timezone and currency unless they name others.
 *
 * @param context - the workspace and its stores
 * @param options - rule settings and SLA policy
 * @returns the four namespaces
 */
export const makePipelineNamespaces = Effect.fnUntraced(function* (context: WorkspaceContext, options: CdpPipelineOptions = {}) {
  const { workspaceId, events, resolveProfile, settings } = context
  const pipelines = yield* Pipelines
  const rules: PipelineRules = yield* Effect.fromResult(pipelineRules({ timeZone: settings.timezone, currency: settings.currency, ...(options.rules ?? {}) }))
  const configuredSla: SlaPolicy | undefined = options.sla === undefined ? undefined : yield* Effect.fromResult(slaPolicy(options.sla))

  // The record a hand-made item is anchored to: the customer's earliest event, so a split gives it to the right side.
  const anchorOf = Effect.fnUntraced(function* (ref: ProfileReference) {
    const stored = yield* resolveProfile(ref)
    // The first page has no cursor to refuse.
    const first = yield* events.listByProfile(workspaceId, stored.profileId, { limit: 1 }).pipe(Effect.catchTag("InvalidCursor", (e) => Effect.die(e)))
    return { profileId: stored.profileId, originRecordId: first.items[0]?.event.messageId ?? stored.profileId }
  })

  // Reads the item, applies the machine's change, writes it against the version read (or the one the caller saw).
  const change = <T extends Lead | Opportunity>(items: PipelineItems<T>, id: string, expectedVersion: number | undefined, apply: (item: T) => Result.Result<T, IllegalMove | InvalidInput>) =>
    Effect.gen(function* () {
      if (typeof id !== "string" || id.length === 0) return yield* new InvalidArgument({ field: "id", reason: "must be a non-empty string" })
      if (expectedVersion !== undefined && !Number.isInteger(expectedVersion)) {
        return yield* new InvalidArgument({ field: "expectedVersion", reason: `must be an integer, got ${String(expectedVersion)}` })
      }
      const item = yield* items.get(workspaceId, id)
      if (expectedVersion !== undefined && expectedVersion !== item.version) {
        return yield* new PipelineConflict({ kind: item.kind, id, expectedVersion, foundVersion: item.version })
      }
      const next = yield* Effect.fromResult(apply(item))
      return yield* items.write(workspaceId, next, item.version)
    })

  const listWith = <T extends Lead | Opportunity>(items: PipelineItems<T>, request: ItemListRequest<string> & { readonly source?: unknown } = {}) =>
    Effect.gen(function* () {
      const page = yield* Effect.fromResult(pageRequestOf(request))
      const from = request.from === undefined ? undefined : yield* Effect.fromResult(instantOf("from", request.from))
      const to = request.to === undefined ? undefined : yield* Effect.fromResult(instantOf("to", request.to))
      if (request.search !== undefined && typeof request.search !== "string") return yield* new InvalidArgument({ field: "search", reason: "must be a string" })
      const profile = request.profile === undefined ? undefined : yield* resolveProfile(request.profile)
      const filter: PipelineItemFilter = {
        statuses: listOf(request.status),
        sources: listOf(request.source as string | ReadonlyArray<string> | undefined),
        assignee: request.assignee,
        profileIds: profile === undefined ? undefined : [profile.profileId],
        createdFrom: from,
        createdTo: to,
        text: request.search === undefined || request.search.trim() === "" ? undefined : request.search
      }
      return yield* items.list(workspaceId, { ...filter, ...page })
    })

  // Every item of a kind matching the filter, page after page.
  const everything = <T extends Lead | Opportunity>(items: PipelineItems<T>, filter: PipelineItemFilter) =>
    Effect.gen(function* () {
      const out: Array<T> = []
      let cursor: string | undefined
      do {
        const page = yield* items.list(workspaceId, { ...filter, limit: ALL, cursor })
        out.push(...page.items)
        cursor = page.nextCursor
      } while (cursor !== undefined)
      return out
    }).pipe(Effect.catchTag("InvalidCursor", (e) => Effect.die(e)))

  const cohortOf = (period: PeriodRequest) =>
    Effect.all({
      leads: everything(pipelines.leads, { createdFrom: period.from, createdTo: period.to }),
      opportunities: everything(pipelines.opportunities, { createdFrom: period.from, createdTo: period.to })
    })

  const sharedOf = <T extends Lead | Opportunity>(items: PipelineItems<T>, name: string) => ({
    get: Effect.fn(`Cdp.${name}.get`)(function* (id: string) {
      if (typeof id !== "string" || id.length === 0) return yield* new InvalidArgument({ field: "id", reason: "must be a non-empty string" })
      return yield* items.get(workspaceId, id)
    }),
    note: Effect.fn(`Cdp.${name}.note`)(function* (id: string, note: Parameters<LeadsApi<"effect">["note"]>[1]) {
      return yield* change(items, id, note.expectedVersion, (item) => addNote(item, { at: note.at, authorId: note.author, text: note.text }))
    }),
    assign: Effect.fn(`Cdp.${name}.assign`)(function* (id: string, staffId: string | null, by: StaffChange) {
      return yield* change(items, id, by.expectedVersion, (item) => assign(item, staffId, staffOptions(by)))
    })
  })

  const leads: LeadsApi<"effect"> = {
    ...sharedOf(pipelines.leads, "leads"),
    list: Effect.fn("Cdp.leads.list")(function* (request) {
      return yield* listWith(pipelines.leads, request)
    }),
    create: Effect.fn("Cdp.leads.create")(function* (input) {
      const anchor = yield* anchorOf(input.profile)
      const lead = yield* Effect.fromResult(
        createLead({
          id: input.id ?? `lead_${crypto.randomUUID()}`,
          ...anchor,
          source: input.source,
          ...staffOptions(input),
          ...(input.draft === undefined ? {} : { draft: input.draft }),
          ...(input.assignee === undefined ? {} : { assignee: input.assignee }),
          ...(input.details === undefined ? {} : { details: input.details })
        })
      )
      return yield* pipelines.leads.write(workspaceId, lead, 0)
    }),
    move: Effect.fn("Cdp.leads.move")(function* (id, to, by) {
      return yield* change(pipelines.leads, id, by.expectedVersion, (lead) => {
        const action = leadMoveBetween(lead.status, to)
        return action === undefined
          ? Result.fail(new IllegalMove({ machine: "lead", itemId: lead.id, state: lead.status, action: `move to ${String(to)}`, reason: "no action of the lead machine leads there" }))
          : moveLead(lead, action, staffOptions(by))
      })
    })
  }

  const opportunities: OpportunitiesApi<"effect"> = {
    ...sharedOf(pipelines.opportunities, "opportunities"),
    list: Effect.fn("Cdp.opportunities.list")(function* (request) {
      return yield* listWith(pipelines.opportunities, request)
    }),
    create: Effect.fn("Cdp.opportunities.create")(function* (input) {
      const anchor = yield* anchorOf(input.profile)
      const opportunity = yield* Effect.fromResult(
        createOpportunity({
          id: input.id ?? `opp_${crypto.randomUUID()}`,
          ...anchor,
          ...staffOptions(input),
          currency: input.currency ?? rules.currency,
          ...(input.potential === undefined ? {} : { potential: input.potential }),
          ...(input.assignee === undefined ? {} : { assignee: input.assignee }),
          ...(input.cartValue === undefined ? {} : { cartValue: input.cartValue })
        })
      )
      return yield* pipelines.opportunities.write(workspaceId, opportunity, 0)
    }),
    move: Effect.fn("Cdp.opportunities.move")(function* (id, move, by) {
      return yield* change(pipelines.opportunities, id, by.expectedVersion, (opportunity) => moveOpportunity(opportunity, move, staffOptions(by)))
    }),
    metrics: Effect.fn("Cdp.opportunities.metrics")(function* (request) {
      const period = yield* Effect.fromResult(periodOf(request))
      return pipelineMetrics(yield* cohortOf(period), period).opportunities
    })
  }

  const care: CareApi<"effect"> = {
    get: Effect.fn("Cdp.care.get")(function* (ref) {
      const stored = yield* resolveProfile(ref)
      return yield* pipelines.care.get(workspaceId, stored.profileId)
    }),
    set: Effect.fn("Cdp.care.set")(function* (ref, status, by) {
      const anchor = yield* anchorOf(ref)
      const held = yield* pipelines.care.get(workspaceId, anchor.profileId)
      if (by.expectedVersion !== undefined && by.expectedVersion !== held.version) {
        return yield* new PipelineConflict({ kind: "care", id: anchor.profileId, expectedVersion: by.expectedVersion, foundVersion: held.version })
      }
      const next = yield* Effect.fromResult(setCareStatus(held, status, { ...staffOptions(by), recordId: anchor.originRecordId }))
      return yield* pipelines.care.write(workspaceId, next, held.version)
    })
  }

  const pipeline: PipelineApi<"effect"> = {
    follow: () => pipelines.follow(workspaceId, { rules }),
    metrics: Effect.fn("Cdp.pipeline.metrics")(function* (request) {
      const period = yield* Effect.fromResult(periodOf(request))
      return pipelineMetrics(yield* cohortOf(period), period)
    }),
    funnel: Effect.fn("Cdp.pipeline.funnel")(function* (request) {
      const period = yield* Effect.fromResult(periodOf(request))
      const cohort = yield* cohortOf(period)
      // Opportunities won in the period may have been created before it: the funnel reads those too.
      const wonBefore = yield* everything(pipelines.opportunities, { statuses: ["won"], createdTo: period.from })
      const activity = yield* pipelines.activity(workspaceId, period)
      return funnel({ ...activity, leads: cohort.leads, opportunities: [...cohort.opportunities, ...wonBefore] }, period)
    }),
    overdue: Effect.fn("Cdp.pipeline.overdue")(function* (request) {
      const asOf = yield* Effect.fromResult(instantOf("asOf", request?.asOf))
      const policy = request.sla === undefined ? configuredSla : yield* Effect.fromResult(slaPolicy(request.sla))
      if (policy === undefined) return yield* new InvalidArgument({ field: "sla", reason: "no SLA policy: pass one here or in the options' pipeline.sla" })
      const open = yield* Effect.all([everything(pipelines.leads, { statuses: LEAD_OPEN }), everything(pipelines.opportunities, { statuses: OPPORTUNITY_OPEN })])
      return overdue([...open[0], ...open[1]], { asOf, policy })
    }),
    timeline: Effect.fn("Cdp.pipeline.timeline")(function* (ref) {
      const stored = yield* resolveProfile(ref)
      return pipelineTimelineOf(yield* pipelines.ofProfile(workspaceId, stored.profileId as ProfileId))
    })
  }

  return { leads, opportunities, care, pipeline } as const
})
