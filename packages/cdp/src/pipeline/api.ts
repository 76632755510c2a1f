import type { InvalidInput, LeadStatus } from "@kith/core"
import type {
  CareRecord,
  FunnelStep,
  IllegalMove,
  Lead,
  LeadSource,
  Opportunity,
  OpportunityMove,
  OpportunityStatus,
  PipelineMetrics,
  PotentialLevel,
  SlaPolicyInput,
  SlaStanding
} from "@kith/pipeline"
import type {
  FollowOutcome,
  InvalidCursor,
  Page,
  PipelineConflict,
  PipelineItemNotFound,
  ProfileNotFound,
  StorageFailure,
  UnknownWorkspace
} from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { ListRequest } from "../list-request.js"
import type { CdpMode, Returns } from "../mode.js"
import type { ProfileLookupError, ProfileReference } from "../profile-reference.js"

/**
 * A change made by staff: when, who (a staff id), why, and optionally the
 * version the change was decided on. With `expectedVersion`, a store holding
 * another version refuses the change with a `PipelineConflict` (someone else
 * moved the item first); without it the change applies to the item as it is
 * now, and the state machine judges it there.
 *
 * @example
 * ```ts
 * const change: StaffChange = { at: new Date("2025-03-10T09:00:00+07:00"), actor: "s-lan", reason: "đã gọi lại", expectedVersion: 3 }
 * ```
 */
export interface StaffChange {
  readonly at: Date | string
  readonly actor: string
  readonly reason?: string
  readonly expectedVersion?: number
}

/**
 * A note to add (PIPE-2): when, by whom, the text.
 *
 * @example
 * ```ts
 * const note: NoteRequest = { at: new Date("2025-03-10T09:05:00+07:00"), author: "s-lan", text: "Khách hẹn gọi lại chiều thứ Hai" }
 * ```
 */
export interface NoteRequest {
  readonly at: Date | string
  readonly author: string
  readonly text: string
  readonly expectedVersion?: number
}

/**
 * Which items a list reads: a page, narrowed by status, assignee (`null`:
 * unassigned), creation period `[from, to)`, the customer, and `search` text
 * (name, phone in any form, email, address — the profile's and what was
 * submitted).
 *
 * @example
 * ```ts
 * const request: ItemListRequest<LeadStatus> = { status: ["new", "received"], assignee: null, search: "0912 345 678", limit: 20 }
 * ```
 */
export interface ItemListRequest<S extends string> extends ListRequest {
  readonly status?: S | ReadonlyArray<S>
  readonly assignee?: string | null
  readonly from?: Date
  readonly to?: Date
  readonly search?: string
  readonly profile?: ProfileReference
}

/**
 * A lead list request: {@link ItemListRequest} plus the lead's source.
 *
 * @example
 * ```ts
 * const request: LeadListRequest = { source: "website_form", status: "new" }
 * ```
 */
export interface LeadListRequest extends ItemListRequest<LeadStatus> {
  readonly source?: LeadSource | ReadonlyArray<LeadSource>
}

/**
 * A lead entered by staff (PIPE-1): the customer, the source, when and who,
 * optionally an id (default: a random one), a draft, an assignee, details.
 *
 * @example
 * ```ts
 * const input: LeadCreateRequest = { profile: { type: "phone", value: "0912 345 678" }, source: "manual", at: new Date("2025-03-10T09:00:00+07:00"), actor: "s-lan", details: { nhu_cau: "Tư vấn size" } }
 * ```
 */
export interface LeadCreateRequest {
  readonly profile: ProfileReference
  readonly source: LeadSource
  readonly at: Date | string
  readonly actor: string
  readonly id?: string
  readonly draft?: boolean
  readonly assignee?: string
  readonly details?: Readonly<Record<string, string>>
}

/**
 * An opportunity entered by staff (PIPE-4).
 *
 * @example
 * ```ts
 * const input: OpportunityCreateRequest = { profile: "p_m-1", at: new Date("2025-03-10T09:00:00+07:00"), actor: "s-lan", potential: "high", cartValue: 450000 }
 * ```
 */
export interface OpportunityCreateRequest {
  readonly profile: ProfileReference
  readonly at: Date | string
  readonly actor: string
  readonly id?: string
  readonly potential?: PotentialLevel
  readonly assignee?: string
  readonly currency?: string
  readonly cartValue?: number
}

/**
 * A period `[from, to)`.
 *
 * @example
 * ```ts
 * const march: PeriodRequest = { from: new Date("2025-03-01T00:00:00+07:00"), to: new Date("2025-04-01T00:00:00+07:00") }
 * ```
 */
export interface PeriodRequest {
  readonly from: Date
  readonly to: Date
}

/**
 * Errors of reading one item.
 *
 * @example
 * ```ts
 * const tag = (e: ItemReadError): string => e._tag
 * ```
 */
export type ItemReadError = InvalidArgument | PipelineItemNotFound | UnknownWorkspace | StorageFailure

/**
 * Errors of changing an item: a bad argument, a move the machine refuses, a
 * stale version, or the store failing.
 *
 * @example
 * ```ts
 * const tag = (e: ItemChangeError): string => e._tag
 * ```
 */
export type ItemChangeError = ItemReadError | IllegalMove | InvalidInput | PipelineConflict | ProfileNotFound

/**
 * Errors of a pipeline list.
 *
 * @example
 * ```ts
 * const tag = (e: ItemListError): string => e._tag
 * ```
 */
export type ItemListError = InvalidArgument | InvalidCursor | ProfileLookupError | UnknownWorkspace | StorageFailure

/**
 * The operations leads and opportunities share: list, get, note, assign.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 * @typeParam T - the item
 * @typeParam R - its list request
 *
 * @example
 * ```ts
 * const page = await cdp.leads.list({ status: "new" })
 * ```
 */
export interface ItemsApi<M extends CdpMode, T, R> {
  /**
   * Items in creation order, filtered, paged (the lead list of PIPE-3:
   * search by name, phone, email or address; filters by status and date range).
   *
   * @example
   * ```ts
   * const page = await cdp.leads.list({ search: "Thu Hà", status: ["new", "received"], limit: 20 })
   * ```
   */
  list(request?: R): Returns<M, Page<T>, ItemListError>
  /**
   * One item by id.
   *
   * @example
   * ```ts
   * const lead = await cdp.leads.get("lead_m-1")
   * ```
   */
  get(id: string): Returns<M, T, ItemReadError>
  /**
   * Adds an internal note by staff (allowed in every status, never edited).
   *
   * @example
   * ```ts
   * await cdp.leads.note("lead_m-1", { at: new Date("2025-03-10T09:05:00+07:00"), author: "s-lan", text: "Khách hẹn gọi lại" })
   * ```
   */
  note(id: string, note: NoteRequest): Returns<M, T, ItemChangeError>
  /**
   * Assigns the item to a staff member (`null`: unassigned), recorded in its history.
   *
   * @example
   * ```ts
   * await cdp.opportunities.assign("opp_m-9", "s-minh", { at: new Date("2025-03-10T09:00:00+07:00"), actor: "s-lan" })
   * ```
   */
  assign(id: string, staffId: string | null, change: StaffChange): Returns<M, T, ItemChangeError>
}

/**
 * `cdp.leads` (PIPE-1, PIPE-2): list with search and filters, get, create,
 * move through the lead machine, note, assign. Every change is checked by
 * `@kith/pipeline`'s machine (an `IllegalMove` names what is allowed) and
 * written against the version read (a `PipelineConflict` if someone else
 * changed the lead first: nothing is lost).
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * const lead = await cdp.leads.create({ profile: "p_m-1", source: "manual", at: new Date("2025-03-10T09:00:00+07:00"), actor: "s-lan" })
 * await cdp.leads.move(lead.id, "received", { at: new Date("2025-03-10T09:10:00+07:00"), actor: "s-lan", expectedVersion: lead.version })
 * ```
 */
export interface LeadsApi<M extends CdpMode> extends ItemsApi<M, Lead, LeadListRequest> {
  /**
   * Enters a lead by hand, anchored to the customer's earliest record (so a
   * split gives it to the right person).
   *
   * @example
   * ```ts
   * const lead = await cdp.leads.create({ profile: { type: "phone", value: "0912 345 678" }, source: "manual", at: new Date("2025-03-10T09:00:00+07:00"), actor: "s-lan" })
   * ```
   */
  create(input: LeadCreateRequest): Returns<M, Lead, ItemChangeError | ProfileLookupError>
  /**
   * Moves the lead to a status, by the machine's one action between its
   * status and `to` (`receive`, `process`, `close`, `mark_spam`, ...).
   *
   * @example
   * ```ts
   * await cdp.leads.move("lead_m-1", "received", { at: new Date("2025-03-10T09:10:00+07:00"), actor: "s-lan" })
   * ```
   */
  move(id: string, to: LeadStatus, change: StaffChange): Returns<M, Lead, ItemChangeError>
}

/**
 * `cdp.opportunities` (PIPE-4, PIPE-5): the same shape as `cdp.leads` (the
 * move is an `OpportunityMove`: start, win with the order, lose with a
 * reason, reopen), plus the period's metrics.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * await cdp.opportunities.move("opp_m-9", { action: "lose", lostReason: "other" }, { at: new Date("2025-03-12T09:00:00+07:00"), actor: "s-lan", reason: "khách đổi ý" })
 * ```
 */
export interface OpportunitiesApi<M extends CdpMode> extends ItemsApi<M, Opportunity, ItemListRequest<OpportunityStatus>> {
  /**
   * Enters an opportunity by hand.
   *
   * @example
   * ```ts
   * await cdp.opportunities.create({ profile: "p_m-1", at: new Date("2025-03-10T09:00:00+07:00"), actor: "s-lan", potential: "high", cartValue: 450000 })
   * ```
   */
  create(input: OpportunityCreateRequest): Returns<M, Opportunity, ItemChangeError | ProfileLookupError>
  /**
   * Moves the opportunity (start, win, lose, reopen).
   *
   * @example
   * ```ts
   * await cdp.opportunities.move("opp_m-9", { action: "win", orderId: "SO-1", value: 450000 }, { at: new Date("2025-03-12T09:00:00+07:00"), actor: "s-lan" })
   * ```
   */
  move(id: string, move: OpportunityMove, change: StaffChange): Returns<M, Opportunity, ItemChangeError>
  /**
   * The opportunity figures of the period (`@kith/pipeline`'s `pipelineMetrics`).
   *
   * @example
   * ```ts
   * const figures = await cdp.opportunities.metrics({ from: new Date("2025-03-01T00:00:00+07:00"), to: new Date("2025-04-01T00:00:00+07:00") })
   * ```
   */
  metrics(period: PeriodRequest): Returns<M, PipelineMetrics["opportunities"], InvalidArgument | UnknownWorkspace | StorageFailure>
}

/**
 * `cdp.care` (PIPE-6): a customer's care status with its history.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * await cdp.care.set({ type: "phone", value: "0912 345 678" }, "contacted", { at: new Date("2025-03-10T09:00:00+07:00"), actor: "s-lan" })
 * ```
 */
export interface CareApi<M extends CdpMode> {
  /**
   * The customer's care record (status `null` before any change).
   *
   * @example
   * ```ts
   * const care = await cdp.care.get("p_m-1")
   * ```
   */
  get(profile: ProfileReference): Returns<M, CareRecord, ProfileLookupError | ProfileNotFound>
  /**
   * Sets the care status by the care machine (a customer is reached before being judged).
   *
   * @example
   * ```ts
   * await cdp.care.set("p_m-1", "potential", { at: new Date("2025-03-11T09:00:00+07:00"), actor: "s-lan" })
   * ```
   */
  set(profile: ProfileReference, status: NonNullable<CareRecord["status"]>, change: StaffChange): Returns<M, CareRecord, ProfileLookupError | ItemChangeError>
}

/**
 * One entry of a customer's pipeline timeline (PRF-6): a lead's or an
 * opportunity's history entry (status change, assignment, collaborator,
 * potential) or note, with the item it belongs to.
 *
 * @example
 * ```ts
 * const entry: PipelineTimelineEntry = { at: new Date("2025-03-10T02:10:00Z"), item: { kind: "lead", id: "lead_m-1" }, entry: "status", detail: "new → received", actor: "s-lan" }
 * ```
 */
export interface PipelineTimelineEntry {
  readonly at: Date
  readonly item: { readonly kind: "lead" | "opportunity"; readonly id: string }
  readonly entry: "status" | "assignee" | "collaborator" | "potential" | "note"
  /** What changed, in words: `new → received`, `assigned to s-lan`, the note's text... */
  readonly detail: string
  /** The staff id or the rule that made it. */
  readonly actor: string
}

/**
 * `cdp.pipeline`: following the events, the period's metrics and funnel,
 * the overdue items, and a customer's pipeline timeline.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * await cdp.pipeline.follow()
 * const march = { from: new Date("2025-03-01T00:00:00+07:00"), to: new Date("2025-04-01T00:00:00+07:00") }
 * const metrics = await cdp.pipeline.metrics(march)
 * const steps = await cdp.pipeline.funnel(march)
 * ```
 */
export interface PipelineApi<M extends CdpMode> {
  /**
   * Runs the event rules (opening leads and opportunities, following carts,
   * winning and losing by orders) on the stored events not applied yet, each
   * event once, with the rules of the facade's options.
   *
   * @example
   * ```ts
   * const { applied, happened } = await cdp.pipeline.follow()
   * ```
   */
  follow(): Returns<M, FollowOutcome, UnknownWorkspace | StorageFailure>
  /**
   * The period's lead and opportunity figures (PIPE-5).
   *
   * @example
   * ```ts
   * const metrics = await cdp.pipeline.metrics({ from: new Date("2025-03-01T00:00:00+07:00"), to: new Date("2025-04-01T00:00:00+07:00") })
   * ```
   */
  metrics(period: PeriodRequest): Returns<M, PipelineMetrics, InvalidArgument | UnknownWorkspace | StorageFailure>
  /**
   * The funnel visitor → lead → opportunity → buyer of the period (PIPE-5).
   *
   * @example
   * ```ts
   * const steps = await cdp.pipeline.funnel({ from: new Date("2025-03-01T00:00:00+07:00"), to: new Date("2025-04-01T00:00:00+07:00") })
   * ```
   */
  funnel(period: PeriodRequest): Returns<M, ReadonlyArray<FunnelStep>, InvalidArgument | UnknownWorkspace | StorageFailure>
  /**
   * The open items past their SLA at `asOf` (PIPE-8), earliest due first,
   * under the policy of the facade's options (or `sla`).
   *
   * @example
   * ```ts
   * const late = await cdp.pipeline.overdue({ asOf: new Date("2025-03-10T09:00:00+07:00") })
   * ```
   */
  overdue(request: { readonly asOf: Date; readonly sla?: SlaPolicyInput }): Returns<M, ReadonlyArray<SlaStanding>, InvalidArgument | InvalidInput | UnknownWorkspace | StorageFailure>
  /**
   * The customer's lead and opportunity history and notes, newest first (PRF-6).
   *
   * @example
   * ```ts
   * const entries = await cdp.pipeline.timeline({ type: "phone", value: "0912 345 678" })
   * ```
   */
  timeline(profile: ProfileReference): Returns<M, ReadonlyArray<PipelineTimelineEntry>, ProfileLookupError | ProfileNotFound>
}
