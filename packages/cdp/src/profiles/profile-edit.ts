import { type InputIssue, InvalidInput, issuesOf, ProfileFields } from "@kith/core"
import { normalizeIdentifier } from "@kith/identity"
import { Result, Schema } from "effect"

/**
 * Fields a person edits on a profile (PRF-10): any of `@kith/core`'s
 * `ProfileFields` as they arrive (`birthday` as `dd/mm/yyyy` or
 * `yyyy-mm-dd`, `gender`, `fullName`, `phone`, `email`, `address`, ...).
 * Age is derived from `birthday`; set the birthday to change it.
 *
 * @example
 * ```ts
 * const edit: ProfileEdit = { fullName: "Nguyễn Thị Lan", gender: "female", birthday: "05/09/1990", phone: "0912 345 678" }
 * ```
 */
export type ProfileEdit = typeof ProfileFields.Encoded

const decodeFields = Schema.decodeUnknownResult(ProfileFields)

const ISSUE_BY_REASON: Readonly<Record<string, string>> = {
  invalid_phone: "not a valid phone number",
  invalid_email: "not a valid email address",
  blocked: "a placeholder value that identifies no one",
  empty: "empty",
  too_long: "longer than 512 characters"
}

const contactIssues = (fields: { readonly phone?: string; readonly otherPhones?: ReadonlyArray<string>; readonly email?: string; readonly otherEmails?: ReadonlyArray<string> }): Array<InputIssue> => {
  const checks: Array<{ readonly path: string; readonly type: "phone" | "email"; readonly value: string }> = []
  if (fields.phone !== undefined) checks.push({ path: "phone", type: "phone", value: fields.phone })
  fields.otherPhones?.forEach((value, i) => checks.push({ path: `otherPhones[${i}]`, type: "phone", value }))
  if (fields.email !== undefined) checks.push({ path: "email", type: "email", value: fields.email })
  fields.otherEmails?.forEach((value, i) => checks.push({ path: `otherEmails[${i}]`, type: "email", value }))
  const issues: Array<InputIssue> = []
  for (const check of checks) {
    const normalized = normalizeIdentifier({ type: check.type, value: check.value })
    if (Result.isFailure(normalized)) {
      issues.push({ path: check.path, message: `${JSON.stringify(check.value)} is ${ISSUE_BY_REASON[normalized.failure.reason] ?? normalized.failure.reason}` })
    }
  }
  return issues
}

/**
 * Validates a profile edit (PRF-10): every field against `ProfileFields`
 * (unknown field names are refused, not stored as custom traits by
 * accident), and phones and emails against identity normalization (IDN-3),
 * so a value that could never identify anyone is refused with its reason.
 *
 * @param input - the edited fields
 * @returns the decoded fields, or `InvalidInput` (subject `"profile fields"`) naming each field and reason
 *
 * @example
 * ```ts
 * decodeProfileEdit({ phone: "0912", birthday: "31/02/1990" })
 * // => Result.fail(InvalidInput { subject: "profile fields", issues: [{ path: "birthday", ... }] }) (schema issues first)
 * decodeProfileEdit({ phone: "0912" })
 * // => Result.fail(InvalidInput { subject: "profile fields", issues: [{ path: "phone", message: "\"0912\" is not a valid phone number" }] })
 * ```
 */
export const decodeProfileEdit = (input: unknown): Result.Result<Readonly<Record<string, unknown>>, InvalidInput> => {
  const decoded = decodeFields(input, { errors: "all", onExcessProperty: "error" })
  if (Result.isFailure(decoded)) return Result.fail(new InvalidInput({ subject: "profile fields", issues: issuesOf(decoded.failure.issue) }))
  const fields = decoded.success
  if (Object.keys(fields).length === 0) return Result.fail(new InvalidInput({ subject: "profile fields", issues: [{ path: "", message: "no field to update" }] }))
  const issues = contactIssues(fields)
  return issues.length > 0 ? Result.fail(new InvalidInput({ subject: "profile fields", issues })) : Result.succeed(fields)
}
