/**
 * Test data for kith: a deterministic synthetic Vietnamese shop with ground
 * truth ({@link generateShop}, {@link truthComponents}) and fast-check
 * arbitraries for every `@kith/core` schema (`arbKithEvent` and friends).
 *
 * @example
 * ```ts
 * import { generateShop, truthComponents } from "@kith/testkit"
 *
 * const shop = generateShop({ seed: 42, people: 2_000 })
 * const truth = truthComponents(shop.records())
 * ```
 *
 * @packageDocumentation
 */
export * from "./arbitraries.js"
export { JUNK_VALUES, isJunkValue } from "./junk.js"
export { oldPrefixOf, writePhone, type PhoneStyle } from "./phones.js"
export { DEFAULT_START, generateShop, resolveShopOptions } from "./shop.js"
export { linkablePairCount, personLinkKeys, truthComponents } from "./truth.js"
export { officeExtensionOf, shopTraps, type ShopTraps } from "./traps.js"
export type {
  ActivityLevel,
  GeneratedAddress,
  GeneratedDevice,
  GeneratedEvent,
  GeneratedPerson,
  GeneratedRecord,
  Shop,
  ShopOptions
} from "./types.js"
export { catalog, categories, type CatalogProduct } from "./data/products.js"
export { provinces, type District, type Province, type Region } from "./data/places.js"
