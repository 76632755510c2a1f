import type { ActivityRow } from "@kith/segments"

/** A cart as the product events build it: started by its first add, its products most recent first, last touched at. */
export interface CartState {
  /** The key of the row that started the cart: the cart's identity, so the same cart never triggers twice. */
  readonly startedBy: string
  readonly products: ReadonlyArray<string>
  readonly lastTouchedAt: number
}

/**
 * Walks a profile's rows in time order and reports every cart: calls
 * `onChange` before each row that changes the cart (with the cart as it was
 * and the row's instant) and returns the cart left at the end. A cart starts
 * with an add to an empty cart, is touched by adds, removes and a checkout,
 * and ends when emptied or when an order is placed.
 */
export const walkCarts = (
  rows: ReadonlyArray<ActivityRow>,
  onChange: (cart: CartState, at: number) => void = () => {}
): CartState | undefined => {
  let cart: { startedBy: string; products: Array<string>; lastTouchedAt: number } | undefined
  for (const row of rows) {
    const changes = row.kind === "product_added" || row.kind === "product_removed" || row.kind === "checkout_started" || row.kind === "order"
    if (!changes) continue
    if (cart !== undefined) onChange(cart, row.at)
    if (row.kind === "order") {
      cart = undefined
      continue
    }
    if (row.kind === "checkout_started") {
      if (cart !== undefined) cart.lastTouchedAt = row.at
      continue
    }
    const productId = row.productId
    if (productId === null) continue
    if (row.kind === "product_added") {
      if (cart === undefined) cart = { startedBy: row.key, products: [], lastTouchedAt: row.at }
      cart.products = [productId, ...cart.products.filter((p) => p !== productId)]
      cart.lastTouchedAt = row.at
    } else if (cart !== undefined) {
      cart.products = cart.products.filter((p) => p !== productId)
      cart.lastTouchedAt = row.at
      if (cart.products.length === 0) cart = undefined
    }
  }
  return cart
}

/** The cart at instant `t` (rows at or before `t`), or `undefined` when empty. */
export const cartAt = (rows: ReadonlyArray<ActivityRow>, t: number): CartState | undefined =>
  walkCarts(rows.filter((r) => r.at <= t))
