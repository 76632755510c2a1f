import { Amount, CurrencyCode, defaultWorkspaceSettings, type InvalidInput, OpportunityId, OrderId, ProfileId, StaffId } from "@kith/core"
import { Result, Schema } from "effect"
import { ChangeOptions, type ChangeStamp, decodeWith, notBefore, stampOf } from "../change-options.js"
import { IllegalMove } from "../errors.js"
import { lastChangeAt } from "../item.js"
import {
  CartLine,
  type LostReason,
  LostReason as LostReasonSchema,
  type Opportunity,
  type OpportunityAction,
  type OpportunityStatus,
  type OpportunityStatusChange,
  PotentialLevel
} from "./opportunity.js"

/** An opportunity action other than `create`. */
export type OpportunityActionName = Exclude<OpportunityAction, "create">

/**
 * The opportunity machine (PIPE-4): for each action, where it may start and
 * where it ends. `reopen` returns a lost opportunity to the status it was
 * lost from (`open` or `in_progress`); `won` is final.
 *
 * | action | from | to |
 * |---|---|---|
 * | `start` | open | in_progress |
 * | `win` | open, in_progress | won |
 * | `lose` | open, in_progress | lost |
 * | `reopen` | lost | the status it was lost from |
 *
 * @example
 * ```ts
 * OpportunityTransitions.win // => { from: ["open", "in_progress"], to: "won" }
 * ```
 */
export const OpportunityTransitions: {
  readonly [A in OpportunityActionName]: { readonly from: ReadonlyArray<OpportunityStatus>; readonly to: OpportunityStatus | "previous" }
} = {
  start: { from: ["open"], to: "in_progress" },
  win: { from: ["open", "in_progress"], to: "won" },
  lose: { from: ["open", "in_progress"], to: "lost" },
  reopen: { from: ["lost"], to: "previous" }
}

/** Every opportunity action, in the order of {@link OpportunityTransitions}. */
export const OpportunityActions = Object.keys(OpportunityTransitions) as ReadonlyArray<OpportunityActionName>

/**
 * A move of the opportunity machine with what it needs: a win may name the
 * order and its value (else the cart value is the won value); a loss names
 * its reason.
 *
 * @example
 * ```ts
 * const win: OpportunityMove = { action: "win", orderId: "SO-1", value: 450000 }
 * const lose: OpportunityMove = { action: "lose", lostReason: "other" }
 * ```
 */
export type OpportunityMove =
  | { readonly action: "start" }
  | { readonly action: "win"; readonly orderId?: string; readonly value?: number }
  | { readonly action: "lose"; readonly lostReason: LostReason }
  | { readonly action: "reopen" }

/**
 * Is the opportunity still open (`open` or `in_progress`)?
 *
 * @example
 * ```ts
 * isOpportunityOpen("in_progress") // => true
 * isOpportunityOpen("won") // => false
 * ```
 */
export const isOpportunityOpen = (status: OpportunityStatus): boolean => status === "open" || status === "in_progress"

/**
 * The actions allowed from an opportunity status.
 *
 * @example
 * ```ts
 * opportunityActionsFrom("open") // => ["start", "win", "lose"]
 * opportunityActionsFrom("won") // => []
 * ```
 */
export const opportunityActionsFrom = (status: OpportunityStatus): ReadonlyArray<OpportunityActionName> =>
  OpportunityActions.filter((action) => OpportunityTransitions[action].from.includes(status))

const OpportunityInput = Schema.Struct({
  id: OpportunityId,
  profileId: ProfileId,
  originRecordId: Schema.String.check(Schema.isTrimmed(), Schema.isNonEmpty(), Schema.isMaxLength(200)),
  ...ChangeOptions.fields,
  potential: Schema.optionalKey(PotentialLevel),
  assignee: Schema.optionalKey(StaffId),
  currency: Schema.optionalKey(CurrencyCode),
  cartValue: Schema.optionalKey(Amount),
  cartLines: Schema.optionalKey(Schema.Array(CartLine).check(Schema.isMaxLength(1000)))
})
/**
 * The input of {@link createOpportunity}: ids as strings, `at` as an ISO
 * instant or a `Date`. `potential` defaults to `medium`, `currency` to the
 * workspace default (`VND`), `cartValue` to the sum of `cartLines` (0 when
 * none).
 */
export type OpportunityInput = typeof OpportunityInput.Encoded

const decodeInput = decodeWith("opportunity", OpportunityInput)
const decodeChange = decodeWith("opportunity change", ChangeOptions)
const decodeWin = decodeWith("opportunity change", Schema.Struct({ orderId: Schema.optionalKey(OrderId), value: Schema.optionalKey(Amount) }))
const decodeLose = decodeWith("opportunity change", Schema.Struct({ lostReason: LostReasonSchema }))
const decodePotential = decodeWith("opportunity change", Schema.Struct({ potential: PotentialLevel }))

/**
 * The sum of `price × quantity` over cart lines.
 *
 * @example
 * ```ts
 * linesValue([{ productId: "p-ao" as ProductId, quantity: 2, price: 225000 }, { productId: "p-mu" as ProductId, quantity: 1, price: 90000 }]) // => 540000
 * ```
 */
export const linesValue = (lines: ReadonlyArray<CartLine>): number => lines.reduce((sum, line) => sum + line.price * line.quantity, 0)

/**
 * Creates an opportunity in `open`, its history starting with the `create`
 * entry (who, when, and the event when a rule opened it).
 *
 * @param input - ids, origin record, the change stamp, and optional potential, assignee, currency and cart
 * @returns the opportunity, or an `InvalidInput` naming every bad field
 *
 * @example
 * ```ts
 * import { createOpportunity } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const opportunity = Result.getOrThrow(createOpportunity({
 *   id: "o-1", profileId: "p-1", originRecordId: "m-1", at: "2025-03-07T09:00:00+07:00",
 *   actor: { kind: "staff", id: "s-lan" }, cartLines: [{ productId: "p-ao", quantity: 2, price: 225000 }]
 * }))
 * opportunity.cartValue // => 450000
 * opportunity.potential // => "medium"
 * ```
 */
export const createOpportunity = (input: OpportunityInput): Result.Result<Opportunity, InvalidInput> =>
  Result.map(decodeInput(input), (o) =>
    buildOpportunity({
      id: o.id,
      profileId: o.profileId,
      originRecordId: o.originRecordId,
      stamp: stampOf(o),
      potential: o.potential ?? "medium",
      assignee: o.assignee ?? null,
      currency: o.currency ?? defaultWorkspaceSettings.currency,
      cartLines: o.cartLines ?? [],
      cartValue: o.cartValue ?? null
    })
  )

/** Builds a new open opportunity from checked values. */
export const buildOpportunity = (o: {
  readonly id: OpportunityId
  readonly profileId: ProfileId
  readonly originRecordId: string
  readonly stamp: ChangeStamp
  readonly potential: PotentialLevel
  readonly assignee: StaffId | null
  readonly currency: string
  readonly cartLines: ReadonlyArray<CartLine>
  readonly cartValue: number | null
}): Opportunity => {
  const created: OpportunityStatusChange = { kind: "status", ...o.stamp, action: "create", from: null, to: "open", orderId: null, lostReason: null }
  return {
    kind: "opportunity",
    id: o.id,
    profileId: o.profileId,
    originRecordId: o.originRecordId,
    status: "open",
    statusSince: o.stamp.at,
    createdAt: o.stamp.at,
    potential: o.potential,
    assignee: o.assignee,
    collaborators: [],
    currency: o.currency,
    cartValue: o.cartValue ?? linesValue(o.cartLines),
    cartLines: o.cartLines,
    checkoutStartedAt: null,
    orderPlacedAt: null,
    orderIds: [],
    interests: [],
    lastActivityAt: o.stamp.at,
    wonOrderId: null,
    wonValue: null,
    lostReason: null,
    closedAt: null,
    history: o.assignee === null ? [created] : [created, { kind: "assignee", ...o.stamp, reason: null, from: null, to: o.assignee }],
    notes: [],
    version: 1
  }
}

const refuse = (opportunity: Opportunity, action: string, reason: string) =>
  Result.fail(new IllegalMove({ machine: "opportunity", itemId: opportunity.id, state: opportunity.status, action, reason }))

/** The status a lost opportunity was lost from: the `from` of its last `lose`. */
const statusBeforeLoss = (opportunity: Opportunity): OpportunityStatus => {
  for (let i = opportunity.history.length - 1; i >= 0; i--) {
    const change = opportunity.history[i]!
    if (change.kind === "status" && change.action === "lose") return change.from ?? "open"
  }
  return "open"
}

/**
 * Moves an opportunity by one action of {@link OpportunityTransitions}. A win
 * links and names its order and sets the won value (the given value, else
 * the cart value); a loss records its reason; a reopen clears both. A move
 * the table does not allow is an {@link IllegalMove}; a bad field or a change
 * dated before the last one is an `InvalidInput`. Either way nothing changes.
 *
 * @param opportunity - the opportunity as it is
 * @param move - the action and what it needs
 * @param options - when, who, why (and the event, for a rule)
 * @returns the moved opportunity (its `version` one higher), or the typed refusal
 *
 * @example
 * ```ts
 * import { createOpportunity, moveOpportunity } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const open = Result.getOrThrow(createOpportunity({ id: "o-1", profileId: "p-1", originRecordId: "m-1", at: "2025-03-07T09:00:00+07:00", actor: staff, cartValue: 450000 }))
 * const won = Result.getOrThrow(moveOpportunity(open, { action: "win", orderId: "SO-1", value: 430000 }, { at: "2025-03-08T10:00:00+07:00", actor: staff }))
 * ;[won.status, won.wonOrderId, won.wonValue] // => ["won", "SO-1", 430000]
 * Result.isFailure(moveOpportunity(won, { action: "lose", lostReason: "other" }, { at: "2025-03-09T10:00:00+07:00", actor: staff })) // => true (won is final)
 * ```
 */
export const moveOpportunity = (
  opportunity: Opportunity,
  move: OpportunityMove,
  options: ChangeOptions
): Result.Result<Opportunity, IllegalMove | InvalidInput> =>
  Result.gen(function* () {
    const stamp = stampOf(yield* decodeChange(options))
    const action = move.action
    const transition = OpportunityTransitions[action] as (typeof OpportunityTransitions)[OpportunityActionName] | undefined
    if (transition === undefined) return yield* refuse(opportunity, String(action), "no such action")
    if (!transition.from.includes(opportunity.status)) return yield* refuse(opportunity, action, `${action} is allowed from ${transition.from.join(", ")}`)
    yield* notBefore("opportunity change", stamp.at, lastChangeAt(opportunity))
    switch (move.action) {
      case "start":
      case "reopen":
        return applyOpportunityMove(opportunity, move, stamp)
      case "win": {
        const win = yield* decodeWin({ ...(move.orderId === undefined ? {} : { orderId: move.orderId }), ...(move.value === undefined ? {} : { value: move.value }) })
        return applyOpportunityMove(opportunity, { action: "win", orderId: win.orderId ?? null, value: win.value ?? null }, stamp)
      }
      case "lose": {
        const { lostReason } = yield* decodeLose({ lostReason: move.lostReason })
        return applyOpportunityMove(opportunity, { action: "lose", lostReason }, stamp)
      }
    }
  })

/** A move with its values already checked. */
export type CheckedOpportunityMove =
  | { readonly action: "start" }
  | { readonly action: "win"; readonly orderId: OrderId | null; readonly value: number | null }
  | { readonly action: "lose"; readonly lostReason: LostReason }
  | { readonly action: "reopen" }

/**
 * Applies a move the table allows from the opportunity's status, with checked
 * values and stamp (the event rules use it after checking both themselves).
 */
export const applyOpportunityMove = (opportunity: Opportunity, move: CheckedOpportunityMove, stamp: ChangeStamp): Opportunity => {
  switch (move.action) {
    case "start":
      return withStatus(opportunity, stamp, "start", "in_progress", {})
    case "win":
      return withStatus(opportunity, stamp, "win", "won", {
        orderId: move.orderId,
        patch: {
          wonOrderId: move.orderId,
          wonValue: move.value ?? opportunity.cartValue,
          closedAt: stamp.at,
          orderIds: move.orderId === null || opportunity.orderIds.includes(move.orderId) ? opportunity.orderIds : [...opportunity.orderIds, move.orderId]
        }
      })
    case "lose":
      return withStatus(opportunity, stamp, "lose", "lost", { lostReason: move.lostReason, patch: { lostReason: move.lostReason, closedAt: stamp.at } })
    case "reopen":
      return withStatus(opportunity, stamp, "reopen", statusBeforeLoss(opportunity), { patch: { lostReason: null, closedAt: null } })
  }
}

const withStatus = (
  opportunity: Opportunity,
  stamp: ChangeStamp,
  action: OpportunityActionName,
  to: OpportunityStatus,
  extra: { readonly orderId?: OrderId | null; readonly lostReason?: LostReason; readonly patch?: Partial<Opportunity> }
): Opportunity => {
  const change: OpportunityStatusChange = {
    kind: "status",
    ...stamp,
    action,
    from: opportunity.status,
    to,
    orderId: extra.orderId ?? null,
    lostReason: extra.lostReason ?? null
  }
  return {
    ...opportunity,
    ...extra.patch,
    status: to,
    statusSince: stamp.at,
    history: [...opportunity.history, change],
    version: opportunity.version + 1
  }
}

/**
 * Sets how likely the customer is to buy (high / medium / low), kept in
 * history. Refused with an {@link IllegalMove} when the level is already
 * that, or once the opportunity is won or lost.
 *
 * @example
 * ```ts
 * import { createOpportunity, setPotential } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const open = Result.getOrThrow(createOpportunity({ id: "o-1", profileId: "p-1", originRecordId: "m-1", at: "2025-03-07T09:00:00+07:00", actor: staff }))
 * Result.getOrThrow(setPotential(open, "high", { at: "2025-03-07T10:00:00+07:00", actor: staff, reason: "hỏi giá sỉ" })).potential // => "high"
 * ```
 */
export const setPotential = (opportunity: Opportunity, level: PotentialLevel, options: ChangeOptions): Result.Result<Opportunity, IllegalMove | InvalidInput> =>
  Result.gen(function* () {
    const { potential } = yield* decodePotential({ potential: level })
    const stamp = stampOf(yield* decodeChange(options))
    if (!isOpportunityOpen(opportunity.status)) return yield* refuse(opportunity, "set_potential", "a closed opportunity keeps the potential it closed with")
    if (opportunity.potential === potential) return yield* refuse(opportunity, "set_potential", `the potential is already ${potential}`)
    yield* notBefore("opportunity change", stamp.at, lastChangeAt(opportunity))
    return {
      ...opportunity,
      potential,
      history: [...opportunity.history, { kind: "potential" as const, ...stamp, from: opportunity.potential, to: potential }],
      version: opportunity.version + 1
    }
  })
