import { Result } from "effect"
import type { UnfilledPlaceholder } from "../errors.js"
import type { ContentLocale, PlanContent } from "./plan-definition.js"
import { fillPlaceholders, type PersonalizationValues } from "./placeholders.js"

/**
 * The locale of the text a recipient gets: the variant of their language
 * (`vi-VN` reads as `vi`) when the plan has one, else the plan's fallback.
 *
 * @example
 * ```ts
 * const content = { variants: { vi: "Xin chào", en: "Hello" }, fallbackLocale: "vi" } as const
 * localeFor(content, "en-US") // => "en"
 * localeFor(content, "th") // => "vi"
 * localeFor(content, undefined) // => "vi"
 * ```
 */
export const localeFor = (content: PlanContent, recipientLocale: string | undefined): ContentLocale => {
  const language = recipientLocale?.toLowerCase().split("-")[0]
  return (language === "vi" || language === "en") && content.variants[language] !== undefined ? language : content.fallbackLocale
}

/**
 * A plan's text for one recipient: the variant of their locale with its
 * placeholders filled.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const content = { variants: { vi: 'Chào {{firstName | "bạn"}}!', en: 'Hi {{firstName | "there"}}!' }, fallbackLocale: "vi" } as const
 * renderText(content, "en", { firstName: "Lan" }) // => Result.succeed({ locale: "en", text: "Hi Lan!" })
 * renderText(content, "vi", {}) // => Result.succeed({ locale: "vi", text: "Chào bạn!" })
 * ```
 */
export const renderText = (
  content: PlanContent,
  recipientLocale: string | undefined,
  values: PersonalizationValues
): Result.Result<{ readonly locale: ContentLocale; readonly text: string }, UnfilledPlaceholder> => {
  const locale = localeFor(content, recipientLocale)
  // A decoded plan always has its fallback variant, and localeFor picks only a variant that exists.
  return Result.map(fillPlaceholders(content.variants[locale] ?? "", values, locale), (text) => ({ locale, text }))
}
