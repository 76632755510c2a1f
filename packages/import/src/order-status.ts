import { foldLabel } from "./text.js"

/**
 * Where an order stands, as kith's order events tell it:
 * `placed` (Order Placed only: pending, confirmed, shipping), `completed`
 * (Order Completed), `cancelled` (Order Cancelled), `delivery_failed`
 * (Order Delivery Failed), `returned` (completed, then Order Returned),
 * `refunded` (completed, then Order Refunded).
 */
export type OrderOutcome = "placed" | "completed" | "cancelled" | "delivery_failed" | "returned" | "refunded"

/**
 * The status words of Vietnamese POS, store builder and marketplace exports
 * (Shopee, Lazada, TikTok Shop) and their English forms, folded
 * ({@link foldLabel}), per outcome. Extend it by passing your own table to
 * {@link parseOrderStatus}.
 *
 * @example
 * ```ts
 * import { OrderStatusWords } from "@kith/import"
 * OrderStatusWords.cancelled.includes("da huy") // => true
 * ```
 */
export const OrderStatusWords: { readonly [O in OrderOutcome]: ReadonlyArray<string> } = {
  completed: ["hoan thanh", "da hoan thanh", "da giao", "da giao hang", "giao hang thanh cong", "giao thanh cong", "thanh cong", "da nhan hang", "da nhan", "hoan tat", "completed", "complete", "delivered", "success", "successful", "done", "finished"],
  cancelled: ["da huy", "huy", "huy don", "huy don hang", "khach huy", "shop huy", "bi huy", "cancelled", "canceled", "cancel", "void"],
  delivery_failed: ["giao that bai", "giao hang that bai", "that bai", "khong nhan hang", "khach khong nhan", "hoan ve", "chuyen hoan", "failed delivery", "delivery failed", "failed", "undeliverable"],
  returned: ["tra hang", "da tra hang", "hoan hang", "tra hang hoan tien", "doi tra", "returned", "return", "returned to seller"],
  refunded: ["hoan tien", "da hoan tien", "refunded", "refund"],
  placed: ["moi", "don moi", "cho xac nhan", "da xac nhan", "cho xu ly", "dang xu ly", "cho lay hang", "da lay hang", "cho giao hang", "dang giao", "dang giao hang", "dang van chuyen", "cho thanh toan", "da dat", "dat hang", "new", "pending", "unpaid", "to ship", "to receive", "processing", "confirmed", "ready to ship", "shipping", "shipped", "in transit", "placed", "open"]
}

/**
 * Reads an order status cell. An empty status is `placed`; an unknown word is
 * `undefined` (the import keeps the order as placed and reports the word).
 *
 * @param text - the status as written
 * @param words - the status table (kith's {@link OrderStatusWords} by default)
 *
 * @example
 * ```ts
 * import { parseOrderStatus } from "@kith/import"
 * parseOrderStatus("Hoàn thành") // => "completed"
 * parseOrderStatus("Đã hủy") // => "cancelled"
 * parseOrderStatus("Giao hàng thất bại") // => "delivery_failed"
 * parseOrderStatus("Chờ lấy hàng") // => "placed"
 * parseOrderStatus("???") // => undefined
 * ```
 */
export const parseOrderStatus = (text: string, words: { readonly [O in OrderOutcome]?: ReadonlyArray<string> } = OrderStatusWords): OrderOutcome | undefined => {
  if (text.trim().length === 0) return "placed"
  const folded = foldLabel(text)
  for (const [outcome, list] of Object.entries(words) as Array<[OrderOutcome, ReadonlyArray<string>]>) {
    if (list.some((word) => foldLabel(word) === folded)) return outcome
  }
  return undefined
}
