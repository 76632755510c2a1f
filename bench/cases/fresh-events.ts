import type { KithEventEncoded } from "@kith/core"
import { generateShop } from "@kith/testkit"

/**
 * The events of a seeded testkit shop of `people` persons, as raw JSON
 * payloads, for feeding a store that already holds another shop: testkit
 * numbers messageIds by person (`evt-<person>-<session>-<k>`), so a second
 * shop's ids would repeat the first's and be skipped as duplicates. Each
 * messageId gets `prefix` in front; everything else (userIds, anonymous ids,
 * phones, emails: drawn from the seed) stays as generated, so the new people
 * share an identifier with a stored one as often as two people of one shop
 * do.
 */
export const freshEvents = (seed: number, people: number, prefix: string): Array<KithEventEncoded> => {
  const events: Array<KithEventEncoded> = []
  for (const { event } of generateShop({ seed, people }).events()) {
    const copy = JSON.parse(JSON.stringify(event)) as KithEventEncoded & { messageId: string }
    copy.messageId = `${prefix}${copy.messageId}`
    events.push(copy)
  }
  return events
}
