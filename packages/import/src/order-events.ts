import type { Identifier, JsonValue, KithEventEncoded, LineItem } from "@kith/core"
import { type ImportContext, importAnonymousId, importSourceOf } from "./import-context.js"
import { importMessageId } from "./message-id.js"
import type { OrderLine } from "./order-rows.js"
import type { OrderOutcome } from "./order-status.js"
import type { CellProblem } from "./problems.js"

/** One order assembled from its lines. */
export interface ImportedOrder {
  readonly orderId: string
  /** The rows it came from, in file order. */
  readonly rows: ReadonlyArray<number>
  readonly orderedAt: Date
  readonly outcome: OrderOutcome
  readonly completedAt: Date | undefined
  readonly channel: string
  readonly buyer: { readonly traits: Readonly<Record<string, JsonValue>>; readonly identifiers: ReadonlyArray<Identifier> }
  readonly items: ReadonlyArray<LineItem>
  readonly total: number
  readonly subtotal: number
  readonly shipping: number | undefined
  readonly discount: number | undefined
  readonly paid: number | undefined
  readonly paymentMethod: string | undefined
  /** What its lines disagreed on (the first line's value is kept). */
  readonly problems: ReadonlyArray<CellProblem>
}

interface Draft {
  first: OrderLine
  rows: Array<number>
  items: Array<LineItem>
  identifiers: Array<Identifier>
  problems: Array<CellProblem>
}

const sameInstant = (a: Date | undefined, b: Date | undefined): boolean => (a === undefined ? b === undefined : b !== undefined && a.getTime() === b.getTime())

const keyOf = (identifier: Identifier): string => `${identifier.type}:${identifier.value}`

/**
 * Groups order lines into orders by order id (orders import). Lines of one
 * order need not be next to each other; memory grows with the number of
 * orders in the file, not with its lines' text. Order-level fields (date,
 * status, channel, totals) are taken from the order's first line; a later
 * line that disagrees is reported as `conflicting_order`. The buyer's
 * identifiers are the union over the lines.
 *
 * @example
 * ```ts
 * import { OrderAssembler } from "@kith/import"
 * const assembler = new OrderAssembler()
 * // assembler.add(line) for each valid line, then:
 * assembler.orders().length // => 0
 * ```
 */
export class OrderAssembler {
  private readonly drafts = new Map<string, Draft>()

  /** Adds one valid line. */
  add(line: OrderLine): void {
    const draft = this.drafts.get(line.orderId)
    if (draft === undefined) {
      this.drafts.set(line.orderId, { first: line, rows: [line.row], items: [line.item], identifiers: [...line.buyer.identifiers], problems: [] })
      return
    }
    draft.rows.push(line.row)
    draft.items.push(line.item)
    for (const identifier of line.buyer.identifiers) if (!draft.identifiers.some((held) => keyOf(held) === keyOf(identifier))) draft.identifiers.push(identifier)
    const first = draft.first
    const conflict = (field: string, value: string) =>
      draft.problems.push({ row: line.row, column: -1, header: field, value, reason: "conflicting_order", message: `order ${line.orderId} has another ${field} on row ${first.row}; that one is kept`, fatal: false })
    if (!sameInstant(first.orderedAt, line.orderedAt)) conflict("orderDate", line.orderedAt.toISOString())
    if (first.outcome !== line.outcome) conflict("status", line.outcome)
    if (first.channel !== line.channel) conflict("channel", line.channel)
    if (line.orderTotal !== undefined && first.orderTotal !== undefined && line.orderTotal !== first.orderTotal) conflict("orderTotal", String(line.orderTotal))
  }

  /** How many orders are held. */
  get size(): number {
    return this.drafts.size
  }

  /** The orders, in the order their first line came. */
  orders(): ReadonlyArray<ImportedOrder> {
    return [...this.drafts.values()].map((draft) => {
      const first = draft.first
      const subtotal = draft.items.reduce((sum, item) => sum + item.quantity * item.price, 0)
      const total = first.orderTotal ?? Math.max(0, subtotal + (first.shipping ?? 0) - (first.discount ?? 0))
      return {
        orderId: first.orderId,
        rows: draft.rows,
        orderedAt: first.orderedAt,
        outcome: first.outcome,
        completedAt: first.completedAt,
        channel: first.channel,
        buyer: { traits: first.buyer.traits, identifiers: draft.identifiers },
        items: draft.items,
        total,
        subtotal,
        shipping: first.shipping,
        discount: first.discount,
        paid: first.paid,
        paymentMethod: first.paymentMethod,
        problems: draft.problems
      }
    })
  }
}

const eventNames: { readonly [O in OrderOutcome]: ReadonlyArray<string> } = {
  placed: ["Order Placed"],
  completed: ["Order Placed", "Order Completed"],
  cancelled: ["Order Placed", "Order Cancelled"],
  delivery_failed: ["Order Placed", "Order Delivery Failed"],
  returned: ["Order Placed", "Order Completed", "Order Returned"],
  refunded: ["Order Placed", "Order Completed", "Order Refunded"]
}

/**
 * The events of one imported order (orders import), as raw JSON for kith's
 * ingestion: an `identify` with the buyer's traits when the file names them,
 * `Order Placed` at the order date, then what its status says — `Order
 * Completed`, `Order Cancelled`, `Order Delivery Failed`, or completed and
 * then `Order Returned` / `Order Refunded` — at the completion date (the
 * order date when there is none). The buyer's identifiers travel in
 * `context.externalIds` (a track call has no traits), channel from the file
 * (`import` by default), source `import:<file name>`. Message ids derive from
 * the file identity, the order id, the event name and the order's content,
 * so a re-import sends nothing new and an edited order sends only its new
 * versions.
 *
 * @param order - an assembled order
 * @param context - the file and the import time
 * @param currency - the workspace currency
 * @returns the events, in time order
 *
 * @example
 * ```ts
 * import { orderEvents } from "@kith/import"
 * const events = orderEvents({
 *   orderId: "DH1", rows: [2], orderedAt: new Date("2025-03-01T02:30:00Z"), outcome: "completed", completedAt: undefined, channel: "pos",
 *   buyer: { traits: { phone: "+84912345678" }, identifiers: [{ type: "phone", value: "+84912345678" }] },
 *   items: [{ productId: "SP1", quantity: 2, price: 225000 }], total: 450000, subtotal: 450000,
 *   shipping: undefined, discount: undefined, paid: undefined, paymentMethod: undefined, problems: []
 * }, { fileName: "don.csv", importedAt: new Date("2025-03-31T00:00:00Z") }, "VND")
 * events.map((e) => e.type === "track" ? e["event"] : e.type) // => ["identify", "Order Placed", "Order Completed"]
 * ```
 */
export const orderEvents = (order: ImportedOrder, context: ImportContext, currency: string): ReadonlyArray<KithEventEncoded> => {
  const fileId = context.fileId ?? context.fileName
  const key = order.buyer.identifiers[0]!
  const anonymousId = importAnonymousId(key)
  const source = importSourceOf(context.fileName)
  const externalIds = order.buyer.identifiers
  const contextJson = { channel: order.channel, source, externalIds }
  const details: Record<string, JsonValue> = {
    orderId: order.orderId,
    currency,
    total: order.total,
    subtotal: order.subtotal,
    products: order.items as unknown as JsonValue
  }
  if (order.shipping !== undefined) details["shipping"] = order.shipping
  if (order.discount !== undefined) details["discount"] = order.discount
  if (order.paid !== undefined) details["paid"] = order.paid
  if (order.paymentMethod !== undefined) details["paymentMethod"] = order.paymentMethod
  const endedAt = (order.completedAt ?? order.orderedAt).toISOString()
  const events: Array<KithEventEncoded> = []
  if (Object.keys(order.buyer.traits).length > 0) {
    events.push({
      type: "identify",
      messageId: importMessageId(["kith-import/order-buyer/1", fileId, order.orderId, order.buyer.traits, externalIds]),
      timestamp: order.orderedAt.toISOString(),
      anonymousId,
      traits: order.buyer.traits,
      context: contextJson
    })
  }
  for (const name of eventNames[order.outcome]) {
    const properties: Record<string, JsonValue> =
      name === "Order Placed" || name === "Order Completed"
        ? details
        : name === "Order Refunded"
          ? { orderId: order.orderId, currency, amount: order.paid ?? order.total }
          : { orderId: order.orderId }
    events.push({
      type: "track",
      messageId: importMessageId(["kith-import/order/1", fileId, order.orderId, name, properties, externalIds, order.orderedAt.toISOString(), endedAt]),
      timestamp: name === "Order Placed" ? order.orderedAt.toISOString() : endedAt,
      anonymousId,
      event: name,
      properties,
      context: contextJson
    })
  }
  return events
}
