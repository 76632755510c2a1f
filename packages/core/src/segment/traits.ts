import { TZDate } from "@date-fns/tz"
import { ProfileFieldNames } from "../profile-fields.js"
import { parseCalendarDate } from "../time.js"
import { countryCodeOf } from "./country.js"
import { genderOf } from "./gender.js"
import { type IssueList, pathOf, shown } from "./issues.js"
import { joinNames, splitFullName } from "./person-names.js"
import { type JsonRecord, firstOf, isRecord, setOwn, textAt } from "./read.js"

/** Where each field of the mapped value came from in the call, for issues the final decode finds. */
export type Origins = Map<string, string>

/** What the trait mappers need besides the traits: the workspace timezone (birthdays) and where to report. */
export interface TraitContext {
  readonly timeZone: string
  readonly issues: IssueList
  readonly origins: Origins
}

const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

// Segment's reserved traits, kith's typed profile fields and the aliases
// clients commonly use for them. A snake_case key whose camelCase is one of
// these is read as it ("first_name" is firstName); other keys are custom
// traits, kept under their own name.
const KNOWN_TRAITS = new Set<string>([
  ...ProfileFieldNames,
  "name", "address", "age", "birthday", "company", "createdAt", "description", "email", "firstName", "gender", "id", "lastName",
  "phone", "title", "username", "website"
])
const TRAIT_ALIASES: Readonly<Record<string, string>> = {
  phoneNumber: "phone",
  mobile: "phone",
  emailAddress: "email",
  birthdate: "birthday",
  birthDate: "birthday",
  dateOfBirth: "birthday",
  dob: "birthday",
  fullname: "fullName",
  avatarUrl: "avatar",
  sex: "gender"
}

/** The kith name of a trait key as a client sends it (`first_name` → `firstName`), or the key itself. */
const traitNameOf = (key: string): string => {
  const camelKey = camel(key)
  if (KNOWN_TRAITS.has(camelKey)) return camelKey
  return TRAIT_ALIASES[camelKey] ?? key
}

// Renames keys to their kith names; the key written as the kith name wins
// over an alias or snake_case spelling of the same trait.
const renamed = (traits: JsonRecord, path: string, origins: Origins, target: string): Map<string, unknown> => {
  const out = new Map<string, unknown>()
  const exact = new Set(Object.keys(traits).filter((key) => traitNameOf(key) === key))
  for (const [key, value] of Object.entries(traits)) {
    if (value === undefined || value === null) continue
    const name = traitNameOf(key)
    if (name !== key && exact.has(name)) continue
    if (name !== key && out.has(name)) continue
    out.set(name, value)
    if (name !== key) origins.set(pathOf(target, name), pathOf(path, key))
  }
  return out
}

/**
 * A birthday: a calendar date as written (`1990-09-05`, `05/09/1990`), or an
 * instant whose date is taken in the workspace timezone (a browser serializes
 * local midnight of 5 September in Hồ Chí Minh City as
 * `1990-09-04T17:00:00.000Z`).
 */
const birthdayOf = (value: unknown, path: string, context: TraitContext): string | undefined => {
  const written = textAt(value, path, context.issues)
  if (written === undefined) return undefined
  const date = parseCalendarDate(written)
  if (date !== undefined) return date
  const withZone = /^(\d{4}-\d{2}-\d{2})T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/i.exec(written.trim())
  if (withZone !== null) {
    const instant = new Date(written.trim())
    if (!Number.isNaN(instant.getTime())) {
      const local = new TZDate(instant.getTime(), context.timeZone)
      const day = `${String(local.getFullYear()).padStart(4, "0")}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}`
      if (parseCalendarDate(day) === day) return day
    }
  }
  const withoutZone = /^(\d{4}-\d{2}-\d{2})[T ][\d:.]+$/.exec(written.trim())
  if (withoutZone !== null && parseCalendarDate(withoutZone[1] as string) !== undefined) return withoutZone[1]
  context.issues.add(path, `${shown(value)} is not a date such as 1990-09-05 or 05/09/1990`)
  return undefined
}

/**
 * Segment's address (`street`, `city`, `state`, `postalCode`, `country`) as a
 * kith address: `state` is the province (tỉnh / thành phố), else `city` is;
 * with a state, the city is the district. kith's own `ward`, `district` and
 * `province` keys are read as they are; the country becomes ISO alpha-2. A
 * plain string is the street.
 */
export const addressOf = (value: unknown, path: string, context: TraitContext, target: string): JsonRecord | undefined => {
  if (typeof value === "string") return value.trim() === "" ? undefined : { street: value }
  if (!isRecord(value)) {
    context.issues.add(path, `expected an address object { street, city, state, postalCode, country }, got ${shown(value)}`)
    return undefined
  }
  const out: Record<string, unknown> = {}
  const take = (target_: string, keys: ReadonlyArray<string>): void => {
    const found = firstOf(value, keys)
    if (found === undefined) return
    const text = textAt(found.value, pathOf(path, found.key), context.issues)
    if (text === undefined || text.trim() === "") return
    out[target_] = text
    context.origins.set(pathOf(target, target_), pathOf(path, found.key))
  }
  take("street", ["street", "street1", "line1", "address1"])
  take("ward", ["ward"])
  const state = firstOf(value, ["province", "state", "region"])
  take("province", state === undefined ? ["city"] : [state.key])
  take("district", state === undefined ? ["district"] : ["district", "city"])
  take("postalCode", ["postalCode", "postal_code", "zip", "zipCode", "zip_code", "postcode"])
  const country = firstOf(value, ["country", "countryCode", "country_code"])
  if (country !== undefined) {
    const countryPath = pathOf(path, country.key)
    const written = textAt(country.value, countryPath, context.issues)
    if (written !== undefined && written.trim() !== "") {
      const code = countryCodeOf(written)
      if (code === undefined) context.issues.add(countryPath, `${shown(country.value)} is not a country name or an ISO 3166 code such as VN or VNM`)
      else {
        out["country"] = code
        context.origins.set(pathOf(target, "country"), countryPath)
      }
    }
  }
  return Object.keys(out).length === 0 ? undefined : out
}

/**
 * Maps a Segment `traits` object (identify, or `context.traits`) to kith's
 * {@link Traits} input: reserved traits in camelCase or snake_case, `name` as
 * the full name (first and last names derived when absent, and the full name
 * from them when only they are sent), the address, ISO birthdays, gender
 * words, `company.name` as the company name. Every other trait is kept as a
 * custom trait under its own name; `null` values are left out.
 */
export const personTraitsOf = (value: unknown, path: string, target: string, context: TraitContext): JsonRecord | undefined => {
  if (value === undefined || value === null) return undefined
  if (!isRecord(value)) {
    context.issues.add(path, `expected an object of traits, got ${shown(value)}`)
    return undefined
  }
  const traits = renamed(value, path, context.origins, target)
  const origin = (name: string): string => context.origins.get(pathOf(target, name)) ?? pathOf(path, name)
  const out: Record<string, unknown> = {}
  for (const [name, raw] of traits) {
    switch (name) {
      case "name":
        break
      case "address": {
        const address = addressOf(raw, origin("address"), context, pathOf(target, "address"))
        if (address !== undefined) out["address"] = address
        break
      }
      case "birthday": {
        const birthday = birthdayOf(raw, origin("birthday"), context)
        if (birthday !== undefined) out["birthday"] = birthday
        break
      }
      case "gender": {
        const word = textAt(raw, origin("gender"), context.issues)
        if (word === undefined) break
        const gender = genderOf(word)
        if (gender === undefined) context.issues.add(origin("gender"), `${shown(raw)} is not a gender word such as male, female, nam, nữ or other`)
        else out["gender"] = gender
        break
      }
      case "phone":
      case "email":
      case "fullName":
      case "firstName":
      case "lastName":
      case "companyName":
      case "taxCode":
      case "nationalId":
      case "zaloId": {
        const text = textAt(raw, origin(name), context.issues)
        if (text !== undefined && text.trim() !== "") out[name] = text.trim()
        break
      }
      default:
        setOwn(out, name, raw)
    }
  }
  const name = traits.get("name")
  if (out["fullName"] === undefined && name !== undefined) {
    const text = textAt(name, origin("name"), context.issues)
    if (text !== undefined && text.trim() !== "") {
      out["fullName"] = text.trim().replace(/\s+/g, " ")
      context.origins.set(pathOf(target, "fullName"), origin("name"))
    }
  }
  // Derived names are a convenience: one that would not fit kith's limits
  // (full name 200, first and last 100 characters) is left out, never refused.
  const fullName = out["fullName"]
  if (typeof fullName === "string" && out["firstName"] === undefined && out["lastName"] === undefined) {
    const split = splitFullName(fullName)
    if (split.firstName.length <= 100 && (split.lastName?.length ?? 0) <= 100) {
      out["firstName"] = split.firstName
      if (split.lastName !== undefined) out["lastName"] = split.lastName
    }
  } else if (fullName === undefined && typeof out["firstName"] === "string" && typeof out["lastName"] === "string") {
    const joined = joinNames(out["firstName"], out["lastName"])
    if (joined !== undefined && joined.length <= 200) out["fullName"] = joined
  }
  const company = traits.get("company")
  if (out["companyName"] === undefined && isRecord(company) && typeof company["name"] === "string" && company["name"].trim() !== "") {
    out["companyName"] = company["name"].trim()
    context.origins.set(pathOf(target, "companyName"), pathOf(origin("company"), "name"))
  }
  return out
}

const GROUP_TRAIT_ALIASES: Readonly<Record<string, string>> = {
  companyName: "name",
  company: "name",
  taxId: "taxCode",
  mst: "taxCode",
  vatNumber: "taxCode",
  vat: "taxCode",
  taxNumber: "taxCode"
}

/**
 * Maps a Segment `group` call's traits to kith's {@link GroupTraits}: `name`
 * (also `company_name`), the tax code (`taxCode`, `tax_code`, `tax_id`,
 * `mst`, `vat_number`), `industry`, `website`, the address; every other trait
 * (employees, plan, ...) kept as a custom trait. Keys may be camelCase or
 * snake_case.
 */
export const groupTraitsOf = (value: unknown, path: string, target: string, context: TraitContext): JsonRecord | undefined => {
  if (value === undefined || value === null) return undefined
  if (!isRecord(value)) {
    context.issues.add(path, `expected an object of group traits, got ${shown(value)}`)
    return undefined
  }
  const out: Record<string, unknown> = {}
  for (const [key, raw] of Object.entries(value)) {
    if (raw === undefined || raw === null) continue
    const camelKey = camel(key)
    const name = GROUP_TRAIT_ALIASES[camelKey] ?? (["name", "taxCode", "industry", "website", "address"].includes(camelKey) ? camelKey : key)
    if (out[name] !== undefined && name !== key) continue
    const at = pathOf(path, key)
    if (name !== key) context.origins.set(pathOf(target, name), at)
    if (name === "address") {
      const address = addressOf(raw, at, context, pathOf(target, "address"))
      if (address !== undefined) out["address"] = address
    } else if (name === "name" || name === "taxCode" || name === "industry" || name === "website") {
      const text = textAt(raw, at, context.issues)
      if (text !== undefined && text.trim() !== "") out[name] = text.trim()
    } else {
      setOwn(out, name, raw)
    }
  }
  return out
}
