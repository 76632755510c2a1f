import type { EventType, Identifier, KithEventEncoded } from "@kith/core"
import type { Region } from "./data/places.js"

/**
 * Options of {@link generateShop}. Only `seed` and `people` are required.
 *
 * @example
 * ```ts
 * const options: ShopOptions = { seed: 42, people: 2_000 }
 * ```
 */
export interface ShopOptions {
  /** The seed: the same seed (and options) always gives the same shop, event for event. */
  readonly seed: number
  /** The number of real persons behind the data (ground truth). */
  readonly people: number
  /** The first instant of the shop's history; default `2024-01-01T00:00:00+07:00`. */
  readonly start?: Date
  /** How many months of events; default 24. */
  readonly months?: number
  /** The workspace the events belong to; default `"ws-demo"`. */
  readonly workspaceId?: string
  /**
   * Scales how many sessions every person has (default 1). At 1 a shop yields
   * about 3.5 records per person over 24 months (see the README); 2 roughly
   * doubles that. Must be positive.
   */
  readonly activity?: number
  /**
   * Adds the identity traps of real shops (default `false`, so existing shops
   * stay event for event the same): a hotline and a 1900 number guests type as
   * their phone, the cashier's tablet at each store sending its device id,
   * office numbers that colleagues share and differ by extension, and family
   * emails. See `ShopTraps`.
   */
  readonly traps?: boolean
}

/** How active a person is over the shop's history: most people come once (the long tail). */
export type ActivityLevel = "one_off" | "occasional" | "regular" | "loyal"

/** A postal address, as {@link GeneratedPerson.address}. */
export interface GeneratedAddress {
  /** House number and street: `45/3 Nguyễn Trãi`, `Số 8, ngõ 12 Quang Trung`, `Hẻm 34 Trần Phú`. */
  readonly street: string
  /** Ward (phường / xã). */
  readonly ward: string
  /** District (quận / huyện / thành phố / thị xã). */
  readonly district: string
  /** Province or centrally-run city, one of the 63 of `provinces`. */
  readonly province: string
  /** Always Vietnam. */
  readonly country: "VN"
}

/**
 * A phone, computer or tablet a person uses the own store on (web or app):
 * its device id and the anonymous id (cookie / app instance id) the SDK sends.
 */
export interface GeneratedDevice {
  /** Sent as `context.device.id`; the `device_id` identifier. */
  readonly deviceId: string
  /** Sent as `anonymousId`; the `anonymous_id` identifier. */
  readonly anonymousId: string
  /** `web` (browser) or `app` (the shop's mobile app). */
  readonly channel: "web" | "app"
  /** `context.device.type`. */
  readonly type: "mobile" | "tablet" | "desktop"
  /** `context.device.manufacturer`: Apple, Samsung, OPPO, Xiaomi, ... */
  readonly manufacturer: string
  /** `context.device.model`: `iPhone 13`, `Galaxy A54`, ... */
  readonly model: string
  /** `context.os`: iOS, Android, Windows, macOS with a version. */
  readonly os: {
    /** OS name. */
    readonly name: string
    /** OS version. */
    readonly version: string
  }
  /** `context.ip`, in a Vietnamese ISP's range. */
  readonly ip: string
  /** `context.userAgent`, for web devices. */
  readonly userAgent?: string
}

/**
 * One real person of the synthetic shop: the ground truth that identity
 * resolution should recover. Every identifier value here is the TRUE,
 * canonical one (E.164 phones, lower-case trimmed emails); the events write
 * them in noisy forms.
 */
export interface GeneratedPerson {
  /** Position in {@link Shop.people}. */
  readonly index: number
  /** Ground-truth id, e.g. `person-000123`. */
  readonly personId: string
  /** Full name with diacritics, family name first: `Nguyễn Thị Lan`. */
  readonly fullName: string
  /** The person's gender (58% of shoppers are women). */
  readonly gender: "male" | "female"
  /** `yyyy-mm-dd`, when the person ever told the shop. */
  readonly birthday?: string
  /** Home (and shipping) address. */
  readonly address: GeneratedAddress
  /** The region of `address.province`. */
  readonly region: Region
  /** The TRUE phone numbers, E.164 (`+84912345678`); includes {@link householdPhone} when set. */
  readonly phones: ReadonlyArray<string>
  /** The TRUE canonical emails (trimmed, lower-case). */
  readonly emails: ReadonlyArray<string>
  /** The own-store account id, if the person registers during the shop's history. */
  readonly userId?: string
  /** The start of the session in which the person registers (the registration identify follows within minutes). */
  readonly registeredAt?: Date
  /** Set for members of a family sharing one phone (a trap for identity). */
  readonly householdId?: string
  /**
   * The phone shared by the household, E.164. It only ever appears in records
   * that also carry this member's own `user_id`, so the unique-type guard
   * (IDN-5) can keep the members apart.
   */
  readonly householdPhone?: string
  /** With `traps`: the email some households share, written only with this member's own `user_id`. */
  readonly householdEmail?: string
  /** With `traps`: the person's office number with their own extension, `+842437365678;ext=123` (RFC 3966). */
  readonly officePhone?: string
  /** Own-store devices (web browsers, app installs). */
  readonly devices: ReadonlyArray<GeneratedDevice>
  /** Every channel the person's events come from, first touch first. */
  readonly channels: ReadonlyArray<string>
  /** Zalo user id (the `zalo_id` identifier), if the person talks to the shop's Zalo OA. */
  readonly zaloId?: string
  /** Facebook page-scoped id (the `facebook_psid` identifier), if the person uses Messenger. */
  readonly facebookPsid?: string
  /** Shopee buyer id (`shopee_buyer_id`). */
  readonly shopeeBuyerId?: string
  /** Lazada buyer id (`lazada_buyer_id`). */
  readonly lazadaBuyerId?: string
  /** TikTok Shop buyer id (`tiktok_shop_buyer_id`). */
  readonly tiktokShopBuyerId?: string
  /** CRM id (`external_id`) for people imported from the shop's old customer file. */
  readonly externalId?: string
  /** How active the person is. */
  readonly activity: ActivityLevel
  /** The first session's start. */
  readonly firstSeenAt: Date
  /** How many sessions (visits, chats, orders, messages received) the person has. */
  readonly sessions: number
  /** Writes old eleven-digit phone forms now and then (their number came from the 2018 remap). */
  readonly writesOldPhoneForm: boolean
}

/**
 * The identity view of one event: who it truly is (ground truth), when and
 * where it happened, the raw identifiers it carries, and the canonical keys
 * of those identifiers that truly belong to the person.
 */
export interface GeneratedRecord {
  /** Equal to the event's `messageId`. */
  readonly recordId: string
  /** Ground truth: the person behind the event. */
  readonly personId: string
  /** The event's timestamp. */
  readonly observedAt: Date
  /** A core `Channel` (`web`, `app`, `chatbot`, `zalo`, `facebook`, `shopee`, ...). */
  readonly channel: string
  /** The touchpoint within the channel (`own_website`, `zalo_oa`, `shopee_shop`, ...). */
  readonly source: string
  /**
   * The identifiers the event carries, RAW as written (phones in any form,
   * emails with case and space noise), junk values included. See the README
   * for where each one sits in the event.
   */
  readonly identifiers: ReadonlyArray<Identifier>
  /**
   * `${type}:${trueCanonicalValue}` for every identifier of THIS person in
   * `identifiers`, deduplicated, junk excluded. Canonical: E.164 phone,
   * lower-cased trimmed email, any other id as is.
   */
  readonly linkKeys: ReadonlyArray<string>
  /** The event's call type. */
  readonly type: EventType
  /** The event name of a `track` call. */
  readonly event?: string
}

/** One event of the shop: its identity record and its raw JSON. */
export interface GeneratedEvent {
  /** Truth and identifiers of this event. */
  readonly record: GeneratedRecord
  /** The raw JSON a host would send; decodes with `@kith/core` `decodeEventResult`. */
  readonly event: KithEventEncoded
}

/**
 * A generated shop: its people (in memory) and its events (streamed).
 */
export interface Shop {
  /** The options with every default filled in. */
  readonly options: Required<ShopOptions>
  /** The ground truth: every real person. */
  readonly people: ReadonlyArray<GeneratedPerson>
  /** The number of sessions the events expand from (about 3 records each). */
  readonly sessionCount: number
  /** The end of the shop's history (exclusive): `start` plus `months`. */
  readonly end: Date
  /**
   * Streams every event in chronological order (non-decreasing `observedAt`).
   * The same seed gives the identical sequence; each call starts over.
   */
  events(): IterableIterator<GeneratedEvent>
  /**
   * The same records as {@link Shop.events} yields, in the same order, without
   * building the event JSON: the cheap path for identity benchmarks.
   */
  records(): IterableIterator<GeneratedRecord>
}
