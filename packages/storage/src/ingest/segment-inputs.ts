import { defaultWorkspaceSettings, type KithEvent } from "@kith/core"
import type { CareStatus, LeadStatus } from "@kith/core"
import {
  type ActivityRow,
  type ProfileFacts,
  type SegmentInputs,
  activityRowOfEvent as activityRowOf,
  channelsAndSourcesOf,
  inActivityOrder,
  orderRowsOf,
  profileFactsOf,
  segmentInputsOf
} from "@kith/segments"
import type { StorageReads, StorageWrites } from "../backend.js"
import type { EventPosition } from "../port/events.js"
import type { SegmentInputsChange } from "../port/segment-inputs.js"
import type { NewEvent } from "./context.js"
import type { WrittenProfile } from "./resolution.js"
import type { OrderRecord, ProfileSummary } from "@kith/profile"
import type { PipelineItemRow } from "../port/pipeline.js"
import type { ProfileRow } from "../port/profiles.js"
import { parseSummary, storedTraitValues, traitsFromJson, type WorkingProfile } from "../profile-state.js"
import { decodeStoredEvents } from "../stored-event.js"

/** Events read per query while rebuilding one profile's inputs. */
const EVENT_PAGE = 1_000

/**
 * What a profile's segment inputs are built from besides its row and events.
 *
 * @example
 * ```ts
 * const source: StoredInputsSource = { timeZone: "Asia/Ho_Chi_Minh", leadStatus: "new", careStatus: null }
 * ```
 */
export interface StoredInputsSource {
  /** The workspace timezone. */
  readonly timeZone: string
  /** The workspace currency; default `VND`. */
  readonly currency?: string
  readonly leadStatus?: LeadStatus | null
  readonly careStatus?: CareStatus | null
}

/**
 * The segment inputs of one stored live profile (`@kith/segments`'
 * `segmentInputsOf`): facts from its resolved traits and stored summary,
 * taken at its latest event (the instant its stored state describes, the
 * same the lifecycle stage it is listed under is taken at), order rows from
 * the summary and one row per other meaningful event.
 *
 * @param row - the profile's stored row
 * @param events - its decoded events
 * @param source - workspace settings and pipeline statuses
 * @returns its inputs
 *
 * @example
 * ```ts
 * const inputs = segmentInputsOfStored(row, events, { timeZone: "Asia/Ho_Chi_Minh" })
 * // inputs.facts.profileId is row.profileId; inputs.activity its order rows and event rows, oldest first
 * ```
 */
export const segmentInputsOfStored = (row: ProfileRow, events: ReadonlyArray<KithEvent>, source: StoredInputsSource): SegmentInputs => {
  const summary = parseSummary(row.summary)
  return segmentInputsOf(
    { profileId: row.profileId, events, traits: storedTraitValues(traitsFromJson(row.traits)), summary, leadStatus: source.leadStatus ?? null, careStatus: source.careStatus ?? null },
    factsOptionsOf(row, summary.lastSeenAt, source)
  )
}

// Facts are taken at the profile's latest event: the state its stored row describes.
const factsOptionsOf = (row: ProfileRow, lastSeenAt: number | null | undefined, source: StoredInputsSource) => ({
  asOf: new Date(lastSeenAt ?? row.createdAt),
  timeZone: source.timeZone,
  currency: source.currency ?? defaultWorkspaceSettings.currency
})

// A profile's decoded events, page by page (rows that no longer decode make no input).
const eventsOf = async (reads: Pick<StorageReads, "events">, workspaceId: string, profileId: string): Promise<Array<KithEvent>> => {
  const out: Array<KithEvent> = []
  let after: EventPosition | undefined
  for (;;) {
    const rows = await reads.events.ofProfile(workspaceId, profileId, after, EVENT_PAGE)
    for (const { event } of decodeStoredEvents(workspaceId, rows).events) out.push(event)
    if (rows.length < EVENT_PAGE) return out
    const last = rows[rows.length - 1]!
    after = { timestamp: last.timestamp, messageId: last.messageId }
  }
}

// The newest lead of each profile: the status the pipeline tracks it at.
const newestLeads = (items: ReadonlyArray<PipelineItemRow>): Map<string, PipelineItemRow> => {
  const out = new Map<string, PipelineItemRow>()
  for (const item of items) {
    if (item.kind !== "lead") continue
    const held = out.get(item.profileId)
    if (held === undefined || item.createdAt > held.createdAt || (item.createdAt === held.createdAt && item.id > held.id)) out.set(item.profileId, item)
  }
  return out
}

/**
 * The segment inputs of these stored live profiles, from their rows, events
 * and pipeline statuses: what every change to profiles writes and the
 * SQL migration backfills.
 *
 * @example
 * ```ts
 * const inputs = await segmentInputsOfRows(tx, "shop-1", liveRows, "Asia/Ho_Chi_Minh")
 * ```
 */
export const segmentInputsOfRows = async (
  reads: Pick<StorageReads, "events" | "pipeline">,
  workspaceId: string,
  rows: ReadonlyArray<ProfileRow>,
  timeZone: string
): Promise<Array<SegmentInputs>> => {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.profileId)
  const sourceOf = await sourcesOf(reads, workspaceId, ids, timeZone)
  const out: Array<SegmentInputs> = []
  for (const row of rows) out.push(segmentInputsOfStored(row, await eventsOf(reads, workspaceId, row.profileId), sourceOf(row.profileId)))
  return out
}

// Each profile's pipeline statuses, with the workspace settings.
const sourcesOf = async (
  reads: Pick<StorageReads, "pipeline">,
  workspaceId: string,
  ids: ReadonlyArray<string>,
  timeZone: string
): Promise<(profileId: string) => StoredInputsSource> => {
  const [items, care] = await Promise.all([reads.pipeline.ofProfiles(workspaceId, ids), reads.pipeline.care(workspaceId, ids)])
  const leads = newestLeads(items)
  const careOf = new Map(care.map((c) => [c.profileId, c.status]))
  return (profileId) => ({
    timeZone,
    leadStatus: (leads.get(profileId)?.status ?? null) as LeadStatus | null,
    careStatus: (careOf.get(profileId) ?? null) as CareStatus | null
  })
}

/**
 * The segment-inputs step of an ingestion for the profiles its records only
 * joined (attached, nothing merged or moved): facts and order rows rebuilt
 * from the profile as just written (its traits and summary, already in
 * hand), and one row per new event added — without reading the profile's
 * history, which {@link rewriteSegmentInputs} does for every other change.
 *
 * @param tx - the ingestion's transaction
 * @param workspaceId - the workspace
 * @param attached - each profile as written, with its new events and what it was read with (see {@link GainedEvents})
 * @param timeZone - the workspace timezone
 *
 * @example
 * ```ts
 * await amendSegmentInputs(tx, "shop-1", new Map([["p_m-1", { profile: working, events: [newEvent] }]]), "Asia/Ho_Chi_Minh")
 * ```
 */
export const amendSegmentInputs = async (tx: StorageWrites, workspaceId: string, attached: ReadonlyMap<string, GainedEvents>, timeZone: string): Promise<void> => {
  if (attached.size === 0) return
  const sourceOf = await sourcesOf(tx, workspaceId, [...attached.keys()], timeZone)
  const changes: Array<SegmentInputsChange> = []
  for (const [profileId, { profile, events, ordersRead, summaryReadWithSameTraitValues }] of attached) {
    const facts = factsOfWritten(profile, sourceOf(profileId))
    const traitsAsStored = summaryReadWithSameTraitValues !== undefined
    const listsAsStored = traitsAsStored && sameTouchLists(facts, summaryReadWithSameTraitValues, profile.createdAt)
    changes.push({ facts, ...orderChangeOf(profile.summary, ordersRead), added: rowsOfEvents(events), listsAsStored, traitsAsStored })
  }
  await tx.segmentInputs.amend(workspaceId, changes)
}

/**
 * A stored profile that only gained events, for {@link amendSegmentInputs}:
 * as written, with its new events, what it was read with, and — when its
 * trait values are exactly those it was read with — the summary it was read
 * with.
 *
 * Its stored segment inputs describe it as read (every change to a profile
 * writes them in the same transaction). Its tags, customer groups and custom
 * traits come from its trait values alone, so with the same values they are as
 * stored; its channels and sources come from its summary, and are as stored
 * when the summary read gives the same ones. The engine then neither reads
 * nor writes them — so a change to how facts are derived from a profile must
 * come with a migration that rewrites the stored inputs, as it must anyway
 * for the profiles no event touches.
 *
 * @example
 * ```ts
 * const gained: GainedEvents = { profile: working, events: [newEvent], ordersRead: summaryRead.orders, summaryReadWithSameTraitValues: summaryRead }
 * ```
 */
export interface GainedEvents {
  readonly profile: WorkingProfile
  readonly events: ReadonlyArray<NewEvent>
  /** The orders of the summary it was read with, when it was stored (see {@link orderChangeOf}). */
  readonly ordersRead?: ProfileSummary["orders"] | undefined
  /** The summary it was read with, given only when none of its trait values changed since. */
  readonly summaryReadWithSameTraitValues?: ProfileSummary | undefined
}

// Whether the channels and sources facts of a profile are those of the summary it was read with, each taken at
// its summary's latest event as the facts are (see factsOfWritten).
const sameTouchLists = (facts: ProfileFacts, summaryRead: ProfileSummary, createdAt: number): boolean => {
  const read = channelsAndSourcesOf(summaryRead, new Date(summaryRead.lastSeenAt ?? createdAt))
  return sameTexts(read.channels, facts.channels) && sameTexts(read.sources, facts.sources)
}

const sameTexts = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * The order part of an amend ({@link SegmentInputsChange}) for a profile
 * whose summary is now `summary`: nothing when it holds the very orders map it
 * was read with (summaries are combined without touching a map no event added
 * to); when the orders it was read with are known (`ordersRead`, whose rows
 * are the stored ones), the rows of the orders that differ — an order record
 * not changed is the same object, and its rows depend on it alone — else
 * every order row.
 *
 * @param summary - the profile's summary as written
 * @param ordersRead - the orders of the summary it was read with, when it was stored
 * @returns `orders` and `ordersReplaced` of the change
 *
 * @example
 * ```ts
 * import { emptySummary } from "@kith/profile"
 *
 * // Read with this very orders map: no order row to write.
 * orderChangeOf(emptySummary, emptySummary.orders) // => {}
 * // Read with no orders known: every order row, all of them written again (none here).
 * orderChangeOf(emptySummary, undefined) // => { orders: [] }
 * ```
 */
export const orderChangeOf = (summary: ProfileSummary, ordersRead: ProfileSummary["orders"] | undefined): Pick<SegmentInputsChange, "orders" | "ordersReplaced"> => {
  if (ordersRead === undefined) return { orders: orderRowsOf(summary) }
  if (ordersRead === summary.orders) return {}
  const changed = new Map<string, OrderRecord>()
  const replaced: Array<string> = []
  for (const [orderId, record] of summary.orders) {
    if (ordersRead.get(orderId) === record) continue
    changed.set(orderId, record)
    replaced.push(orderId)
  }
  for (const orderId of ordersRead.keys()) if (!summary.orders.has(orderId)) replaced.push(orderId)
  if (replaced.length === 0) return {}
  return { orders: orderRowsOf({ ...summary, orders: changed }), ordersReplaced: replaced }
}

// The activity rows of some new events.
const rowsOfEvents = (events: ReadonlyArray<NewEvent>): Array<ActivityRow> => {
  const rows: Array<ActivityRow> = []
  for (const { event } of events) {
    const activity = activityRowOf(event)
    if (activity !== undefined) rows.push(activity)
  }
  return rows
}

// The facts of a profile as just written: the same as those of its stored row (the row is this state, serialized).
const factsOfWritten = (profile: WorkingProfile, source: StoredInputsSource): ProfileFacts =>
  profileFactsOf(
    { profileId: profile.profileId, traits: storedTraitValues(profile.traits), summary: profile.summary, leadStatus: source.leadStatus ?? null, careStatus: source.careStatus ?? null },
    { asOf: new Date(profile.summary.lastSeenAt ?? profile.createdAt), timeZone: source.timeZone, currency: source.currency ?? defaultWorkspaceSettings.currency }
  )

const isOrderRow = (row: ActivityRow): boolean => row.kind === "order" || row.kind === "order_line"

/**
 * The segment-inputs step of an ingestion for the profiles identity
 * resolution wrote that only absorbed stored profiles whole (new profiles
 * included): their events are exactly the absorbed profiles' and the new
 * ones, so their inputs are the absorbed profiles' stored event rows, the
 * new events' rows, and facts and order rows from the profile as written —
 * without reading or decoding any stored event; a stored profile that only
 * gained events is amended (see {@link amendSegmentInputs}), its own rows
 * left as stored. A profile whose absorbed profiles hold no stored inputs,
 * or that did not absorb whole, is left out (not in the returned ids) for
 * {@link rewriteSegmentInputs}.
 *
 * @param tx - the ingestion's transaction
 * @param workspaceId - the workspace
 * @param written - the live profiles resolution wrote
 * @param timeZone - the workspace timezone
 * @returns the profiles whose inputs were written
 *
 * @example
 * ```ts
 * const done = await writeResolvedSegmentInputs(tx, "shop-1", resolved.written, "Asia/Ho_Chi_Minh")
 * ```
 */
export const writeResolvedSegmentInputs = async (
  tx: StorageWrites,
  workspaceId: string,
  written: ReadonlyMap<string, WrittenProfile>,
  timeZone: string
): Promise<Set<string>> => {
  // A stored profile that absorbed no other only gained events, like an attached one: it is amended, its own rows unread.
  const gainedOnly = (p: string, absorbed: ReadonlyArray<string>): boolean => absorbed.length === 1 && absorbed[0] === p
  const storedIds = new Set<string>()
  for (const [p, { absorbed }] of written) if (absorbed !== null && !gainedOnly(p, absorbed)) for (const q of absorbed) storedIds.add(q)
  const stored = storedIds.size === 0 ? new Map<string, SegmentInputs>() : await tx.segmentInputs.inputsOf(workspaceId, [...storedIds])
  const ready: Array<[string, WrittenProfile, ReadonlyArray<string>]> = []
  for (const [p, one] of written) {
    if (one.absorbed !== null && (gainedOnly(p, one.absorbed) || one.absorbed.every((q) => stored.has(q)))) ready.push([p, one, one.absorbed])
  }
  if (ready.length === 0) return new Set()
  const sourceOf = await sourcesOf(tx, workspaceId, ready.map(([p]) => p), timeZone)
  const created: Array<SegmentInputs> = []
  const rebuilt: Array<SegmentInputs> = []
  const amended: Array<SegmentInputsChange> = []
  for (const [p, { profile, fresh, ordersRead }, absorbed] of ready) {
    const facts = factsOfWritten(profile, sourceOf(p))
    if (gainedOnly(p, absorbed)) {
      // Its stored order rows stand except those of orders a new event changed, as for an attached profile.
      amended.push({ facts, ...orderChangeOf(profile.summary, ordersRead), added: rowsOfEvents(fresh) })
      continue
    }
    const activity: Array<ActivityRow> = [...orderRowsOf(profile.summary), ...rowsOfEvents(fresh)]
    for (const q of absorbed) for (const row of stored.get(q)!.activity) if (!isOrderRow(row)) activity.push(row)
    const inputs = { facts, activity: activity.sort(inActivityOrder) }
    // A profile that absorbed no stored profile was never stored: it holds no inputs to remove.
    if (absorbed.length === 0) created.push(inputs)
    else rebuilt.push(inputs)
  }
  if (created.length > 0) await tx.segmentInputs.insert(workspaceId, created)
  if (rebuilt.length > 0) await tx.segmentInputs.replace(workspaceId, rebuilt)
  if (amended.length > 0) await tx.segmentInputs.amend(workspaceId, amended)
  return new Set(ready.map(([p]) => p))
}

/**
 * The segment-inputs step of every change to profiles (ingestion, manual
 * merge, split, repair, trait edits): rebuilds the stored inputs of the
 * touched profiles that are live, from their events, and forgets those of
 * the ones merged away or gone — in the change's transaction, so the inputs
 * always describe the profiles as stored.
 *
 * @param tx - the change's transaction
 * @param workspaceId - the workspace
 * @param profileIds - every profile the change touched, before and after
 * @param timeZone - the workspace timezone
 *
 * @example
 * ```ts
 * await rewriteSegmentInputs(tx, "shop-1", ["p_m-1", "p_m-7"], "Asia/Ho_Chi_Minh")
 * ```
 */
export const rewriteSegmentInputs = async (tx: StorageWrites, workspaceId: string, profileIds: Iterable<string>, timeZone: string): Promise<void> => {
  const ids = [...new Set(profileIds)]
  if (ids.length === 0) return
  const rows = await tx.profiles.get(workspaceId, ids)
  const live = rows.filter((r) => r.mergedInto === null)
  const liveIds = new Set(live.map((r) => r.profileId))
  const gone = ids.filter((id) => !liveIds.has(id))
  if (gone.length > 0) await tx.segmentInputs.remove(workspaceId, gone)
  const inputs = await segmentInputsOfRows(tx, workspaceId, live, timeZone)
  if (inputs.length > 0) await tx.segmentInputs.replace(workspaceId, inputs)
}

/**
 * The segment-inputs step of a pipeline change outside ingestion (a lead,
 * an opportunity or a care record written, pipeline rules followed): the
 * lead and care status facts of these profiles, as the pipeline now tracks
 * them, in the change's transaction.
 *
 * @example
 * ```ts
 * await refreshPipelineStatuses(tx, "shop-1", ["p_m-1"])
 * ```
 */
export const refreshPipelineStatuses = async (tx: StorageWrites, workspaceId: string, profileIds: Iterable<string>): Promise<void> => {
  const ids = [...new Set(profileIds)]
  if (ids.length === 0) return
  const sourceOf = await sourcesOf(tx, workspaceId, ids, "")
  await tx.segmentInputs.setPipelineStatuses(
    workspaceId,
    ids.map((profileId) => {
      const source = sourceOf(profileId)
      return { profileId, leadStatus: source.leadStatus ?? null, careStatus: source.careStatus ?? null }
    })
  )
}
