import type { InvalidInput, ProfileId } from "@kith/core"
import {
  checkSegmentReferences,
  compileRule,
  decodeRuleResult,
  evaluate,
  explain,
  MissingRfmCutoffs,
  nextChange,
  type SegmentContext,
  type SegmentInputs,
  type SegmentRule,
  segmentReferencesOf,
  templateRuleResult,
  UnknownSegmentReference
} from "@kith/segments"
import { type MembershipChange, type MembershipRefresh, SegmentInputsStore, SegmentNotFound, Segments, StorageFailure, type StoredSegment } from "@kith/storage"
import { Effect, Result } from "effect"
import { instantOf, pageRequestOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"
import type { WorkspaceContext } from "../workspace-context.js"
import { type DueOutcome, type RefreshProgress, type SegmentRuleInput, type SegmentsApi } from "./api.js"
import type { CdpSegmentsOptions } from "./options.js"

// Due pairs per pass of refreshDue.
const PAGE = 1_000
// Profiles per page when a refresh schedules the segment: their inputs are held in memory at once.
const SCHEDULE_PAGE = 5_000
// The rule every live profile matches: counting it counts the live profiles.
const EVERYONE: SegmentRule = { version: 1, rule: { all: [] } }

const textOf = (field: string, value: unknown): Result.Result<string, InvalidArgument> =>
  typeof value === "string" && value.trim() !== ""
    ? Result.succeed(value)
    : Result.fail(new InvalidArgument({ field, reason: `a non-empty string, got ${JSON.stringify(value)}` }))

// Exactly one of a rule document and a template names the rule.
const ruleOf = (input: SegmentRuleInput): Result.Result<SegmentRule, InvalidArgument | InvalidInput> => {
  const hasRule = input.rule !== undefined
  const hasTemplate = input.template !== undefined
  if (hasRule === hasTemplate) {
    return Result.fail(new InvalidArgument({ field: "rule", reason: "give a rule document (rule) or a template (template, params), not both or neither" }))
  }
  if (hasRule) return decodeRuleResult(input.rule)
  if (typeof input.template !== "string") return Result.fail(new InvalidArgument({ field: "template", reason: `a template id, got ${JSON.stringify(input.template)}` }))
  return templateRuleResult(input.template, input.params)
}

// A rule the in-memory engine evaluates with this context: one with an `rfm` condition needs the workspace's
// cut-offs, which only a refresh's engine computes, so such a segment changes at refreshes only.
const evaluable = (rule: SegmentRule, context: SegmentContext): boolean => {
  try {
    compileRule(rule, context)
    return true
  } catch (e) {
    if (e instanceof MissingRfmCutoffs) return false
    throw e
  }
}

const unique = (ids: Iterable<ProfileId>): Array<ProfileId> => [...new Set(ids)].sort()

/**
 * `cdp.segments` on one workspace, as Effects, and `upkeep`: the real-time
 * re-evaluation ingestion, merges, splits and profile edits run right after
 * they commit (see `keepSegmentsCurrent`).
 *
 * @param context - the workspace and its stores
 * @param options - the clock of real-time re-evaluation
 * @returns the namespace and the upkeep
 */
export const makeSegmentsNamespace = Effect.fnUntraced(function* (context: WorkspaceContext, options: CdpSegmentsOptions = {}) {
  const { workspaceId, settings, resolveProfile } = context
  const store = yield* Segments
  const inputsStore = yield* SegmentInputsStore
  const now = options.now ?? (() => new Date())

  // One context object per operation: the engine compiles each rule once for it.
  const contextOf = (all: ReadonlyArray<StoredSegment>): SegmentContext => ({
    timeZone: settings.timezone,
    currency: settings.currency,
    segments: new Map(all.map((s) => [s.segmentId, s.rule]))
  })

  const find = (all: ReadonlyArray<StoredSegment>, id: string) => {
    const segment = all.find((s) => s.segmentId === id)
    return segment === undefined ? Effect.fail(new SegmentNotFound({ segmentId: id })) : Effect.succeed(segment)
  }

  // The segments as they would be with `id` holding `rule` (or gone): every reference resolves, no cycle.
  const checkReferences = (all: ReadonlyArray<StoredSegment>, id: string, rule: SegmentRule | undefined) => {
    const rules = new Map(all.map((s) => [s.segmentId, s.rule]))
    if (rule === undefined) rules.delete(id)
    else rules.set(id, rule)
    return Effect.fromResult(checkSegmentReferences(rules))
  }

  // Verdicts and next-change instants of these profiles in one segment, for a scoped application.
  const verdicts = (
    segment: StoredSegment,
    scope: ReadonlyArray<ProfileId>,
    inputs: ReadonlyMap<ProfileId, SegmentInputs>,
    asOf: Date,
    ruleContext: SegmentContext
  ): MembershipRefresh & { readonly segmentId: string } => {
    const members: Array<ProfileId> = []
    const due: Array<{ readonly profileId: ProfileId; readonly at: Date }> = []
    for (const profileId of scope) {
      const held = inputs.get(profileId)
      if (held === undefined) continue
      if (evaluate(segment.rule, held, { asOf, context: ruleContext })) members.push(profileId)
      const at = nextChange(segment.rule, held, { asOf, context: ruleContext })
      if (at !== null) due.push({ profileId, at })
    }
    return { segmentId: segment.segmentId, version: segment.version, asOf, scope, members, due }
  }

  const reevaluate = Effect.fnUntraced(function* (touched: ReadonlyArray<ProfileId>) {
    const all = yield* store.list(workspaceId)
    if (all.length === 0) return
    const asOf = now()
    const scope = unique(touched)
    const inputs = yield* inputsStore.inputsOf(workspaceId, scope)
    const ruleContext = contextOf(all)
    const refreshes = all.filter((s) => evaluable(s.rule, ruleContext)).map((s) => verdicts(s, scope, inputs, asOf, ruleContext))
    yield* store.applyMany(workspaceId, refreshes)
  })
  // A segment updated between reading the segments and writing (another caller) only needs reading them again.
  const upkeep = (touched: ReadonlyArray<ProfileId>) =>
    touched.length === 0 ? Effect.void : reevaluate(touched).pipe(Effect.retry({ times: 2, while: (e) => e._tag === "SegmentVersionChanged" }))

  const create: SegmentsApi<"effect">["create"] = Effect.fn("Cdp.segments.create")(function* (input) {
    const id = yield* Effect.fromResult(textOf("id", input?.id))
    const name = yield* Effect.fromResult(textOf("name", input.name))
    const actor = yield* Effect.fromResult(textOf("actor", input.actor))
    const at = yield* Effect.fromResult(instantOf("at", input.at))
    const rule = yield* Effect.fromResult(ruleOf(input))
    yield* checkReferences(yield* store.list(workspaceId), id, rule)
    return yield* store.define(workspaceId, { segmentId: id, name, rule, actor, at })
  })

  const update: SegmentsApi<"effect">["update"] = Effect.fn("Cdp.segments.update")(function* (id, change) {
    const actor = yield* Effect.fromResult(textOf("actor", change?.actor))
    const at = yield* Effect.fromResult(instantOf("at", change.at))
    const name = change.name === undefined ? undefined : yield* Effect.fromResult(textOf("name", change.name))
    const rule = change.rule === undefined && change.template === undefined ? undefined : yield* Effect.fromResult(ruleOf(change))
    if (name === undefined && rule === undefined) return yield* new InvalidArgument({ field: "change", reason: "a new name, a new rule or template, or both" })
    const all = yield* store.list(workspaceId)
    yield* find(all, id)
    if (rule !== undefined) yield* checkReferences(all, id, rule)
    return yield* store.update(workspaceId, id, { name, rule, actor, at })
  })

  const remove: SegmentsApi<"effect">["remove"] = Effect.fn("Cdp.segments.remove")(function* (id, by) {
    const actor = yield* Effect.fromResult(textOf("actor", by?.actor))
    const at = yield* Effect.fromResult(instantOf("at", by.at))
    const all = yield* store.list(workspaceId)
    yield* find(all, id)
    // A segment another one refers to stays: removing it would leave that rule without a meaning.
    for (const other of all) {
      const reference = segmentReferencesOf(other.rule).find((r) => r.segmentId === id)
      if (other.segmentId !== id && reference !== undefined) {
        return yield* new UnknownSegmentReference({ segmentId: id, path: `segments[${JSON.stringify(other.segmentId)}].${reference.path}` })
      }
    }
    return yield* store.remove(workspaceId, id, { actor, at })
  })

  const refresh: SegmentsApi<"effect">["refresh"] = Effect.fn("Cdp.segments.refresh")(function* (id, options) {
    const asOf = yield* Effect.fromResult(instantOf("asOf", options?.asOf))
    const report = (progress: RefreshProgress) => options.onProgress?.(progress)
    const all = yield* store.list(workspaceId)
    const segment = yield* find(all, id)
    const ruleContext = contextOf(all)
    const members = yield* inputsStore.members(workspaceId, segment.rule, { asOf, context: ruleContext })
    report({ phase: "members", done: members.length, total: members.length })
    // The membership first (one transaction), then the schedule a page at a time: each page's next changes are
    // written before the next page is read, so memory stays bounded whatever the workspace's size.
    const outcome = yield* store.apply(workspaceId, id, { version: segment.version, asOf, scope: "all", members, due: "kept" })
    // Every live profile's next change, members or not (a "lapsed" segment is entered by time alone too): the store
    // gives the profiles whose verdict may change by time at all, with the inputs the rule reads; the others are
    // never due. A segment this engine cannot evaluate in memory (rfm) has no schedule: it changes at refreshes.
    // The live profiles, the scheduling phase's total: counted only for a caller who follows the progress.
    const total = options.onProgress === undefined ? 0 : yield* inputsStore.count(workspaceId, EVERYONE, { asOf })
    const from = yield* store.scheduledFrom(workspaceId, id)
    if (evaluable(segment.rule, ruleContext) && from !== null && asOf.getTime() >= from.getTime()) {
      // The schedule holds from an earlier instant: every profile's verdict stays until its entry, so only the entries
      // that have come due are computed again — with the profiles that entered or exited, whose entry did not foresee
      // it (inputs written without their re-evaluation). A daily refresh reads a day's changes, not the workspace.
      const scope = unique([...(yield* store.dueIn(workspaceId, id, asOf)), ...outcome.entered, ...outcome.exited])
      const compiled = compileRule(segment.rule, ruleContext)
      for (let start = 0; start === 0 || start < scope.length; start += SCHEDULE_PAGE) {
        const profiles = scope.slice(start, start + SCHEDULE_PAGE)
        const inputs = yield* inputsStore.inputsOf(workspaceId, profiles)
        const due: Array<{ readonly profileId: ProfileId; readonly at: Date }> = []
        for (const profileId of profiles) {
          const held = inputs.get(profileId)
          const at = held === undefined ? null : compiled.nextChange(held, asOf)
          if (at !== null) due.push({ profileId, at })
        }
        // Written even when nothing came due: the schedule then holds from asOf.
        yield* store.reschedule(workspaceId, id, { version: segment.version, asOf, profiles, due })
        // Every profile outside the scope has its instant already: those of the scope not yet computed remain.
        report({ phase: "scheduling", done: Math.max(0, total - (scope.length - start - profiles.length)), total })
      }
    } else if (evaluable(segment.rule, ruleContext)) {
      const compiled = compileRule(segment.rule, ruleContext)
      let after: ProfileId | undefined
      let evaluated = 0
      for (;;) {
        const page = yield* inputsStore.schedulable(workspaceId, segment.rule, { asOf, context: ruleContext }, { after, limit: SCHEDULE_PAGE })
        const last = page.length < SCHEDULE_PAGE ? undefined : page.at(-1)!.profileId
        const due: Array<{ readonly profileId: ProfileId; readonly at: Date }> = []
        // Profiles given one inputs object share its next change: computed once for them all.
        const shared = new Map<SegmentInputs, Date | null>()
        for (const { profileId, inputs } of page) {
          let at = shared.get(inputs)
          if (at === undefined) {
            at = compiled.nextChange(inputs, asOf)
            shared.set(inputs, at)
          }
          if (at !== null) due.push({ profileId, at })
        }
        yield* store.schedule(workspaceId, id, { version: segment.version, asOf, after, through: last, due })
        evaluated += page.length
        // Profiles whose verdict no time can change are settled without being read: all are, once the last page is written.
        report({ phase: "scheduling", done: last === undefined ? total : Math.min(evaluated, total), total })
        if (last === undefined) break
        after = last
      }
    } else {
      yield* store.schedule(workspaceId, id, { version: segment.version, asOf, due: [] })
      report({ phase: "scheduling", done: total, total })
    }
    report({ phase: "applied", done: outcome.members, total: outcome.members })
    return outcome
  })

  const refreshDue: SegmentsApi<"effect">["refreshDue"] = Effect.fn("Cdp.segments.refreshDue")(function* (options) {
    const until = yield* Effect.fromResult(instantOf("now", options?.now))
    const changes: Array<DueOutcome["changes"][number]> = []
    let evaluated = 0
    // Each pass takes the earliest due pairs and evaluates each at the instant it was due; a verdict's next change
    // is always later than its instant, so the passes move forward until nothing is due at `now`.
    for (;;) {
      const due = yield* store.due(workspaceId, until, PAGE)
      if (due.length === 0) break
      const all = yield* store.list(workspaceId)
      const ruleContext = contextOf(all)
      const byInstant = new Map<number, Map<string, Array<ProfileId>>>()
      for (const d of due) {
        const bySegment = byInstant.get(d.at.getTime()) ?? new Map<string, Array<ProfileId>>()
        byInstant.set(d.at.getTime(), bySegment)
        bySegment.set(d.segmentId, [...(bySegment.get(d.segmentId) ?? []), d.profileId])
      }
      for (const [instant, bySegment] of byInstant) {
        const at = new Date(instant)
        const inputs = yield* inputsStore.inputsOf(workspaceId, unique([...bySegment.values()].flat()))
        const refreshes: Array<ReturnType<typeof verdicts>> = []
        for (const [segmentId, scope] of bySegment) {
          const segment = all.find((s) => s.segmentId === segmentId)
          if (segment === undefined) continue
          // A segment that cannot be evaluated here (rfm: its cut-offs are the workspace's) keeps its members and
          // drops the schedule it had before it became one: it changes at refreshes only.
          if (evaluable(segment.rule, ruleContext)) refreshes.push(verdicts(segment, unique(scope), inputs, at, ruleContext))
          else yield* store.schedule(workspaceId, segmentId, { version: segment.version, due: [] })
        }
        evaluated += refreshes.reduce((n, r) => n + (r.scope === "all" ? 0 : r.scope.length), 0)
        for (const outcome of yield* store.applyMany(workspaceId, refreshes)) {
          for (const profileId of outcome.exited) changes.push({ segmentId: outcome.segmentId, profileId, change: "exited", at })
          for (const profileId of outcome.entered) changes.push({ segmentId: outcome.segmentId, profileId, change: "entered", at })
        }
      }
    }
    return { evaluated, changes }
  })

  const segments: SegmentsApi<"effect"> = {
    create,
    update,
    remove,
    list: () => store.list(workspaceId),
    get: (id) => store.get(workspaceId, id),
    refresh,
    refreshDue,
    members: Effect.fn("Cdp.segments.members")(function* (id, request) {
      const page = yield* Effect.fromResult(pageRequestOf(request))
      return yield* store.members(workspaceId, id, page)
    }),
    count: (id) => store.count(workspaceId, id),
    explain: Effect.fn("Cdp.segments.explain")(function* (ref, id, options) {
      const asOf = yield* Effect.fromResult(instantOf("asOf", options?.asOf))
      const stored = yield* resolveProfile(ref)
      const all = yield* store.list(workspaceId)
      const segment = yield* find(all, id)
      const inputs = (yield* inputsStore.inputsOf(workspaceId, [stored.profileId])).get(stored.profileId)
      if (inputs === undefined) return yield* new StorageFailure({ operation: "Cdp.segments.explain", cause: `the store holds no segment inputs for live profile ${stored.profileId}` })
      return yield* Effect.try({
        try: () => explain(segment.rule, inputs, { asOf, context: contextOf(all) }),
        // Only a refresh's engine computes RFM cut-offs: explaining an rfm condition in memory needs them.
        catch: (e) => (e instanceof MissingRfmCutoffs ? e : new StorageFailure({ operation: "Cdp.segments.explain", cause: e }))
      })
    }),
    of: Effect.fn("Cdp.segments.of")(function* (ref) {
      return yield* store.of(workspaceId, (yield* resolveProfile(ref)).profileId)
    }),
    history: Effect.fn("Cdp.segments.history")(function* (ref) {
      const stored = yield* resolveProfile(ref)
      // The person's history is theirs whatever profile id it was recorded under: the survivor's and those merged into it.
      const changes: Array<MembershipChange> = []
      for (const profileId of [stored.profileId, ...stored.mergedIds]) changes.push(...(yield* store.history(workspaceId, profileId)))
      return changes.sort((a, b) => a.at.getTime() - b.at.getTime())
    })
  }

  return { segments, upkeep } as const
})
