import { UnionFind } from "@kith/core"
import { channelAnonymousId } from "./ids.js"
import type { GeneratedPerson, GeneratedRecord } from "./types.js"

/**
 * For each person, the groups of their record ids that are connected through
 * shared link keys (union-find within the person's own records). Identity
 * resolution can at best put each group in one profile; recall is measured
 * over the pairs of records inside these groups.
 *
 * Groups and the ids in them keep the order of first appearance in `records`.
 * A record with no link key is a group of its own.
 *
 * @example
 * ```ts
 * const shop = generateShop({ seed: 7, people: 100 })
 * const components = truthComponents(shop.records())
 * components.get("person-000000") // => [["evt-0-0-0", "evt-0-0-1", ...]]
 * ```
 */
export const truthComponents = (records: Iterable<GeneratedRecord>): Map<string, Array<Array<string>>> => {
  // One union-find over record positions; keys are scoped to the person so
  // two people sharing a key (a household phone) never join.
  const sets = new UnionFind()
  const ids: Array<string> = []
  const persons: Array<string> = []
  const firstByKey = new Map<string, number>()
  for (const record of records) {
    const i = sets.add()
    ids.push(record.recordId)
    persons.push(record.personId)
    for (const key of record.linkKeys) {
      const scoped = `${record.personId}\u0000${key}`
      const seen = firstByKey.get(scoped)
      if (seen === undefined) firstByKey.set(scoped, i)
      else sets.union(seen, i)
    }
  }
  const groups = new Map<number, Array<string>>()
  const result = new Map<string, Array<Array<string>>>()
  for (let i = 0; i < ids.length; i++) {
    const root = sets.find(i)
    let group = groups.get(root)
    if (group === undefined) {
      group = []
      groups.set(root, group)
      const person = persons[i] as string
      let list = result.get(person)
      if (list === undefined) {
        list = []
        result.set(person, list)
      }
      list.push(group)
    }
    group.push(ids[i] as string)
  }
  return result
}

/**
 * Every link key that truly belongs to a person: each phone (E.164), email,
 * the user id, each device's id and anonymous id, and each chat, marketplace
 * and CRM id with the anonymous id the host derives from it. A record's
 * `linkKeys` are always a subset of its person's keys.
 *
 * @example
 * ```ts
 * const shop = generateShop({ seed: 1, people: 10 })
 * personLinkKeys(shop.people[1]!)
 * // => ["phone:+84394704283", "email:tam_hoang97@gmail.com", "facebook_psid:2351077304813013", "anonymous_id:fb:2351077304813013",
 * //     "external_id:CRM-0191206537", "anonymous_id:crm:CRM-0191206537"]
 * ```
 */
export const personLinkKeys = (person: GeneratedPerson): Array<string> => {
  const keys: Array<string> = []
  for (const phone of person.phones) keys.push(`phone:${phone}`)
  for (const email of person.emails) keys.push(`email:${email}`)
  if (person.householdEmail !== undefined) keys.push(`email:${person.householdEmail}`)
  if (person.officePhone !== undefined) keys.push(`phone:${person.officePhone}`)
  if (person.userId !== undefined) keys.push(`user_id:${person.userId}`)
  for (const device of person.devices) keys.push(`device_id:${device.deviceId}`, `anonymous_id:${device.anonymousId}`)
  const platform: ReadonlyArray<readonly [string, string, string | undefined]> = [
    ["zalo_id", "zalo", person.zaloId],
    ["facebook_psid", "fb", person.facebookPsid],
    ["shopee_buyer_id", "shopee", person.shopeeBuyerId],
    ["lazada_buyer_id", "lazada", person.lazadaBuyerId],
    ["tiktok_shop_buyer_id", "tiktokshop", person.tiktokShopBuyerId],
    ["external_id", "crm", person.externalId]
  ]
  for (const [type, prefix, id] of platform) {
    if (id !== undefined) keys.push(`${type}:${id}`, `anonymous_id:${channelAnonymousId(prefix, id)}`)
  }
  return keys
}

/**
 * The number of record pairs that truly belong together and are linkable:
 * for each group of {@link truthComponents}, n·(n−1)/2. The denominator of
 * pairwise recall.
 *
 * @example
 * ```ts
 * const shop = generateShop({ seed: 1, people: 10 })
 * linkablePairCount(truthComponents(shop.records())) // => 89
 * ```
 */
export const linkablePairCount = (components: ReadonlyMap<string, ReadonlyArray<ReadonlyArray<string>>>): number => {
  let pairs = 0
  for (const groups of components.values()) for (const group of groups) pairs += (group.length * (group.length - 1)) / 2
  return pairs
}
