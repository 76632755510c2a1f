import { Schema } from "effect"

/**
 * The three regions of Vietnam used by geographic conditions (SEG-2): the
 * North (Bắc Bộ: the Red River Delta and the northern midlands and
 * mountains), the Centre (Trung Bộ: both central coasts and the Central
 * Highlands) and the South (Nam Bộ: the South-East and the Mekong Delta).
 */
export const Region = Schema.Literals(["north", "central", "south"])
/** A {@link Region} after decoding. */
export type Region = typeof Region.Type

// The 63 provinces and centrally-run cities (the division in force through
// June 2025; every province of the July 2025 division kept the name of one of
// them, and no merger crossed a region), by region.
const NORTH = [
  "Hà Nội", "Hải Phòng", "Quảng Ninh", "Bắc Ninh", "Hải Dương", "Hưng Yên", "Thái Bình", "Nam Định", "Ninh Bình",
  "Hà Nam", "Vĩnh Phúc", "Phú Thọ", "Thái Nguyên", "Bắc Giang", "Lạng Sơn", "Cao Bằng", "Hà Giang", "Tuyên Quang",
  "Lào Cai", "Yên Bái", "Bắc Kạn", "Điện Biên", "Lai Châu", "Sơn La", "Hòa Bình"
] as const
const CENTRAL = [
  "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi",
  "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"
] as const
const SOUTH = [
  "Hồ Chí Minh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu", "Tây Ninh", "Bình Phước", "Long An", "Tiền Giang",
  "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Cần Thơ", "Hậu Giang", "Sóc Trăng",
  "Bạc Liêu", "Cà Mau"
] as const

/**
 * The canonical names of Vietnam's 63 provinces and centrally-run cities, as
 * the facts hold them and as province conditions name them.
 *
 * @example
 * ```ts
 * provinceNames.length // => 63
 * provinceNames.includes("Hồ Chí Minh") // => true
 * ```
 */
export const provinceNames: ReadonlyArray<string> = [...NORTH, ...CENTRAL, ...SOUTH]

// Written forms that do not reduce to a canonical name by folding alone.
const ALIASES: ReadonlyArray<readonly [string, string]> = [
  ["hcm", "Hồ Chí Minh"],
  ["tphcm", "Hồ Chí Minh"],
  ["ho chi minh city", "Hồ Chí Minh"],
  ["sai gon", "Hồ Chí Minh"],
  ["saigon", "Hồ Chí Minh"],
  ["hn", "Hà Nội"],
  ["hanoi", "Hà Nội"],
  ["hue", "Thừa Thiên Huế"],
  ["brvt", "Bà Rịa - Vũng Tàu"],
  ["vung tau", "Bà Rịa - Vũng Tàu"],
  ["dak lak", "Đắk Lắk"],
  ["dac lac", "Đắk Lắk"],
  ["dak nong", "Đắk Nông"],
  ["danang", "Đà Nẵng"]
]

/**
 * Folds a written place name for lookup: no diacritics, `đ` as `d`, lower
 * case, administrative prefixes (`Thành phố`, `TP.`, `Tỉnh`) and punctuation
 * dropped, spaces collapsed.
 */
const foldPlace = (name: string): string =>
  name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[.,\-–_/()]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(thanh pho|tp|tinh)\s+/, "")

const canonicalByKey = new Map<string, string>()
for (const name of provinceNames) canonicalByKey.set(foldPlace(name), name)
for (const [alias, name] of ALIASES) canonicalByKey.set(alias, name)

// Each profile's facts look its province up as written, and a workspace writes its provinces a few ways:
// folding the same text again for every profile change took 60–90 ms of a 100,000-event ingestion (4–7 ms
// with this). Only spellings of a province are kept, never other text a person wrote, and at most this many.
const WRITTEN_NAMES_KEPT = 4_096
const canonicalOfWritten = new Map<string, string>()

const regionByProvince = new Map<string, Region>()
for (const name of NORTH) regionByProvince.set(name, "north")
for (const name of CENTRAL) regionByProvince.set(name, "central")
for (const name of SOUTH) regionByProvince.set(name, "south")

/**
 * The canonical name of a Vietnamese province written any usual way (with or
 * without accents or the `TP.` / `Tỉnh` prefix, common short forms such as
 * `HCM` or `Sài Gòn`), or `undefined` when it is not one.
 *
 * @example
 * ```ts
 * canonicalProvince("TP. Hồ Chí Minh") // => "Hồ Chí Minh"
 * canonicalProvince("tinh dak lak") // => "Đắk Lắk"
 * canonicalProvince("Bangkok") // => undefined
 * ```
 */
export const canonicalProvince = (name: string): string | undefined => {
  const remembered = canonicalOfWritten.get(name)
  if (remembered !== undefined) return remembered
  const canonical = canonicalByKey.get(foldPlace(name))
  if (canonical !== undefined) {
    if (canonicalOfWritten.size >= WRITTEN_NAMES_KEPT) canonicalOfWritten.clear()
    canonicalOfWritten.set(name, canonical)
  }
  return canonical
}

/**
 * The region of a province, written any way {@link canonicalProvince} reads.
 *
 * @example
 * ```ts
 * regionOfProvince("Đà Nẵng") // => "central"
 * regionOfProvince("TP. Hồ Chí Minh") // => "south"
 * regionOfProvince("Bangkok") // => undefined
 * ```
 */
export const regionOfProvince = (name: string): Region | undefined => {
  const canonical = canonicalProvince(name)
  return canonical === undefined ? undefined : regionByProvince.get(canonical)
}
