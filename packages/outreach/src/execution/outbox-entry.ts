import { Result } from "effect"
import type { UnfilledPlaceholder } from "../errors.js"
import type { Plan } from "../plan/plan.js"
import type { PersonalizationValues } from "../plan/placeholders.js"
import type { OutboxMessage } from "../delivery/sender.js"
import { renderText } from "../plan/render.js"
import type { SentMessage } from "../policy/caps.js"
import type { ContactPolicy } from "../policy/contact-policy.js"
import { decide, type Recipient } from "../policy/decide.js"
import type { ReasonCode } from "../policy/reasons.js"
import type { Occurrence } from "../triggers/plan-occurrences.js"

/**
 * The occurrence column of an outbox row: `""` for a one-time plan (one
 * message per recipient), the trigger instance (`order:SO-1`, `cart:m-1`)
 * for an automated plan, so the same order or cart never sends the same
 * plan twice (the row is unique per plan, profile and occurrence).
 *
 * @example
 * ```ts
 * outboxOccurrence(undefined) // => ""
 * outboxOccurrence({ instance: "order:SO-1" }) // => "order:SO-1"
 * ```
 */
export const outboxOccurrence = (occurrence: Pick<Occurrence, "instance"> | undefined): string => occurrence?.instance ?? ""

/** A recipient as plan execution sees them: the policy's view, plus their locale, address and personalization values. */
export interface ExecutionRecipient extends Recipient {
  readonly locale?: string | undefined
  readonly address?: string | undefined
  readonly values?: PersonalizationValues | undefined
}

/** The outbox state a decision puts a row in: `pending` to deliver, `held` until its release, `skipped` for good. */
export type DecidedState = "pending" | "held" | "skipped"

/**
 * What an outbox row records when written: the policy's verdict and reason,
 * whether the recipient is in the control group (a holdout skip, counted by
 * performance), the state and instant it becomes deliverable (or
 * re-decided, when held), and the rendered message.
 */
export interface DecidedOutboxEntry {
  readonly decision: "send" | "hold" | "skip"
  readonly reason: ReasonCode
  readonly holdout: boolean
  readonly state: DecidedState
  readonly availableAt: Date
  readonly message: OutboxMessage
}

/** Where and when one outbox entry is decided. */
export interface OutboxEntryOptions {
  /** The planned instant: the plan's start, the occurrence's due time, or the release of a hold. Caps and hours are read here. */
  readonly at: Date
  readonly policy?: ContactPolicy | undefined
  /** The occurrence of an automated plan; its products replace the plan's. */
  readonly occurrence?: Pick<Occurrence, "products"> | undefined
}

/**
 * Decides and renders one outbox entry (OUT-5, OUT-7): renders the plan's
 * text for the recipient's locale (the voucher code filled from the plan),
 * then runs the one contact decision `decide` at the planned instant with
 * `history` — the recipient's earlier messages decided to be sent — so the
 * frequency caps count them. A hold becomes a `held` row available at the
 * release instant; a skip (holdout included) a `skipped` row.
 *
 * @param plan - the plan
 * @param recipient - the recipient, with their consent, locale and values
 * @param history - the recipient's earlier `send` decisions (any plan)
 * @param options - the planned instant, the policy and the occurrence
 * @returns the entry, or `UnfilledPlaceholder` when the host gave no value for a field every recipient needs (`shop.name`)
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const plan = {
 *   id: "plan-1",
 *   definition: {
 *     name: "Cảm ơn", purpose: "care", channel: "zalo", audience: { include: ["seg-all"], exclude: [] },
 *     content: { variants: { vi: 'Cảm ơn {{firstName | "bạn"}}!' }, fallbackLocale: "vi" },
 *     voucher: { kind: "none" }, products: ["p-1"], callToAction: { kind: "product_list" }, holdoutPercent: 0
 *   }
 * }
 * const recipient = {
 *   profileId: "p-1", reachableOn: ["zalo"], pastBuyer: true, values: { firstName: "Lan" },
 *   contact: { consent: [{ channel: "zalo", purpose: "care", state: "granted" }], suppression: { erased: false, suppressed: false, doNotContact: false, blockedShopOn: [] } }
 * }
 * const entry = Result.getOrThrow(outboxEntry(plan, recipient, [], { at: new Date("2025-03-07T10:00:00+07:00") }))
 * entry.decision // => "send"
 * entry.message.text // => "Cảm ơn Lan!"
 * const late = Result.getOrThrow(outboxEntry(plan, recipient, [], { at: new Date("2025-03-07T23:00:00+07:00") }))
 * late.state // => "held"
 * late.availableAt // => new Date("2025-03-08T07:00:00+07:00")
 * ```
 */
export const outboxEntry = (
  plan: Pick<Plan, "id"> & { readonly definition: Pick<Plan["definition"], "purpose" | "channel" | "content" | "voucher" | "products" | "callToAction" | "holdoutPercent"> },
  recipient: ExecutionRecipient,
  history: ReadonlyArray<SentMessage>,
  options: OutboxEntryOptions
): Result.Result<DecidedOutboxEntry, UnfilledPlaceholder> => {
  const { definition } = plan
  const voucherCode = definition.voucher.kind === "none" ? null : definition.voucher.code
  const values: PersonalizationValues = voucherCode === null ? { ...recipient.values } : { ...recipient.values, "voucher.code": voucherCode }
  return Result.map(renderText(definition.content, recipient.locale, values), ({ locale, text }) => {
    const decision = decide(
      { planId: plan.id, channel: definition.channel, purpose: definition.purpose, text, holdoutPercent: definition.holdoutPercent },
      recipient,
      history,
      { now: options.at, ...(options.policy === undefined ? {} : { policy: options.policy }) }
    )
    // A recipient without an address on the channel is skipped (no_address_for_channel): nothing is sent to "".
    const message: OutboxMessage = {
      text,
      locale,
      to: recipient.address ?? "",
      products: options.occurrence?.products ?? definition.products,
      voucher: definition.voucher,
      callToAction: definition.callToAction
    }
    switch (decision.verdict) {
      case "send":
        return { decision: "send", reason: decision.reason, holdout: false, state: "pending", availableAt: options.at, message }
      case "hold":
        return { decision: "hold", reason: decision.reason, holdout: false, state: "held", availableAt: decision.until, message }
      case "skip":
        return { decision: "skip", reason: decision.reason, holdout: decision.reason === "holdout", state: "skipped", availableAt: options.at, message }
    }
  })
}
