import { InvalidInput, type ProfileId } from "@kith/core"
import { decodeRuleResult, type SegmentRule } from "@kith/segments"
import { Result } from "effect"
import type { StorageWrites } from "../backend.js"
import { inWorkspace, isStorableKey, requireWorkspace } from "../lookups.js"
import { InvalidCursor } from "../port/page.js"
import {
  type MembershipChange,
  type MembershipOutcome,
  type MembershipRefresh,
  type ScheduleRange,
  SegmentExists,
  type SegmentHistoryRow,
  type SegmentMember,
  type SegmentMemberRow,
  SegmentNotFound,
  type SegmentRow,
  Segments,
  SegmentVersionChanged,
  type StoredSegment
} from "../port/segments.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { attempt } from "./attempt.js"
import { pageOf } from "./paging.js"
import type { ServiceContext } from "./service-context.js"

const segmentOf = (row: SegmentRow): StoredSegment => {
  const rule = decodeRuleResult(JSON.parse(row.rule))
  // A stored rule was decoded before it was written; one that no longer decodes is damaged storage.
  if (Result.isFailure(rule)) throw new Error(`stored rule of segment ${row.segmentId} no longer decodes: ${rule.failure.message}`)
  return {
    segmentId: row.segmentId,
    name: row.name,
    rule: rule.success,
    version: row.version,
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt),
    updatedBy: row.updatedBy,
    updatedAt: new Date(row.updatedAt)
  }
}

const memberOf = (row: SegmentMemberRow): SegmentMember => ({
  segmentId: row.segmentId,
  profileId: row.profileId as ProfileId,
  enteredAt: new Date(row.enteredAt),
  version: row.version
})

const changeOf = (row: SegmentHistoryRow): MembershipChange => ({
  segmentId: row.segmentId,
  profileId: row.profileId as ProfileId,
  change: row.change,
  at: new Date(row.at),
  version: row.version
})

const invalid = (path: string, message: string) => new InvalidInput({ subject: "segment", issues: [{ path, message }] })

const checkText = (path: string, value: unknown): string => {
  if (typeof value !== "string" || value.trim() === "" || !isStorableKey(value)) throw invalid(path, `a non-empty storable string (found ${JSON.stringify(value)})`)
  return value
}

const checkInstant = (path: string, value: unknown): number => {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(path, `a valid Date (found ${String(value)})`)
  return value.getTime()
}

const ruleText = (rule: SegmentRule): string => {
  // Only a rule the decoder accepts is stored, so every engine reads back the same meaning.
  const decoded = decodeRuleResult(rule)
  if (Result.isFailure(decoded)) throw decoded.failure
  return JSON.stringify(decoded.success)
}

const sorted = (ids: Iterable<string>): Array<ProfileId> => [...ids].sort() as Array<ProfileId>

/**
 * The {@link Segments} service on an engine: definitions, membership with
 * history, and the re-evaluation schedule, each change in one transaction.
 *
 * @param context - the engine and options of `storageLayer`
 * @returns the service
 *
 * @example
 * ```ts
 * const segments = makeSegments(context)
 * ```
 */
export const makeSegments = ({ backend }: ServiceContext): typeof Segments.Service => {
  const requireSegment = async (reads: typeof backend.read, workspaceId: string, segmentId: string): Promise<SegmentRow> => {
    const row = isStorableKey(segmentId) ? await reads.segments.segment(workspaceId, segmentId) : undefined
    if (row === undefined) throw new SegmentNotFound({ segmentId })
    return row
  }
  const read = <A>(workspaceId: string, work: () => Promise<A>) =>
    async (): Promise<A> => {
      await requireWorkspace(backend.read, workspaceId)
      return work()
    }

  // Entries computed at `at` were written: a schedule known to hold from an earlier instant now holds from `at` (an
  // entry not written is true from `at` too, or at or before it: come due). One held from later stays as it was.
  const advanceSchedule = async (tx: StorageWrites, workspaceId: string, segmentId: string, at: number): Promise<void> => {
    const from = await tx.segments.scheduledFrom(workspaceId, segmentId)
    if (from !== null && at > from) await tx.segments.setScheduledFrom(workspaceId, segmentId, at)
  }

  // Diffs one segment's membership in its scope, inside the caller's transaction. `absorbed` are the profiles
  // merged into the scope's (read once per transaction), `seq` the last history number written.
  const applyIn = async (
    tx: StorageWrites,
    workspaceId: string,
    segmentId: string,
    refresh: MembershipRefresh,
    absorbed: (scope: ReadonlySet<string>) => Promise<ReadonlyArray<string>>,
    seq: { last: number }
  ): Promise<Omit<MembershipOutcome, "members">> => {
    const held = await requireSegment(tx, workspaceId, segmentId)
    if (held.version !== refresh.version) throw new SegmentVersionChanged({ segmentId, expectedVersion: refresh.version, foundVersion: held.version })
    const at = checkInstant("asOf", refresh.asOf)
    const { scope, members, due } = checkRefresh(refresh)
    // Profiles merged into one of the scope are no longer live: they leave with it, whatever the refresh lists.
    const scopeIds = scope === "all" ? "all" : [...scope, ...(await absorbed(scope))]
    const was = new Set(await tx.segments.memberIdsAmong(workspaceId, segmentId, scopeIds === "all" ? undefined : scopeIds))
    const entered = sorted([...members].filter((p) => !was.has(p)))
    const exited = sorted([...was].filter((p) => !members.has(p)))
    const history: Array<SegmentHistoryRow> = [
      ...exited.map((profileId) => ({ seq: ++seq.last, segmentId, profileId, change: "exited" as const, at, version: held.version })),
      ...entered.map((profileId) => ({ seq: ++seq.last, segmentId, profileId, change: "entered" as const, at, version: held.version }))
    ]
    await tx.segments.deleteMembers(workspaceId, segmentId, exited)
    await tx.segments.insertMembers(workspaceId, entered.map((profileId) => ({ segmentId, profileId, enteredAt: at, version: held.version })))
    await tx.segments.appendHistory(workspaceId, history)
    if (due !== "kept") {
      await tx.segments.replaceDue(workspaceId, segmentId, scopeIds, due.map((d) => ({ segmentId, profileId: d.profileId, dueAt: d.at })))
      // The whole schedule computed at `at` holds from it; a part of it moves it forward only.
      if (scopeIds === "all") await tx.segments.setScheduledFrom(workspaceId, segmentId, at)
      else await advanceSchedule(tx, workspaceId, segmentId, at)
    }
    return { entered, exited }
  }


  // The profiles merged into a scope's, read once for every segment of a transaction that shares the scope.
  const absorbedIn = (tx: StorageWrites, workspaceId: string) => {
    const known = new Map<string, Promise<ReadonlyArray<string>>>()
    return (scope: ReadonlySet<string>): Promise<ReadonlyArray<string>> => {
      const key = [...scope].sort().join("\u0000")
      let found = known.get(key)
      if (found === undefined) known.set(key, (found = tx.profiles.mergedIntoAny(workspaceId, [...scope]).then((rows) => rows.map((r) => r.profileId))))
      return found
    }
  }

  return {
    define: (workspaceId, input) =>
      attempt("Segments.define", [UnknownWorkspace, SegmentExists, InvalidInput], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const segmentId = checkText("segmentId", input.segmentId)
          const row: SegmentRow = {
            segmentId,
            name: checkText("name", input.name),
            rule: ruleText(input.rule),
            version: 1,
            createdBy: checkText("actor", input.actor),
            createdAt: checkInstant("at", input.at),
            updatedBy: input.actor,
            updatedAt: input.at.getTime()
          }
          if ((await tx.segments.segment(workspaceId, segmentId)) !== undefined) throw new SegmentExists({ segmentId })
          await tx.segments.putSegment(workspaceId, row)
          return segmentOf(row)
        })
      ),
    update: (workspaceId, segmentId, change) =>
      attempt("Segments.update", [UnknownWorkspace, SegmentNotFound, InvalidInput], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const held = await requireSegment(tx, workspaceId, segmentId)
          const row: SegmentRow = {
            ...held,
            name: change.name === undefined ? held.name : checkText("name", change.name),
            rule: change.rule === undefined ? held.rule : ruleText(change.rule),
            version: held.version + 1,
            updatedBy: checkText("actor", change.actor),
            updatedAt: checkInstant("at", change.at)
          }
          await tx.segments.putSegment(workspaceId, row)
          // The schedule was computed for the old version: nothing is known of it for the new one until a refresh —
          // nor of the schedules of the segments whose rules refer to this one (all of them: updates are rare).
          for (const segment of await tx.segments.segments(workspaceId)) await tx.segments.setScheduledFrom(workspaceId, segment.segmentId, null)
          return segmentOf(row)
        })
      ),
    remove: (workspaceId, segmentId, by) =>
      attempt("Segments.remove", [UnknownWorkspace, SegmentNotFound], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const held = await requireSegment(tx, workspaceId, segmentId)
          const at = by.at.getTime()
          const members = [...(await tx.segments.memberIdsAmong(workspaceId, segmentId))].sort()
          let seq = await tx.segments.lastSeq(workspaceId)
          await tx.segments.appendHistory(
            workspaceId,
            members.map((profileId) => ({ seq: ++seq, segmentId, profileId, change: "exited" as const, at, version: held.version }))
          )
          await tx.segments.deleteSegment(workspaceId, segmentId)
          return members.length
        })
      ),
    get: (workspaceId, segmentId) =>
      attempt("Segments.get", [UnknownWorkspace, SegmentNotFound], read(workspaceId, async () => segmentOf(await requireSegment(backend.read, workspaceId, segmentId)))),
    list: (workspaceId) =>
      attempt("Segments.list", [UnknownWorkspace], read(workspaceId, async () => (await backend.read.segments.segments(workspaceId)).map(segmentOf))),
    apply: (workspaceId, segmentId, refresh) =>
      attempt("Segments.apply", [UnknownWorkspace, SegmentNotFound, SegmentVersionChanged, InvalidInput], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const outcome = await applyIn(tx, workspaceId, segmentId, refresh, absorbedIn(tx, workspaceId), { last: await tx.segments.lastSeq(workspaceId) })
          // A whole membership applied is the segment's membership now: its size needs no count.
          return { ...outcome, members: refresh.scope === "all" ? new Set(refresh.members).size : await tx.segments.count(workspaceId, segmentId) }
        })
      ),
    applyMany: (workspaceId, refreshes) =>
      attempt("Segments.applyMany", [UnknownWorkspace, SegmentNotFound, SegmentVersionChanged, InvalidInput], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const absorbed = absorbedIn(tx, workspaceId)
          const seq = { last: await tx.segments.lastSeq(workspaceId) }
          const outcomes: Array<Omit<MembershipOutcome, "members"> & { readonly segmentId: string }> = []
          for (const refresh of refreshes) outcomes.push({ segmentId: refresh.segmentId, ...(await applyIn(tx, workspaceId, refresh.segmentId, refresh, absorbed, seq)) })
          return outcomes
        })
      ),
    schedule: (workspaceId, segmentId, range) =>
      attempt("Segments.schedule", [UnknownWorkspace, SegmentNotFound, SegmentVersionChanged, InvalidInput], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const held = await requireSegment(tx, workspaceId, segmentId)
          if (held.version !== range.version) throw new SegmentVersionChanged({ segmentId, expectedVersion: range.version, foundVersion: held.version })
          const rows = checkSchedule(range).map((d) => ({ segmentId, profileId: d.profileId, dueAt: d.at }))
          const asOf = range.asOf === undefined ? undefined : checkInstant("asOf", range.asOf)
          await tx.segments.replaceDueBetween(workspaceId, segmentId, { after: range.after, through: range.through }, rows)
          // The first range of a sequence forgets the instant the schedule held from (the ranges not yet written were
          // computed at another one); the last sets it, all ranges now being computed at `asOf`.
          const from = asOf === undefined ? null : range.through === undefined ? asOf : range.after === undefined ? null : await tx.segments.scheduledFrom(workspaceId, segmentId)
          await tx.segments.setScheduledFrom(workspaceId, segmentId, from)
          return rows.length
        })
      ),
    scheduledFrom: (workspaceId, segmentId) =>
      attempt(
        "Segments.scheduledFrom",
        [UnknownWorkspace, SegmentNotFound],
        read(workspaceId, async () => {
          await requireSegment(backend.read, workspaceId, segmentId)
          const from = await backend.read.segments.scheduledFrom(workspaceId, segmentId)
          return from === null ? null : new Date(from)
        })
      ),
    dueIn: (workspaceId, segmentId, now) =>
      attempt(
        "Segments.dueIn",
        [UnknownWorkspace, SegmentNotFound],
        read(workspaceId, async () => {
          await requireSegment(backend.read, workspaceId, segmentId)
          return sorted(await backend.read.segments.dueIn(workspaceId, segmentId, now.getTime()))
        })
      ),
    reschedule: (workspaceId, segmentId, change) =>
      attempt("Segments.reschedule", [UnknownWorkspace, SegmentNotFound, SegmentVersionChanged, InvalidInput], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const held = await requireSegment(tx, workspaceId, segmentId)
          if (held.version !== change.version) throw new SegmentVersionChanged({ segmentId, expectedVersion: change.version, foundVersion: held.version })
          const at = checkInstant("asOf", change.asOf)
          const profiles = new Set(change.profiles.map((p) => checkText("profiles", p)))
          const rows = checkDue(change.due, (p) => profiles.has(p), "the profiles rescheduled").map((d) => ({ segmentId, profileId: d.profileId, dueAt: d.at }))
          await tx.segments.replaceDue(workspaceId, segmentId, [...profiles], rows)
          await advanceSchedule(tx, workspaceId, segmentId, at)
          return rows.length
        })
      ),
    members: (workspaceId, segmentId, page) =>
      attempt(
        "Segments.members",
        [UnknownWorkspace, SegmentNotFound, InvalidCursor],
        read(workspaceId, async () => {
          await requireSegment(backend.read, workspaceId, segmentId)
          // The cursor is the last profile id listed: ids are unique and ordered, so writes between pages never repeat or skip one.
          if (page.cursor !== undefined && !isStorableKey(page.cursor)) throw new InvalidCursor({ cursor: page.cursor, reason: "a members cursor is a profile id" })
          const rows = await backend.read.segments.members(workspaceId, segmentId, { after: page.cursor, limit: page.limit })
          return pageOf(rows, page.limit, (r) => r.profileId, rows.map(memberOf))
        })
      ),
    count: (workspaceId, segmentId) =>
      attempt(
        "Segments.count",
        [UnknownWorkspace, SegmentNotFound],
        read(workspaceId, async () => {
          await requireSegment(backend.read, workspaceId, segmentId)
          return backend.read.segments.count(workspaceId, segmentId)
        })
      ),
    of: (workspaceId, profileId) =>
      attempt("Segments.of", [UnknownWorkspace], read(workspaceId, async () => (isStorableKey(profileId) ? (await backend.read.segments.ofProfile(workspaceId, profileId)).map(memberOf) : []))),
    history: (workspaceId, profileId) =>
      attempt("Segments.history", [UnknownWorkspace], read(workspaceId, async () => (isStorableKey(profileId) ? (await backend.read.segments.history(workspaceId, profileId)).map(changeOf) : []))),
    due: (workspaceId, now, limit) =>
      attempt(
        "Segments.due",
        [UnknownWorkspace],
        read(workspaceId, async () =>
          (await backend.read.segments.due(workspaceId, now.getTime(), limit)).map((d) => ({ segmentId: d.segmentId, profileId: d.profileId as ProfileId, at: new Date(d.dueAt) }))
        )
      )
  } satisfies typeof Segments.Service
}

// A refresh's members lie in its scope, each profile is listed once, and instants are valid.
const checkRefresh = (refresh: MembershipRefresh) => {
  const scope: "all" | ReadonlySet<string> = refresh.scope === "all" ? "all" : new Set<string>(refresh.scope.map((p) => checkText("scope", p)))
  const members = new Set<string>()
  for (const p of refresh.members) {
    checkText("members", p)
    if (scope !== "all" && !scope.has(p)) throw invalid("members", `${p} is a member but not in the refresh's scope`)
    members.add(p)
  }
  const due = refresh.due === "kept" ? ("kept" as const) : checkDue(refresh.due, (p) => scope === "all" || scope.has(p), "the refresh's scope")
  return { scope, members, due }
}

// Each profile scheduled once, inside what is being scheduled, at a valid instant.
const checkDue = (due: ReadonlyArray<{ readonly profileId: string; readonly at: Date }>, inside: (profileId: string) => boolean, where: string) => {
  const seen = new Set<string>()
  return due.map((d, i) => {
    checkText(`due[${i}].profileId`, d.profileId)
    if (!inside(d.profileId)) throw invalid(`due[${i}].profileId`, `${d.profileId} is not in ${where}`)
    if (seen.has(d.profileId)) throw invalid(`due[${i}].profileId`, `${d.profileId} is scheduled twice`)
    seen.add(d.profileId)
    return { profileId: d.profileId, at: checkInstant(`due[${i}].at`, d.at) }
  })
}

// A schedule range's bounds are ids (or absent) in order, and its entries lie inside it.
const checkSchedule = (range: ScheduleRange) => {
  const after = range.after === undefined ? undefined : checkText("after", range.after)
  const through = range.through === undefined ? undefined : checkText("through", range.through)
  if (after !== undefined && through !== undefined && through <= after) throw invalid("through", `${through} does not come after ${after}`)
  return checkDue(range.due, (p) => (after === undefined || p > after) && (through === undefined || p <= through), "the schedule's range")
}
