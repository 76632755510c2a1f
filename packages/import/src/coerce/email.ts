import { commonEmailAddress, normalizeValue, type ResolvedIdentityPolicy } from "@kith/identity"
import type { CellValue } from "../read/sheet-row.js"
import type { Refusal } from "./phone.js"

/** The emails of one cell: normalized (the first is the main one) and the parts refused. */
export interface EmailCell {
  readonly emails: ReadonlyArray<string>
  readonly refused: ReadonlyArray<Refusal>
}

const noRefusals: ReadonlyArray<Refusal> = []
const noEmails: EmailCell = { emails: [], refused: noRefusals }

const refusalOf = (value: string, reason: string): Refusal => ({
  value,
  reason: reason === "blocked" ? "blocked" : reason === "too_long" ? "too_long" : "invalid_email",
  message: reason === "blocked" ? "a junk value on the blocklist (IDN-4): it never identifies anyone" : "not an email address (name@domain.tld)"
})

/**
 * Reads every email address in one cell: several addresses separated by
 * `,`, `;`, `/`, `|` or spaces, each normalized by `@kith/identity` with
 * the workspace policy (trimmed, lower-cased, `mailto:` removed, provider
 * rules if the workspace turned them on, the blocklist). Duplicates are
 * dropped.
 *
 * @param cell - the cell as read
 * @param policy - the workspace's resolved identity policy
 * @returns the emails, and the parts refused with a reason
 *
 * @example
 * ```ts
 * import { readEmailCell } from "@kith/import"
 * import { resolveIdentityPolicy } from "@kith/identity"
 * readEmailCell(" Lan.Nguyen@Gmail.com; lan@congty.vn ", resolveIdentityPolicy({})).emails // => ["lan.nguyen@gmail.com", "lan@congty.vn"]
 * readEmailCell("test@test.com", resolveIdentityPolicy({})).refused[0]?.reason // => "blocked"
 * ```
 */
export const readEmailCell = (cell: CellValue, policy: ResolvedIdentityPolicy): EmailCell => {
  if (cell === null) return noEmails
  const text = String(cell).trim()
  if (text.length === 0) return noEmails
  // Most cells hold one address in the form identity's fast path answers (whose shape has a single `@`): what the
  // single-address reading below answers, without looking for a second `@` first.
  const common = commonEmailAddress(text, policy)
  if (common !== undefined) return typeof common === "string" ? { emails: [common], refused: noRefusals } : { emails: [], refused: [refusalOf(text, common.reason)] }
  // Most other cells hold one address too: no split, no lists to grow.
  if (text.indexOf("@") === text.lastIndexOf("@")) {
    const normalized = normalizeValue("email", text, policy)
    return typeof normalized === "string" ? { emails: [normalized], refused: noRefusals } : { emails: [], refused: [refusalOf(text, normalized.reason)] }
  }
  const emails: Array<string> = []
  const refused: Array<Refusal> = []
  for (const part of text.split(/[,;/|\s]+/)) {
    if (part.length === 0) continue
    const normalized = normalizeValue("email", part, policy)
    if (typeof normalized === "string") {
      if (!emails.includes(normalized)) emails.push(normalized)
    } else refused.push(refusalOf(part, normalized.reason))
  }
  return { emails, refused }
}
