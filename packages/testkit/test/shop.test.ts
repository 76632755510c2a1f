import { createHash } from "node:crypto"
import { type Identifier, KnownEventNames, decodeEventResult } from "@kith/core"
import { Result } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import {
  type GeneratedEvent,
  type GeneratedRecord,
  JUNK_VALUES,
  type Shop,
  generateShop,
  isJunkValue,
  linkablePairCount,
  oldPrefixOf,
  personLinkKeys,
  provinces,
  shopTraps,
  truthComponents
} from "../src/index.js"

// The identifiers an event carries, read back from its JSON by the mapping
// the README documents. The record must list exactly these.
const identifiersInEvent = (event: Record<string, unknown>): Array<Identifier> => {
  const out: Array<Identifier> = []
  if (typeof event["userId"] === "string") out.push({ type: "user_id", value: event["userId"] })
  if (typeof event["anonymousId"] === "string") out.push({ type: "anonymous_id", value: event["anonymousId"] })
  if (event["type"] === "alias" && typeof event["previousId"] === "string") out.push({ type: "anonymous_id", value: event["previousId"] })
  const context = (event["context"] ?? {}) as { device?: { id?: string }; externalIds?: ReadonlyArray<Identifier> }
  if (context.device?.id !== undefined) out.push({ type: "device_id", value: context.device.id })
  if (event["type"] === "identify") {
    const traits = (event["traits"] ?? {}) as { phone?: string; email?: string }
    if (traits.phone !== undefined) out.push({ type: "phone", value: traits.phone })
    if (traits.email !== undefined) out.push({ type: "email", value: traits.email })
  }
  for (const id of context.externalIds ?? []) out.push({ type: id.type, value: id.value })
  return out
}

const sortIds = (ids: ReadonlyArray<Identifier>) => ids.map((i) => `${i.type}=${i.value}`).sort()

// A deliberately small reference normalizer for Vietnamese mobiles (IDN-3),
// to check that every written form the generator produces means its truth.
const newPrefixOf = Object.fromEntries(Object.entries(oldPrefixOf).map(([modern, old]) => [old, modern]))
const normalizePhone = (raw: string): string | undefined => {
  let digits = raw.replace(/[^\d+]/g, "")
  if (digits.startsWith("+84")) digits = digits.slice(3)
  else if (digits.startsWith("84") && digits.length === 11) digits = digits.slice(2)
  else if (digits.startsWith("0")) digits = digits.slice(1)
  else return undefined
  if (digits.length === 10) {
    const modern = newPrefixOf[digits.slice(0, 3)]
    if (modern === undefined) return undefined
    digits = modern + digits.slice(3)
  }
  return /^\d{9}$/.test(digits) ? `+84${digits}` : undefined
}

const canonicalOf = (identifier: Identifier): string =>
  identifier.type === "phone"
    ? (normalizePhone(identifier.value) ?? `unparseable:${identifier.value}`)
    : identifier.type === "email"
      ? identifier.value.trim().toLowerCase()
      : identifier.value

const hashEvents = (shop: Shop, n: number): string => {
  const hash = createHash("sha256")
  let i = 0
  for (const { record, event } of shop.events()) {
    hash.update(JSON.stringify(event))
    hash.update(JSON.stringify(record))
    if (++i >= n) break
  }
  return hash.digest("hex")
}

describe("generateShop", () => {
  let shop: Shop
  let events: Array<GeneratedEvent>

  beforeAll(() => {
    shop = generateShop({ seed: 42, people: 2_000 })
    events = [...shop.events()]
  })

  it("fills the documented defaults", () => {
    expect(shop.options).toEqual({
      seed: 42,
      people: 2_000,
      start: new Date("2024-01-01T00:00:00+07:00"),
      months: 24,
      workspaceId: "ws-demo",
      activity: 1,
      traps: false
    })
    expect(shop.end.toISOString()).toBe("2025-12-31T17:00:00.000Z")
    expect(shop.people).toHaveLength(2_000)
  })

  it("is deterministic: the same seed gives the same events, a different seed different ones", () => {
    const a = hashEvents(generateShop({ seed: 42, people: 2_000 }), 3_000)
    const b = hashEvents(generateShop({ seed: 42, people: 2_000 }), 3_000)
    const c = hashEvents(generateShop({ seed: 43, people: 2_000 }), 3_000)
    expect(a).toBe(b)
    expect(a).toBe(hashEvents(shop, 3_000))
    expect(c).not.toBe(a)
    expect(JSON.stringify(generateShop({ seed: 42, people: 300 }).people)).toBe(JSON.stringify(generateShop({ seed: 42, people: 300 }).people))
  })

  it("yields the same records from records() as from events(), in the same order", () => {
    const records = [...shop.records()]
    expect(records.length).toBe(events.length)
    expect(records.map((r) => JSON.stringify(r))).toEqual(events.map((e) => JSON.stringify(e.record)))
  })

  it("streams chronologically, inside [start, end)", () => {
    const problems: Array<string> = []
    let last = Number.NEGATIVE_INFINITY
    for (const { record } of events) {
      const t = record.observedAt.getTime()
      if (t < last) problems.push(`${record.recordId} goes back in time`)
      if (t < shop.options.start.getTime() || t >= shop.end.getTime()) problems.push(`${record.recordId} is outside the history`)
      last = t
    }
    expect(problems).toEqual([])
  })

  it("produces events that decode with @kith/core, with messageId = recordId and timestamp = observedAt", () => {
    const failures: Array<string> = []
    for (const { record, event } of events) {
      const decoded = decodeEventResult(event)
      if (Result.isFailure(decoded)) {
        failures.push(`${JSON.stringify(event)} -> ${decoded.failure.message}`)
        continue
      }
      expect(decoded.success.messageId).toBe(record.recordId)
      expect(decoded.success.timestamp.getTime()).toBe(record.observedAt.getTime())
      expect(decoded.success.type).toBe(record.type)
      if (decoded.success.type === "track") expect(decoded.success.event).toBe(record.event)
      expect((decoded.success.context?.channel)).toBe(record.channel)
    }
    expect(failures.slice(0, 3)).toEqual([])
  })

  it("uses unique record ids", () => {
    expect(new Set(events.map((e) => e.record.recordId)).size).toBe(events.length)
  })

  it("covers every ING-2 event, identify, page, alias and custom events", () => {
    const seen = new Set(events.map(({ record }) => (record.type === "track" ? record.event : record.type)))
    for (const name of [...KnownEventNames, "identify", "page", "alias"]) expect(seen, name).toContain(name)
    expect([...seen].filter((name) => name !== undefined && !(KnownEventNames as ReadonlyArray<string>).includes(name) && !["identify", "page", "alias"].includes(name)).length).toBeGreaterThanOrEqual(3)
  })

  it("comes from every channel of a Vietnamese shop", () => {
    const channels = new Set(events.map((e) => e.record.channel))
    for (const channel of ["web", "app", "chatbot", "zalo", "facebook", "shopee", "lazada", "tiktok_shop", "pos", "email", "sms"]) {
      expect(channels, channel).toContain(channel)
    }
  })
})

describe("ground truth", () => {
  let shop: Shop
  let events: Array<GeneratedEvent>
  let records: Array<GeneratedRecord>

  beforeAll(() => {
    shop = generateShop({ seed: 7, people: 2_000 })
    events = [...shop.events()]
    records = events.map((e) => e.record)
  })

  it("names a real person in every record", () => {
    const ids = new Set(shop.people.map((p) => p.personId))
    expect(records.filter((record) => !ids.has(record.personId))).toEqual([])
  })

  it("lists in each record exactly the identifiers its event carries", () => {
    const mismatches = events.filter(({ record, event }) => sortIds(record.identifiers).join("|") !== sortIds(identifiersInEvent(event)).join("|"))
    expect(mismatches.slice(0, 3)).toEqual([])
  })

  it("keys only the person's true values, each in canonical form, never junk", () => {
    const byId = new Map(shop.people.map((p) => [p.personId, new Set(personLinkKeys(p))]))
    const junk = new Set<string>(JUNK_VALUES)
    const problems: Array<string> = []
    for (const record of records) {
      const truth = byId.get(record.personId) as Set<string>
      for (const key of record.linkKeys) {
        if (!truth.has(key)) problems.push(`${record.recordId}: ${key} is not a true value of ${record.personId}`)
        if (junk.has(key.slice(key.indexOf(":") + 1))) problems.push(`${record.recordId}: junk key ${key}`)
      }
      // Every non-junk identifier has its link key, and its written form means that key.
      const expected = [...new Set(record.identifiers.filter((i) => !isJunkValue(i.value)).map((i) => `${i.type}:${canonicalOf(i)}`))].sort()
      const actual = [...record.linkKeys].sort()
      if (expected.join("|") !== actual.join("|")) problems.push(`${record.recordId}: identifiers mean ${expected.join(", ")} but keys are ${actual.join(", ")}`)
    }
    expect(problems.slice(0, 5)).toEqual([])
  })

  it("mixes junk values into identifiers", () => {
    const junk = records.flatMap((r) => r.identifiers).filter((i) => isJunkValue(i.value))
    expect(junk.length).toBeGreaterThan(20)
    expect(new Set(junk.map((i) => i.type)).size).toBeGreaterThanOrEqual(4)
  })

  it("writes phones in many forms, including the old eleven-digit one, and emails with case and space noise", () => {
    const phones = records.flatMap((r) => r.identifiers).filter((i) => i.type === "phone" && !isJunkValue(i.value)).map((i) => i.value)
    expect(phones.some((p) => /^0\d{3} \d{3} \d{3}$/.test(p))).toBe(true)
    expect(phones.some((p) => /^\+84 \d{2}-\d{3}-\d{4}$/.test(p))).toBe(true)
    expect(phones.some((p) => /^84\d{9}$/.test(p))).toBe(true)
    expect(phones.some((p) => /^0\d{3}\.\d{3}\.\d{3}$/.test(p))).toBe(true)
    expect(phones.some((p) => /^01\d{9}$/.test(p.replace(/ /g, "")))).toBe(true)
    const emails = records.flatMap((r) => r.identifiers).filter((i) => i.type === "email" && !isJunkValue(i.value)).map((i) => i.value)
    expect(emails.some((e) => e !== e.trim())).toBe(true)
    expect(emails.some((e) => e !== e.toLowerCase())).toBe(true)
  })

  it("shows a household phone only next to the member's own user id", () => {
    const householdPhones = new Map<string, string>()
    for (const person of shop.people) if (person.householdPhone !== undefined) householdPhones.set(person.personId, person.householdPhone)
    expect(householdPhones.size).toBeGreaterThan(10)
    const userIdOf = new Map(shop.people.map((p) => [p.personId, p.userId]))
    let seen = 0
    for (const record of records) {
      const phone = householdPhones.get(record.personId)
      if (phone === undefined || !record.linkKeys.includes(`phone:${phone}`)) continue
      seen++
      expect(record.linkKeys).toContain(`user_id:${userIdOf.get(record.personId)}`)
    }
    expect(seen).toBeGreaterThan(0)
  })

  it("never lets two people share a link key, except a household's phone", () => {
    const owner = new Map<string, string>()
    const household = new Map(shop.people.map((p) => [p.personId, p.householdPhone]))
    for (const record of records) {
      for (const key of record.linkKeys) {
        const first = owner.get(key)
        if (first === undefined) owner.set(key, record.personId)
        else if (first !== record.personId) {
          expect(key).toBe(`phone:${household.get(record.personId)}`)
          expect(household.get(first)).toBe(household.get(record.personId))
        }
      }
    }
  })

  it("has deliberate duplicates: marketplace and own store with the same phone; several devices per person", () => {
    let sameFromMarketplace = 0
    const byPerson = new Map<string, Array<GeneratedRecord>>()
    for (const record of records) byPerson.set(record.personId, [...(byPerson.get(record.personId) ?? []), record])
    for (const list of byPerson.values()) {
      const own = new Set(list.filter((r) => r.channel === "web" || r.channel === "app").flatMap((r) => r.linkKeys.filter((k) => k.startsWith("phone:"))))
      const market = list.filter((r) => ["shopee", "lazada", "tiktok_shop"].includes(r.channel)).flatMap((r) => r.linkKeys.filter((k) => k.startsWith("phone:")))
      if (market.some((k) => own.has(k))) sameFromMarketplace++
    }
    expect(sameFromMarketplace).toBeGreaterThan(10)
    expect(shop.people.filter((p) => p.devices.length >= 2).length).toBeGreaterThan(20)
  })

  it("averages several identifiers per record", () => {
    const average = records.reduce((sum, r) => sum + r.identifiers.length, 0) / records.length
    expect(average).toBeGreaterThan(2.2)
  })

  it("groups each person's records by shared link keys; most people are one connected group", () => {
    const components = truthComponents(records)
    expect([...components.keys()].every((id) => id.startsWith("person-"))).toBe(true)
    const all = [...components.values()].flat(2)
    expect(all.length).toBe(records.length)
    expect(new Set(all).size).toBe(records.length)
    let several = 0
    let connected = 0
    for (const groups of components.values()) {
      if (groups.reduce((n, g) => n + g.length, 0) < 2) continue
      several++
      if (groups.length === 1) connected++
    }
    expect(connected / several).toBeGreaterThan(0.9)
    expect(linkablePairCount(components)).toBeGreaterThan(records.length)
  })

  it("computes components by union-find within a person only", () => {
    const mk = (recordId: string, personId: string, linkKeys: Array<string>): GeneratedRecord => ({
      recordId,
      personId,
      observedAt: new Date(0),
      channel: "web",
      source: "own_website",
      identifiers: [],
      linkKeys,
      type: "track",
      event: "Product Viewed"
    })
    const components = truthComponents([
      mk("a", "p1", ["anonymous_id:x"]),
      mk("b", "p1", ["anonymous_id:x", "phone:+84912345678"]),
      mk("c", "p1", ["phone:+84912345678"]),
      mk("d", "p1", ["anonymous_id:y"]),
      mk("e", "p2", ["phone:+84912345678"]),
      mk("f", "p1", [])
    ])
    expect(components.get("p1")).toEqual([["a", "b", "c"], ["d"], ["f"]])
    expect(components.get("p2")).toEqual([["e"]])
    expect(linkablePairCount(components)).toBe(3)
  })
})

describe("people", () => {
  const shop = generateShop({ seed: 3, people: 3_000 })

  it("have Vietnamese names with diacritics, addresses across many provinces, E.164 phones", () => {
    const names = shop.people.map((p) => p.fullName)
    expect(names.filter((n) => /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i.test(n)).length / names.length).toBeGreaterThan(0.9)
    expect(names.every((n) => n.split(" ").length >= 3)).toBe(true)
    const known = new Set(provinces.map((p) => p.name))
    expect(provinces).toHaveLength(63)
    expect(shop.people.every((p) => known.has(p.address.province) && p.address.country === "VN")).toBe(true)
    expect(new Set(shop.people.map((p) => p.address.province)).size).toBeGreaterThan(40)
    for (const person of shop.people) {
      for (const phone of person.phones) expect(phone).toMatch(/^\+84(3[2-9]|5[689]|7[06-9]|8[1-9]|9\d)\d{7}$/)
      for (const email of person.emails) expect(email).toBe(email.trim().toLowerCase())
      expect(person.phones.length + person.emails.length).toBeGreaterThan(0)
      if (person.birthday !== undefined) expect(person.birthday).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
  })

  it("form households that share a phone, every member registered", () => {
    const households = new Map<string, Array<(typeof shop.people)[number]>>()
    for (const p of shop.people) if (p.householdId !== undefined) households.set(p.householdId, [...(households.get(p.householdId) ?? []), p])
    expect(households.size).toBeGreaterThan(10)
    for (const members of households.values()) {
      expect(members.length).toBeGreaterThanOrEqual(2)
      const phone = members[0]?.householdPhone
      for (const m of members) {
        expect(m.householdPhone).toBe(phone)
        expect(m.phones).toContain(phone)
        expect(m.userId).toBeDefined()
      }
    }
  })

  it("follow a long tail: most come once, a few are loyal", () => {
    const levels = new Map<string, number>()
    for (const p of shop.people) levels.set(p.activity, (levels.get(p.activity) ?? 0) + 1)
    expect((levels.get("one_off") ?? 0) / shop.people.length).toBeGreaterThan(0.6)
    expect(levels.get("loyal") ?? 0).toBeGreaterThan(0)
    expect(shop.people.every((p) => p.sessions >= 1 && p.channels.length >= 1)).toBe(true)
  })
})

describe("options", () => {
  it("respects start, months and activity", () => {
    const start = new Date("2025-06-01T00:00:00+07:00")
    const shop = generateShop({ seed: 1, people: 300, start, months: 3 })
    expect(shop.end.toISOString()).toBe("2025-08-31T17:00:00.000Z")
    const outside = [...shop.records()].filter((r) => r.observedAt.getTime() < start.getTime() || r.observedAt.getTime() >= shop.end.getTime())
    expect(outside).toEqual([])
    const count = (activity: number) => {
      let n = 0
      for (const _ of generateShop({ seed: 1, people: 500, activity }).records()) n++
      return n
    }
    expect(count(2)).toBeGreaterThan(count(1) * 1.3)
  })

  it("handles an empty shop and rejects bad options", () => {
    expect([...generateShop({ seed: 1, people: 0 }).events()]).toEqual([])
    expect(() => generateShop({ seed: 1, people: -1 })).toThrow(RangeError)
    expect(() => generateShop({ seed: 1, people: 10, months: 0 })).toThrow(RangeError)
    expect(() => generateShop({ seed: 1, people: 10, activity: 0 })).toThrow(RangeError)
  })

  it("gives independent iterators that each start over", () => {
    const shop = generateShop({ seed: 5, people: 100 })
    const a = shop.records()
    const b = shop.records()
    const first = a.next().value as GeneratedRecord
    expect((b.next().value as GeneratedRecord).recordId).toBe(first.recordId)
    expect((a.next().value as GeneratedRecord).recordId).not.toBe(first.recordId)
  })
})

describe("traps of real shops (traps: true)", () => {
  let shop: Shop
  let events: Array<GeneratedEvent>
  let records: Array<GeneratedRecord>

  beforeAll(() => {
    shop = generateShop({ seed: 11, people: 4_000, traps: true })
    events = [...shop.events()]
    records = events.map((e) => e.record)
  })

  it("leaves a shop without traps event for event as it was", () => {
    const digest = (s: Shop) => createHash("sha256").update(JSON.stringify([...s.events()].slice(0, 3_000).map((e) => e.event))).digest("hex")
    expect(digest(generateShop({ seed: 11, people: 300 }))).toBe(digest(generateShop({ seed: 11, people: 300, traps: false })))
  })

  it("lists in each record exactly the identifiers its event carries", () => {
    const mismatches = events.filter(({ record, event }) => sortIds(record.identifiers).join("|") !== sortIds(identifiersInEvent(event)).join("|"))
    expect(mismatches.slice(0, 3)).toEqual([])
  })

  it("contains every trap, and no shared value is a link key of anyone", () => {
    const values = records.flatMap((r) => r.identifiers.map((i) => i.value))
    const people = new Map(shop.people.map((p) => [p.personId, new Set(personLinkKeys(p))]))
    const kiosks = [...new Set(values.filter((v) => v.startsWith("pos-store")))]
    expect(kiosks.length).toBeGreaterThan(0)
    expect(values.filter((v) => /(ext|ext\.|x|máy lẻ) \d+$/.test(v)).length).toBeGreaterThan(5)
    expect(shop.people.filter((p) => p.householdEmail !== undefined).length).toBeGreaterThan(5)
    expect(shop.people.filter((p) => p.officePhone !== undefined).length).toBeGreaterThan(5)
    const hotlineWrites = values.filter((v) => /^(028|\(028\)|\+84 28)/.test(v)).length
    expect(hotlineWrites).toBeGreaterThan(5)
    expect(values.filter((v) => v.startsWith("1900")).length).toBeGreaterThan(5)
    for (const record of records) {
      const truth = people.get(record.personId)!
      for (const key of record.linkKeys) expect(truth.has(key)).toBe(true)
      expect(record.linkKeys.some((k) => k.startsWith("device_id:pos-") || k.startsWith("phone:+84283822") || k.startsWith("phone:+841900"))).toBe(false)
    }
  })

  it("keys an office number with its extension (RFC 3966), unique per person", () => {
    const office = shop.people.flatMap((p) => (p.officePhone === undefined ? [] : [p.officePhone]))
    expect(new Set(office).size).toBe(office.length)
    const switchboard = shopTraps(11).switchboard.e164
    expect(switchboard).toMatch(/^\+84243736\d{4}$/)
    for (const phone of office) expect(phone).toMatch(/^\+84243736\d{4};ext=\d+$/)
  })
})
