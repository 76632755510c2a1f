import { decodeEventResult, type KithEvent } from "@kith/core"
import { Result } from "effect"

// Builders of encoded events, decoded through @kith/core so every test event
// is a real, valid KithEvent.

let counter = 0
const nextId = () => `m-${++counter}`

export const decode = (input: Record<string, unknown>): KithEvent => {
  const result = decodeEventResult(input)
  if (Result.isFailure(result)) throw new Error(`fixture does not decode: ${result.failure.message}`)
  return result.success
}

export interface Base {
  readonly at: string
  readonly messageId?: string
  readonly userId?: string
  readonly anonymousId?: string
  readonly context?: Record<string, unknown>
}

const envelope = (base: Base) => ({
  messageId: base.messageId ?? nextId(),
  timestamp: base.at,
  ...(base.userId === undefined && base.anonymousId === undefined ? { anonymousId: "anon-1" } : {}),
  ...(base.userId === undefined ? {} : { userId: base.userId }),
  ...(base.anonymousId === undefined ? {} : { anonymousId: base.anonymousId }),
  ...(base.context === undefined ? {} : { context: base.context })
})

export const track = (event: string, properties: Record<string, unknown>, base: Base): KithEvent =>
  decode({ type: "track", ...envelope(base), event, properties })

export const page = (properties: Record<string, unknown>, base: Base): KithEvent => decode({ type: "page", ...envelope(base), properties })

export const identify = (traits: Record<string, unknown>, base: Base): KithEvent => decode({ type: "identify", ...envelope(base), traits })

export interface Line {
  readonly productId: string
  readonly name?: string
  readonly quantity: number
  readonly price: number
}

export const order = (
  kind: "Order Placed" | "Order Completed",
  orderId: string,
  lines: ReadonlyArray<Line>,
  base: Base,
  extra: Record<string, unknown> = {}
): KithEvent =>
  track(kind, { orderId, currency: "VND", total: lines.reduce((s, l) => s + l.quantity * l.price, 0), products: lines, ...extra }, base)

export const VN = "Asia/Ho_Chi_Minh"
