import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max"

/**
 * The 2018 renumbering of Vietnamese eleven-digit mobiles (IDN-3): the old
 * three-digit prefix after the trunk `0` (`162` of `0162 xxx xxxx`) and the
 * two-digit prefix that replaced it (`32` of `032 xxx xxxx`). The last seven
 * digits are kept.
 *
 * @example
 * ```ts
 * VietnameseMobileRemap["162"] // => "32"  (Viettel 0162 → 032)
 * VietnameseMobileRemap["120"] // => "70"  (MobiFone 0120 → 070)
 * ```
 */
export const VietnameseMobileRemap: Readonly<Record<string, string>> = {
  // Viettel 0162–0169 → 032–039
  "162": "32", "163": "33", "164": "34", "165": "35", "166": "36", "167": "37", "168": "38", "169": "39",
  // MobiFone
  "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",
  // VinaPhone
  "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",
  // Vietnamobile
  "186": "56", "188": "58",
  // Gmobile
  "199": "59"
}

/**
 * The two-digit prefixes (after the trunk `0`) that the Vietnamese numbering
 * plan assigns to mobile networks since the 2018 renumbering: Viettel 32–39,
 * 86, 96–98; VinaPhone 81–85, 88, 91, 94; MobiFone 70, 76–79, 89, 90, 93;
 * Vietnamobile 52, 56, 58, 92; Gmobile 59, 99; Reddi 55; iTel 87. A nine-digit
 * national number with one of these prefixes is a mobile number. The
 * libphonenumber metadata is narrower for some blocks (it accepts only
 * 0896–0899 of MobiFone's 089), so these prefixes are checked first; other
 * numbers are checked against the metadata.
 *
 * @example
 * ```ts
 * VietnameseMobilePrefixes.has("89") // => true
 * VietnameseMobilePrefixes.has("24") // => false (Hà Nội landline area)
 * ```
 */
export const VietnameseMobilePrefixes: ReadonlySet<string> = new Set([
  "32", "33", "34", "35", "36", "37", "38", "39",
  "52", "55", "56", "58", "59",
  "70", "76", "77", "78", "79",
  "81", "82", "83", "84", "85", "86", "87", "88", "89",
  "90", "91", "92", "93", "94", "96", "97", "98", "99"
])

// Validity of each three-digit Vietnamese mobile prefix according to the
// libphonenumber metadata, computed once on first use so that the string fast
// path accepts exactly what the metadata accepts: 1 = valid for every sample,
// 0 = invalid for every sample, 2 = depends on the digits (ask the library).
let mobilePrefixValidity: Uint8Array | undefined
const prefixSamples = ["000000", "123456", "555555", "999999", "908172"]
const mobilePrefixTable = (): Uint8Array => {
  if (mobilePrefixValidity !== undefined) return mobilePrefixValidity
  const table = new Uint8Array(1000)
  for (let prefix = 300; prefix < 1000; prefix++) {
    let valid = 0
    for (const sample of prefixSamples) if (parsePhoneNumberFromString(`+84${prefix}${sample}`)?.isValid() === true) valid++
    table[prefix] = valid === prefixSamples.length ? 1 : valid === 0 ? 0 : 2
  }
  mobilePrefixValidity = table
  return table
}

// Separators people type inside phone numbers: spaces (incl. no-break), tab, - . ( ) /
const phoneSeparators = /[\s\u00a0.()\/-]/g
const onlyDigits = /^\d+$/

/**
 * Turns a Vietnamese national significant number (the digits after `+84` or
 * the trunk `0`) into E.164, remapping the old eleven-digit mobiles. Returns
 * `undefined` when the number is not valid, and `null` when only the
 * libphonenumber metadata can tell.
 */
const vietnameseNationalToE164 = (national: string): string | undefined | null => {
  let nsn = national
  if (nsn.length === 10 && nsn.charCodeAt(0) === 49 /* 1 */) {
    const successor = VietnameseMobileRemap[nsn.slice(0, 3)]
    // Not an old mobile: 1900 / 1800 service numbers have ten-digit forms too; the metadata decides.
    if (successor === undefined) return null
    nsn = successor + nsn.slice(3)
  }
  if (nsn.length === 9) {
    if (VietnameseMobilePrefixes.has(nsn.slice(0, 2))) return "+84" + nsn
    const first = nsn.charCodeAt(0)
    if (first === 51 || first === 53 || first === 55 || first === 56 || first === 57) {
      const validity = mobilePrefixTable()[Number(nsn.slice(0, 3))]
      if (validity === 1) return "+84" + nsn
      if (validity === 0) return undefined
    }
  }
  return null
}

// Numbers that reach a service, not a person: toll-free (1800), premium and
// shared-cost (1900), universal access and voicemail numbers.
const serviceTypes: ReadonlySet<string> = new Set(["TOLL_FREE", "PREMIUM_RATE", "SHARED_COST", "UAN", "VOICEMAIL"])

const viaMetadata = (text: string, defaultCountry: CountryCode): string | PhoneRejection => {
  const parsed = parsePhoneNumberFromString(text, defaultCountry)
  if (parsed === undefined || !parsed.isValid()) return "invalid_phone"
  const type = parsed.getType()
  return type !== undefined && serviceTypes.has(type) ? "service_number" : parsed.number
}

/**
 * Why a phone number was not accepted: not a dialable number for its country
 * (`invalid_phone`: too short, letters inside, an unassigned block), or a
 * number that reaches a service rather than a person (`service_number`:
 * 1800 toll-free, 1900 premium and shared-cost, universal access numbers).
 *
 * @example
 * ```ts
 * const reason: PhoneRejection = "service_number"
 * ```
 */
export type PhoneRejection = "invalid_phone" | "service_number"

// An extension at the end of a number: RFC 3966 `;ext=12` (the normalized
// form), `ext 12`, `ext. 12`, `x12`, `#12`, `máy lẻ 12`, `nhánh 12`.
const extensionSuffix = /(?:;ext=|\s*(?:ext\.?|extension|x|#|máy lẻ|nhánh|ml)\s*[:.]?\s*)(\d{1,7})$/iu
// What may remain of a number once its extension is off: digits, one leading +, separators.
const numberCharacters = /^\+?[\d\s\u00a0.()\/-]+$/
const nonAscii = /[^\x00-\x7f]/

/**
 * Several numbers typed in one field (`0912345678; 0987654321`,
 * `0912345678 / 0987654321`, `0912345678 - 0987654321`,
 * `0912345678 hoặc 0987654321`): the separators are `;`, `,`, `/`, `|`, a
 * dash with spaces around it, and the words `hoặc`, `hay`, `or`. Each part
 * is one identifier; a field with one number gives itself. An extension
 * (`;ext=12`) is part of its number, never a separator.
 *
 * @param field - the field as written
 * @returns the numbers it holds, trimmed, in the order written
 *
 * @example
 * ```ts
 * phoneNumbersIn("0912345678 - 0987654321") // => ["0912345678", "0987654321"]
 * phoneNumbersIn("028 3822 1234 ext 12") // => ["028 3822 1234 ext 12"]
 * ```
 */
export const phoneNumbersIn = (field: string): Array<string> => {
  if (!severalNumbers.test(field)) return [field]
  return field.split(numberSeparators).map((part) => part.trim()).filter((part) => part.length > 0)
}
const numberSeparators = /\s*(?:;(?!ext=)|[,|\/])\s*|\s+[-–]\s+|\s+(?:hoặc|hay|or)\s+/iu
const severalNumbers = new RegExp(numberSeparators.source, "iu")

/**
 * {@link normalizePhoneNumber} with the reason when the number is refused.
 *
 * @param raw - the number as written (one number; see {@link phoneNumbersIn})
 * @param defaultCountry - ISO 3166-1 alpha-2 country for numbers without a country code (default `VN`)
 * @returns the E.164 form (with `;ext=` when it has an extension), or why not
 *
 * @example
 * ```ts
 * phoneNumberOrReason("028 3822 1234 ext 12") // => "+842838221234;ext=12"
 * phoneNumberOrReason("1900 1234") // => "service_number"
 * phoneNumberOrReason("O912345678") // => "invalid_phone"
 * ```
 */
export const phoneNumberOrReason = (raw: string, defaultCountry: string = "VN"): string | PhoneRejection => {
  let text = nonAscii.test(raw) ? raw.normalize("NFKC") : raw
  if (text.startsWith("tel:")) text = text.slice(4)
  const extension = extensionSuffix.exec(text)
  if (extension !== null) text = text.slice(0, extension.index)
  const number = nationalOrReason(text, defaultCountry)
  return extension === null || number === "invalid_phone" || number === "service_number" ? number : `${number};ext=${extension[1]!}`
}

const nationalOrReason = (raw: string, defaultCountry: string): string | PhoneRejection => {
  // One replace instead of a string built digit by digit: less garbage on the hot path.
  const compact = raw.replace(phoneSeparators, "")
  const plus = compact.charCodeAt(0) === 43 /* + */
  const digits = plus ? compact.slice(1) : compact
  const country = defaultCountry as CountryCode
  // Letters inside a number (`O912345678`, `09l2345678`, `abc0912345678def`) reject it: never read around them.
  if (!onlyDigits.test(digits)) return numberCharacters.test(raw.trim()) ? viaMetadata(raw, country) : "invalid_phone"
  if (digits.length < 6 || digits.length > 17) return "invalid_phone"
  const isVietnamDefault = defaultCountry === "VN"
  let national: string | undefined
  if (plus) {
    if (digits.startsWith("84")) national = digits.slice(2)
    else return viaMetadata("+" + digits, country)
  } else if (digits.startsWith("00")) {
    if (digits.startsWith("0084")) national = digits.slice(4)
    else return viaMetadata("+" + digits.slice(2), country)
  } else if (isVietnamDefault) {
    if (digits.charCodeAt(0) === 48 /* 0 */) national = digits.slice(1)
    else if (digits.startsWith("84") && (digits.length === 11 || digits.length === 12)) national = digits.slice(2)
    else if (digits.length === 9) national = digits
    // An old eleven-digit mobile whose leading 0 a spreadsheet dropped (`1621234567`).
    else if (digits.length === 10 && VietnameseMobileRemap[digits.slice(0, 3)] !== undefined) national = digits
  }
  if (national === undefined) return viaMetadata(digits, country)
  // "+84 0912 345 678": a trunk 0 written after the country code.
  if (national.charCodeAt(0) === 48 && (national.length === 10 || national.length === 11)) national = national.slice(1)
  const fast = vietnameseNationalToE164(national)
  if (fast === undefined) return "invalid_phone"
  if (fast !== null) return fast
  return viaMetadata("+84" + national, "VN")
}

/**
 * Normalizes a phone number written in any common form to E.164 (IDN-3).
 * Vietnamese numbers (`0…`, `84…`, `+84…`, `0084…`, or nine digits — ten
 * for an old eleven-digit mobile — whose leading `0` a spreadsheet dropped) take a pure string fast path, including
 * the 2018 eleven-digit → ten-digit remap; anything else goes through the
 * libphonenumber-js metadata with `defaultCountry` for numbers without a
 * country code. An extension is part of the number (RFC 3966:
 * `+842838221234;ext=12`); letters inside a number reject it; service
 * numbers (1800, 1900) are not a person's. Returns `undefined` for a number
 * that is refused; {@link phoneNumberOrReason} says why.
 *
 * @param raw - the number as written
 * @param defaultCountry - ISO 3166-1 alpha-2 country for numbers without a country code (default `VN`)
 * @returns the E.164 form, or `undefined`
 *
 * @example
 * ```ts
 * normalizePhoneNumber("0912 345 678") // => "+84912345678"
 * normalizePhoneNumber("+84 91-234-5678") // => "+84912345678"
 * normalizePhoneNumber("0162 123 4567") // => "+84321234567" (Viettel 0162 → 032)
 * normalizePhoneNumber("+1 (415) 555-2671") // => "+14155552671"
 * normalizePhoneNumber("028 3822 1234 ext 12") // => "+842838221234;ext=12"
 * normalizePhoneNumber("12345") // => undefined
 * normalizePhoneNumber("1900 1234") // => undefined (a service number)
 * ```
 */
export const normalizePhoneNumber = (raw: string, defaultCountry: string = "VN"): string | undefined => {
  const result = phoneNumberOrReason(raw, defaultCountry)
  return result === "invalid_phone" || result === "service_number" ? undefined : result
}
