/**
 * Options of {@link sampleShopEvents}.
 *
 * @example
 * ```ts
 * const options: SampleShopOptions = { people: 50, eventsPerPerson: 6, seed: 7 }
 * ```
 */
export interface SampleShopOptions {
  readonly people: number
  readonly eventsPerPerson: number
  readonly seed: number
  /** Prefix of every messageId (default `m`), so two runs can write disjoint events. */
  readonly messagePrefix?: string
}

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
const MIDDLE = ["Thị", "Văn", "Minh", "Ngọc", "Thanh", "Đức", "Thu", "Quốc"]
const GIVEN = ["Lan", "Hà", "Anh", "Tuấn", "Hùng", "Mai", "Linh", "Dũng", "Trang", "Phương", "Đạt", "Yến"]
const PROVINCES = ["Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Cần Thơ", "Hải Phòng", "Đồng Nai"]
const PREFIXES = ["90", "91", "93", "94", "96", "97", "98", "32", "33", "35", "70", "77", "86", "88"]

// A small deterministic generator (mulberry32): the same seed, the same shop.
const rngOf = (seed: number) => {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const writePhone = (nsn: string, style: number): string => {
  const [a, b, c] = [nsn.slice(0, 2), nsn.slice(2, 5), nsn.slice(5)]
  switch (style % 4) {
    case 0:
      return `0${nsn}`
    case 1:
      return `+84 ${a} ${b} ${c}`
    case 2:
      return `0${a}${b.slice(0, 1)} ${b.slice(1)}${c.slice(0, 1)} ${c.slice(1)}`
    default:
      return `84-${a}${b.slice(0, 1)}-${b.slice(1)}-${c}`
  }
}

/**
 * Deterministic synthetic Vietnamese shop traffic as raw (encoded) events:
 * each person browses from one or two devices (anonymous ids), identifies on
 * each with their phone written a different way (and sometimes their email),
 * views products and completes orders. A person's events all resolve to one
 * profile; different people never share an identifier. Times are spread
 * over 2025 and given in `+07:00`.
 *
 * @param options - how many people, events per person, seed and messageId prefix
 * @returns the events, interleaved across people, each with a unique messageId
 *
 * @example
 * ```ts
 * const events = sampleShopEvents({ people: 2, eventsPerPerson: 3, seed: 1 })
 * events.length // => 6
 * events[0] // => { type: "identify", messageId: "m-0-0", anonymousId: "d-m1-0-0", traits: { fullName: "Nguyễn Thanh Yến", phone: "0331000001", ... }, ... }
 * ```
 */
export const sampleShopEvents = (options: SampleShopOptions): Array<Record<string, unknown>> => {
  const random = rngOf(options.seed)
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)]!
  const prefix = options.messagePrefix ?? "m"
  const start = Date.UTC(2025, 0, 1)
  const perPerson: Array<Array<Record<string, unknown>>> = []
  for (let p = 0; p < options.people; p++) {
    // The person index is part of the number, so phones never collide between people.
    const nsn = pick(PREFIXES) + String(1_000_000 + p * 7919 + (options.seed % 997)).slice(-7)
    const fullName = `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`
    const email = random() < 0.6 ? `user${p}.s${options.seed}@example.vn` : undefined
    const devices = random() < 0.4 ? 2 : 1
    const province = pick(PROVINCES)
    const events: Array<Record<string, unknown>> = []
    let t = start + Math.floor(random() * 300) * 86_400_000
    for (let i = 0; i < options.eventsPerPerson; i++) {
      t += Math.floor(random() * 5 * 86_400_000)
      const device = i < devices ? i : Math.floor(random() * devices)
      const base = {
        messageId: `${prefix}-${p}-${i}`,
        timestamp: new Date(t + 7 * 3_600_000).toISOString().slice(0, 19) + "+07:00",
        anonymousId: `d-${prefix}${options.seed}-${p}-${device}`
      }
      if (i < devices) {
        const traits: Record<string, unknown> = { fullName, phone: writePhone(nsn, p + i), address: { province } }
        if (email !== undefined) traits["email"] = email
        events.push({ ...base, type: "identify", traits })
      } else if (random() < 0.3) {
        const total = 50_000 + Math.floor(random() * 40) * 25_000
        events.push({ ...base, type: "track", event: "Order Completed", properties: { orderId: `o-${p}-${i}`, currency: "VND", total, products: [] } })
      } else {
        events.push({ ...base, type: "track", event: "Product Viewed", properties: { productId: `sku-${Math.floor(random() * 500)}` } })
      }
    }
    perPerson.push(events)
  }
  const out: Array<Record<string, unknown>> = []
  for (let i = 0; i < options.eventsPerPerson; i++) for (const events of perPerson) if (events[i] !== undefined) out.push(events[i]!)
  return out
}
