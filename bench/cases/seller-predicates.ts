import type { ActivityRow, SegmentInputs } from "@kith/segments"

// The marketplace seller's seven segments hand-written as plain TypeScript
// predicates over the segment inputs, as a host would write them without a
// rule engine: a fixed +07:00 offset for Vietnam's day boundaries (no DST),
// one loop over the rows each.

const DAY = 86_400_000
const OFFSET = 7 * 3_600_000

export interface Bounds {
  readonly asOf: number
  readonly since30: number
  readonly since90: number
  readonly since365: number
}

/** Start of the last `n` local days (today included) at `asOf`. */
export const boundsAt = (asOf: number): Bounds => {
  const today = Math.floor((asOf + OFFSET) / DAY)
  const since = (n: number) => (today - n + 1) * DAY - OFFSET
  return { asOf, since30: since(30), since90: since(90), since365: since(365) }
}

const successful = (row: ActivityRow, asOf: number): boolean =>
  row.kind === "order" && row.at <= asOf && row.completedAt !== null && row.completedAt <= asOf && (row.failedAt === null || row.failedAt > asOf)

export const potentialNew = (inputs: SegmentInputs, b: Bounds): boolean => {
  let carted = false
  for (const row of inputs.activity) {
    if (successful(row, b.asOf)) return false
    if ((row.kind === "product_added" || row.kind === "product_favorited") && row.at >= b.since30 && row.at <= b.asOf) carted = true
  }
  return carted
}

export const recent = (inputs: SegmentInputs, b: Bounds): boolean => {
  let first = Infinity
  for (const row of inputs.activity) if (successful(row, b.asOf) && row.at < first) first = row.at
  return first >= b.since30 && first <= b.asOf
}

export const repeat = (inputs: SegmentInputs, b: Bounds): boolean => {
  let before = false
  let within = false
  for (const row of inputs.activity) {
    if (!successful(row, b.asOf)) continue
    if (row.at < b.since30) before = true
    else within = true
  }
  return before && within
}

export const regular = (inputs: SegmentInputs, b: Bounds): boolean => {
  let orders = 0
  for (const row of inputs.activity) if (successful(row, b.asOf) && row.at >= b.since90 && ++orders >= 2) return true
  return false
}

export const lapsed = (inputs: SegmentInputs, b: Bounds): boolean => {
  let last = -Infinity
  for (const row of inputs.activity) if (successful(row, b.asOf) && row.at > last) last = row.at
  return last >= b.since365 && last < b.since90
}

// When each channel's current follow began (a follow after the channel's last unfollow).
const followSince = (inputs: SegmentInputs, asOf: number): Array<number> => {
  const lastUnfollow = new Map<string | null, number>()
  for (const row of inputs.activity) {
    if (row.kind === "unfollowed" && row.at <= asOf && row.at > (lastUnfollow.get(row.channel) ?? -Infinity)) lastUnfollow.set(row.channel, row.at)
  }
  const since = new Map<string | null, number>()
  for (const row of inputs.activity) {
    if (row.kind === "followed" && row.at <= asOf && row.at > (lastUnfollow.get(row.channel) ?? -Infinity) && row.at < (since.get(row.channel) ?? Infinity)) {
      since.set(row.channel, row.at)
    }
  }
  return [...since.values()]
}

export const newFollowers = (inputs: SegmentInputs, b: Bounds): boolean => followSince(inputs, b.asOf).some((at) => at >= b.since30)

const INTERACTIONS = new Set(["live_viewed", "live_product_clicked", "video_product_viewed", "video_product_liked", "video_product_clicked", "product_viewed"])

export const activeFollowers = (inputs: SegmentInputs, b: Bounds): boolean => {
  let interacted = false
  for (const row of inputs.activity) if (INTERACTIONS.has(row.kind) && row.at >= b.since30 && row.at <= b.asOf) interacted = true
  return interacted && followSince(inputs, b.asOf).length > 0
}

/** The seven predicates, in the order of `sellerTemplates`. */
export const sellerPredicates = [potentialNew, recent, repeat, regular, lapsed, newFollowers, activeFollowers] as const
