import { ShopCalendar } from "./calendar.js"
import { type DeviceModel, desktopModels, ipPrefixes, mobileModels, userAgentFor } from "./data/devices.js"
import {
  familyNames,
  femaleGivenNames,
  femaleMiddleNames,
  maleGivenNames,
  maleMiddleNames
} from "./data/names.js"
import { type Province, type Region, provinces, streets } from "./data/places.js"
import {
  type IdSalts,
  channelAnonymousId,
  externalIdOf,
  idSalts,
  lazadaIdOf,
  psidOf,
  shopeeIdOf,
  tiktokShopIdOf,
  uniqueWord,
  userIdOf,
  uuidOf,
  zaloIdOf
} from "./ids.js"
import { drawMobileNumber, e164Of, hasOldForm } from "./phones.js"
import { Rng, type WeightedList, seed32, streamSeed, weightedList } from "./rng.js"
import { officeExtensionOf, shopTraps, type ShopTraps } from "./traps.js"
import type { ActivityLevel, GeneratedAddress, GeneratedDevice, GeneratedPerson, ShopOptions } from "./types.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

// ---------------------------------------------------------------------------
// Session schedule encoding. A session is one visit, chat, marketplace order,
// outreach message or back-office action; it expands into a few events. The
// whole schedule lives in typed arrays so 300k people stay compact.

/** Where a session happens. 0–2 are the person's own-store devices. */
export const Touch = {
  zalo: 8,
  facebook: 9,
  shopee: 10,
  lazada: 11,
  tiktokShop: 12,
  pos: 13,
  email: 14,
  sms: 15,
  manual: 16,
  import: 17
} as const

/** What a session is. */
export const Kind = {
  browse: 1,
  purchase: 2,
  register: 3,
  form: 4,
  chatbot: 5,
  appEngage: 6,
  zaloFollow: 10,
  zaloChat: 11,
  zaloEngage: 12,
  zaloUnfollow: 13,
  fbChat: 20,
  fbLive: 21,
  mpOrder: 30,
  mpEngage: 31,
  posOrder: 40,
  message: 50,
  pointsAdjust: 60,
  import: 70
} as const

/** Session flags. */
export const Flag = {
  /** The session includes an identify call (a login, a form, a phone left in chat). */
  identify: 1,
  /** Own-store events carry the person's userId. */
  loggedIn: 2,
  /** First session on this touch. */
  first: 4
} as const

/** The session schedule, sorted chronologically by `order`. */
export interface Schedule {
  readonly count: number
  /** Session start, seconds since the shop's start. */
  readonly second: Uint32Array
  /** Milliseconds within that second. */
  readonly milli: Uint16Array
  readonly person: Uint32Array
  /** The session's position among its person's sessions (chronological). */
  readonly ordinal: Uint32Array
  readonly kind: Uint8Array
  readonly touch: Uint8Array
  readonly flags: Uint8Array
  /** Session indices in chronological order (ties: generation order). */
  readonly order: Uint32Array
}

/**
 * What the event expansion reads about a person, in one monomorphic shape
 * (the public {@link GeneratedPerson} objects differ in which optional keys
 * they have, which would make every property read in the hot loop slow).
 */
export class PersonState {
  constructor(
    readonly index: number,
    readonly seed: number,
    readonly personId: string,
    readonly fullName: string,
    readonly userId: string | undefined,
    /** Registration instant in ms, or `Infinity` for people who never register. */
    readonly registeredAt: number,
    readonly householdPhone: string | undefined,
    /** Phones this person may write without their userId (household phone excluded). */
    readonly personalPhones: ReadonlyArray<string>,
    readonly emails: ReadonlyArray<string>,
    readonly devices: ReadonlyArray<GeneratedDevice>,
    readonly zaloId: string | undefined,
    readonly facebookPsid: string | undefined,
    readonly shopeeBuyerId: string | undefined,
    readonly lazadaBuyerId: string | undefined,
    readonly tiktokShopBuyerId: string | undefined,
    readonly externalId: string | undefined,
    readonly region: Region,
    readonly writesOldPhoneForm: boolean,
    /** With traps: the family email (only written with the userId). */
    readonly householdEmail: string | undefined = undefined,
    /** With traps: the office number with extension, E.164 `;ext=` form. */
    readonly officePhone: string | undefined = undefined
  ) {}
}

/** The people, their extras, the schedule and the calendar of one shop. */
export interface Population {
  readonly people: ReadonlyArray<GeneratedPerson>
  readonly states: ReadonlyArray<PersonState>
  readonly schedule: Schedule
  readonly calendar: ShopCalendar
  readonly baseSeed: number
  /** The shop's trap values when the shop has traps. */
  readonly traps: ShopTraps | undefined
}

// ---------------------------------------------------------------------------
// Rates. Tuned so a default shop yields about 3.5 records per person, most
// people coming once and a few loyal customers producing most of the events.

const levels = weightedList<ActivityLevel>([
  ["one_off", 79],
  ["occasional", 16],
  ["regular", 4.2],
  ["loyal", 0.8]
])

const acquisition = weightedList<number>([
  [0, 40], // own website or app (device 0)
  [Touch.zalo, 14],
  [Touch.facebook, 11],
  [Touch.shopee, 20],
  [Touch.lazada, 6],
  [Touch.tiktokShop, 9]
])

interface LevelRates {
  readonly device: number
  readonly secondDevice: number
  readonly thirdDevice: number
  readonly zalo: number
  readonly facebook: number
  readonly shopee: number
  readonly lazada: number
  readonly tiktokShop: number
  readonly register: number
  readonly purchase: number
  readonly messagesPerMonth: number
  readonly pos: number
}

const rates: Readonly<Record<ActivityLevel, LevelRates>> = {
  one_off: { device: 0, secondDevice: 0, thirdDevice: 0, zalo: 0, facebook: 0, shopee: 0, lazada: 0, tiktokShop: 0, register: 0.12, purchase: 14, messagesPerMonth: 0.03, pos: 0 },
  occasional: { device: 0.45, secondDevice: 0.15, thirdDevice: 0.02, zalo: 0.15, facebook: 0.1, shopee: 0.15, lazada: 0.05, tiktokShop: 0.07, register: 0.45, purchase: 22, messagesPerMonth: 0.06, pos: 0.03 },
  regular: { device: 0.8, secondDevice: 0.45, thirdDevice: 0.15, zalo: 0.35, facebook: 0.25, shopee: 0.3, lazada: 0.1, tiktokShop: 0.15, register: 0.8, purchase: 26, messagesPerMonth: 0.2, pos: 0.12 },
  loyal: { device: 0.95, secondDevice: 0.7, thirdDevice: 0.3, zalo: 0.5, facebook: 0.35, shopee: 0.35, lazada: 0.12, tiktokShop: 0.2, register: 0.95, purchase: 30, messagesPerMonth: 0.35, pos: 0.25 }
}

const MONTH = 30.44 * 86_400_000

const provinceList: WeightedList<Province> = weightedList(provinces.map((p) => [p, p.weight] as const))
const familyList = weightedList(familyNames)
const femaleMiddle = weightedList(femaleMiddleNames)
const maleMiddle = weightedList(maleMiddleNames)
const mobileList = weightedList(mobileModels.map((m) => [m, m.weight] as const))
const desktopList = weightedList(desktopModels.map((m) => [m, m.weight] as const))
const emailDomains = weightedList<string>([
  ["gmail.com", 68],
  ["yahoo.com", 7],
  ["yahoo.com.vn", 3],
  ["outlook.com", 5],
  ["hotmail.com", 4],
  ["icloud.com", 6],
  ["fpt.com.vn", 1],
  ["vnpt.vn", 1],
  ["hcmut.edu.vn", 1],
  ["viettel.com.vn", 1]
])

/** Drops diacritics and `đ`, for email local parts and unaccented names. */
export const foldVietnamese = (s: string): string =>
  s.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D")

// Name parts come from small lists: fold each once.
const foldedParts = new Map<string, string>()
const foldPart = (part: string): string => {
  let folded = foldedParts.get(part)
  if (folded === undefined) {
    folded = foldVietnamese(part).toLowerCase()
    foldedParts.set(part, folded)
  }
  return folded
}

const pad2 = (n: number) => String(n).padStart(2, "0")
const noStrings: ReadonlyArray<string> = Object.freeze([])

// ---------------------------------------------------------------------------

interface Household {
  readonly id: string
  readonly phone: string
  /** With traps, some households share an email too. */
  readonly email: string | undefined
  readonly familyName: string
  readonly address: GeneratedAddress
  readonly region: GeneratedPerson["region"]
  remaining: number
}

class ScheduleBuilder {
  second: Array<number> = []
  milli: Array<number> = []
  person: Array<number> = []
  ordinal: Array<number> = []
  kind: Array<number> = []
  touch: Array<number> = []
  flags: Array<number> = []

  push(startMs: number, shopStart: number, person: number, ordinal: number, kind: number, touch: number, flags: number): void {
    const offset = startMs - shopStart
    const second = Math.floor(offset / 1000)
    this.second.push(second)
    this.milli.push(offset - second * 1000)
    this.person.push(person)
    this.ordinal.push(ordinal)
    this.kind.push(kind)
    this.touch.push(touch)
    this.flags.push(flags)
  }

  build(): Schedule {
    const count = this.second.length
    const second = Uint32Array.from(this.second)
    const order = sortChronologically(second, count)
    return {
      count,
      second,
      milli: Uint16Array.from(this.milli),
      person: Uint32Array.from(this.person),
      ordinal: Uint32Array.from(this.ordinal),
      kind: Uint8Array.from(this.kind),
      touch: Uint8Array.from(this.touch),
      flags: Uint8Array.from(this.flags),
      order
    }
  }
}

// Sorting packed (second, index) keys in a Float64Array uses the engine's
// native numeric sort: much faster than a comparator over a million sessions.
const sortChronologically = (second: Uint32Array, count: number): Uint32Array => {
  const order = new Uint32Array(count)
  let maxSecond = 0
  for (let i = 0; i < count; i++) if ((second[i] as number) > maxSecond) maxSecond = second[i] as number
  const indexSpace = 2 ** Math.max(1, Math.ceil(Math.log2(count + 1)))
  if ((maxSecond + 1) * indexSpace < 2 ** 53) {
    const keys = new Float64Array(count)
    for (let i = 0; i < count; i++) keys[i] = (second[i] as number) * indexSpace + i
    keys.sort()
    for (let i = 0; i < count; i++) order[i] = (keys[i] as number) % indexSpace
  } else {
    for (let i = 0; i < count; i++) order[i] = i
    order.sort((a, b) => (second[a] as number) - (second[b] as number) || a - b)
  }
  return order
}

interface PlannedSession {
  t: number
  kind: number
  touch: number
  flags: number
}

/**
 * Builds the people and their session schedule. Deterministic: every person
 * draws from their own random stream; only household membership and
 * uniqueness of phones and emails are decided in sequence.
 */
export const buildPopulation = (options: Required<ShopOptions>): Population => {
  const calendar = new ShopCalendar(options.start, options.months)
  const baseSeed = seed32(options.seed)
  const salts = idSalts(baseSeed)
  const householdRng = new Rng(baseSeed ^ 0x68686868)
  const takenPhones = new Set<number>()
  const takenEmails = new Set<string>()
  const people: Array<GeneratedPerson> = []
  const states: Array<PersonState> = []
  const schedule = new ScheduleBuilder()
  const personIdWidth = Math.max(6, String(options.people - 1).length)
  let household: Household | undefined
  let householdCount = 0
  const traps = options.traps ? shopTraps(baseSeed) : undefined

  for (let index = 0; index < options.people; index++) {
    const seed = streamSeed(baseSeed, index)
    const rng = new Rng(seed)

    let member: Household | undefined
    if (household !== undefined && household.remaining > 0) {
      member = household
      household.remaining--
    } else if (index + 1 < options.people && householdRng.chance(0.012)) {
      // A new household: this person and the next 1–3 share a phone and a home.
      const head = drawIdentity(rng, undefined)
      householdCount++
      household = {
        id: ["household-", String(householdCount).padStart(5, "0")].join(""),
        phone: e164Of(drawMobileNumber(householdRng, takenPhones)),
        // With traps, every other household also shares an email.
        email: traps !== undefined && householdCount % 2 === 0 ? `giadinh.${foldVietnamese(head.familyName).toLowerCase()}${householdCount}@gmail.com` : undefined,
        familyName: head.familyName,
        address: head.address,
        region: head.region,
        remaining: Math.min(householdRng.between(1, 3), options.people - index - 1)
      }
      member = household
    }

    const identity = drawIdentity(rng, member)
    // Arrays are built at their exact size: they live as long as the shop.
    const personalCount = member !== undefined ? (rng.chance(0.75) ? 1 : 0) : rng.chance(0.12) ? 2 : 1
    const personalPhones: ReadonlyArray<string> =
      personalCount === 0
        ? noStrings
        : personalCount === 1
          ? [e164Of(drawMobileNumber(rng, takenPhones))]
          : [e164Of(drawMobileNumber(rng, takenPhones)), e164Of(drawMobileNumber(rng, takenPhones))]
    const phones = member !== undefined ? [...personalPhones, member.phone] : personalPhones
    const emailCount = rng.chance(0.3) ? 0 : rng.chance(0.12) ? 2 : 1
    const emails: ReadonlyArray<string> =
      emailCount === 0
        ? noStrings
        : emailCount === 1
          ? [drawEmail(rng, identity, takenEmails)]
          : [drawEmail(rng, identity, takenEmails), drawEmail(rng, identity, takenEmails)]

    const level = rng.pickWeighted(levels)
    const plan = planSessions(rng, calendar, options.activity, level, member !== undefined, emails.length > 0)
    const devices = plan.devices.map((channel, d) => drawDevice(rng, salts, index, d, channel))
    const ids = platformIds(rng, salts, index, plan.touches)
    const registered = plan.registeredAt !== undefined
    const externalId = plan.touches.has(Touch.import) ? externalIdOf(uniqueWord(salts.external, index)) : undefined

    const userId = registered ? userIdOf(uniqueWord(salts.user, index)) : undefined
    const person: Mutable<GeneratedPerson> = {
      index,
      personId: ["person-", String(index).padStart(personIdWidth, "0")].join(""),
      fullName: identity.fullName,
      gender: identity.gender,
      address: identity.address,
      region: identity.region,
      phones,
      emails,
      devices,
      channels: plan.channels,
      activity: level,
      firstSeenAt: new Date(plan.sessions[0]?.t ?? calendar.startMs),
      sessions: plan.sessions.length,
      writesOldPhoneForm: personalPhones.some(hasOldForm) && rng.chance(0.3)
    }
    if (identity.birthday !== undefined) person.birthday = identity.birthday
    if (userId !== undefined) {
      person.userId = userId
      person.registeredAt = new Date(plan.registeredAt as number)
    }
    if (member !== undefined) {
      person.householdId = member.id
      person.householdPhone = member.phone
      if (member.email !== undefined) person.householdEmail = member.email
    }
    const extension = traps !== undefined ? officeExtensionOf(index) : undefined
    if (traps !== undefined && extension !== undefined) person.officePhone = `${traps.switchboard.e164};ext=${extension}`
    if (ids.zaloId !== undefined) person.zaloId = ids.zaloId
    if (ids.facebookPsid !== undefined) person.facebookPsid = ids.facebookPsid
    if (ids.shopeeBuyerId !== undefined) person.shopeeBuyerId = ids.shopeeBuyerId
    if (ids.lazadaBuyerId !== undefined) person.lazadaBuyerId = ids.lazadaBuyerId
    if (ids.tiktokShopBuyerId !== undefined) person.tiktokShopBuyerId = ids.tiktokShopBuyerId
    if (externalId !== undefined) person.externalId = externalId
    people.push(person)
    states.push(
      new PersonState(
        index,
        seed,
        person.personId,
        person.fullName,
        userId,
        plan.registeredAt ?? Number.POSITIVE_INFINITY,
        member?.phone,
        personalPhones,
        emails,
        devices,
        ids.zaloId,
        ids.facebookPsid,
        ids.shopeeBuyerId,
        ids.lazadaBuyerId,
        ids.tiktokShopBuyerId,
        externalId,
        identity.region,
        person.writesOldPhoneForm,
        person.householdEmail,
        person.officePhone
      )
    )
    plan.sessions.forEach((s, ordinal) => schedule.push(s.t, calendar.startMs, index, ordinal, s.kind, s.touch, s.flags))
  }

  return { people, states, schedule: schedule.build(), calendar, baseSeed, traps }
}

// ---------------------------------------------------------------------------

interface Identity {
  readonly familyName: string
  readonly fullName: string
  readonly gender: "male" | "female"
  readonly birthday?: string
  readonly address: GeneratedAddress
  readonly region: GeneratedPerson["region"]
  /** ASCII name parts for emails: family, middle words, given. */
  readonly ascii: { readonly family: string; readonly middle: ReadonlyArray<string>; readonly given: string }
}

const drawIdentity = (rng: Rng, household: Household | undefined): Identity => {
  const gender = rng.chance(0.58) ? "female" : "male"
  const familyName = household !== undefined && rng.chance(0.7) ? household.familyName : rng.pickWeighted(familyList)
  const middle = gender === "female" ? rng.pickWeighted(femaleMiddle) : rng.pickWeighted(maleMiddle)
  const givenNames = gender === "female" ? femaleGivenNames : maleGivenNames
  let given = rng.pick(givenNames)
  // "Minh Minh" is not a name: the given name differs from the last middle word.
  while (middle.endsWith(given)) given = rng.pick(givenNames)
  const fullName = [familyName, middle, given].join(" ")
  const age = drawAge(rng)
  const birthday = rng.chance(0.75)
    ? (() => {
        const year = 2024 - age
        const month = rng.between(1, 12)
        const day = rng.between(1, new Date(Date.UTC(year, month, 0)).getUTCDate())
        return [String(year), pad2(month), pad2(day)].join("-")
      })()
    : undefined
  let address: GeneratedAddress
  let region: GeneratedPerson["region"]
  if (household !== undefined) {
    address = household.address
    region = household.region
  } else {
    const province = rng.pickWeighted(provinceList)
    const district = rng.pick(province.districts)
    address = { street: drawStreet(rng, province.region), ward: rng.pick(district.wards), district: district.name, province: province.name, country: "VN" }
    region = province.region
  }
  return {
    familyName,
    fullName,
    gender,
    ...(birthday !== undefined ? { birthday } : {}),
    address,
    region,
    ascii: { family: foldPart(familyName), middle: middle.split(" ").map(foldPart), given: foldPart(given) }
  }
}

const drawAge = (rng: Rng): number => {
  const r = rng.float()
  if (r < 0.22) return rng.between(18, 24)
  if (r < 0.6) return rng.between(25, 34)
  if (r < 0.84) return rng.between(35, 44)
  if (r < 0.95) return rng.between(45, 54)
  return rng.between(55, 70)
}

const drawStreet = (rng: Rng, region: Province["region"]): string => {
  const street = rng.pick(streets)
  const r = rng.float()
  const parts =
    r < 0.55
      ? [String(rng.between(1, 399)), " ", street]
      : r < 0.8
        ? [String(rng.between(1, 199)), "/", String(rng.between(1, 60)), " ", street]
        : region === "north"
          ? ["Số ", String(rng.between(1, 80)), ", ngõ ", String(rng.between(1, 300)), " ", street]
          : ["Hẻm ", String(rng.between(1, 300)), " ", street]
  return parts.join("")
}

const drawEmail = (rng: Rng, identity: Identity, taken: Set<string>): string => {
  const { family, middle, given } = identity.ascii
  const year = identity.birthday?.slice(2, 4) ?? String(rng.between(80, 99))
  let local: string
  switch (rng.int(7)) {
    case 0:
      local = `${given}.${family}${year}`
      break
    case 1:
      local = `${given}${family}${rng.between(1, 99)}`
      break
    case 2:
      local = `${family}${middle.join("")}${given}`
      break
    case 3:
      local = `${given}${family[0]}${middle.map((m) => m[0]).join("")}`
      break
    case 4:
      local = `${given}_${family}${year}`
      break
    case 5:
      local = `${family}.${given}${rng.between(100, 999)}`
      break
    default:
      local = `${given}${middle.map((m) => m[0]).join("")}${family}`
  }
  const domain = rng.pickWeighted(emailDomains)
  for (let attempt = 0; ; attempt++) {
    const email = [local, "@", domain].join("")
    if (!taken.has(email)) {
      taken.add(email)
      return email
    }
    // Taken: people add digits until the provider accepts the address.
    local = `${local}${rng.between(0, attempt < 2 ? 99 : 9999)}`
  }
}

const drawDevice = (rng: Rng, salts: IdSalts, index: number, d: number, channel: "web" | "app"): GeneratedDevice => {
  const model: DeviceModel = channel === "web" && rng.chance(0.35) ? rng.pickWeighted(desktopList) : rng.pickWeighted(mobileList)
  const version = rng.pick(model.versions)
  const key = index * 4 + d
  const anonymousId = uuidOf(uniqueWord(salts.anonymous, key), rng.u32(), rng.u32(), rng.u32())
  const unique = uniqueWord(salts.device, key)
  const deviceId =
    channel === "app"
      ? model.os === "Android"
        ? [(unique >>> 0).toString(16).padStart(8, "0"), rng.u32().toString(16).padStart(8, "0")].join("")
        : uuidOf(unique, rng.u32(), rng.u32(), rng.u32()).toUpperCase()
      : ["wd_", (unique >>> 0).toString(36), rng.u32().toString(36)].join("")
  const device: Mutable<GeneratedDevice> = {
    deviceId,
    anonymousId,
    channel,
    type: model.type,
    manufacturer: model.manufacturer,
    model: model.model,
    os: osOf(model.os, version),
    ip: [rng.pick(ipPrefixes), String(rng.between(0, 255)), String(rng.between(1, 254))].join(".")
  }
  if (channel === "web") device.userAgent = interned(`ua|${model.os}|${version}|${model.model}`, () => userAgentFor(model.os, version, model.model))
  return device
}

// Values many devices share (OS objects, user agents) are built once.
const internedValues = new Map<string, unknown>()
const interned = <T>(key: string, make: () => T): T => {
  let value = internedValues.get(key) as T | undefined
  if (value === undefined) {
    value = make()
    internedValues.set(key, value)
  }
  return value
}
const osOf = (name: string, version: string): GeneratedDevice["os"] => interned(`os|${name}|${version}`, () => ({ name, version }))

interface PlatformIds {
  readonly zaloId: string | undefined
  readonly facebookPsid: string | undefined
  readonly shopeeBuyerId: string | undefined
  readonly lazadaBuyerId: string | undefined
  readonly tiktokShopBuyerId: string | undefined
}

const platformIds = (rng: Rng, salts: IdSalts, index: number, touches: ReadonlySet<number>): PlatformIds => ({
  zaloId: touches.has(Touch.zalo) ? zaloIdOf(uniqueWord(salts.zalo, index), rng.u32()) : undefined,
  facebookPsid: touches.has(Touch.facebook) ? psidOf(uniqueWord(salts.facebook, index), rng.u32()) : undefined,
  shopeeBuyerId: touches.has(Touch.shopee) ? shopeeIdOf(uniqueWord(salts.shopee, index)) : undefined,
  lazadaBuyerId: touches.has(Touch.lazada) ? lazadaIdOf(uniqueWord(salts.lazada, index)) : undefined,
  tiktokShopBuyerId: touches.has(Touch.tiktokShop) ? tiktokShopIdOf(uniqueWord(salts.tiktokShop, index), rng.u32()) : undefined
})

/** The anonymous id a person's events carry on a chat, marketplace or import touch. */
export const touchAnonymousId = (person: PersonState, touch: number): string | undefined => {
  switch (touch) {
    case Touch.zalo:
      return person.zaloId !== undefined ? channelAnonymousId("zalo", person.zaloId) : undefined
    case Touch.facebook:
      return person.facebookPsid !== undefined ? channelAnonymousId("fb", person.facebookPsid) : undefined
    case Touch.shopee:
      return person.shopeeBuyerId !== undefined ? channelAnonymousId("shopee", person.shopeeBuyerId) : undefined
    case Touch.lazada:
      return person.lazadaBuyerId !== undefined ? channelAnonymousId("lazada", person.lazadaBuyerId) : undefined
    case Touch.tiktokShop:
      return person.tiktokShopBuyerId !== undefined ? channelAnonymousId("tiktokshop", person.tiktokShopBuyerId) : undefined
    case Touch.import:
      return person.externalId !== undefined ? channelAnonymousId("crm", person.externalId) : undefined
    default:
      return undefined
  }
}

// ---------------------------------------------------------------------------
// Planning one person's sessions.

interface Plan {
  readonly sessions: ReadonlyArray<PlannedSession>
  readonly devices: ReadonlyArray<"web" | "app">
  readonly touches: ReadonlySet<number>
  readonly registeredAt: number | undefined
  readonly channels: ReadonlyArray<string>
}

const isDevice = (touch: number) => touch < 8

const stochasticRound = (rng: Rng, x: number): number => {
  const whole = Math.floor(x)
  return whole + (rng.chance(x - whole) ? 1 : 0)
}

const planSessions = (
  rng: Rng,
  calendar: ShopCalendar,
  activity: number,
  level: ActivityLevel,
  inHousehold: boolean,
  hasEmail: boolean
): Plan => {
  const r = rates[level]
  // Household members are registered own-store customers (see README: traps).
  const acq = inHousehold ? 0 : rng.pickWeighted(acquisition)
  const firstDeviceChannel: "web" | "app" = rng.chance(acq === 0 ? 0.75 : 0.6) ? "web" : "app"
  const devices: Array<"web" | "app"> = []
  if (acq === 0 || inHousehold || rng.chance(r.device)) {
    devices.push(firstDeviceChannel)
    if (rng.chance(r.secondDevice)) {
      devices.push(firstDeviceChannel === "web" ? (rng.chance(0.6) ? "app" : "web") : "web")
      if (rng.chance(r.thirdDevice)) devices.push(rng.chance(0.5) ? "web" : "app")
    }
  }
  const touchWeights: Array<readonly [number, number]> = devices.map((_, d) => [d, d === 0 ? 5 : d === 1 ? 3 : 2] as const)
  const maybe = (touch: number, p: number, weight: number) => {
    if (acq === touch || rng.chance(p)) touchWeights.push([touch, weight])
  }
  maybe(Touch.zalo, r.zalo, 2.5)
  maybe(Touch.facebook, r.facebook, 1.5)
  maybe(Touch.shopee, r.shopee, 3)
  maybe(Touch.lazada, r.lazada, 1.5)
  maybe(Touch.tiktokShop, r.tiktokShop, 2)

  // When and how often.
  const t0 = calendar.sample(rng, calendar.startMs, calendar.endMs)
  let spanEnd = t0 + 1
  let count = 1
  switch (level) {
    case "one_off":
      count = activity > 1 ? 1 + stochasticRound(rng, activity - 1) : 1
      spanEnd = t0 + 30 * 86_400_000
      break
    case "occasional":
      spanEnd = t0 + (1 + rng.exponential(120)) * 86_400_000
      count = Math.max(1, stochasticRound(rng, (2 + rng.geometric(0.2)) * activity))
      break
    case "regular":
      spanEnd = t0 + rng.between(180, 730) * 86_400_000
      count = Math.max(2, stochasticRound(rng, ((Math.min(spanEnd, calendar.endMs) - t0) / MONTH) * (0.3 + rng.float() * 0.4) * activity))
      break
    case "loyal":
      spanEnd = t0 + rng.between(365, 730) * 86_400_000
      count = Math.max(4, stochasticRound(rng, ((Math.min(spanEnd, calendar.endMs) - t0) / MONTH) * (0.8 + rng.float() * 0.7) * activity))
      break
  }
  spanEnd = Math.min(spanEnd, calendar.endMs)
  const times: Array<number> = [t0]
  for (let k = 1; k < count; k++) times.push(calendar.sample(rng, t0 + 1, spanEnd))
  times.sort((a, b) => a - b)

  const touchList = weightedList(touchWeights)
  const sessions: Array<PlannedSession> = times.map((t, k) => ({
    t,
    touch: k === 0 ? (acq === 0 ? 0 : acq) : rng.pickWeighted(touchList),
    kind: 0,
    flags: 0
  }))

  // Registration: at the first own-store session, or a later one.
  const deviceSessions = sessions.filter((s) => isDevice(s.touch))
  let registration: PlannedSession | undefined
  if (deviceSessions.length > 0 && (inHousehold || rng.chance(r.register))) {
    registration = inHousehold || rng.chance(0.6) ? deviceSessions[0] : rng.pick(deviceSessions)
  }
  const registeredAt = registration?.t

  // Kinds and flags, in time order.
  const seen = new Set<number>()
  let zaloFollowing = false
  let followedOnce = false
  for (const s of sessions) {
    const first = !seen.has(s.touch)
    seen.add(s.touch)
    if (first) s.flags |= Flag.first
    const afterRegistration = registeredAt !== undefined && s.t > registeredAt
    if (isDevice(s.touch)) {
      if (s === registration) s.kind = Kind.register
      else {
        const x = rng.float() * 100
        const purchase = r.purchase * (afterRegistration ? 1.2 : 1)
        if (x < purchase) s.kind = Kind.purchase
        else if (x < purchase + 8) s.kind = Kind.chatbot
        else if (x < purchase + 8 + (afterRegistration ? 10 : 6)) s.kind = afterRegistration ? Kind.appEngage : Kind.form
        else s.kind = Kind.browse
      }
      if (afterRegistration && (inHousehold || rng.chance(0.9))) s.flags |= Flag.loggedIn
      if ((s.kind === Kind.chatbot && rng.chance(0.45)) || (s.kind === Kind.browse && rng.chance(0.08))) s.flags |= Flag.identify
    } else if (s.touch === Touch.zalo) {
      if (!zaloFollowing && (first || rng.chance(0.5))) {
        s.kind = Kind.zaloFollow
        zaloFollowing = true
        if (rng.chance(first ? 0.85 : 0.3)) s.flags |= Flag.identify
      } else if (zaloFollowing && followedOnce && rng.chance(0.08)) {
        s.kind = Kind.zaloUnfollow
        zaloFollowing = false
      } else {
        s.kind = rng.chance(0.4) ? Kind.zaloChat : Kind.zaloEngage
        if (rng.chance(0.08)) s.flags |= Flag.identify
      }
      followedOnce = true
    } else if (s.touch === Touch.facebook) {
      s.kind = first || rng.chance(0.55) ? Kind.fbChat : Kind.fbLive
      if (rng.chance(first ? 0.8 : 0.08)) s.flags |= Flag.identify
    } else {
      // Marketplaces: a buyer id becomes known through an order.
      const engageShare = s.touch === Touch.tiktokShop ? 0.6 : 0.45
      s.kind = first || !rng.chance(engageShare) ? Kind.mpOrder : Kind.mpEngage
      if (s.kind === Kind.mpOrder) s.flags |= Flag.identify
    }
  }

  // Every own-store device is tied to the person by some identify, login or
  // purchase in the vast majority of cases (here 93%).
  for (let d = 0; d < devices.length; d++) {
    const onDevice = sessions.filter((s) => s.touch === d)
    const tied = onDevice.some(
      (s) => s.kind === Kind.register || s.kind === Kind.purchase || s.kind === Kind.form || (s.flags & (Flag.identify | Flag.loggedIn)) !== 0
    )
    if (!tied && onDevice.length > 0 && rng.chance(0.93)) (rng.pick(onDevice) as PlannedSession).flags |= Flag.identify
  }

  const extra: Array<PlannedSession> = []
  const touches = new Set(sessions.map((s) => s.touch))
  const registered = registeredAt !== undefined

  // Shop visits for registered regulars: a purchase at a physical store.
  if (registered && rng.chance(r.pos)) {
    const n = 1 + rng.geometric(0.6)
    for (let k = 0; k < n; k++) extra.push({ t: calendar.sample(rng, (registeredAt as number) + 1, spanEnd + 1), kind: Kind.posOrder, touch: Touch.pos, flags: rng.chance(0.5) ? Flag.identify : 0 })
  }

  // Outreach the shop sends: Zalo OA messages to followers, email and SMS to members.
  const reach: Array<readonly [number, number]> = []
  const firstZalo = sessions.find((s) => s.touch === Touch.zalo)
  if (firstZalo !== undefined) reach.push([Touch.zalo, firstZalo.t])
  if (registered && hasEmail) reach.push([Touch.email, registeredAt as number])
  if (registered) reach.push([Touch.sms, registeredAt as number])
  if (reach.length > 0) {
    const from = Math.min(...reach.map(([, t]) => t))
    const months = (calendar.endMs - from) / MONTH
    const n = Math.min(60, stochasticRound(rng, months * r.messagesPerMonth * activity))
    for (let k = 0; k < n; k++) {
      const [touch, since] = rng.pick(reach)
      extra.push({ t: calendar.sample(rng, since + 60_000, calendar.endMs), kind: Kind.message, touch: touch as number, flags: 0 })
    }
  }

  // A manual points adjustment by staff.
  if (registered && (level === "regular" || level === "loyal") && rng.chance(0.25)) {
    extra.push({ t: calendar.sample(rng, (registeredAt as number) + 1, calendar.endMs), kind: Kind.pointsAdjust, touch: Touch.manual, flags: 0 })
  }

  // Some people come from the shop's old CRM file, imported once.
  if (level !== "one_off" && rng.chance(0.06)) {
    extra.push({ t: calendar.sample(rng, calendar.startMs, calendar.endMs), kind: Kind.import, touch: Touch.import, flags: Flag.identify })
  }

  for (const s of extra) {
    if (s.t >= calendar.endMs || s.t < calendar.startMs) continue
    sessions.push(s)
    touches.add(s.touch)
  }
  sessions.sort((a, b) => a.t - b.t)

  const channels: Array<string> = []
  for (const s of sessions) {
    const channel = sessionChannel(s.kind, s.touch, devices)
    if (!channels.includes(channel)) channels.push(channel)
  }
  return { sessions, devices, touches, registeredAt, channels: channels.slice() }
}

/** The channel of a session's events. */
export const sessionChannel = (kind: number, touch: number, devices: ReadonlyArray<"web" | "app">): string => {
  if (kind === Kind.chatbot) return "chatbot"
  if (isDevice(touch)) return devices[touch] ?? "web"
  switch (touch) {
    case Touch.zalo:
      return "zalo"
    case Touch.facebook:
      return "facebook"
    case Touch.shopee:
      return "shopee"
    case Touch.lazada:
      return "lazada"
    case Touch.tiktokShop:
      return "tiktok_shop"
    case Touch.pos:
      return "pos"
    case Touch.email:
      return "email"
    case Touch.sms:
      return "sms"
    case Touch.manual:
      return "manual"
    default:
      return "import"
  }
}
