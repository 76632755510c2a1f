import type { KithEventEncoded } from "@kith/core"
import { isoVietnam } from "./calendar.js"
import { campaigns, referrers, shopDomain } from "./data/content.js"
import { occupations } from "./data/names.js"
import { catalog, slugify } from "./data/products.js"
import { type EventSpec, type OrderPlan, type OrderRef, type PagePlan, type ProductRef, TraitsDetail } from "./expand.js"
import { foldVietnamese } from "./population.js"
import { Rng, mix32 } from "./rng.js"
import type { GeneratedPerson } from "./types.js"

// Turns an expanded event into the JSON a host would send. Only `events()`
// pays for this; `records()` stops at the record.

const lineItems = (lines: ReadonlyArray<readonly [number, number]>) =>
  lines.map(([p, quantity]) => {
    const product = catalog[p]!
    return { productId: product.productId, name: product.name, category: product.category, sku: product.sku, quantity, price: product.price }
  })

const orderProperties = (plan: OrderPlan, paid: number | undefined) => ({
  orderId: plan.orderId,
  currency: "VND",
  total: plan.total,
  subtotal: plan.subtotal,
  ...(plan.discount > 0 ? { discount: plan.discount } : {}),
  shipping: plan.shipping,
  ...(paid !== undefined ? { paid } : {}),
  ...(plan.coupon !== undefined ? { coupon: plan.coupon } : {}),
  paymentMethod: plan.paymentMethod,
  storeId: plan.storeId,
  products: lineItems(plan.lines)
})

const orderEventProperties = (event: string, ref: OrderRef): Record<string, unknown> => {
  const plan = ref.plan
  switch (event) {
    case "Checkout Started":
      return { cartId: plan.cartId, orderId: plan.orderId, currency: "VND", total: plan.total, products: lineItems(plan.lines) }
    case "Payment Failed":
      return { orderId: plan.orderId, cartId: plan.cartId, currency: "VND", total: plan.total, paymentMethod: plan.paymentMethod, ...(ref.reason !== undefined ? { reason: ref.reason } : {}) }
    case "Order Returned":
      return {
        orderId: plan.orderId,
        currency: "VND",
        ...(ref.amount !== undefined ? { amount: ref.amount } : {}),
        ...(ref.returned !== undefined ? { products: lineItems(ref.returned) } : {}),
        ...(ref.reason !== undefined ? { reason: ref.reason } : {})
      }
    case "Order Refunded":
      return { orderId: plan.orderId, currency: "VND", amount: ref.amount ?? plan.total, ...(ref.reason !== undefined ? { reason: ref.reason } : {}) }
    default:
      return orderProperties(plan, ref.paid)
  }
}

const productProperties = (ref: ProductRef) => {
  const product = catalog[ref.product]!
  return {
    productId: product.productId,
    name: product.name,
    category: product.category,
    price: product.price,
    currency: "VND",
    ...(ref.quantity !== undefined ? { quantity: ref.quantity } : {}),
    ...(ref.cartId !== undefined ? { cartId: ref.cartId } : {})
  }
}

const pageOf = (plan: PagePlan, app: boolean) => {
  let path: string
  let title: string
  let search: string | undefined
  switch (plan.page) {
    case "home":
      path = "/"
      title = "KithShop - Mua sắm online giá tốt"
      break
    case "product": {
      const product = catalog[plan.product ?? 0]!
      path = `/san-pham/${product.slug}`
      title = `${product.name} | KithShop`
      break
    }
    case "category": {
      const category = catalog[plan.product ?? 0]!.category
      path = `/danh-muc/${slugify(category)}`
      title = `${category} | KithShop`
      break
    }
    case "search": {
      const words = catalog[plan.product ?? 0]!.slug.split("-").slice(0, 2).join("+")
      path = "/tim-kiem"
      search = `?q=${words}`
      title = "Tìm kiếm | KithShop"
      break
    }
    case "cart":
      path = "/gio-hang"
      title = "Giỏ hàng | KithShop"
      break
    case "checkout":
      path = "/thanh-toan"
      title = "Thanh toán | KithShop"
      break
    case "register":
      path = "/dang-ky"
      title = "Đăng ký tài khoản | KithShop"
      break
    case "contact":
      path = "/lien-he"
      title = "Liên hệ | KithShop"
      break
    case "landing":
      path = "/landing/uu-dai-tet"
      title = "Ưu đãi Tết - Mua sắm thả ga"
      break
    case "account":
      path = "/tai-khoan"
      title = "Tài khoản của tôi"
      break
    case "promo": {
      const [campaignId, name] = campaigns[plan.campaign ?? 0]!
      path = `/khuyen-mai/${campaignId}`
      title = name
      break
    }
  }
  const referrer = plan.referrer !== undefined ? referrers[plan.referrer] : undefined
  const campaign = plan.campaign !== undefined ? campaigns[plan.campaign] : undefined
  return {
    name: title,
    ...(plan.page === "product" || plan.page === "category" ? { category: catalog[plan.product ?? 0]!.category } : {}),
    properties: {
      url: `${app ? "app://kithshop" : shopDomain}${path}${search ?? ""}`,
      path,
      title,
      ...(referrer?.[0] !== undefined ? { referrer: referrer[0] } : {}),
      ...(search !== undefined ? { search } : {}),
      ...(referrer !== undefined ? { trafficSource: referrer[1] } : {})
    },
    campaign:
      referrer !== undefined && (referrer[1] === "paid" || referrer[1] === "social" || referrer[1] === "email") && campaign !== undefined
        ? { name: campaign[0], source: hostOf(referrer[0]), medium: referrer[1] === "paid" ? "cpc" : referrer[1] }
        : undefined
  }
}

// "https://www.google.com/aclk" -> "google.com"
const hostOf = (url: string | undefined): string => (url === undefined ? "kithshop.vn" : (url.split("/")[2] ?? url).replace(/^www\./, ""))

const writeBirthday = (rng: Rng, birthday: string): string => {
  if (rng.chance(0.5)) return birthday
  const [y, m, d] = birthday.split("-")
  return rng.chance(0.7) ? `${d}/${m}/${y}` : `${Number(d)}/${Number(m)}/${y}`
}

const traitsOf = (rng: Rng, spec: EventSpec, person: GeneratedPerson): Record<string, unknown> => {
  const detail = spec.traits ?? TraitsDetail.contact
  const traits: Record<string, unknown> = {}
  if (detail === TraitsDetail.name || detail === TraitsDetail.profile) traits["fullName"] = person.fullName
  if (detail === TraitsDetail.shipping) traits["fullName"] = rng.chance(0.3) ? foldVietnamese(person.fullName) : person.fullName
  if (detail === TraitsDetail.profile) {
    const parts = person.fullName.split(" ")
    if (rng.chance(0.3)) {
      traits["lastName"] = parts[0]
      traits["firstName"] = parts[parts.length - 1]
    }
    traits["gender"] = person.gender
    if (person.birthday !== undefined && rng.chance(0.8)) traits["birthday"] = writeBirthday(rng, person.birthday)
  }
  if (detail === TraitsDetail.profile || detail === TraitsDetail.shipping) traits["address"] = person.address
  if (spec.phone !== undefined) traits["phone"] = spec.phone
  if (spec.email !== undefined) traits["email"] = spec.email
  if (detail === TraitsDetail.profile && rng.chance(0.25)) traits["occupation"] = rng.pick(occupations)
  if (spec.source === "file_import") traits["tags"] = ["khách cũ", "import-crm"]
  return traits
}

/**
 * Builds the raw JSON of one expanded event: `type`, `messageId` (the
 * record id), a `+07:00` timestamp, `userId` / `anonymousId`, the call's
 * payload, and a `context` carrying channel, source, device (with its id),
 * OS, IP, locale, campaign and `externalIds`.
 */
export const buildEvent = (spec: EventSpec, person: GeneratedPerson, personSeed: number): KithEventEncoded => {
  const rng = new Rng(mix32(personSeed ^ mix32(spec.t % 2147483647)) ^ spec.record.recordId.length)
  const device = spec.deviceId !== undefined ? spec.device : undefined
  const context: Record<string, unknown> = { channel: spec.channel, source: spec.source }
  if (device !== undefined) {
    context["device"] = { id: device.deviceId, type: device.type, manufacturer: device.manufacturer, model: device.model }
    context["os"] = { name: device.os.name, version: device.os.version }
    context["ip"] = device.ip
    if (device.userAgent !== undefined) context["userAgent"] = device.userAgent
    context["locale"] = person.index % 23 === 0 ? "en-US" : "vi-VN"
    context["timezone"] = "Asia/Ho_Chi_Minh"
  }
  if (spec.externalIds !== undefined) context["externalIds"] = spec.externalIds

  const base: Record<string, unknown> = {
    type: spec.type,
    messageId: spec.record.recordId,
    timestamp: isoVietnam(spec.t)
  }
  if (spec.userId !== undefined) base["userId"] = spec.userId
  if (spec.anonymousId !== undefined) base["anonymousId"] = spec.anonymousId

  switch (spec.type) {
    case "identify":
      base["traits"] = traitsOf(rng, spec, person)
      break
    case "alias":
      base["previousId"] = spec.previousId
      break
    case "page": {
      const page = pageOf(spec.props as PagePlan, spec.channel === "app")
      base["name"] = page.name
      if (page.category !== undefined) base["category"] = page.category
      base["properties"] = page.properties
      if (page.campaign !== undefined) context["campaign"] = page.campaign
      break
    }
    case "track": {
      base["event"] = spec.event
      const props = spec.props as { readonly ref?: unknown } | undefined
      if (props !== undefined && props.ref === "order") base["properties"] = orderEventProperties(spec.event as string, props as OrderRef)
      else if (props !== undefined && props.ref === "product") base["properties"] = productProperties(props as ProductRef)
      else base["properties"] = props ?? {}
      break
    }
  }
  base["context"] = context
  return base as KithEventEncoded
}
