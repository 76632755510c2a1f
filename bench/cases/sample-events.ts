import type { KithEventEncoded } from "@kith/core"
import { generateShop } from "@kith/testkit"

/**
 * The first `count` events of a seeded testkit shop, as raw JSON payloads a
 * host would send (deep-copied through JSON, like a request body). The shop
 * has `people` persons; about 5.5 events per person (testkit README), so the
 * default count / 4 is enough.
 */
export const sampleEvents = (count: number, people = Math.max(100, Math.ceil(count / 4))): Array<KithEventEncoded> => {
  const shop = generateShop({ seed: 7, people })
  const events: Array<KithEventEncoded> = []
  for (const generated of shop.events()) {
    events.push(JSON.parse(JSON.stringify(generated.event)) as KithEventEncoded)
    if (events.length === count) break
  }
  if (events.length < count) throw new Error(`the shop produced only ${events.length} of ${count} events`)
  return events
}
