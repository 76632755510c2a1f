import { Result } from "effect"
import { type KnownEventName, TrackEventCatalog } from "../events/catalog.js"
import { decimalToMinorUnits, normalizeCurrencyCode } from "./amount.js"
import { type IssueList, pathOf, shown } from "./issues.js"
import { type JsonRecord, firstOf, idAt, isRecord, textAt, wholeAt } from "./read.js"
import type { Origins } from "./traits.js"

// The properties of typed track events as the Segment E-commerce v2 spec and
// real clients write them (snake_case or camelCase, decimal amounts in major
// units, currency in any case) mapped to kith's catalog: camelCase names,
// integer amounts in the currency's smallest unit.

/** What the property mappers need: the workspace currency and where to report. */
export interface PropertiesContext {
  /** The workspace currency, for a call that names none. */
  readonly currency: string
  readonly issues: IssueList
  readonly origins: Origins
}

const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

// The camelCase spelling of each snake_case key, computed once per key: every
// property lookup of every call asks for both spellings.
const camelSpellings = new Map<string, string>()
const camelOf = (key: string): string => {
  let spelled = camelSpellings.get(key)
  if (spelled === undefined) {
    spelled = camel(key)
    camelSpellings.set(key, spelled)
  }
  return spelled
}

// One mapping of properties: reads from the call's properties at `path`,
// writes kith's properties at `target`, remembering where each came from.
class Mapper {
  readonly out: Record<string, unknown> = {}
  constructor(
    readonly from: JsonRecord,
    readonly path: string,
    readonly target: string,
    readonly context: PropertiesContext
  ) {}

  // The first of `keys` (each in snake_case, then camelCase) that holds a value.
  private found(keys: ReadonlyArray<string>): { readonly key: string; readonly value: unknown; readonly at: string } | undefined {
    for (const key of keys) {
      for (const spelled of [key, camelOf(key)]) {
        const value = this.from[spelled]
        if (value !== undefined && value !== null) return { key: spelled, value, at: pathOf(this.path, spelled) }
      }
    }
    return undefined
  }

  private set(as: string, value: unknown, at: string): void {
    this.out[as] = value
    this.context.origins.set(pathOf(this.target, as), at)
  }

  id(as: string, keys: ReadonlyArray<string>): string | undefined {
    const hit = this.found(keys)
    if (hit === undefined) return undefined
    const id = idAt(hit.value, hit.at, this.context.issues)
    if (id !== undefined) this.set(as, id, hit.at)
    return id
  }

  text(as: string, keys: ReadonlyArray<string>): void {
    const hit = this.found(keys)
    if (hit === undefined) return
    const text = textAt(hit.value, hit.at, this.context.issues)
    if (text !== undefined && text !== "") this.set(as, text, hit.at)
  }

  whole(as: string, keys: ReadonlyArray<string>, min: number): number | undefined {
    const hit = this.found(keys)
    if (hit === undefined) return undefined
    const n = wholeAt(hit.value, hit.at, min, this.context.issues)
    if (n !== undefined) this.set(as, n, hit.at)
    return n
  }

  /** An amount in `currency`'s smallest unit, read but not written (for derived totals). */
  amountOf(keys: ReadonlyArray<string>, currency: string): { readonly value: number; readonly at: string } | undefined {
    const hit = this.found(keys)
    if (hit === undefined) return undefined
    const converted = decimalToMinorUnits(hit.value, currency)
    if (Result.isFailure(converted)) {
      this.context.issues.add(hit.at, converted.failure)
      return undefined
    }
    return { value: converted.success, at: hit.at }
  }

  amount(as: string, keys: ReadonlyArray<string>, currency: string): number | undefined {
    const amount = this.amountOf(keys, currency)
    if (amount !== undefined) this.set(as, amount.value, amount.at)
    return amount?.value
  }

  /** The call's currency (any case), else the workspace's. */
  currency(): string {
    const hit = this.found(["currency"])
    if (hit !== undefined) {
      const code = normalizeCurrencyCode(hit.value)
      if (Result.isSuccess(code)) {
        this.set("currency", code.success, hit.at)
        return code.success
      }
      this.context.issues.add(hit.at, code.failure)
    }
    this.out["currency"] = this.context.currency
    return this.context.currency
  }

  /** Reports `reason` at the first of `keys` when none of them was sent (a value sent but refused is reported already). */
  require(keys: ReadonlyArray<string>, reason: string): void {
    if (this.found(keys) === undefined) this.context.issues.add(pathOf(this.path, keys[0] as string), reason)
  }
}

const PRODUCT_ID = ["product_id", "productId", "id", "sku"]

// The descriptive fields of a product (Segment's product object).
const productDetails = (m: Mapper): void => {
  m.text("name", ["name"])
  m.text("category", ["category"])
  m.text("sku", ["sku"])
  m.text("brand", ["brand"])
  m.text("variant", ["variant"])
  m.text("url", ["url"])
  m.text("imageUrl", ["image_url"])
  m.text("coupon", ["coupon"])
  m.whole("position", ["position"], 0)
}

/** One line of an order, checkout or return: a product with its unit price in `currency` and quantity (1 when absent). */
const lineOf = (value: unknown, at: string, target: string, currency: string, context: PropertiesContext): JsonRecord | undefined => {
  if (!isRecord(value)) {
    context.issues.add(at, `expected a product object, got ${shown(value)}`)
    return undefined
  }
  const m = new Mapper(value, at, target, context)
  const productId = m.id("productId", PRODUCT_ID)
  if (productId === undefined && firstOf(value, PRODUCT_ID) === undefined) context.issues.add(pathOf(at, "product_id"), "a product needs its product_id (or sku)")
  productDetails(m)
  if (m.whole("quantity", ["quantity"], 1) === undefined && firstOf(value, ["quantity"]) === undefined) m.out["quantity"] = 1
  const price = m.amount("price", ["price"], currency)
  if (price === undefined && firstOf(value, ["price"]) === undefined) context.issues.add(pathOf(at, "price"), "a product in an order needs its unit price")
  // A line's price is in the order's currency; a line that names another one cannot be added up with it.
  const own = firstOf(value, ["currency"])
  if (own !== undefined) {
    const code = normalizeCurrencyCode(own.value)
    if (Result.isFailure(code)) context.issues.add(pathOf(at, own.key), code.failure)
    else if (code.success !== currency) context.issues.add(pathOf(at, own.key), `${shown(own.value)} differs from the currency of the order (${currency})`)
  }
  return m.out
}

const linesOf = (m: Mapper, currency: string): ReadonlyArray<JsonRecord> => {
  const hit = firstOf(m.from, ["products"])
  if (hit === undefined) return []
  const at = pathOf(m.path, "products")
  if (!Array.isArray(hit.value)) {
    m.context.issues.add(at, `expected an array of products, got ${shown(hit.value)}`)
    return []
  }
  const lines: Array<JsonRecord> = []
  hit.value.forEach((product: unknown, i) => {
    const line = lineOf(product, pathOf(at, i), pathOf(pathOf(m.target, "products"), lines.length), currency, m.context)
    if (line !== undefined) lines.push(line)
  })
  return lines
}

const linesValue = (lines: ReadonlyArray<JsonRecord>): number | undefined => {
  let sum = 0
  for (const line of lines) {
    if (typeof line["price"] !== "number" || typeof line["quantity"] !== "number") return undefined
    sum += line["price"] * line["quantity"]
  }
  return sum
}

/**
 * The amounts of an order or checkout. kith's `total` is what the buyer pays:
 * Segment's `total` ("subtotal with shipping and taxes added in"); else
 * `revenue` + `shipping` + `tax` (revenue includes discounts but excludes
 * shipping and taxes); else `value` (on Checkout Started, "revenue with
 * discounts and coupons added in"); else `subtotal` + `shipping` + `tax`;
 * else the lines' prices − `discount` + `shipping` + `tax`. `subtotal` is
 * Segment's `subtotal`, else `revenue`. For a checkout `value` comes before
 * `revenue`, as the spec defines it there.
 */
const orderAmounts = (m: Mapper, currency: string, lines: ReadonlyArray<JsonRecord>, valueFirst: boolean): void => {
  const total = m.amountOf(["total"], currency)
  const revenue = m.amountOf(["revenue"], currency)
  const value = m.amountOf(["value"], currency)
  const subtotal = m.amountOf(["subtotal"], currency)
  const discount = m.amount("discount", ["discount"], currency)
  const shipping = m.amount("shipping", ["shipping"], currency)
  const tax = m.amount("tax", ["tax"], currency)
  const extras = (shipping ?? 0) + (tax ?? 0)
  const candidates: Array<{ readonly value: number; readonly at: string } | undefined> = [
    total,
    ...(valueFirst ? [value, revenue && { value: revenue.value + extras, at: revenue.at }] : [revenue && { value: revenue.value + extras, at: revenue.at }, value]),
    subtotal && { value: subtotal.value + extras, at: subtotal.at }
  ]
  const chosen = candidates.find((c) => c !== undefined)
  const subtotalOut = subtotal ?? revenue
  if (subtotalOut !== undefined) {
    m.out["subtotal"] = subtotalOut.value
    m.context.origins.set(pathOf(m.target, "subtotal"), subtotalOut.at)
  }
  if (chosen !== undefined) {
    m.out["total"] = chosen.value
    m.context.origins.set(pathOf(m.target, "total"), chosen.at)
    return
  }
  const anyAmount = ["total", "revenue", "value", "subtotal"].some((key) => firstOf(m.from, [key]) !== undefined)
  if (anyAmount) return // already reported as unconvertible
  const fromLines = lines.length > 0 ? linesValue(lines) : undefined
  if (fromLines !== undefined) {
    const derived = fromLines - (discount ?? 0) + extras
    if (derived >= 0) {
      m.out["total"] = derived
      m.context.origins.set(pathOf(m.target, "total"), pathOf(m.path, "products"))
      return
    }
    m.context.issues.add(pathOf(m.path, "discount"), "the discount is larger than the products' value")
    return
  }
  m.context.issues.add(pathOf(m.path, "total"), "an order or checkout needs its amount: total, revenue, value, subtotal or products with prices")
}

const order = (m: Mapper): void => {
  m.id("orderId", ["order_id"])
  m.require(["order_id"], "an order needs its order_id")
  m.id("checkoutId", ["checkout_id"])
  const currency = m.currency()
  const lines = linesOf(m, currency)
  m.out["products"] = lines
  orderAmounts(m, currency, lines, false)
  m.amount("paid", ["paid"], currency)
  m.text("coupon", ["coupon"])
  m.text("paymentMethod", ["payment_method"])
  m.id("storeId", ["store_id", "affiliation"])
}

const checkout = (m: Mapper): void => {
  m.id("cartId", ["cart_id"])
  m.id("checkoutId", ["checkout_id"])
  m.id("orderId", ["order_id"])
  const currency = m.currency()
  const lines = linesOf(m, currency)
  m.out["products"] = lines
  orderAmounts(m, currency, lines, true)
  m.text("coupon", ["coupon"])
}

const orderEnded = (m: Mapper): void => {
  m.id("orderId", ["order_id"])
  m.require(["order_id"], "an order event needs its order_id")
  m.text("reason", ["reason"])
}

const refund = (m: Mapper): void => {
  m.id("orderId", ["order_id"])
  m.require(["order_id"], "a refund needs its order_id")
  const currency = m.currency()
  // The amount given back: `amount`, else the spec's `total` (or `value`,
  // `revenue`); none of them means the whole order was refunded.
  m.amount("amount", ["amount", "total", "value", "revenue"], currency)
  m.text("reason", ["reason"])
}

const returned = (m: Mapper): void => {
  m.id("orderId", ["order_id"])
  m.require(["order_id"], "a return needs its order_id")
  const hasAmount = firstOf(m.from, ["amount", "total"]) !== undefined
  const hasLines = firstOf(m.from, ["products"]) !== undefined
  if (hasAmount || hasLines || firstOf(m.from, ["currency"]) !== undefined) {
    const currency = m.currency()
    m.amount("amount", ["amount", "total"], currency)
    if (hasLines) m.out["products"] = linesOf(m, currency)
  }
  m.text("reason", ["reason"])
}

const product = (m: Mapper): void => {
  m.id("productId", PRODUCT_ID)
  m.require(PRODUCT_ID, "a product event needs its product_id (or sku)")
  productDetails(m)
  m.whole("quantity", ["quantity"], 1)
  m.id("cartId", ["cart_id"])
  m.id("wishlistId", ["wishlist_id"])
  if (firstOf(m.from, ["price"]) !== undefined) {
    const currency = m.currency()
    m.amount("price", ["price"], currency)
  } else if (firstOf(m.from, ["currency"]) !== undefined) m.currency()
}

const paymentFailed = (m: Mapper): void => {
  m.id("orderId", ["order_id"])
  m.id("cartId", ["cart_id"])
  if (firstOf(m.from, ["total", "value", "amount"]) !== undefined) {
    const currency = m.currency()
    m.amount("total", ["total", "value", "amount"], currency)
  }
  m.text("paymentMethod", ["payment_method"])
  m.text("reason", ["reason"])
}

const review = (m: Mapper): void => {
  m.id("reviewId", ["review_id"])
  m.id("productId", ["product_id"])
  m.id("orderId", ["order_id"])
  const rating = firstOf(m.from, ["rating"])
  if (rating === undefined) m.context.issues.add(pathOf(m.path, "rating"), "a review needs its rating (1 to 5)")
  else {
    const n = wholeAt(rating.value, pathOf(m.path, rating.key), 1, m.context.issues)
    if (n !== undefined) m.out["rating"] = n
  }
  m.text("text", ["review_body", "text", "body"])
}

// kith's own typed events (conversations, tickets, messages, points, ...)
// carry no Segment-specific shape: their keys are read in camelCase or
// snake_case and their values as sent.
const asCatalogKeys = (name: KnownEventName, m: Mapper): void => {
  const fields = (TrackEventCatalog[name] as unknown as { readonly fields: Readonly<Record<string, unknown>> }).fields
  for (const [key, value] of Object.entries(m.from)) {
    if (value === undefined || value === null) continue
    const as = Object.hasOwn(fields, key) ? key : Object.hasOwn(fields, camel(key)) ? camel(key) : undefined
    if (as === undefined || (as !== key && m.from[as] !== undefined)) continue
    m.out[as] = value
    if (as !== key) m.context.origins.set(pathOf(m.target, as), pathOf(m.path, key))
  }
}

const MAPPERS: Partial<Readonly<Record<KnownEventName, (m: Mapper) => void>>> = {
  "Order Placed": order,
  "Order Completed": order,
  "Order Cancelled": orderEnded,
  "Order Delivery Failed": orderEnded,
  "Order Returned": returned,
  "Order Refunded": refund,
  "Product Viewed": product,
  "Product Favorited": product,
  "Product Added": product,
  "Product Removed": product,
  "Checkout Started": checkout,
  "Payment Failed": paymentFailed,
  "Review Submitted": review
}

/**
 * Maps the properties of a typed track event (`properties` of the call) to
 * the catalog's shape for `name`.
 */
export const typedPropertiesOf = (name: KnownEventName, value: unknown, context: PropertiesContext): JsonRecord => {
  const path = "properties"
  if (value !== undefined && value !== null && !isRecord(value)) {
    context.issues.add(path, `expected an object of properties, got ${shown(value)}`)
    return {}
  }
  const m = new Mapper(value ?? {}, path, path, context)
  const mapper = MAPPERS[name]
  if (mapper === undefined) asCatalogKeys(name, m)
  else mapper(m)
  return m.out
}
