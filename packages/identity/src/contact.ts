import { asResolvedPolicy, normalizeValue } from "./normalize.js"
import { phoneNumbersIn } from "./phone.js"
import type { IdentityPolicy, ResolvedIdentityPolicy } from "./policy.js"

/**
 * Which phone and email values identity accepts as a person's contact
 * details under a policy: a phone field with at least one number that
 * normalizes (see {@link phoneNumbersIn}), an email that normalizes, neither
 * blocked. Junk (`0000000000`, `test@test.com`), invalid values and service
 * numbers (1900) are not contact details: they never make a visitor a lead
 * and never show as a profile's phone or email.
 *
 * @param policy - the workspace policy (defaults when omitted)
 * @returns the check, `(kind, value) => boolean`
 *
 * @example
 * ```ts
 * const accepts = acceptsContactValue()
 * accepts("phone", "0912 345 678") // => true
 * accepts("phone", "0000000000") // => false
 * accepts("phone", "1900 1234") // => false
 * accepts("email", "test@test.com") // => false
 * ```
 */
export const acceptsContactValue = (policy?: IdentityPolicy | ResolvedIdentityPolicy): ((kind: "phone" | "email", value: string) => boolean) => {
  const resolved = asResolvedPolicy(policy)
  let check = checks.get(resolved)
  if (check === undefined) {
    check = (kind, value) => {
      if (typeof value !== "string") return false
      if (kind === "email") return typeof normalizeValue("email", value, resolved) === "string"
      return phoneNumbersIn(value).some((number) => typeof normalizeValue("phone", number, resolved) === "string")
    }
    checks.set(resolved, check)
  }
  return check
}
const checks = new WeakMap<ResolvedIdentityPolicy, (kind: "phone" | "email", value: string) => boolean>()

const contactTraits: ReadonlyArray<readonly [string, "phone" | "email", boolean]> = [
  ["phone", "phone", false],
  ["otherPhones", "phone", true],
  ["email", "email", false],
  ["otherEmails", "email", true]
]

/**
 * A record's traits with the contact values identity does not accept left
 * out (see {@link acceptsContactValue}): `phone` and `email` removed when
 * rejected, `otherPhones` and `otherEmails` filtered. Other traits are kept
 * as they are; the same object comes back when nothing was left out.
 *
 * @param traits - traits as an event carried them
 * @param accepts - the check, from {@link acceptsContactValue}
 * @returns the traits a profile may show
 *
 * @example
 * ```ts
 * withValidContacts({ fullName: "Lan", phone: "12345", otherEmails: ["lan@gmail.com", "null"] }, acceptsContactValue())
 * // => { fullName: "Lan", otherEmails: ["lan@gmail.com"] }
 * ```
 */
export const withValidContacts = <T extends Readonly<Record<string, unknown>>>(traits: T, accepts: (kind: "phone" | "email", value: string) => boolean): T => {
  let out: Record<string, unknown> | undefined
  for (const [name, kind, list] of contactTraits) {
    const value = traits[name]
    if (value === undefined) continue
    if (list) {
      if (!Array.isArray(value)) continue
      const kept = value.filter((item) => typeof item === "string" && accepts(kind, item))
      if (kept.length !== value.length) (out ??= { ...traits })[name] = kept
    } else if (typeof value === "string" && !accepts(kind, value)) delete (out ??= { ...traits })[name]
  }
  return (out ?? traits) as T
}
