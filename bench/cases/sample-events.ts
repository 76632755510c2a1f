import type { KithEventEncoded } from "@kith/core"
import { generateShop } from "@kith/testkit"

/**
 * The first `count` events of a seeded testkit shop, as raw JSON payloads a
 * host would send (deep-copied through JSON, like a request body).
 */
export const sampleEvents = (count: number): Array<KithEventEncoded> => {
  // About 5.5 events per person (testkit README), so count / 4 people is enough.
  const shop = generateShop({ seed: 7, people: Math.max(100, Math.ceil(count / 4)) })
  const events: Array<KithEventEncoded> = []
  for (const generated of shop.events()) {
    events.push(JSON.parse(JSON.stringify(generated.event)) as KithEventEncoded)
    if (events.length === count) break
  }
  if (events.length < count) throw new Error(`the shop produced only ${events.length} of ${count} events`)
  return events
}
