import type { GeneratedDevice } from "./types.js"

/**
 * The identity traps of real shops that a shop generated with
 * `traps: true` contains (see {@link ShopOptions.traps}); none of their
 * shared values is in any record's `linkKeys` except where it truly belongs
 * to the person (an extension, a family email written with the member's own
 * account):
 *
 * - **hotline**: guests type the shop's landline as their phone;
 * - **serviceNumber**: guests type the shop's 1900 number as their phone;
 * - **kiosks**: the cashier's tablet at each physical store sends its device id
 *   with every member it looks up;
 * - **switchboard**: some people give their office number with their own
 *   extension (`024 3736 5678 ext 123`), so colleagues share the number and
 *   differ by the extension;
 * - family emails: members of some households share an email, written only
 *   with their own user id (like the household phone).
 *
 * @example
 * ```ts
 * const traps = shopTraps(42)
 * traps.hotline.e164 // e.g. "+842838221234"
 * ```
 */
export interface ShopTraps {
  readonly hotline: { readonly e164: string; readonly written: ReadonlyArray<string> }
  readonly serviceNumber: ReadonlyArray<string>
  readonly kiosks: ReadonlyMap<string, GeneratedDevice>
  readonly switchboard: { readonly e164: string; readonly written: ReadonlyArray<string> }
}

const digits4 = (n: number): string => String(Math.abs(n) % 10_000).padStart(4, "0")

/**
 * The shop's trap values, derived from its seed.
 *
 * @param baseSeed - the shop's 32-bit seed
 * @returns the hotline, the service number, the kiosks by store source, and the office switchboard
 *
 * @example
 * ```ts
 * shopTraps(7).kiosks.get("store_hcm_quan_1")?.deviceId // => "pos-store_hcm_quan_1-tablet"
 * ```
 */
export const shopTraps = (baseSeed: number): ShopTraps => {
  const line = digits4(baseSeed)
  const service = digits4(baseSeed >>> 7)
  const office = digits4(baseSeed >>> 13)
  const kiosks = new Map<string, GeneratedDevice>()
  for (const source of ["store_ha_noi_cau_giay", "store_da_nang_hai_chau", "store_hcm_quan_1"]) {
    kiosks.set(source, {
      deviceId: `pos-${source}-tablet`,
      anonymousId: `pos-${source}`,
      channel: "app",
      type: "tablet",
      manufacturer: "Samsung",
      model: "Galaxy Tab A8",
      os: { name: "Android", version: "13" },
      ip: "113.161.0.10"
    })
  }
  return {
    hotline: { e164: `+84283822${line}`, written: [`028 3822 ${line}`, `(028) 3822${line}`, `02838 22${line}`, `+84 28 3822 ${line}`] },
    serviceNumber: [`1900 ${service}`, `1900${service}`, `1900.${service}`],
    kiosks,
    switchboard: { e164: `+84243736${office}`, written: [`024 3736 ${office}`, `(024) 3736.${office}`, `024 3736 ${office}`] }
  }
}

/**
 * The extension of a person's office number, when they have one (about one
 * person in sixty): unique per person, so colleagues differ only by it.
 *
 * @param index - the person's index
 * @returns the extension, or `undefined`
 *
 * @example
 * ```ts
 * officeExtensionOf(11) // => "11"
 * officeExtensionOf(12) // => undefined
 * ```
 */
export const officeExtensionOf = (index: number): string | undefined => (index % 61 === 11 ? String(index) : undefined)
