import { normalizeValue, resolveIdentityPolicy } from "@kith/identity"
import { cleanCellText, parseCalendarCell, parseGenderCell, splitList } from "@kith/import"

// The least work a row of the bench's customer CSV (see customer-csv.ts for its columns) needs, in the simplest
// code: the floors under import.parse-map-validate. The bench's two kinds of phone damage are undone the
// cheapest way (split on `/`, a trailing `.0` cut); nothing is reported, nothing is checked twice.

const policy = resolveIdentityPolicy({})
const asOf = new Date("2025-03-01T00:00:00Z")

const phonesOf = (cell: string): Array<string> => {
  const phones: Array<string> = []
  for (const part of cell.split("/")) {
    const text = part.trim()
    const phone = normalizeValue("phone", text.endsWith(".0") ? text.slice(0, -2) : text, policy)
    if (typeof phone === "string") phones.push(phone)
  }
  return phones
}

/**
 * Identity's normalization of a row's identifiers (each phone, the email, the customer code): what the issue
 * requires of every row, the rules live events follow. Whether the row has a valid contact and code.
 */
export const identifiersFloor = (cells: ReadonlyArray<string>): boolean => {
  if (cells.length < 13) return false
  const phones = phonesOf(cells[2]!)
  const email = cells[3] === "" ? undefined : normalizeValue("email", cells[3]!, policy)
  const code = normalizeValue("external_id", cells[0]!, policy)
  return typeof code === "string" && (phones.length > 0 || typeof email === "string")
}

/**
 * Every column the case maps, with @kith/import's own coercions called directly: the identifiers as above,
 * the name, address and note cleaned, the birthday, the gender, the groups and tags, and the traits and
 * identifiers of the row built. The row's traits and identifiers when it has a valid contact and code.
 */
export const fullRowFloor = (cells: ReadonlyArray<string>): { readonly traits: Record<string, unknown>; readonly identifiers: ReadonlyArray<{ readonly type: string; readonly value: string }> } | undefined => {
  if (cells.length < 13) return undefined
  const phones = phonesOf(cells[2]!)
  const email = cells[3] === "" ? undefined : normalizeValue("email", cells[3]!, policy)
  const code = normalizeValue("external_id", cells[0]!, policy)
  const traits: Record<string, unknown> = { fullName: cleanCellText(cells[1]!) }
  if (phones.length > 0) traits["phone"] = phones[0]
  if (typeof email === "string") traits["email"] = email
  const birthday = cells[4] === "" ? undefined : parseCalendarCell(cells[4]!, { asOf })
  if (birthday !== undefined) traits["birthday"] = birthday
  const gender = cells[5] === "" ? undefined : parseGenderCell(cells[5]!)
  if (gender !== undefined) traits["gender"] = gender
  traits["address"] = { street: cleanCellText(cells[6]!), ward: cleanCellText(cells[7]!), district: cleanCellText(cells[8]!), province: cleanCellText(cells[9]!) }
  traits["customerGroups"] = splitList(cells[10]!)
  traits["tags"] = splitList(cells[11]!)
  if (cells[12] !== "") traits["note"] = cleanCellText(cells[12]!)
  const identifiers = typeof code === "string" ? [{ type: "external_id", value: code }] : []
  for (const phone of phones) identifiers.push({ type: "phone", value: phone })
  if (typeof email === "string") identifiers.push({ type: "email", value: email })
  return typeof code === "string" && (phones.length > 0 || typeof email === "string") ? { traits, identifiers } : undefined
}
