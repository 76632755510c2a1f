import { Effect, Schema } from "effect"
import { decoderFor, type InvalidInput } from "./errors.js"
import { CurrencyCode } from "./money.js"
import type { Result } from "effect"

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/**
 * An IANA timezone name such as `Asia/Ho_Chi_Minh`. Day and month boundaries
 * (spend per month, "in the last 30 days") are taken in this zone.
 */
export const TimeZone = Schema.String.check(
  Schema.makeFilter((tz: string) => (isTimeZone(tz) ? undefined : `"${tz}" is not an IANA timezone`))
)

const LocaleTag = Schema.String.check(
  Schema.isPattern(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: "a locale is a BCP 47 tag such as vi or en-US" })
)

/** The defaults of every workspace: Vietnam, đồng, Vietnamese with English fallback. */
export const defaultWorkspaceSettings = {
  timezone: "Asia/Ho_Chi_Minh",
  currency: "VND",
  country: "VN",
  locale: "vi",
  fallbackLocale: "en"
} as const

/**
 * A workspace's settings. Every field is optional on input and takes the
 * default of {@link defaultWorkspaceSettings} when absent.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(WorkspaceSettings)({})
 * // => { timezone: "Asia/Ho_Chi_Minh", currency: "VND", country: "VN", locale: "vi", fallbackLocale: "en" }
 * Schema.decodeUnknownSync(WorkspaceSettings)({ timezone: "Asia/Bangkok", currency: "THB", country: "TH", locale: "th" })
 * ```
 */
export const WorkspaceSettings = Schema.Struct({
  timezone: TimeZone.pipe(Schema.withDecodingDefaultKey(Effect.succeed(defaultWorkspaceSettings.timezone))),
  currency: CurrencyCode.pipe(Schema.withDecodingDefaultKey(Effect.succeed(defaultWorkspaceSettings.currency))),
  country: Schema.String.check(Schema.isPattern(/^[A-Z]{2}$/, { message: "a country is an ISO 3166-1 alpha-2 code such as VN" })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(defaultWorkspaceSettings.country))
  ),
  locale: LocaleTag.pipe(Schema.withDecodingDefaultKey(Effect.succeed(defaultWorkspaceSettings.locale))),
  fallbackLocale: LocaleTag.pipe(Schema.withDecodingDefaultKey(Effect.succeed(defaultWorkspaceSettings.fallbackLocale)))
})
/** {@link WorkspaceSettings} after decoding: every field present. */
export type WorkspaceSettings = typeof WorkspaceSettings.Type

const decodeSettings = decoderFor("workspace settings", WorkspaceSettings)

/**
 * Decodes workspace settings from unknown input, filling defaults.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const result = decodeWorkspaceSettingsResult({ timezone: "Mars/Olympus" })
 * Result.isFailure(result) && result.failure.issues // => [{ path: "timezone", message: "\"Mars/Olympus\" is not an IANA timezone" }]
 * ```
 */
export const decodeWorkspaceSettingsResult = (input: unknown): Result.Result<WorkspaceSettings, InvalidInput> => decodeSettings(input)

/** {@link decodeWorkspaceSettingsResult} as an `Effect`. */
export const decodeWorkspaceSettings = (input: unknown): Effect.Effect<WorkspaceSettings, InvalidInput> =>
  Effect.fromResult(decodeSettings(input))
