import type { KithEventEncoded } from "@kith/core"
import { generateShop } from "@kith/testkit"

/**
 * The events of a seeded testkit shop of `people` persons, as raw JSON
 * payloads, for feeding a store that already holds another shop: testkit
 * numbers messageIds by person (`evt-<person>-<session>-<k>`), so a second
 * shop's ids would repeat the first's and be skipped as duplicates (seed
 * 99's 2,000 people: 5,197 of their 10,875 ids are in a 40,000-person store
 * of seed 7). Each messageId gets `-` and `tag` at its end, not its start,
 * so the new ids spread over the stored ids' key range as new random ids
 * would (a common prefix would put them all on a few adjacent leaves of the
 * events key). Everything else (userIds, anonymous ids,
 * phones, emails: drawn from the seed) stays as generated, so the new people
 * share an identifier with a stored one as often as two people of one shop
 * do.
 */
export const freshEvents = (seed: number, people: number, tag: string): Array<KithEventEncoded> => {
  const events: Array<KithEventEncoded> = []
  for (const { event } of generateShop({ seed, people }).events()) {
    const copy = JSON.parse(JSON.stringify(event)) as KithEventEncoded & { messageId: string }
    copy.messageId = `${copy.messageId}-${tag}`
    events.push(copy)
  }
  return events
}
