import { mix32 } from "./rng.js"

// Identifier values that are unique by construction: each derives one 32-bit
// word from the person's index through a bijection (mix32 of index ^ salt),
// so no two people ever share a device, cookie, account or platform id, and
// the rest of the value comes from the person's random stream.

// Ids live as long as the shop: `join` makes flat strings, where template
// literals would leave chains of concatenation nodes twice the size.
const flat = (...parts: ReadonlyArray<string>): string => parts.join("")

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, "0")
const dec10 = (n: number): string => (n >>> 0).toString().padStart(10, "0")

/** Salts of the id families, mixed with the shop's seed. */
export interface IdSalts {
  readonly anonymous: number
  readonly device: number
  readonly user: number
  readonly zalo: number
  readonly facebook: number
  readonly shopee: number
  readonly lazada: number
  readonly tiktokShop: number
  readonly external: number
}

/** Derives the salts of every id family from the shop's base seed. */
export const idSalts = (base: number): IdSalts => ({
  anonymous: mix32(base ^ 0x1a2b3c4d),
  device: mix32(base ^ 0x2b3c4d5e),
  user: mix32(base ^ 0x3c4d5e6f),
  zalo: mix32(base ^ 0x4d5e6f70),
  facebook: mix32(base ^ 0x5e6f7081),
  shopee: mix32(base ^ 0x6f708192),
  lazada: mix32(base ^ 0x708192a3),
  tiktokShop: mix32(base ^ 0x8192a3b4),
  external: mix32(base ^ 0x92a3b4c5)
})

/** A unique 32-bit word for (family salt, key); a bijection of `key` for a fixed salt. */
export const uniqueWord = (salt: number, key: number): number => mix32((key ^ salt) | 0)

/** A version-4 UUID whose first group is the unique word. */
export const uuidOf = (unique: number, r1: number, r2: number, r3: number): string => {
  const b = hex8(r1)
  const c = hex8(r2)
  const e = hex8(r3)
  return flat(hex8(unique), "-", b.slice(0, 4), "-4", b.slice(5, 8), "-", "89ab"[r2 & 3] as string, c.slice(1, 4), "-", c.slice(4, 8), e)
}

/** A Zalo user id: 19 digits. */
export const zaloIdOf = (unique: number, r: number): string => flat("4", dec10(unique), String(r % 100_000_000).padStart(8, "0"))

/** A Facebook page-scoped id: 16 digits. */
export const psidOf = (unique: number, r: number): string => flat("2", dec10(unique), String(r % 100_000).padStart(5, "0"))

/** A Shopee buyer id: up to 10 digits. */
export const shopeeIdOf = (unique: number): string => String(unique >>> 0)

/** A Lazada buyer id: 12 digits. */
export const lazadaIdOf = (unique: number): string => flat("10", dec10(unique))

/** A TikTok Shop buyer id: 19 digits. */
export const tiktokShopIdOf = (unique: number, r: number): string => flat("7", dec10(unique), String(r % 100_000_000).padStart(8, "0"))

/** An own-store account id. */
export const userIdOf = (unique: number): string => flat("u-", (unique >>> 0).toString(36).padStart(7, "0"))

/** A CRM customer code. */
export const externalIdOf = (unique: number): string => flat("CRM-", dec10(unique))

/** The anonymous id a host sends for a person known on a chat or marketplace channel. */
export const channelAnonymousId = (prefix: string, id: string): string => flat(prefix, ":", id)
