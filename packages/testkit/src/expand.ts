import type { EventType, Identifier } from "@kith/core"
import { DAY, HOUR, isoVietnam } from "./calendar.js"
import {
  campaigns,
  cancelReasons,
  conversationTopics,
  deliveryFailedReasons,
  forms,
  liveStreams,
  messageReplies,
  minigames,
  paymentFailedReasons,
  paymentMethods,
  plans,
  returnReasons,
  reviewTexts,
  shopDomain,
  staff,
  surveys,
  ticketResolutions,
  ticketSubjects
} from "./data/content.js"
import { catalog } from "./data/products.js"
import { JUNK_EMAILS, JUNK_IDS, JUNK_PHONES } from "./junk.js"
import { writePhone, writePhoneLikeAPerson } from "./phones.js"
import { Flag, Kind, type PersonState, type Population, Touch, sessionChannel, touchAnonymousId } from "./population.js"
import { Rng, streamSeed, weightedList } from "./rng.js"
import type { GeneratedDevice, GeneratedRecord } from "./types.js"

// ---------------------------------------------------------------------------
// An expanded event: everything needed for its record (built here, always)
// and for its JSON (built later, only by `events()`).

/** What an identify call's traits hold beyond phone and email. */
export const TraitsDetail = {
  /** Contact only. */
  contact: 0,
  /** Contact and name. */
  name: 1,
  /** Name, gender, birthday, address: a registration or a profile form. */
  profile: 2,
  /** Marketplace shipping details: name (sometimes unaccented) and address. */
  shipping: 3
} as const

/** The data of an order shared by the order's events. */
export interface OrderPlan {
  readonly orderId: string
  readonly storeId: string
  readonly lines: ReadonlyArray<readonly [number, number]>
  readonly subtotal: number
  readonly discount: number
  readonly shipping: number
  readonly total: number
  readonly coupon: string | undefined
  readonly paymentMethod: string
  readonly prepaid: boolean
  readonly cartId: string
}

/** A page view's compact description. */
export interface PagePlan {
  readonly page: "home" | "product" | "category" | "cart" | "checkout" | "register" | "contact" | "landing" | "search" | "account" | "promo"
  readonly product?: number
  readonly referrer?: number
  readonly campaign?: number
}

/**
 * One expanded event: its record (always built) and what its JSON needs
 * (built only by `events()`). A class, so every instance has one shape.
 */
export class EventSpec {
  /** Tie-breaker in the merge: push order. */
  seq = 0
  constructor(
    readonly t: number,
    readonly person: number,
    readonly type: EventType,
    readonly event: string | undefined,
    readonly channel: string,
    readonly source: string,
    readonly userId: string | undefined,
    readonly anonymousId: string | undefined,
    readonly previousId: string | undefined,
    readonly device: GeneratedDevice | undefined,
    readonly deviceId: string | undefined,
    readonly phone: string | undefined,
    readonly email: string | undefined,
    readonly traits: number,
    readonly externalIds: ReadonlyArray<Identifier> | undefined,
    /** Properties: a ready object, or an {@link OrderRef} / {@link PagePlan} / {@link ProductRef} the builder expands. */
    readonly props: unknown,
    readonly record: GeneratedRecord
  ) {}
}

/** A product reference: catalog index, quantity, cart. */
export interface ProductRef {
  readonly ref: "product"
  readonly product: number
  readonly quantity?: number
  readonly cartId?: string
}

/** An order event reference: which order event of which plan. */
export interface OrderRef {
  readonly ref: "order"
  readonly plan: OrderPlan
  readonly amount?: number
  readonly returned?: ReadonlyArray<readonly [number, number]>
  readonly reason?: string
  readonly paid?: number
}

const productList = weightedList(catalog.map((p, i) => [i, p.weight] as const))
const junkIdTypes: ReadonlyArray<string> = ["external_id", "zalo_id", "facebook_psid", "shopee_buyer_id", "tiktok_id"]
const paymentList = weightedList(paymentMethods)
const b36 = (n: number) => n.toString(36)
// What members redeem points for, cheapest first.
const redeemable = [
  { points: 10, reason: "Đổi voucher 10.000đ" },
  { points: 20, reason: "Đổi voucher 20.000đ" },
  { points: 50, reason: "Đổi voucher 50.000đ" },
  { points: 100, reason: "Đổi quà tặng" }
] as const

interface SessionIdentity {
  readonly channel: string
  readonly source: string
  readonly anonymousId: string | undefined
  readonly device: GeneratedDevice | undefined
  readonly ext: Identifier | undefined
  // Built once per session and shared by its records.
  readonly anonymousIdentifier: Identifier | undefined
  readonly anonymousKey: string | undefined
  readonly deviceIdentifier: Identifier | undefined
  readonly deviceKey: string | undefined
  readonly extKey: string | undefined
}

const sessionIdentity = (
  channel: string,
  source: string,
  anonymousId: string | undefined,
  device: GeneratedDevice | undefined,
  ext: Identifier | undefined
): SessionIdentity => ({
  channel,
  source,
  anonymousId,
  device,
  ext,
  anonymousIdentifier: anonymousId !== undefined ? { type: "anonymous_id", value: anonymousId } : undefined,
  anonymousKey: anonymousId !== undefined ? `anonymous_id:${anonymousId}` : undefined,
  deviceIdentifier: device !== undefined ? { type: "device_id", value: device.deviceId } : undefined,
  deviceKey: device !== undefined ? `device_id:${device.deviceId}` : undefined,
  extKey: ext !== undefined ? `${ext.type}:${ext.value}` : undefined
})

interface EmitOptions {
  readonly userId?: string | undefined
  readonly props?: unknown
  readonly phone?: readonly [string, string | undefined] | undefined
  readonly email?: readonly [string, string | undefined] | undefined
  readonly traits?: number
  readonly previousId?: string
  readonly withoutDevice?: boolean
  /** A device the session does not own (a store's kiosk): sent, never a link key. */
  readonly sharedDevice?: GeneratedDevice
}

/**
 * Expands one scheduled session into its events, in the order they happen
 * (times never before the session's start). Pure: the same session always
 * gives the same events, whichever iterator asks.
 */
export class SessionExpander {
  private rng!: Rng
  private person!: PersonState
  private personalPhones!: ReadonlyArray<string>
  private out!: Array<EventSpec>
  private idPrefix = ""
  private k = 0
  private cursor = 0
  private endMs: number

  constructor(private readonly population: Population) {
    this.endMs = population.calendar.endMs
  }

  /** Expands session `s` (an index into the schedule) into `out`. */
  expand(s: number, out: Array<EventSpec>): void {
    const { schedule, states, calendar } = this.population
    const p = schedule.person[s] as number
    const ordinal = schedule.ordinal[s] as number
    const kind = schedule.kind[s] as number
    const touch = schedule.touch[s] as number
    const flags = schedule.flags[s] as number
    const person = states[p] as PersonState
    this.person = person
    this.personalPhones = person.personalPhones
    this.rng = new Rng(streamSeed(person.seed, ordinal + 1))
    this.out = out
    this.idPrefix = `evt-${b36(p)}-${b36(ordinal)}-`
    this.k = 0
    this.cursor = calendar.startMs + (schedule.second[s] as number) * 1000 + (schedule.milli[s] as number)

    const id = this.identityOf(kind, touch)
    const loggedIn = (flags & Flag.loggedIn) !== 0
    const identify = (flags & Flag.identify) !== 0
    const first = (flags & Flag.first) !== 0
    switch (kind) {
      case Kind.browse:
        return this.browse(id, loggedIn, identify)
      case Kind.purchase:
        return this.purchase(id, loggedIn)
      case Kind.register:
        return this.register(id)
      case Kind.form:
        return this.form(id)
      case Kind.chatbot:
        return this.chatbot(id, loggedIn, identify)
      case Kind.appEngage:
        return this.appEngage(id, loggedIn)
      case Kind.zaloFollow:
        return this.zaloFollow(id, identify)
      case Kind.zaloChat:
        return this.chat(id, identify, "zalo")
      case Kind.zaloEngage:
        return this.zaloEngage(id, identify)
      case Kind.zaloUnfollow:
        this.track(id, "Unfollowed", { channel: "zalo", accountId: "zalo-oa-kithshop" })
        return
      case Kind.fbChat:
        return this.chat(id, identify, "facebook")
      case Kind.fbLive:
        return this.fbLive(id, identify, first)
      case Kind.mpOrder:
        return this.marketplaceOrder(id)
      case Kind.mpEngage:
        return this.marketplaceEngage(id, touch)
      case Kind.posOrder:
        return this.posOrder(id, identify)
      case Kind.message:
        return this.message(id, touch)
      case Kind.pointsAdjust:
        return this.pointsAdjust(id)
      case Kind.import:
        return this.importRow(id)
    }
  }

  // -------------------------------------------------------------------------
  // Identity of the session's events.

  private identityOf(kind: number, touch: number): SessionIdentity {
    const person = this.person
    if (touch < 8) {
      const device = person.devices[touch] as GeneratedDevice
      const source = kind === Kind.chatbot ? "website_chat" : device.channel === "app" ? "mobile_app" : "own_website"
      return sessionIdentity(kind === Kind.chatbot ? "chatbot" : device.channel, source, device.anonymousId, device, undefined)
    }
    const channel = sessionChannel(kind, touch, [])
    const anonymousId = touchAnonymousId(person, touch)
    switch (touch) {
      case Touch.zalo:
        return sessionIdentity(channel, "zalo_oa", anonymousId, undefined, { type: "zalo_id", value: person.zaloId as string })
      case Touch.facebook:
        return sessionIdentity(channel, kind === Kind.fbLive ? "facebook_live" : "messenger", anonymousId, undefined, { type: "facebook_psid", value: person.facebookPsid as string })
      case Touch.shopee:
        return sessionIdentity(channel, "shopee_shop", anonymousId, undefined, { type: "shopee_buyer_id", value: person.shopeeBuyerId as string })
      case Touch.lazada:
        return sessionIdentity(channel, "lazada_store", anonymousId, undefined, { type: "lazada_buyer_id", value: person.lazadaBuyerId as string })
      case Touch.tiktokShop:
        return sessionIdentity(channel, "tiktok_shop", anonymousId, undefined, { type: "tiktok_shop_buyer_id", value: person.tiktokShopBuyerId as string })
      case Touch.import:
        return sessionIdentity(channel, "file_import", anonymousId, undefined, { type: "external_id", value: person.externalId as string })
      case Touch.pos:
        return sessionIdentity(channel, person.region === "north" ? "store_ha_noi_cau_giay" : person.region === "central" ? "store_da_nang_hai_chau" : "store_hcm_quan_1", undefined, undefined, undefined)
      case Touch.email:
        return sessionIdentity(channel, "email_campaign", undefined, undefined, undefined)
      case Touch.sms:
        return sessionIdentity(channel, "sms_brandname", undefined, undefined, undefined)
      default:
        return sessionIdentity(channel, "back_office", undefined, undefined, undefined)
    }
  }

  // -------------------------------------------------------------------------
  // Emitting events and their records.

  private advance(minSeconds: number, maxSeconds: number): number {
    this.cursor += this.rng.between(minSeconds * 1000, maxSeconds * 1000)
    return this.cursor
  }

  private emit(at: number, type: EventType, event: string | undefined, id: SessionIdentity, options: EmitOptions): void {
    if (at >= this.endMs) return
    const identifiers: Array<Identifier> = []
    const linkKeys: Array<string> = []
    const rng = this.rng
    const userId = options.userId
    if (userId !== undefined) {
      identifiers.push({ type: "user_id", value: userId })
      linkKeys.push(`user_id:${userId}`)
    }

    let anonymousId: string | undefined
    let previousId: string | undefined
    if (type === "alias") {
      previousId = options.previousId
      if (previousId !== undefined) {
        identifiers.push(id.anonymousIdentifier ?? { type: "anonymous_id", value: previousId })
        linkKeys.push(`anonymous_id:${previousId}`)
      }
    } else if (id.anonymousId !== undefined) {
      // Now and then an SDK bug sends a junk anonymous id (the device id still identifies).
      if (id.device !== undefined && type !== "identify" && rng.chance(0.004)) {
        anonymousId = rng.pick(JUNK_IDS)
        identifiers.push({ type: "anonymous_id", value: anonymousId })
      } else {
        anonymousId = id.anonymousId
        identifiers.push(id.anonymousIdentifier as Identifier)
        linkKeys.push(id.anonymousKey as string)
      }
    }
    if (userId === undefined && anonymousId === undefined && type !== "alias") return // not a valid call; never planned

    let device = id.device
    let deviceId = id.device !== undefined && options.withoutDevice !== true ? id.device.deviceId : undefined
    if (deviceId !== undefined) {
      identifiers.push(id.deviceIdentifier as Identifier)
      linkKeys.push(id.deviceKey as string)
    } else if (options.sharedDevice !== undefined) {
      device = options.sharedDevice
      deviceId = device.deviceId
      identifiers.push({ type: "device_id", value: deviceId })
    }

    let phone: string | undefined
    let email: string | undefined
    if (type === "identify") {
      if (options.phone !== undefined) {
        phone = options.phone[0]
        identifiers.push({ type: "phone", value: phone })
        if (options.phone[1] !== undefined) linkKeys.push(`phone:${options.phone[1]}`)
      }
      if (options.email !== undefined) {
        email = options.email[0]
        identifiers.push({ type: "email", value: email })
        if (options.email[1] !== undefined) linkKeys.push(`email:${options.email[1]}`)
      }
    }

    let externalIds: Array<Identifier> | undefined
    if (id.ext !== undefined) {
      externalIds = [id.ext]
      identifiers.push(id.ext)
      linkKeys.push(id.extKey as string)
    }
    if (rng.chance(0.006)) {
      // A buggy integration fills an id field with junk.
      const junk: Identifier = { type: rng.pick(junkIdTypes), value: rng.pick(JUNK_IDS) }
      if (externalIds === undefined) externalIds = [junk]
      else externalIds.push(junk)
      identifiers.push(junk)
    }

    const recordId = this.idPrefix + b36(this.k++)
    const observedAt = new Date(at)
    const record: GeneratedRecord =
      event === undefined
        ? { recordId, personId: this.person.personId, observedAt, channel: id.channel, source: id.source, identifiers, linkKeys, type }
        : { recordId, personId: this.person.personId, observedAt, channel: id.channel, source: id.source, identifiers, linkKeys, type, event }
    this.out.push(
      new EventSpec(
        at,
        this.person.index,
        type,
        event,
        id.channel,
        id.source,
        userId,
        anonymousId,
        previousId,
        device,
        deviceId,
        phone,
        email,
        options.traits ?? TraitsDetail.contact,
        externalIds,
        options.props,
        record
      )
    )
  }

  private track(id: SessionIdentity, event: string, props: unknown, userId?: string, at?: number, withoutDevice?: boolean): void {
    this.emit(at ?? this.advance(5, 90), "track", event, id, { userId, props, withoutDevice: withoutDevice ?? false })
  }

  private page(id: SessionIdentity, plan: PagePlan, userId: string | undefined): void {
    this.emit(this.advance(3, 60), "page", undefined, id, { userId, props: plan })
  }

  /** A written phone and its true canonical value; `withUserId` allows the household phone. */
  private phoneOf(withUserId: boolean, junkRate: number, style?: "marketplace"): readonly [string, string | undefined] | undefined {
    const rng = this.rng
    if (junkRate > 0 && rng.chance(junkRate)) return [rng.pick(JUNK_PHONES), undefined]
    const candidates = this.personalPhones
    const household = this.person.householdPhone
    let e164: string | undefined
    if (withUserId && household !== undefined && (candidates.length === 0 || rng.chance(0.5))) e164 = household
    else if (candidates.length > 0) e164 = candidates.length === 1 || rng.chance(0.7) ? candidates[0] : candidates[1]
    if (e164 === undefined) return undefined
    const written = style === "marketplace" && rng.chance(0.7) ? writePhone(e164, "bare84") : writePhoneLikeAPerson(rng, e164, this.person.writesOldPhoneForm)
    return [written, e164]
  }

  /** A written email (case and space noise) and its canonical value. */
  private emailOf(junkRate: number): readonly [string, string | undefined] | undefined {
    const rng = this.rng
    const emails = this.person.emails
    if (emails.length === 0) return junkRate > 0 && rng.chance(junkRate) ? [rng.pick(JUNK_EMAILS), undefined] : undefined
    const email = emails.length === 1 || rng.chance(0.75) ? (emails[0] as string) : (emails[1] as string)
    const r = rng.float()
    let written = email
    if (r < 0.1) written = email[0]!.toUpperCase() + email.slice(1)
    else if (r < 0.17) written = email.toUpperCase()
    else if (r < 0.24) written = ` ${email} `
    else if (r < 0.29) written = `${email.slice(0, email.indexOf("@") + 1)}${email[email.indexOf("@") + 1]!.toUpperCase()}${email.slice(email.indexOf("@") + 2)}`
    else if (r < 0.32) written = `${email}\t`
    return [written, email]
  }

  /** An identify call; `withUserId` says whether it carries the person's userId. */
  private identify(id: SessionIdentity, userId: string | undefined, traits: number, contact: { phone?: boolean; email?: boolean; junk?: number; style?: "marketplace" }): void {
    const junk = contact.junk ?? 0
    let phone = contact.phone === false ? undefined : this.phoneOf(userId !== undefined, junk, contact.style)
    let email = contact.email === false ? undefined : this.emailOf(junk / 2)
    const traps = this.population.traps
    let sharedDevice: GeneratedDevice | undefined
    if (traps !== undefined) {
      const rng = this.rng
      const person = this.person
      if (phone !== undefined && userId === undefined && contact.style === undefined) {
        // Guests type the shop's hotline or its 1900 number instead of their own phone.
        const r = rng.float()
        if (r < 0.02) phone = [rng.pick(traps.hotline.written), undefined]
        else if (r < 0.03) phone = [rng.pick(traps.serviceNumber), undefined]
      }
      if (phone !== undefined && person.officePhone !== undefined && rng.chance(0.4)) {
        const extension = person.officePhone.slice(person.officePhone.indexOf("=") + 1)
        phone = [`${rng.pick(traps.switchboard.written)} ${rng.pick(["ext", "ext.", "x", "máy lẻ"])} ${extension}`, person.officePhone]
      }
      if (userId !== undefined && person.householdEmail !== undefined && rng.chance(0.5)) email = [person.householdEmail, person.householdEmail]
      // The cashier's tablet sends its own device id with the member it looks up.
      if (userId !== undefined && id.device === undefined) sharedDevice = traps.kiosks.get(id.source)
    }
    const options: EmitOptions = sharedDevice === undefined ? { userId, phone, email, traits } : { userId, phone, email, traits, sharedDevice }
    this.emit(this.advance(5, 120), "identify", undefined, id, options)
  }

  private guestContact(): { phone: boolean; email: boolean } {
    const hasPhone = this.personalPhones.length > 0
    const hasEmail = this.person.emails.length > 0
    const phone = hasPhone && (this.rng.chance(0.85) || !hasEmail)
    const email = hasEmail && (this.rng.chance(0.55) || !phone)
    return { phone, email }
  }

  // -------------------------------------------------------------------------
  // Own store: website, app, chat widget.

  private entryPage(): PagePlan {
    const rng = this.rng
    const r = rng.float()
    const referrer = rng.int(9)
    if (r < 0.4) return { page: "home", referrer }
    if (r < 0.75) return { page: "product", product: rng.pickWeighted(productList), referrer }
    if (r < 0.88) return { page: "category", product: rng.pickWeighted(productList), referrer }
    if (r < 0.95) return { page: "promo", referrer, campaign: rng.int(campaigns.length) }
    return { page: "search", product: rng.pickWeighted(productList), referrer }
  }

  private browse(id: SessionIdentity, loggedIn: boolean, identify: boolean): void {
    const rng = this.rng
    let userId = loggedIn ? this.person.userId : undefined
    this.page(id, this.entryPage(), userId)
    if (identify) {
      if (this.person.userId !== undefined && this.person.registeredAt < this.cursor) {
        userId = this.person.userId // a login
        this.identify(id, userId, TraitsDetail.contact, { phone: rng.chance(0.3), email: rng.chance(0.5) })
      } else {
        this.identify(id, undefined, TraitsDetail.name, { ...this.guestContact(), junk: 0.03 })
      }
    }
    // Four visitors in ten bounce after one page.
    const views = rng.chance(0.4) ? 0 : 1 + rng.geometric(0.6)
    const cartId = `cart-${this.idPrefix.slice(4)}`
    for (let v = 0; v < views; v++) {
      const product = rng.pickWeighted(productList)
      if (v > 0 && rng.chance(0.4)) this.page(id, { page: "product", product }, userId)
      this.track(id, "Product Viewed", { ref: "product", product } satisfies ProductRef, userId)
      if (rng.chance(0.08)) this.track(id, "Product Favorited", { ref: "product", product } satisfies ProductRef, userId)
      if (rng.chance(0.1)) {
        this.track(id, "Product Added", { ref: "product", product, quantity: 1, cartId } satisfies ProductRef, userId)
        if (rng.chance(0.35)) this.track(id, "Product Removed", { ref: "product", product, quantity: 1, cartId } satisfies ProductRef, userId)
      }
    }
    if (rng.chance(0.015)) this.track(id, "Wishlist Shared", { via: rng.pick(["zalo", "facebook", "copy_link"]), items: 1 + rng.int(5) }, userId)
  }

  private purchase(id: SessionIdentity, loggedIn: boolean): void {
    const rng = this.rng
    const person = this.person
    let userId = loggedIn ? person.userId : undefined
    this.page(id, this.entryPage(), userId)
    const cartId = `cart-${this.idPrefix.slice(4)}`
    const lineCount = 1 + rng.geometric(0.5)
    const lines: Array<readonly [number, number]> = []
    for (let l = 0; l < lineCount; l++) {
      const product = rng.pickWeighted(productList)
      if (lines.some(([p]) => p === product)) continue
      const quantity = rng.chance(0.8) ? 1 : rng.between(2, 4)
      this.track(id, "Product Viewed", { ref: "product", product } satisfies ProductRef, userId)
      this.track(id, "Product Added", { ref: "product", product, quantity, cartId } satisfies ProductRef, userId)
      lines.push([product, quantity])
    }
    if (lines.length > 1 && rng.chance(0.12)) {
      const [product, quantity] = lines.pop() as readonly [number, number]
      this.track(id, "Product Removed", { ref: "product", product, quantity, cartId } satisfies ProductRef, userId)
    }
    this.page(id, { page: "cart" }, userId)
    const plan = this.orderPlan(lines, id.channel === "app" ? "kithshop-app" : "kithshop-web", cartId, "own")
    this.track(id, "Checkout Started", { ref: "order", plan } satisfies OrderRef, userId)
    // Checkout asks who you are: a login for members, phone (and email) for guests.
    const registered = person.userId !== undefined && person.registeredAt < this.cursor
    if (userId === undefined && registered && rng.chance(0.6)) {
      userId = person.userId
      this.identify(id, userId, TraitsDetail.contact, { phone: false, email: rng.chance(0.4) })
    } else if (userId === undefined) {
      this.identify(id, undefined, TraitsDetail.profile, { ...this.guestContact(), junk: 0.02 })
    } else if (rng.chance(0.3)) {
      this.identify(id, userId, TraitsDetail.profile, { phone: rng.chance(0.5), email: false })
    }
    if (plan.prepaid && rng.chance(0.12)) {
      this.track(id, "Payment Failed", { ref: "order", plan, reason: rng.pick(paymentFailedReasons) } satisfies OrderRef, userId)
    }
    this.track(id, "Order Placed", { ref: "order", plan, paid: plan.prepaid ? plan.total : 0 } satisfies OrderRef, userId)
    this.orderOutcome(id, plan, userId, { review: 0.15, points: userId !== undefined })
  }

  private register(id: SessionIdentity): void {
    const person = this.person
    const userId = person.userId as string
    this.page(id, { page: "register" }, undefined)
    this.emit(this.advance(20, 240), "identify", undefined, id, {
      userId,
      phone: this.phoneOf(true, 0),
      email: this.emailOf(0),
      traits: TraitsDetail.profile
    })
    this.emit(this.advance(0, 2), "alias", undefined, id, { userId, previousId: id.anonymousId as string })
    if (this.rng.chance(0.7)) this.page(id, { page: "account" }, userId)
  }

  private form(id: SessionIdentity): void {
    const rng = this.rng
    const [formId, formKind] = rng.pick(forms.filter(([, kind]) => kind !== "chatbot"))
    this.page(id, { page: formKind === "landing_page" ? "landing" : "contact", referrer: rng.int(9), campaign: rng.int(campaigns.length) }, undefined)
    const contact = this.guestContact()
    this.track(id, "Form Submitted", {
      formId,
      kind: formKind,
      fields: {
        ho_ten: this.person.fullName,
        ...(contact.phone && this.personalPhones[0] !== undefined ? { so_dien_thoai: writePhone(this.personalPhones[0], "spaced") } : {}),
        ...(contact.email && this.person.emails[0] !== undefined ? { email: this.person.emails[0] } : {}),
        noi_dung: rng.pick(["Tư vấn giúp mình sản phẩm này", "Cho mình hỏi giá sỉ", "Đăng ký nhận ưu đãi", "Shop gọi lại giúp mình nhé"])
      }
    })
    this.identify(id, undefined, TraitsDetail.name, { ...contact, junk: 0.04 })
  }

  private chatbot(id: SessionIdentity, loggedIn: boolean, identify: boolean): void {
    const rng = this.rng
    const userId = loggedIn ? this.person.userId : undefined
    this.chatConversation(id, "chatbot", userId)
    if (identify) {
      const [formId] = forms.find(([, kind]) => kind === "chatbot") as readonly [string, string]
      this.track(id, "Form Submitted", {
        formId,
        kind: "chatbot",
        fields: { ho_ten: this.person.fullName, ...(this.personalPhones[0] !== undefined ? { so_dien_thoai: this.personalPhones[0].replace("+84", "0") } : {}) }
      }, userId)
      if (userId !== undefined) this.identify(id, userId, TraitsDetail.name, { phone: true, email: rng.chance(0.3) })
      else this.identify(id, undefined, TraitsDetail.name, { ...this.guestContact(), junk: 0.04 })
    }
  }

  private chatConversation(id: SessionIdentity, channel: string, userId: string | undefined): void {
    const rng = this.rng
    const [summary, labels] = rng.pick(conversationTopics)
    const agent = rng.chance(channel === "chatbot" ? 0.75 : 0.45) ? "ai" : "staff"
    const staffId = agent === "staff" ? rng.pick(staff) : undefined
    const csat = rng.chance(0.4) ? Math.min(5, Math.max(1, Math.round(4.2 + (rng.float() - 0.6) * 3))) : undefined
    this.track(id, "Conversation Ended", {
      conversationId: `conv-${this.idPrefix.slice(4)}${this.k}`,
      agent,
      ...(staffId !== undefined ? { staffId } : {}),
      channel,
      summary,
      labels,
      ...(csat !== undefined ? { csat } : {}),
      messageCount: rng.between(2, 30)
    }, userId, this.advance(60, 1200))
    if (rng.chance(labels.includes("khiếu nại") ? 0.6 : 0.07)) this.ticket(id, userId)
  }

  private ticket(id: SessionIdentity, userId: string | undefined): void {
    const rng = this.rng
    const kind = rng.pick(["request", "complaint", "warranty"] as const)
    const ticketId = `tk-${this.idPrefix.slice(4)}${this.k}`
    const subject = rng.pick(ticketSubjects[kind])
    this.track(id, "Ticket Opened", { ticketId, kind, subject }, userId)
    if (rng.chance(0.85)) {
      this.track(id, "Ticket Resolved", { ticketId, kind, subject, resolution: rng.pick(ticketResolutions) }, userId, this.cursor + rng.between(2 * HOUR, 3 * DAY), true)
    }
  }

  private appEngage(id: SessionIdentity, loggedIn: boolean): void {
    const rng = this.rng
    const userId = loggedIn ? this.person.userId : undefined
    this.page(id, { page: rng.chance(0.5) ? "promo" : "account", campaign: rng.int(campaigns.length) }, userId)
    const r = rng.float()
    if (r < 0.55) {
      this.minigame(id, userId)
    } else if (r < 0.75) {
      this.campaignJoined(id, userId)
    } else if (r < 0.9) {
      this.track(id, "Lucky Wheel Spun", { prize: rng.pick(["voucher-10k", "freeship", "none"]), spins: 1 + rng.int(3) }, userId)
    } else {
      this.track(id, "Product Favorited", { ref: "product", product: rng.pickWeighted(productList) } satisfies ProductRef, userId)
    }
  }

  private minigame(id: SessionIdentity, userId: string | undefined): void {
    const rng = this.rng
    const [gameId, results] = rng.pick(minigames)
    const plays = rng.chance(0.6) ? 1 : rng.between(2, 5)
    this.track(id, "Minigame Played", { gameId, ...(plays > 1 || rng.chance(0.5) ? { plays } : {}), result: rng.pick(results) }, userId)
  }

  private campaignJoined(id: SessionIdentity, userId: string | undefined): void {
    const [campaignId, name] = this.rng.pick(campaigns)
    this.track(id, "Campaign Joined", { campaignId, ...(this.rng.chance(0.7) ? { name } : {}) }, userId)
  }

  // -------------------------------------------------------------------------
  // Chat platforms.

  private zaloFollow(id: SessionIdentity, identify: boolean): void {
    this.track(id, "Followed", { channel: "zalo", accountId: "zalo-oa-kithshop" })
    // Zalo shares the phone when the follower consents: the bridge to the own store.
    if (identify) this.identify(id, undefined, TraitsDetail.name, { phone: true, email: false, junk: 0.02 })
  }

  private chat(id: SessionIdentity, identify: boolean, channel: "zalo" | "facebook"): void {
    this.chatConversation(id, channel, undefined)
    if (identify) this.identify(id, undefined, TraitsDetail.name, { phone: true, email: this.rng.chance(0.2), junk: 0.03 })
  }

  private zaloEngage(id: SessionIdentity, identify: boolean): void {
    const rng = this.rng
    const r = rng.float()
    if (r < 0.3) {
      this.track(id, "Survey Submitted", {
        surveyId: rng.pick(surveys),
        ...(rng.chance(0.85) ? { answers: { muc_do_hai_long: rng.between(1, 5), gop_y: rng.pick(["Giao nhanh hơn", "Thêm nhiều mẫu mới", "", "Rất hài lòng"]), se_gioi_thieu: rng.chance(0.7) } } : {})
      })
    } else if (r < 0.6) this.minigame(id, undefined)
    else if (r < 0.85) this.campaignJoined(id, undefined)
    else this.track(id, "Voucher Claimed", { voucherCode: `ZALO${rng.between(10, 99)}K`, value: rng.pick([10_000, 20_000, 50_000]) })
    if (identify) this.identify(id, undefined, TraitsDetail.name, { phone: true, email: false, junk: 0.02 })
  }

  private fbLive(id: SessionIdentity, identify: boolean, first: boolean): void {
    const rng = this.rng
    const liveId = `live-fb-${this.population.calendar.dayOf(this.cursor)}`
    const title = rng.pick(liveStreams)
    this.track(id, "Live Viewed", { liveId, title, watchSeconds: rng.between(20, 3600) })
    if (rng.chance(0.35)) this.track(id, "Live Product Clicked", { liveId, title, productId: catalog[rng.pickWeighted(productList)]!.productId })
    if (first || rng.chance(0.1)) this.track(id, "Followed", { channel: "facebook", accountId: "fb-page-kithshop" })
    if (identify) this.identify(id, undefined, TraitsDetail.name, { phone: true, email: false, junk: 0.03 })
  }

  // -------------------------------------------------------------------------
  // Marketplaces and the physical store.

  private marketplaceOrder(id: SessionIdentity): void {
    const rng = this.rng
    // The order sync tells the shop the buyer's name, phone and address.
    this.identify(id, undefined, TraitsDetail.shipping, { phone: true, email: false, style: "marketplace", junk: 0.01 })
    const n = 1 + rng.geometric(0.3)
    const lines: Array<readonly [number, number]> = []
    for (let l = 0; l < n; l++) {
      const product = rng.pickWeighted(productList)
      if (!lines.some(([p]) => p === product)) lines.push([product, rng.chance(0.85) ? 1 : rng.between(2, 3)])
    }
    const plan = this.orderPlan(lines, `${id.channel.replace("_", "")}-kithshop`, `cart-${this.idPrefix.slice(4)}`, id.channel)
    this.track(id, "Order Placed", { ref: "order", plan, paid: plan.prepaid ? plan.total : 0 } satisfies OrderRef)
    this.orderOutcome(id, plan, undefined, { review: 0.25, points: false })
  }

  private marketplaceEngage(id: SessionIdentity, touch: number): void {
    const rng = this.rng
    const product = catalog[rng.pickWeighted(productList)]!
    if (rng.chance(0.04)) {
      this.track(id, "Unfollowed", { channel: id.channel, accountId: `${id.channel}-kithshop` })
      return
    }
    if (touch === Touch.tiktokShop) {
      const videoId = `vid-${rng.between(100_000, 999_999)}`
      if (rng.chance(0.7)) {
        this.track(id, "Video Product Viewed", { videoId, productId: product.productId })
        if (rng.chance(0.5)) this.track(id, "Video Product Liked", { videoId, productId: product.productId })
        if (rng.chance(0.35)) this.track(id, "Video Product Clicked", { videoId, productId: product.productId })
        return
      }
    }
    const r = rng.float()
    if (touch !== Touch.lazada && r < 0.55) {
      const liveId = `live-${id.channel}-${this.population.calendar.dayOf(this.cursor)}`
      const title = rng.pick(liveStreams)
      this.track(id, "Live Viewed", { liveId, title, watchSeconds: rng.between(10, 5400) })
      if (rng.chance(0.4)) this.track(id, "Live Product Clicked", { liveId, title, productId: product.productId })
    } else if (r < 0.75) {
      this.track(id, "Followed", { channel: id.channel, accountId: `${id.channel}-kithshop` })
    } else {
      this.track(id, "Product Viewed", { ref: "product", product: catalog.indexOf(product) } satisfies ProductRef)
      if (rng.chance(0.4)) this.track(id, "Product Favorited", { ref: "product", product: catalog.indexOf(product) } satisfies ProductRef)
    }
  }

  private posOrder(id: SessionIdentity, identify: boolean): void {
    const rng = this.rng
    const userId = this.person.userId as string
    if (rng.chance(0.3)) this.track(id, "Store Visited", { storeId: id.source }, userId)
    // The cashier looks the member up by phone.
    if (identify) this.identify(id, userId, TraitsDetail.contact, { phone: true, email: false })
    const lines: Array<readonly [number, number]> = [[rng.pickWeighted(productList), 1]]
    if (rng.chance(0.4)) {
      const other = rng.pickWeighted(productList)
      if (other !== lines[0]![0]) lines.push([other, rng.between(1, 2)])
    }
    const plan = this.orderPlan(lines, id.source, `cart-${this.idPrefix.slice(4)}`, "pos")
    this.track(id, "Order Placed", { ref: "order", plan, paid: plan.total } satisfies OrderRef, userId)
    const done = this.advance(30, 300)
    this.track(id, "Order Completed", { ref: "order", plan, paid: plan.total } satisfies OrderRef, userId, done)
    this.track(id, "Points Earned", { points: Math.max(1, Math.floor(plan.total / 10_000)), reason: "Tích điểm mua hàng tại cửa hàng", orderId: plan.orderId }, userId, done + 1000)
  }

  private orderPlan(lines: ReadonlyArray<readonly [number, number]>, storeId: string, cartId: string, channel: string): OrderPlan {
    const rng = this.rng
    const subtotal = lines.reduce((sum, [p, q]) => sum + catalog[p]!.price * q, 0)
    const couponRoll = rng.float()
    const coupon = couponRoll < 0.12 ? rng.pick(["GIAM20K", "FREESHIP", "TET2025", "SALE99", "KHACHMOI"]) : undefined
    const discount = coupon === undefined ? 0 : coupon === "FREESHIP" ? 0 : Math.min(subtotal, rng.pick([20_000, 30_000, 50_000]))
    const shipping = channel === "pos" ? 0 : coupon === "FREESHIP" || subtotal >= 500_000 ? 0 : rng.pick([15_000, 22_000, 30_000, 35_000])
    const paymentMethod =
      channel === "pos"
        ? rng.pick(["Tiền mặt", "Thẻ ATM nội địa", "MoMo", "VNPay QR"])
        : channel === "shopee"
          ? rng.pick(["COD", "COD", "ShopeePay", "Thẻ tín dụng"])
          : channel === "lazada"
            ? rng.pick(["COD", "COD", "Lazada Wallet"])
            : channel === "tiktok_shop"
              ? rng.pick(["COD", "COD", "COD", "Thẻ ATM nội địa"])
              : rng.pickWeighted(paymentList)
    const prefix = channel === "own" ? "DH" : channel === "pos" ? "POS" : channel === "shopee" ? "SPE" : channel === "lazada" ? "LZD" : "TTS"
    return {
      orderId: `${prefix}-${this.idPrefix.slice(4, -1).toUpperCase()}`,
      storeId,
      lines,
      subtotal,
      discount,
      shipping,
      total: subtotal - discount + shipping,
      coupon,
      paymentMethod,
      prepaid: paymentMethod !== "COD",
      cartId
    }
  }

  /** What happens to a placed order: completion, cancellation, failed delivery, return, refund. */
  private orderOutcome(id: SessionIdentity, plan: OrderPlan, userId: string | undefined, options: { review: number; points: boolean }): void {
    const rng = this.rng
    const placed = this.cursor
    const r = rng.float()
    const order = (extra: Partial<OrderRef>): OrderRef => ({ ref: "order", plan, ...extra })
    // The back office sends these with the identity the order was placed with.
    const track = (event: string, props: unknown, at: number) => this.track(id, event, props, userId, at)
    if (r < 0.78 || r >= 0.91) {
      const completed = placed + rng.between(36 * HOUR, 6 * DAY)
      // Business customers paying by transfer sometimes leave a balance owed.
      const paid = plan.paymentMethod === "Chuyển khoản" && rng.chance(0.25) ? Math.floor((plan.total * rng.between(3, 8)) / 10 / 1000) * 1000 : plan.total
      track("Order Completed", order({ paid }), completed)
      if (options.points) {
        const earned = Math.max(1, Math.floor(plan.total / 10_000))
        const earnedAt = completed + rng.between(1000, 60_000)
        track("Points Earned", { points: earned, reason: "Tích điểm đơn hàng", orderId: plan.orderId, expiresAt: isoVietnam(completed + 365 * DAY) }, earnedAt)
        // A member spends points only out of what this order just earned, weeks before it could lapse, so a
        // balance never goes below zero whatever the other sessions do.
        const voucher = redeemable.filter((v) => v.points <= earned).at(-1)
        if (voucher !== undefined && rng.chance(0.3)) {
          track("Points Redeemed", { points: voucher.points, reason: voucher.reason }, earnedAt + rng.between(DAY, 20 * DAY))
        }
      }
      if (rng.chance(options.review)) {
        const rating = rng.chance(0.7) ? 5 : rng.chance(0.6) ? 4 : rng.between(1, 3)
        const product = catalog[plan.lines[0]![0]]!
        track("Review Submitted", { productId: product.productId, orderId: plan.orderId, rating, ...(rng.chance(0.7) ? { text: rng.pick(reviewTexts[rating - 1]!) } : {}) }, completed + rng.between(HOUR, 7 * DAY))
      }
      if (r >= 0.97) {
        // A complaint settled by a partial refund.
        track("Order Refunded", order({ amount: Math.floor(plan.total / 2000) * 1000, reason: "Hoàn tiền một phần do sản phẩm lỗi nhẹ" }), completed + rng.between(3 * DAY, 15 * DAY))
      } else if (r >= 0.91) {
        const returnedAt = completed + rng.between(2 * DAY, 10 * DAY)
        const returned = plan.lines.length > 1 && rng.chance(0.5) ? [plan.lines[0]!] : plan.lines
        const amount = returned.reduce((sum, [p, q]) => sum + catalog[p]!.price * q, 0)
        const reason = rng.pick(returnReasons)
        track("Order Returned", order({ returned, amount, reason }), returnedAt)
        track("Order Refunded", order({ amount, reason }), returnedAt + rng.between(DAY, 3 * DAY))
      }
    } else if (r < 0.87) {
      const cancelled = placed + rng.between(HOUR / 2, 30 * HOUR)
      track("Order Cancelled", { orderId: plan.orderId, ...(rng.chance(0.8) ? { reason: rng.pick(cancelReasons) } : {}) }, cancelled)
      if (plan.prepaid) track("Order Refunded", order({ amount: plan.total, reason: "Hủy đơn đã thanh toán" }), cancelled + rng.between(DAY, 3 * DAY))
    } else {
      const failed = placed + rng.between(3 * DAY, 7 * DAY)
      track("Order Delivery Failed", { orderId: plan.orderId, reason: rng.pick(deliveryFailedReasons) }, failed)
      if (plan.prepaid) track("Order Refunded", order({ amount: plan.total, reason: "Giao hàng không thành công" }), failed + rng.between(DAY, 3 * DAY))
    }
  }

  // -------------------------------------------------------------------------
  // Outreach, back office, import.

  private message(id: SessionIdentity, touch: number): void {
    const rng = this.rng
    const userId = touch === Touch.zalo ? undefined : this.person.userId
    const [planId] = rng.pick(plans)
    const channel = id.channel
    const base = { deliveryId: `dlv-${this.idPrefix.slice(4, -1)}`, planId, channel, topic: rng.pick(["promotion", "transactional", "reminder"]) }
    const sent = this.cursor
    this.track(id, "Message Sent", base, userId, sent)
    if (!rng.chance(channel === "sms" ? 0.98 : 0.95)) return
    const delivered = sent + rng.between(1000, 60_000)
    this.track(id, "Message Delivered", base, userId, delivered)
    let last = delivered
    const read = channel !== "sms" && rng.chance(channel === "zalo" ? 0.6 : 0.35)
    if (read) {
      last = delivered + rng.between(60_000, 10 * HOUR)
      this.track(id, "Message Read", base, userId, last)
    }
    if ((read && rng.chance(0.25)) || (channel === "sms" && rng.chance(0.06))) {
      last += rng.between(5000, 300_000)
      this.track(id, "Message Clicked", { ...base, url: `${shopDomain}/khuyen-mai?utm_source=${channel}&utm_campaign=${planId}` }, userId, last)
      if (rng.chance(0.1)) {
        const [campaignId, name] = rng.pick(campaigns)
        this.track(id, "Campaign Joined", { campaignId, name }, userId, last + rng.between(10_000, 600_000))
      }
    }
    if (read && channel === "zalo" && rng.chance(0.08)) this.track(id, "Message Replied", { ...base, reply: rng.pick(messageReplies) }, userId, last + rng.between(10_000, HOUR))
    if (channel !== "sms" && rng.chance(channel === "email" ? 0.05 : 0.04)) this.track(id, "Message Unsubscribed", base, userId, last + rng.between(10_000, DAY))
  }

  private pointsAdjust(id: SessionIdentity): void {
    const rng = this.rng
    const userId = this.person.userId as string
    const points = rng.pick([50, 100, 200, 500])
    const actorId = rng.pick(staff)
    if (rng.chance(0.7)) {
      this.track(id, "Points Adjusted", { points, reason: rng.pick(["Tặng điểm sinh nhật", "Bù điểm đơn hàng lỗi", "Thưởng khách hàng thân thiết"]), actorId }, userId, this.cursor)
      return
    }
    // Staff take back only points credited by mistake, so a correction never overdraws the balance.
    this.track(id, "Points Adjusted", { points, reason: "Cộng điểm khuyến mãi", actorId }, userId, this.cursor)
    this.track(id, "Points Adjusted", { points: -points, reason: "Điều chỉnh điểm tích sai", actorId }, userId, this.cursor + rng.between(HOUR, 7 * DAY))
  }

  private importRow(id: SessionIdentity): void {
    this.emit(this.cursor, "identify", undefined, id, {
      phone: this.phoneOf(false, 0.02),
      email: this.emailOf(0),
      traits: TraitsDetail.profile
    })
  }
}
