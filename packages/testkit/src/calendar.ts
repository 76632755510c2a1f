import { type Rng, weighted } from "./rng.js"

/** Milliseconds in a day. */
export const DAY = 86_400_000
/** Milliseconds in an hour. */
export const HOUR = 3_600_000
/** Vietnam's offset from UTC (no daylight saving). */
export const VN_OFFSET = 7 * HOUR

// First day of Tết (lunar new year) by Gregorian year.
const tet: Readonly<Record<number, string>> = {
  2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10",
  2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13", 2030: "2030-02-03"
}

// Online shopping by hour of the day in Vietnam: a lunch bump and an evening peak.
const hourWeights = weighted([1.2, 0.6, 0.3, 0.2, 0.2, 0.4, 0.8, 1.2, 1.6, 1.8, 1.9, 2, 2.2, 1.8, 1.6, 1.6, 1.6, 1.6, 1.8, 2.4, 3, 3.2, 2.6, 1.8])

/**
 * The shop's calendar: local days (Asia/Ho_Chi_Minh) between start and end,
 * with a weight per day (sale days such as 9.9 or 11.11 and the weeks before
 * Tết are busy; Tết itself is quiet) used to place sessions in time.
 */
export class ShopCalendar {
  readonly startMs: number
  readonly endMs: number
  /** Local midnight of the day containing `startMs`, as an instant. */
  private readonly firstMidnight: number
  private readonly weights: Float32Array
  private readonly maxWeight: number

  constructor(start: Date, months: number) {
    this.startMs = start.getTime()
    const local = new Date(this.startMs + VN_OFFSET)
    const endLocal = Date.UTC(
      local.getUTCFullYear(),
      local.getUTCMonth() + months,
      local.getUTCDate(),
      local.getUTCHours(),
      local.getUTCMinutes(),
      local.getUTCSeconds(),
      local.getUTCMilliseconds()
    )
    this.endMs = endLocal - VN_OFFSET
    this.firstMidnight = Math.floor((this.startMs + VN_OFFSET) / DAY) * DAY - VN_OFFSET
    const days = Math.max(1, Math.ceil((this.endMs - this.firstMidnight) / DAY))
    this.weights = new Float32Array(days)
    let max = 0
    for (let i = 0; i < days; i++) {
      const w = dayWeight(new Date(this.firstMidnight + i * DAY + VN_OFFSET))
      this.weights[i] = w
      if (w > max) max = w
    }
    this.maxWeight = max
  }

  /** The index of the local day of an instant. */
  dayOf(ms: number): number {
    return Math.floor((ms - this.firstMidnight) / DAY)
  }

  /**
   * A plausible instant in [fromMs, toMs): a day drawn by the day weights,
   * then an hour by the Vietnamese online-shopping curve.
   */
  sample(rng: Rng, fromMs: number, toMs: number): number {
    const lo = Math.max(fromMs, this.startMs)
    const hi = Math.min(toMs, this.endMs)
    if (hi <= lo) return lo
    const d0 = this.dayOf(lo)
    const d1 = this.dayOf(hi - 1)
    for (let attempt = 0; attempt < 64; attempt++) {
      const day = rng.between(d0, d1)
      if (rng.float() * this.maxWeight > (this.weights[day] ?? 1)) continue
      const t =
        this.firstMidnight + day * DAY + rng.weighted(hourWeights) * HOUR + rng.int(60) * 60_000 + rng.int(60) * 1000 + rng.int(1000)
      if (t >= lo && t < hi) return t
    }
    return lo + Math.floor(rng.float() * (hi - lo))
  }
}

const dayWeight = (local: Date): number => {
  const y = local.getUTCFullYear()
  const m = local.getUTCMonth() + 1
  const d = local.getUTCDate()
  let w = 1
  // Double days (6.6 ... 12.12) are the marketplaces' mega sales.
  if (m === d && m >= 6) w = 3
  // Black Friday: the last Friday of November.
  if (m === 11 && local.getUTCDay() === 5 && d >= 23) w = 2.5
  // Payday, end and start of the month.
  if (w === 1 && (d >= 25 || d <= 3)) w = 1.2
  const tetDay = tet[y] ?? tet[y + 1]
  if (tetDay !== undefined) {
    const days = (Date.parse(`${tetDay}T00:00:00Z`) - Date.UTC(y, m - 1, d)) / DAY
    if (days > 0 && days <= 21) w = Math.max(w, 2.2) // buying for Tết
    if (days <= 0 && days > -5) w = 0.35 // Tết holidays
  }
  return w
}

/**
 * Formats an instant the way a Vietnamese host sends it: ISO 8601 with
 * milliseconds and the `+07:00` offset.
 *
 * @example
 * ```ts
 * isoVietnam(Date.parse("2024-03-01T02:30:00Z")) // => "2024-03-01T09:30:00.000+07:00"
 * ```
 */
export const isoVietnam = (ms: number): string => new Date(ms + VN_OFFSET).toISOString().slice(0, 23) + "+07:00"
