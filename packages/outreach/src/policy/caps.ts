import type { MessagePurpose, OutreachChannel } from "../channel.js"
import type { CapPeriod, FrequencyCap } from "./contact-policy.js"
import { localPeriodOf } from "./local-periods.js"

/** One message sent to the recipient before: what the caps count. */
export interface SentMessage {
  readonly channel: OutreachChannel
  readonly purpose: MessagePurpose
  readonly at: Date
}

const HOUR = 3_600_000

/**
 * The period of a cap that contains `now`, as `[start, end)` in epoch ms:
 * the rolling 24 hours before `now` (`(now − 24 h, now]`), or the local day,
 * week (Monday first) or month of `now` in `timeZone`.
 *
 * @example
 * ```ts
 * const [start, end] = capPeriodAround("day", new Date("2025-03-07T23:30:00+07:00"), "Asia/Ho_Chi_Minh")
 * new Date(start) // => new Date("2025-03-07T00:00:00+07:00")
 * new Date(end) // => new Date("2025-03-08T00:00:00+07:00")
 * ```
 */
export const capPeriodAround = (per: CapPeriod, now: Date, timeZone: string): readonly [number, number] => {
  if (per === "24h") return [now.getTime() - 24 * HOUR + 1, now.getTime() + 1]
  const period = localPeriodOf(per, now.getTime(), timeZone)
  return [period.start, period.end]
}

/** Does a cap count this send? Same channel, and a purpose the cap names. */
export const capCounts = (cap: FrequencyCap, sent: SentMessage): boolean => sent.channel === cap.channel && cap.purposes.includes(sent.purpose)

/**
 * How many sends in `history` a cap counts in its period around `now`.
 *
 * @example
 * ```ts
 * const cap = { channel: "sms", purposes: ["promotion"], per: "24h", max: 3, source: "" } as const
 * const history = [{ channel: "sms", purpose: "promotion", at: new Date("2025-03-06T10:00:00+07:00") }] as const
 * sentInCapPeriod(cap, history, new Date("2025-03-07T09:59:00+07:00"), "Asia/Ho_Chi_Minh") // => 1
 * sentInCapPeriod(cap, history, new Date("2025-03-07T10:00:00+07:00"), "Asia/Ho_Chi_Minh") // => 0
 * ```
 */
export const sentInCapPeriod = (cap: FrequencyCap, history: ReadonlyArray<SentMessage>, now: Date, timeZone: string): number => {
  const [start, end] = capPeriodAround(cap.per, now, timeZone)
  let count = 0
  for (const sent of history) {
    const t = sent.at.getTime()
    if (t >= start && t < end && capCounts(cap, sent)) count++
  }
  return count
}
