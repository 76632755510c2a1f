import { hasEmailShape } from "./common-forms.js"

/**
 * What to do with `+tag` sub-addresses (`lan+shop@gmail.com`):
 * - `keep`: leave them (default; two tagged addresses stay two identifiers).
 * - `strip_known_providers`: drop the tag at providers known to deliver tagged mail to the same inbox.
 * - `strip_all`: drop the tag at every domain.
 *
 * @example
 * ```ts
 * normalizeEmailAddress("lan+tet@gmail.com", { plusTags: "strip_known_providers" }) // => "lan@gmail.com"
 * ```
 */
export type PlusTagRule = "keep" | "strip_known_providers" | "strip_all"

/**
 * Options of {@link normalizeEmailAddress}; both provider rules are opt-in.
 *
 * @example
 * ```ts
 * const rules: EmailRules = { gmailDots: true, plusTags: "strip_known_providers" }
 * ```
 */
export interface EmailRules {
  /** Ignore dots in the local part of Gmail addresses (`l.a.n@gmail.com` = `lan@gmail.com`); also maps `googlemail.com` to `gmail.com`. Default `false`. */
  readonly gmailDots?: boolean
  /** See {@link PlusTagRule}. Default `keep`. */
  readonly plusTags?: PlusTagRule
}

// Providers that deliver `local+tag@domain` to `local@domain`.
const plusTagProviders = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "icloud.com",
  "me.com",
  "proton.me",
  "protonmail.com",
  "fastmail.com",
  "yandex.com"
])

// Anything beyond ASCII goes through Unicode normalization first.
const nonAscii = /[^\x00-\x7f]/
// Zero-width characters copied along with an address: they are invisible, so never part of it.
const zeroWidth = /[\u200b-\u200d\u2060\ufeff\u00ad]/g

/**
 * Normalizes an email address (IDN-3): Unicode-normalized (NFKC, so a
 * full-width `＠` is `@`; zero-width characters removed), trimmed,
 * lower-cased, a `mailto:` prefix and a trailing dot removed, then the
 * opt-in provider rules. Returns `undefined` when the
 * value is not shaped like an address.
 *
 * @param raw - the address as written
 * @param rules - provider rules, all off by default
 * @returns the normalized address, or `undefined`
 *
 * @example
 * ```ts
 * normalizeEmailAddress("  Lan.Nguyen@Gmail.COM ") // => "lan.nguyen@gmail.com"
 * normalizeEmailAddress("lan.nguyen+shop@gmail.com", { gmailDots: true, plusTags: "strip_known_providers" }) // => "lannguyen@gmail.com"
 * normalizeEmailAddress("lan＠gmail.com.") // => "lan@gmail.com"
 * normalizeEmailAddress("not-an-email") // => undefined
 * ```
 */
export const normalizeEmailAddress = (raw: string, rules?: EmailRules): string | undefined => {
  let value = nonAscii.test(raw) ? raw.normalize("NFKC").replace(zeroWidth, "") : raw
  value = value.trim().toLowerCase()
  if (value.startsWith("mailto:")) value = value.slice(7)
  // A trailing dot is the DNS root: `lan@gmail.com.` is `lan@gmail.com`.
  if (value.endsWith(".")) value = value.slice(0, -1)
  // A pragmatic address shape (hasEmailShape): atom characters in the local part, LDH labels, an alphabetic top level.
  if (value.length > 320 || !hasEmailShape(value)) return undefined
  if (rules === undefined) return value
  const gmailDots = rules.gmailDots === true
  const plusTags = rules.plusTags ?? "keep"
  if (!gmailDots && plusTags === "keep") return value
  const at = value.lastIndexOf("@")
  let local = value.slice(0, at)
  let domain = value.slice(at + 1)
  const isGmail = domain === "gmail.com" || domain === "googlemail.com"
  if (plusTags === "strip_all" || (plusTags === "strip_known_providers" && plusTagProviders.has(domain))) {
    const plus = local.indexOf("+")
    if (plus > 0) local = local.slice(0, plus)
  }
  if (gmailDots && isGmail) {
    local = local.replaceAll(".", "")
    domain = "gmail.com"
  }
  return local.length === 0 ? undefined : `${local}@${domain}`
}
