import type { InputIssue } from "@kith/core"
import { Result } from "effect"
import { UnfilledPlaceholder } from "../errors.js"

/**
 * The fields a message can be personalized with, and whether every
 * recipient has a value (`always`) or some may not (`optional`: a
 * placeholder for it must give a fallback, `{{firstName | "bạn"}}`).
 * `voucher.code` needs a plan with a voucher.
 *
 * @example
 * ```ts
 * PersonalizationFields["lastOrder.total"] // => "optional"
 * ```
 */
export const PersonalizationFields = {
  firstName: "optional",
  lastName: "optional",
  fullName: "optional",
  "lastOrder.id": "optional",
  "lastOrder.total": "optional",
  "lastOrder.date": "optional",
  "shop.name": "always",
  "voucher.code": "with_voucher"
} as const satisfies Record<string, "always" | "optional" | "with_voucher">

/** One of the keys of {@link PersonalizationFields}. */
export type PersonalizationField = keyof typeof PersonalizationFields

/** A placeholder found in a text: `{{field}}` or `{{field | "fallback"}}`. */
export interface Placeholder {
  readonly field: string
  readonly fallback: string | undefined
  /** Where it starts in the text, and its length. */
  readonly index: number
  readonly length: number
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.]*)\s*(?:\|\s*"([^"{}]*)"\s*)?\}\}/g

/**
 * The placeholders of a text, in order.
 *
 * @example
 * ```ts
 * placeholdersOf('Chào {{firstName | "bạn"}}, đơn {{lastOrder.id | "gần nhất"}}').map((p) => [p.field, p.fallback])
 * // => [["firstName", "bạn"], ["lastOrder.id", "gần nhất"]]
 * ```
 */
export const placeholdersOf = (text: string): ReadonlyArray<Placeholder> =>
  Array.from(text.matchAll(PLACEHOLDER), (m) => ({ field: m[1]!, fallback: m[2], index: m.index, length: m[0].length }))

const isField = (field: string): field is PersonalizationField => Object.hasOwn(PersonalizationFields, field)

/**
 * The problems with the placeholders of one text, each naming `path`: a
 * `{{` that is not a placeholder, an unknown field, a field some recipients
 * lack given without a fallback, `voucher.code` in a plan without a voucher.
 *
 * @example
 * ```ts
 * placeholderIssues("Chào {{firstName}}", "content.variants.vi", { hasVoucher: false })
 * // => [{ path: "content.variants.vi", message: 'placeholder {{firstName}} may have no value for some recipients: give a fallback, {{firstName | "..."}}' }]
 * ```
 */
export const placeholderIssues = (text: string, path: string, plan: { readonly hasVoucher: boolean }): ReadonlyArray<InputIssue> => {
  const issues: Array<InputIssue> = []
  const found = placeholdersOf(text)
  const stray = text.replace(PLACEHOLDER, "")
  if (stray.includes("{{") || stray.includes("}}"))
    issues.push({ path, message: 'a "{{" or "}}" that is not a placeholder: write {{field}} or {{field | "fallback"}}' })
  for (const p of found) {
    if (!isField(p.field)) {
      issues.push({ path, message: `unknown placeholder {{${p.field}}}: one of ${Object.keys(PersonalizationFields).join(", ")}` })
      continue
    }
    const availability = PersonalizationFields[p.field]
    if (availability === "optional" && p.fallback === undefined)
      issues.push({ path, message: `placeholder {{${p.field}}} may have no value for some recipients: give a fallback, {{${p.field} | "..."}}` })
    if (availability === "with_voucher" && !plan.hasVoucher) issues.push({ path, message: `placeholder {{${p.field}}} needs a voucher on the plan` })
  }
  return issues
}

/** The values of one recipient's message: the fields it has, as text ready to insert. */
export type PersonalizationValues = Partial<Record<PersonalizationField, string>>

/**
 * Fills the placeholders of a text with a recipient's values, a missing value
 * with its fallback. A placeholder with neither is an {@link UnfilledPlaceholder}, never an empty string.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * fillPlaceholders('Chào {{firstName | "bạn"}}!', {}, "vi") // => Result.succeed("Chào bạn!")
 * fillPlaceholders("Chào {{firstName}}!", { firstName: "Lan" }, "vi") // => Result.succeed("Chào Lan!")
 * ```
 */
export const fillPlaceholders = (text: string, values: PersonalizationValues, locale: string): Result.Result<string, UnfilledPlaceholder> => {
  let out = ""
  let from = 0
  for (const p of placeholdersOf(text)) {
    const value = isField(p.field) ? values[p.field] : undefined
    const filled = value !== undefined && value !== "" ? value : p.fallback
    if (filled === undefined) return Result.fail(new UnfilledPlaceholder({ placeholder: p.field, locale }))
    out += text.slice(from, p.index) + filled
    from = p.index + p.length
  }
  return Result.succeed(out + text.slice(from))
}
