import { InvalidInput, type KithEvent, type ProfileId } from "@kith/core"
import { normalizeValue } from "@kith/identity"
import { applyEvent, type CareRecord, type CustomerPipeline, defaultPipelineRules, emptyCare, type Happening, type Lead, type Opportunity } from "@kith/pipeline"
import { Effect, Result } from "effect"
import type { StorageReads, StorageWrites } from "../backend.js"
import { inWorkspace, isStorableKey, liveProfileRow, requireWorkspace } from "../lookups.js"
import type { EventRow } from "../port/events.js"
import { InvalidCursor } from "../port/page.js"
import {
  PipelineConflict,
  type PipelineItemFilter,
  type PipelineItemKind,
  PipelineItemNotFound,
  type PipelineItemRow,
  type PipelineItems,
  Pipelines
} from "../port/pipeline.js"
import { ProfileNotFound } from "../port/profiles.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { foldForSearch, looksLikePhone } from "../search-text.js"
import { decodeStoredEvent } from "../stored-event.js"
import { attempt } from "./attempt.js"
import { pageOf } from "./paging.js"
import { careOf, careRowOf, itemRowOf, leadOf, opportunityOf } from "./pipeline-rows.js"
import type { ServiceContext } from "./service-context.js"
import { refreshPipelineStatuses } from "../ingest/segment-inputs.js"

const SCAN_PAGE = 1_000

const cursorOf = (row: PipelineItemRow): string => `${row.createdAt}:${row.id}`

const positionOf = (cursor: string | undefined): { readonly createdAt: number; readonly id: string } | undefined => {
  if (cursor === undefined) return undefined
  const colon = cursor.indexOf(":")
  const createdAt = Number(cursor.slice(0, colon))
  if (colon < 1 || !Number.isSafeInteger(createdAt)) throw new InvalidCursor({ cursor, reason: "not a cursor of a pipeline list" })
  return { createdAt, id: cursor.slice(colon + 1) }
}

// The expected version is a count of changes (0: none yet), and a write must carry a newer one.
const checkVersions = (kind: PipelineItemKind | "care", id: string, version: number, expectedVersion: number): void => {
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
    throw new InvalidInput({ subject: kind, issues: [{ path: "expectedVersion", message: `must be an integer from 0 (found ${String(expectedVersion)})` }] })
  }
  if (!(version > expectedVersion)) {
    throw new InvalidInput({
      subject: kind,
      issues: [{ path: "version", message: `a write of ${kind} ${id} must carry a version above the expected ${expectedVersion} (found ${version})` }]
    })
  }
}

// An item or care record that its schema does not encode (a hand-built one) is bad input, not a storage failure.
const rowOrRefusal = <R>(kind: PipelineItemKind | "care", build: () => R): R => {
  try {
    return build()
  } catch (e) {
    throw new InvalidInput({ subject: kind, issues: [{ path: "", message: e instanceof Error ? e.message : String(e) }] })
  }
}

/**
 * Writes a lead or an opportunity if the store holds `expectedVersion` of
 * it, on the live profile it names; throws {@link PipelineConflict} (nothing
 * written) when someone changed it first.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", (tx) => writeItem(tx, "shop-1", lead, 0))
 * ```
 */
export const writeItem = async <T extends Lead | Opportunity>(tx: StorageWrites, workspaceId: string, item: T, expectedVersion: number): Promise<T> => {
  checkVersions(item.kind, item.id, item.version, expectedVersion)
  const profile = await liveProfileRow(tx, workspaceId, item.profileId)
  const stored = profile.profileId === item.profileId ? item : ({ ...item, profileId: profile.profileId as ProfileId } as T)
  const row = rowOrRefusal(item.kind, () => itemRowOf(stored))
  const held = await tx.pipeline.item(workspaceId, item.kind, item.id)
  const conflict = () => new PipelineConflict({ kind: item.kind, id: item.id, expectedVersion, foundVersion: held?.version ?? 0 })
  if (expectedVersion === 0) {
    if (held !== undefined) throw conflict()
    await tx.pipeline.insertItem(workspaceId, row)
  } else if (held === undefined || !(await tx.pipeline.updateItem(workspaceId, row, expectedVersion))) throw conflict()
  return stored
}

// A customer's items as the rules read them.
const pipelineOf = (profileId: string, rows: ReadonlyArray<PipelineItemRow>): CustomerPipeline => ({
  profileId: profileId as ProfileId,
  leads: rows.filter((r) => r.kind === "lead").map(leadOf),
  opportunities: rows.filter((r) => r.kind === "opportunity").map(opportunityOf)
})

// Writes what the rules changed: new items inserted, changed ones (a higher version) updated against the stored version.
const writeChanged = async (tx: StorageWrites, workspaceId: string, before: CustomerPipeline, after: CustomerPipeline): Promise<void> => {
  const versions = new Map<string, number>([...before.leads, ...before.opportunities].map((i) => [`${i.kind}:${i.id}`, i.version]))
  for (const item of [...after.leads, ...after.opportunities]) {
    const held = versions.get(`${item.kind}:${item.id}`) ?? 0
    if (item.version !== held) await writeItem(tx, workspaceId, item, held)
  }
}

const byTime = (a: { readonly event: KithEvent }, b: { readonly event: KithEvent }): number =>
  a.event.timestamp.getTime() - b.event.timestamp.getTime() || (a.event.messageId < b.event.messageId ? -1 : a.event.messageId > b.event.messageId ? 1 : 0)

const eventRowsOf = async (tx: StorageWrites, workspaceId: string, messageIds: ReadonlyArray<string> | undefined): Promise<ReadonlyArray<EventRow>> => {
  if (messageIds !== undefined) return tx.events.byIds(workspaceId, messageIds)
  const rows: Array<EventRow> = []
  for (let after: string | undefined; ; ) {
    const page = await tx.events.scan(workspaceId, after, SCAN_PAGE)
    rows.push(...page)
    if (page.length < SCAN_PAGE) return rows
    after = page.at(-1)!.messageId
  }
}

/**
 * The {@link Pipelines} service on an engine.
 *
 * @example
 * ```ts
 * const pipelines = makePipelines(context)
 * ```
 */
export const makePipelines = ({ backend, policy }: ServiceContext): Pipelines["Service"] => {
  const reads: StorageReads = backend.read
  // A phone is searched as its digits (in what was submitted) and as the identifier profiles hold.
  const searchOf = (text: string): string => (looksLikePhone(text.trim()) ? text.replace(/\D/g, "") : foldForSearch(text))
  const phoneHolders = async (workspaceId: string, text: string): Promise<ReadonlyArray<string> | undefined> => {
    if (!looksLikePhone(text.trim())) return undefined
    const value = normalizeValue("phone", text.trim(), policy)
    return typeof value === "string" ? (await reads.identity.owners(workspaceId, [{ type: "phone", value }])).map((o) => o.profileId) : undefined
  }

  const itemsOf = <T extends Lead | Opportunity>(kind: T["kind"], decode: (row: PipelineItemRow) => T): PipelineItems<T> => ({
    get: Effect.fn(`Pipelines.${kind}.get`)(function* (workspaceId, id) {
      return yield* attempt(`Pipelines.${kind}.get`, [UnknownWorkspace, PipelineItemNotFound], async () => {
        await requireWorkspace(reads, workspaceId)
        // An id that could never be stored is not there (Postgres would refuse to compare it).
        const row = isStorableKey(id) ? await reads.pipeline.item(workspaceId, kind, id) : undefined
        if (row === undefined) throw new PipelineItemNotFound({ kind, id })
        return decode(row)
      })
    }),
    list: Effect.fn(`Pipelines.${kind}.list`)(function* (workspaceId, request: PipelineItemFilter & { readonly limit: number; readonly cursor?: string | undefined }) {
      return yield* attempt(`Pipelines.${kind}.list`, [UnknownWorkspace, InvalidCursor], async () => {
        await requireWorkspace(reads, workspaceId)
        if (request.text !== undefined && !isStorableKey(request.text)) return { items: [], nextCursor: undefined }
        const text = request.text === undefined ? undefined : searchOf(request.text)
        const rows = await reads.pipeline.list(workspaceId, kind, {
          statuses: request.statuses,
          sources: request.sources,
          assignee: request.assignee,
          profileIds: request.profileIds,
          createdFrom: request.createdFrom?.getTime(),
          createdTo: request.createdTo?.getTime(),
          text: text === undefined || text === "" ? undefined : text,
          textProfileIds: text === undefined || text === "" ? undefined : await phoneHolders(workspaceId, request.text!),
          after: positionOf(request.cursor),
          limit: request.limit
        })
        return pageOf(rows, request.limit, cursorOf, rows.map(decode))
      })
    }),
    write: Effect.fn(`Pipelines.${kind}.write`)(function* (workspaceId, item, expectedVersion) {
      return yield* attempt(`Pipelines.${kind}.write`, [UnknownWorkspace, ProfileNotFound, PipelineConflict, InvalidInput], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const written = await writeItem(tx, workspaceId, item, expectedVersion)
          await refreshPipelineStatuses(tx, workspaceId, [written.profileId])
          return written
        })
      )
    })
  })

  return Pipelines.of({
    leads: itemsOf<Lead>("lead", leadOf),
    opportunities: itemsOf<Opportunity>("opportunity", opportunityOf),
    care: {
      get: Effect.fn("Pipelines.care.get")(function* (workspaceId, profileId) {
        return yield* attempt("Pipelines.care.get", [UnknownWorkspace, ProfileNotFound], async (): Promise<CareRecord> => {
          await requireWorkspace(reads, workspaceId)
          const live = await liveProfileRow(reads, workspaceId, profileId)
          const [row] = await reads.pipeline.care(workspaceId, [live.profileId])
          return row === undefined ? emptyCare(live.profileId) : careOf(row)
        })
      }),
      write: Effect.fn("Pipelines.care.write")(function* (workspaceId, care, expectedVersion) {
        return yield* attempt("Pipelines.care.write", [UnknownWorkspace, ProfileNotFound, PipelineConflict, InvalidInput], () =>
          inWorkspace(backend, workspaceId, async (tx) => {
            await requireWorkspace(tx, workspaceId)
            checkVersions("care", care.profileId, care.version, expectedVersion)
            const live = await liveProfileRow(tx, workspaceId, care.profileId)
            const stored: CareRecord = { ...care, profileId: live.profileId as ProfileId }
            if (!(await tx.pipeline.putCare(workspaceId, rowOrRefusal("care", () => careRowOf(stored)), expectedVersion))) {
              const [held] = await tx.pipeline.care(workspaceId, [live.profileId])
              throw new PipelineConflict({ kind: "care", id: live.profileId, expectedVersion, foundVersion: held?.version ?? 0 })
            }
            await refreshPipelineStatuses(tx, workspaceId, [live.profileId])
            return stored
          })
        )
      })
    },
    activity: Effect.fn("Pipelines.activity")(function* (workspaceId, period) {
      return yield* attempt("Pipelines.activity", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        return reads.pipeline.activity(workspaceId, period.from.getTime(), period.to.getTime())
      })
    }),
    ofProfile: Effect.fn("Pipelines.ofProfile")(function* (workspaceId, profileId) {
      return yield* attempt("Pipelines.ofProfile", [UnknownWorkspace, ProfileNotFound], async () => {
        await requireWorkspace(reads, workspaceId)
        const live = await liveProfileRow(reads, workspaceId, profileId)
        return pipelineOf(live.profileId, await reads.pipeline.ofProfiles(workspaceId, [live.profileId]))
      })
    }),
    follow: Effect.fn("Pipelines.follow")(function* (workspaceId, options) {
      const rules = options.rules ?? defaultPipelineRules
      return yield* attempt("Pipelines.follow", [UnknownWorkspace], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const rows = await eventRowsOf(tx, workspaceId, options.messageIds)
          const done = await tx.pipeline.applied(workspaceId, rows.map((r) => r.messageId))
          const fresh = rows.filter((r) => !done.has(r.messageId))
          // Each event goes to the live profile its row belongs to now; an undecodable row is left for a repair.
          const byProfile = new Map<string, Array<{ readonly event: KithEvent }>>()
          const liveOf = new Map<string, string>()
          const followed: Array<string> = []
          for (const row of fresh) {
            const decoded = decodeStoredEvent(workspaceId, row)
            if (Result.isFailure(decoded)) continue
            followed.push(row.messageId)
            let live = liveOf.get(row.profileId)
            if (live === undefined) liveOf.set(row.profileId, (live = (await liveProfileRow(tx, workspaceId, row.profileId)).profileId))
            const list = byProfile.get(live) ?? []
            list.push({ event: decoded.success })
            byProfile.set(live, list)
          }
          const happened: Array<Happening> = []
          let applied = 0
          for (const [profileId, events] of byProfile) {
            const before = pipelineOf(profileId, await tx.pipeline.ofProfiles(workspaceId, [profileId]))
            let pipeline = before
            for (const { event } of events.sort(byTime)) {
              const outcome = applyEvent(pipeline, event, rules)
              pipeline = outcome.pipeline
              happened.push(...outcome.happened)
              applied++
            }
            await writeChanged(tx, workspaceId, before, pipeline)
          }
          await tx.pipeline.markApplied(workspaceId, followed)
          await refreshPipelineStatuses(tx, workspaceId, byProfile.keys())
          return { applied, skipped: rows.length - fresh.length, happened }
        })
      )
    })
  })
}
