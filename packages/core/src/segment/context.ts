import { type IssueList, pathOf, shown } from "./issues.js"
import { type JsonRecord, idAt, isRecord, textAt } from "./read.js"
import { type Origins, type TraitContext, personTraitsOf } from "./traits.js"

// Segment's `context` as kith's EventContext: the fields kith reads, under
// kith's names and forms. Everything else in it (app, library, network,
// screen, userAgentData, ...) stays in the raw call.

// Building an Intl.DateTimeFormat costs tens of microseconds, and SDK traffic
// repeats a handful of zones: the answers are remembered (a bounded number).
const knownZones = new Map<string, boolean>()

const isTimeZone = (tz: string): boolean => {
  const known = knownZones.get(tz)
  if (known !== undefined) return known
  let valid: boolean
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    valid = true
  } catch {
    valid = false
  }
  if (knownZones.size < 1000) knownZones.set(tz, valid)
  return valid
}

// Segment's own `channel` says how the call was received; kith's says where
// the person was. A browser is the web, a mobile SDK an app; a server call
// says nothing, so the library that sent it is asked next.
const SEGMENT_CHANNELS: Readonly<Record<string, string | null>> = { browser: "web", mobile: "app", server: null, client: null }
const WEB_LIBRARY = /analytics\.js|analytics-next|javascript|rudder-sdk-js|web/i
const APP_LIBRARY = /ios|android|react-native|swift|kotlin|flutter|xamarin|unity|mobile/i

const channelOf = (payload: JsonRecord, context: JsonRecord, deviceType: string | undefined): string | undefined => {
  for (const written of [context["channel"], payload["channel"]]) {
    if (typeof written !== "string") continue
    const slug = written.trim().toLowerCase()
    if (Object.hasOwn(SEGMENT_CHANNELS, slug)) {
      const channel = SEGMENT_CHANNELS[slug]
      if (channel !== null && channel !== undefined) return channel
      continue
    }
    if (/^[a-z][a-z0-9_]{0,63}$/.test(slug)) return slug
  }
  const library = isRecord(context["library"]) ? context["library"]["name"] : undefined
  if (typeof library === "string") {
    if (APP_LIBRARY.test(library)) return "app"
    if (WEB_LIBRARY.test(library)) return "web"
  }
  return deviceType === "mobile" || deviceType === "tablet" ? "app" : undefined
}

// Device types as mobile SDKs and user-agent parsers write them, read into
// kith's common values; any other word is kept lower-cased.
const DEVICE_TYPES: Readonly<Record<string, string>> = {
  ios: "mobile",
  android: "mobile",
  iphone: "mobile",
  ipod: "mobile",
  phone: "mobile",
  smartphone: "mobile",
  mobile: "mobile",
  ipad: "tablet",
  tablet: "tablet",
  desktop: "desktop",
  pc: "desktop",
  computer: "desktop",
  laptop: "desktop",
  macos: "desktop",
  mac: "desktop",
  windows: "desktop",
  linux: "desktop",
  tv: "tv",
  smarttv: "tv",
  tvos: "tv",
  androidtv: "tv",
  other: "other"
}

const deviceTypeOf = (written: string): string => {
  const word = written.trim().toLowerCase()
  return DEVICE_TYPES[word.replace(/[^a-z]/g, "")] ?? word
}

const CAMPAIGN_KEYS: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["name", ["name", "utm_campaign", "campaign"]],
  ["source", ["source", "utm_source"]],
  ["medium", ["medium", "utm_medium"]],
  ["term", ["term", "utm_term"]],
  ["content", ["content", "utm_content"]]
]

const pick = (record: JsonRecord, keys: ReadonlyArray<string>, path: string, target: string, out: Record<string, unknown>, origins: Origins, issues: IssueList, as = keys[0] as string): void => {
  for (const key of keys) {
    const value = record[key]
    if (value === undefined || value === null) continue
    const text = textAt(value, pathOf(path, key), issues)
    if (text !== undefined && text !== "") {
      out[as] = text
      if (key !== as) origins.set(pathOf(target, as), pathOf(path, key))
    }
    return
  }
}

/** What {@link contextOf} reads besides the context: the call (for its top-level `channel`), the request's IP, and the trait context. */
export interface ContextInput {
  readonly payload: JsonRecord
  readonly ip: string | undefined
  readonly traits: TraitContext
  /** Leave `context.traits` out (an identify folds them into its own traits). */
  readonly withoutTraits: boolean
}

/**
 * Maps a Segment `context` to kith's EventContext input. `channel`: kith's
 * own channel slug when the client sent one, `browser` → `web`, `mobile` →
 * `app`, else from the sending library or the device type. `device.type`:
 * `ios` / `android` → `mobile`, `ipad` → `tablet`, other words lower-cased.
 * `locale` with `_` read as `-`; `timezone` must be an IANA zone.
 * `campaign` (also `utm_*` keys), `referrer`, `ip` (else the request's),
 * `userAgent`, `os`, `traits` (as identify traits) and `externalIds`
 * (Segment's `{ id, type }` or kith's `{ type, value }`).
 */
export const contextOf = (value: unknown, path: string, input: ContextInput): JsonRecord | undefined => {
  const { issues, origins } = input.traits
  if (value !== undefined && value !== null && !isRecord(value)) {
    issues.add(path, `expected a context object, got ${shown(value)}`)
    return undefined
  }
  const context: JsonRecord = value ?? {}
  const target = "context"
  const out: Record<string, unknown> = {}

  const device = context["device"]
  let deviceType: string | undefined
  if (isRecord(device)) {
    const mapped: Record<string, unknown> = {}
    const devicePath = pathOf(path, "device")
    for (const key of ["id", "manufacturer", "model"]) {
      const text = key === "id" ? idAt(device[key], pathOf(devicePath, key), issues) : textAt(device[key], pathOf(devicePath, key), issues)
      if (text !== undefined && text !== "") mapped[key] = text
    }
    const type = textAt(device["type"], pathOf(devicePath, "type"), issues)
    if (type !== undefined && type.trim() !== "") mapped["type"] = deviceType = deviceTypeOf(type)
    if (Object.keys(mapped).length > 0) out["device"] = mapped
  } else if (device !== undefined && device !== null) issues.add(pathOf(path, "device"), `expected a device object, got ${shown(device)}`)

  const channel = channelOf(input.payload, context, deviceType)
  if (channel !== undefined) out["channel"] = channel
  const source = textAt(context["source"], pathOf(path, "source"), issues)
  if (source !== undefined && source !== "") out["source"] = source

  const os = context["os"]
  if (isRecord(os) && typeof os["name"] === "string" && os["name"] !== "") {
    const version = textAt(os["version"], pathOf(pathOf(path, "os"), "version"), issues)
    out["os"] = version === undefined ? { name: os["name"] } : { name: os["name"], version }
  }

  const ip = textAt(context["ip"], pathOf(path, "ip"), issues) ?? input.ip
  if (ip !== undefined && ip !== "") out["ip"] = ip
  const userAgent = textAt(context["userAgent"], pathOf(path, "userAgent"), issues)
  if (userAgent !== undefined && userAgent !== "") out["userAgent"] = userAgent

  const locale = textAt(context["locale"], pathOf(path, "locale"), issues)
  if (locale !== undefined && locale.trim() !== "") out["locale"] = locale.trim().replace(/_/g, "-")

  const timezone = textAt(context["timezone"], pathOf(path, "timezone"), issues)
  if (timezone !== undefined && timezone.trim() !== "") {
    if (isTimeZone(timezone.trim())) out["timezone"] = timezone.trim()
    else issues.add(pathOf(path, "timezone"), `${shown(timezone)} is not an IANA timezone such as Asia/Ho_Chi_Minh`)
  }

  const campaign = context["campaign"]
  if (isRecord(campaign)) {
    const mapped: Record<string, unknown> = {}
    for (const [as, keys] of CAMPAIGN_KEYS) pick(campaign, keys, pathOf(path, "campaign"), pathOf(target, "campaign"), mapped, origins, issues, as)
    if (Object.keys(mapped).length > 0) out["campaign"] = mapped
  } else if (campaign !== undefined && campaign !== null) issues.add(pathOf(path, "campaign"), `expected a campaign object { name, source, medium, term, content }, got ${shown(campaign)}`)

  const referrer = context["referrer"]
  if (isRecord(referrer)) {
    const mapped: Record<string, unknown> = {}
    for (const key of ["type", "name", "id", "url", "link"]) pick(referrer, [key], pathOf(path, "referrer"), pathOf(target, "referrer"), mapped, origins, issues)
    if (Object.keys(mapped).length > 0) out["referrer"] = mapped
  } else if (referrer !== undefined && referrer !== null) issues.add(pathOf(path, "referrer"), `expected a referrer object { type, name, id, url, link }, got ${shown(referrer)}`)

  if (!input.withoutTraits) {
    const traits = personTraitsOf(context["traits"], pathOf(path, "traits"), pathOf(target, "traits"), input.traits)
    if (traits !== undefined && Object.keys(traits).length > 0) out["traits"] = traits
  }

  const externalIds = context["externalIds"]
  if (Array.isArray(externalIds)) {
    const mapped: Array<{ type: string; value: string }> = []
    externalIds.forEach((entry: unknown, i) => {
      const at = pathOf(pathOf(path, "externalIds"), i)
      if (!isRecord(entry)) return issues.add(at, `expected { type, id }, got ${shown(entry)}`)
      const type = textAt(entry["type"], pathOf(at, "type"), issues)
      const id = idAt(entry["value"] ?? entry["id"], pathOf(at, entry["value"] === undefined ? "id" : "value"), issues)
      if (type === undefined || id === undefined) {
        if (type === undefined && entry["type"] === undefined) issues.add(pathOf(at, "type"), "an external id needs its type")
        if (id === undefined && entry["value"] === undefined && entry["id"] === undefined) issues.add(pathOf(at, "id"), "an external id needs its id")
        return
      }
      const slug = type.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "")
      const canonical = pathOf(pathOf(target, "externalIds"), mapped.length)
      mapped.push({ type: /^[a-z]/.test(slug) ? slug : type, value: id })
      origins.set(canonical, at)
      if (entry["value"] === undefined) origins.set(pathOf(canonical, "value"), pathOf(at, "id"))
    })
    if (mapped.length > 0) out["externalIds"] = mapped
  } else if (externalIds !== undefined && externalIds !== null) issues.add(pathOf(path, "externalIds"), `expected an array of { type, id }, got ${shown(externalIds)}`)

  const consent = consentOf(context["consent"], pathOf(path, "consent"), pathOf(target, "consent"), origins, issues)
  if (consent !== undefined) out["consent"] = consent

  return Object.keys(out).length === 0 ? undefined : out
}

/**
 * The purpose of processing a Segment consent category names, as kith's
 * lower-case slug: words split at case changes and separators, joined by
 * `_` (`Advertising` → `advertising`, `DataSharing` → `data_sharing`,
 * OneTrust's `C0004` → `c0004`); a category starting with a digit gets
 * `category_` in front. `undefined` when nothing is left.
 *
 * @example
 * ```ts
 * import { purposeOfCategory } from "@kith/core"
 * purposeOfCategory("DataSharing") // => "data_sharing"
 * purposeOfCategory("Site Performance") // => "site_performance"
 * purposeOfCategory("2") // => "category_2"
 * ```
 */
export const purposeOfCategory = (category: string): string | undefined => {
  const slug = category
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
  if (slug === "") return undefined
  const purpose = /^[a-z]/.test(slug) ? slug : `category_${slug}`
  return purpose.length > 64 ? undefined : purpose
}

// Segment's `context.consent.categoryPreferences` ({ [categoryId]: boolean }) as kith's, each category read as a purpose.
const consentOf = (value: unknown, path: string, target: string, origins: Origins, issues: IssueList): JsonRecord | undefined => {
  if (value === undefined || value === null) return undefined
  if (!isRecord(value)) {
    issues.add(path, `expected a consent object { categoryPreferences }, got ${shown(value)}`)
    return undefined
  }
  const preferences = value["categoryPreferences"]
  const at = pathOf(path, "categoryPreferences")
  if (preferences === undefined || preferences === null) return undefined
  if (!isRecord(preferences)) {
    issues.add(at, `expected { [category]: true | false }, got ${shown(preferences)}`)
    return undefined
  }
  const mapped: Record<string, boolean> = {}
  for (const [category, given] of Object.entries(preferences)) {
    const from = pathOf(at, category)
    if (typeof given !== "boolean") {
      issues.add(from, `a consent preference is true or false, got ${shown(given)}`)
      continue
    }
    const purpose = purposeOfCategory(category)
    if (purpose === undefined) {
      issues.add(from, `the category ${shown(category)} names no purpose (letters or digits, at most 64)`)
      continue
    }
    mapped[purpose] = given
    origins.set(pathOf(pathOf(target, "categoryPreferences"), purpose), from)
  }
  return Object.keys(mapped).length === 0 ? undefined : { categoryPreferences: mapped }
}

/** Segment's `context.page`, which analytics.js fills on every call: the page fields a `page` call lacks are read from it. */
export const contextPageOf = (context: unknown): JsonRecord | undefined =>
  isRecord(context) && isRecord(context["page"]) ? context["page"] : undefined
