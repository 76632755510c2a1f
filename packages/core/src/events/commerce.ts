import { Schema } from "effect"
import { Amount, CurrencyCode } from "../money.js"
import { Count, Ref, Text } from "./fields.js"

// The descriptive fields of a product that the Segment E-commerce spec
// standardizes besides id, name, category and price: kept so a product card
// or a message can show them, never read by a metric.
const productDetails = {
  brand: Schema.optionalKey(Text(200)),
  variant: Schema.optionalKey(Text(200)),
  /** The product page. */
  url: Schema.optionalKey(Text(2000)),
  imageUrl: Schema.optionalKey(Text(2000)),
  /** A coupon code that applied to this product. */
  coupon: Schema.optionalKey(Text(100)),
  /** Its position in the list it was shown in (1 = first). */
  position: Schema.optionalKey(Count(0))
}

/**
 * One line of an order or cart: the product, how many, and the unit price in
 * the order's currency (an integer in its smallest unit), with the product's
 * descriptive fields when known (brand, variant, url, image, coupon, position).
 */
export const LineItem = Schema.Struct({
  productId: Ref,
  name: Schema.optionalKey(Text(500)),
  category: Schema.optionalKey(Text(200)),
  sku: Schema.optionalKey(Text(200)),
  quantity: Count(1),
  price: Amount,
  ...productDetails
})
/** A {@link LineItem} after decoding. */
export type LineItem = typeof LineItem.Type

/**
 * An order as the order events carry it (ING-2). `total` is what the buyer
 * pays after discount and shipping; `paid`, when given, is what has been paid
 * so far (the rest is a receivable, PRF-3). Every amount is an integer in the
 * smallest unit of `currency`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(OrderProperties)({
 *   orderId: "SO-1001", currency: "VND", total: 450000,
 *   products: [{ productId: "p-ao-thun", name: "Áo thun", category: "Thời trang", quantity: 2, price: 225000 }]
 * })
 * ```
 */
export const OrderProperties = Schema.Struct({
  orderId: Ref,
  /** The checkout the order came from. */
  checkoutId: Schema.optionalKey(Ref),
  currency: CurrencyCode,
  total: Amount,
  subtotal: Schema.optionalKey(Amount),
  discount: Schema.optionalKey(Amount),
  shipping: Schema.optionalKey(Amount),
  tax: Schema.optionalKey(Amount),
  paid: Schema.optionalKey(Amount),
  coupon: Schema.optionalKey(Text(100)),
  paymentMethod: Schema.optionalKey(Text(100)),
  /** The store or marketplace shop that took the order. */
  storeId: Schema.optionalKey(Ref),
  products: Schema.Array(LineItem).check(Schema.isMaxLength(1000))
})
/** {@link OrderProperties} after decoding. */
export type OrderProperties = typeof OrderProperties.Type

/** An order that ended without a sale: cancelled, or failed delivery. */
export const OrderEndedProperties = Schema.Struct({
  orderId: Ref,
  reason: Schema.optionalKey(Text(1000))
})
/** {@link OrderEndedProperties} after decoding. */
export type OrderEndedProperties = typeof OrderEndedProperties.Type

/**
 * Goods sent back. `products` lists what came back (all of the order when
 * absent); `amount` is the value returned, when known.
 */
export const OrderReturnedProperties = Schema.Struct({
  orderId: Ref,
  currency: Schema.optionalKey(CurrencyCode),
  amount: Schema.optionalKey(Amount),
  products: Schema.optionalKey(Schema.Array(LineItem).check(Schema.isMaxLength(1000))),
  reason: Schema.optionalKey(Text(1000))
})
/** {@link OrderReturnedProperties} after decoding. */
export type OrderReturnedProperties = typeof OrderReturnedProperties.Type

/**
 * Money given back to the buyer for an order: `amount` in `currency`, or the
 * whole order when `amount` is absent (a full refund).
 */
export const OrderRefundedProperties = Schema.Struct({
  orderId: Ref,
  currency: CurrencyCode,
  amount: Schema.optionalKey(Amount),
  reason: Schema.optionalKey(Text(1000))
})
/** {@link OrderRefundedProperties} after decoding. */
export type OrderRefundedProperties = typeof OrderRefundedProperties.Type

/** A product looked at, favorited, added to or removed from the cart. */
export const ProductProperties = Schema.Struct({
  productId: Ref,
  name: Schema.optionalKey(Text(500)),
  category: Schema.optionalKey(Text(200)),
  price: Schema.optionalKey(Amount),
  currency: Schema.optionalKey(CurrencyCode),
  quantity: Schema.optionalKey(Count(1)),
  cartId: Schema.optionalKey(Ref),
  sku: Schema.optionalKey(Text(200)),
  /** The wish list a product was favorited into. */
  wishlistId: Schema.optionalKey(Ref),
  ...productDetails
})
/** {@link ProductProperties} after decoding. */
export type ProductProperties = typeof ProductProperties.Type

/** A checkout begun from a cart; `total` is what the buyer would pay, as for an order. */
export const CheckoutProperties = Schema.Struct({
  cartId: Schema.optionalKey(Ref),
  checkoutId: Schema.optionalKey(Ref),
  orderId: Schema.optionalKey(Ref),
  currency: CurrencyCode,
  total: Amount,
  subtotal: Schema.optionalKey(Amount),
  discount: Schema.optionalKey(Amount),
  shipping: Schema.optionalKey(Amount),
  tax: Schema.optionalKey(Amount),
  coupon: Schema.optionalKey(Text(100)),
  products: Schema.Array(LineItem).check(Schema.isMaxLength(1000))
})
/** {@link CheckoutProperties} after decoding. */
export type CheckoutProperties = typeof CheckoutProperties.Type

/** A payment that did not go through. */
export const PaymentFailedProperties = Schema.Struct({
  orderId: Schema.optionalKey(Ref),
  cartId: Schema.optionalKey(Ref),
  currency: Schema.optionalKey(CurrencyCode),
  total: Schema.optionalKey(Amount),
  paymentMethod: Schema.optionalKey(Text(100)),
  reason: Schema.optionalKey(Text(1000))
})
/** {@link PaymentFailedProperties} after decoding. */
export type PaymentFailedProperties = typeof PaymentFailedProperties.Type
