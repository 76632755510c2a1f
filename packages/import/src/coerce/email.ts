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
 * `readEmailCell(cell, policy)` for the cells most email columns hold: one
 * address, written as identity's fast path (`commonEmailAddress`) accepts
 * it, for which `readEmailCell` gives `{ emails: [address], refused: [] }`
 * — the address alone, without the lists around it. Anything else (an
 * empty cell, several addresses, a refused one, another form) returns
 * `undefined`: {@link readEmailCell} decides, and reports.
 *
 * @param cell - the email cell as read
 * @param policy - the workspace's resolved identity policy
 * @returns the normalized address, or `undefined` when `readEmailCell` must decide
 *
 * @example
 * ```ts
 * import { commonEmailCell } from "@kith/import"
 * import { resolveIdentityPolicy } from "@kith/identity"
 * const policy = resolveIdentityPolicy({})
 * commonEmailCell(" Lan.Nguyen@Gmail.com ", policy) // => "lan.nguyen@gmail.com"
 * commonEmailCell("lan@gmail.com; minh@gmail.com", policy) // => undefined
 * commonEmailCell("test@test.com", policy) // => undefined
 * ```
 */
export const commonEmailCell = (cell: CellValue, policy: ResolvedIdentityPolicy): string | undefined => {
  if (typeof cell !== "string") return undefined
  const common = commonEmailAddress(cell.trim(), policy)
  return typeof common === "string" ? common : undefined
}

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
