import countries from "i18n-iso-countries/index.js"
import english from "i18n-iso-countries/langs/en.json" with { type: "json" }
import vietnamese from "i18n-iso-countries/langs/vi.json" with { type: "json" }

// Country names and codes as people and SDKs write them ("USA", "Viet Nam",
// "Việt Nam", "vn") read into ISO 3166-1 alpha-2. The codes and the English
// and Vietnamese names (with their common alternatives: "UK", "Mỹ") come from
// `i18n-iso-countries`; CLDR's names through `Intl.DisplayNames` add the
// official short forms ("Hoa Kỳ"). Names compare without case, accents or
// punctuation.

const fold = (name: string): string =>
  name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()

let byName: Map<string, string> | undefined

// Built on first use: most calls carry no country.
const nameIndex = (): Map<string, string> => {
  if (byName !== undefined) return byName
  const index = new Map<string, string>()
  const add = (name: string | undefined, code: string) => {
    if (name === undefined) return
    const key = fold(name)
    if (key !== "" && !index.has(key)) index.set(key, code)
  }
  for (const locale of [english, vietnamese]) {
    for (const [code, names] of Object.entries(locale.countries)) {
      for (const name of typeof names === "string" ? [names] : names) add(name, code)
    }
  }
  for (const language of ["en", "vi"]) {
    const names = new Intl.DisplayNames([language], { type: "region", fallback: "none" })
    for (const code of Object.keys(countries.getAlpha2Codes())) add(names.of(code), code)
  }
  byName = index
  return index
}

/**
 * The ISO 3166-1 alpha-2 code of a country written as an alpha-2 or alpha-3
 * code (any case) or as its English or Vietnamese name (any case, with or
 * without accents), or `undefined` when it is none of these.
 *
 * @param written - the country as the client sent it
 * @returns the alpha-2 code, or `undefined`
 *
 * @example
 * ```ts
 * countryCodeOf("vn") // => "VN"
 * countryCodeOf("USA") // => "US"
 * countryCodeOf("Việt Nam") // => "VN"
 * countryCodeOf("viet nam") // => "VN"
 * countryCodeOf("Hàn Quốc") // => "KR"
 * countryCodeOf("Atlantis") // => undefined
 * ```
 */
export const countryCodeOf = (written: string): string | undefined => {
  const trimmed = written.trim()
  if (/^[A-Za-z]{2}$/.test(trimmed) && countries.isValid(trimmed.toUpperCase())) return trimmed.toUpperCase()
  if (/^[A-Za-z]{3}$/.test(trimmed)) {
    const alpha2 = countries.alpha3ToAlpha2(trimmed.toUpperCase())
    if (alpha2 !== undefined) return alpha2
  }
  return nameIndex().get(fold(trimmed))
}
