import type { Identifier, JsonValue } from "@kith/core"
import { asResolvedPolicy, commonValue, type IdentityPolicy, normalizeValue, type ResolvedIdentityPolicy } from "@kith/identity"
import { parseCalendarCell } from "./coerce/date.js"
import { commonEmailCell, readEmailCell } from "./coerce/email.js"
import { parseGenderCell } from "./coerce/gender.js"
import { commonPhoneCell } from "./coerce/common-phone-cell.js"
import { readPhoneCell, readPhoneCellGeneral, type Refusal } from "./coerce/phone.js"
import { cellText, hasCellText, parseCountryCell, splitList } from "./coerce/text-fields.js"
import { cleanCellText } from "./text.js"
import { InvalidImportOptions } from "./errors.js"
import { type CustomerFieldId, CustomerFieldIds, type FieldId, type ImportKind } from "./fields.js"
import { checkMapping, type ColumnMapping } from "./mapping.js"
import { ProblemList } from "./problem-list.js"
import type { CellProblem, ProblemReason } from "./problems.js"
import type { CellValue, SheetRow } from "./read/sheet-row.js"

/**
 * The identifier a re-import upserts on (IMP-6): the customer code (identifier
 * type `external_id`), the phone, the email, the Zalo id, the national id or
 * the tax code; `auto` (the default) takes, per row, the first of customer
 * code, phone and email that the row has.
 */
export type NaturalKey = "auto" | "customerCode" | "phone" | "email" | "zaloId" | "nationalId" | "taxCode"

const identifierTypeOf: { readonly [K in Exclude<NaturalKey, "auto">]: string } = {
  customerCode: "external_id",
  phone: "phone",
  email: "email",
  zaloId: "zalo_id",
  nationalId: "national_id",
  taxCode: "tax_code"
}

/** Options shared by the row readers. */
export interface RowOptions {
  /** The workspace's identity policy (default country, email rules, blocklist): the rules live events follow. */
  readonly policy?: IdentityPolicy | ResolvedIdentityPolicy
  /** When the import runs: two-digit years are read against it, and a birthday after it is refused. */
  readonly asOf: Date
  /** The identifier rows are upserted on (default `auto`). */
  readonly naturalKey?: NaturalKey
  /** XLSX: the workbook uses the 1904 date system. */
  readonly date1904?: boolean
}

/**
 * A customer row after validation and coercion: the traits of its `identify`
 * call (PRF-1 names, contact values normalized, `address` assembled, custom
 * traits under their names), its normalized identifiers, and the natural key
 * it is upserted on.
 *
 * @example
 * ```ts
 * import type { CustomerRecord } from "@kith/import"
 * const record: CustomerRecord = {
 *   row: 2,
 *   traits: { fullName: "Nguyễn Thị Lan", phone: "+84912345678" },
 *   identifiers: [{ type: "phone", value: "+84912345678" }],
 *   naturalKey: { type: "phone", value: "+84912345678" }
 * }
 * ```
 */
export interface CustomerRecord {
  readonly row: number
  readonly traits: Readonly<Record<string, JsonValue>>
  /** Normalized identifiers, as identity will hold them: phones, emails, the customer code as `external_id`, ... */
  readonly identifiers: ReadonlyArray<Identifier>
  readonly naturalKey: Identifier
}

/** What became of one row: a record, or `undefined` when a required field failed, and every problem found. */
export interface RowOutcome<R> {
  readonly row: number
  readonly record: R | undefined
  readonly problems: ReadonlyArray<CellProblem>
}

// Length limits of the PRF-1 fields (core's ProfileFields), checked here so a bad cell is reported, not a whole event refused.
const maxLength: Partial<Record<FieldId, number>> = {
  fullName: 200, firstName: 100, lastName: 100, street: 300, ward: 100, district: 100, province: 100,
  zaloId: 100, companyName: 300, taxCode: 50, nationalId: 50, assigneeId: 200, collaboratorId: 200,
  avatar: 2000, customerCode: 200, leadSource: 200, note: 10_000
}

const noItems: ReadonlyArray<string> = []

const addressFields = ["street", "ward", "district", "province"] as const
const plainTextFields = ["companyName", "assigneeId", "collaboratorId", "leadSource", "note", "avatar"] as const

/** The columns feeding each field, resolved once per import. */
export interface CompiledMapping {
  readonly byField: ReadonlyMap<FieldId, ReadonlyArray<ColumnMapping>>
  readonly traits: ReadonlyArray<ColumnMapping & { readonly target: { readonly kind: "trait"; readonly name: string } }>
}

/**
 * Checks a mapping ({@link checkMapping}) and groups its columns by field.
 *
 * @example
 * ```ts
 * import { compileMapping } from "@kith/import"
 * const compiled = compileMapping([{ column: 0, header: "SĐT", target: { kind: "field", field: "phone" }, confidence: 1 }], "customers", 1)
 * compiled.byField.get("phone")?.length // => 1
 * ```
 */
export const compileMapping = (mapping: ReadonlyArray<ColumnMapping>, kind: ImportKind, columnCount: number): CompiledMapping => {
  const byField = new Map<FieldId, Array<ColumnMapping>>()
  const traits: Array<ColumnMapping & { readonly target: { readonly kind: "trait"; readonly name: string } }> = []
  for (const entry of checkMapping(mapping, kind, columnCount)) {
    if (entry.target.kind === "field") {
      const list = byField.get(entry.target.field) ?? []
      list.push(entry)
      byField.set(entry.target.field, list)
    } else if (entry.target.kind === "trait") traits.push(entry as (typeof traits)[number])
  }
  return { byField, traits }
}

const customTraitValue = (cell: CellValue): JsonValue | undefined => {
  if (cell === null) return undefined
  if (typeof cell === "number" || typeof cell === "boolean") return cell
  const text = cellText(cell)
  return text.length === 0 ? undefined : text
}

const identifierRefusal = (type: string, reason: string): { readonly reason: ProblemReason; readonly message: string } => {
  switch (reason) {
    case "blocked":
      return { reason: "blocked", message: "a junk value on the blocklist (IDN-4): it never identifies anyone" }
    case "invalid_national_id":
      return { reason: "invalid_national_id", message: "a national id is a 9-digit CMND or a 12-digit CCCD" }
    case "invalid_tax_code":
      return { reason: "invalid_tax_code", message: "a tax code has 10 digits, optionally -001 for a branch" }
    case "too_long":
      return { reason: "too_long", message: "longer than 512 characters" }
    default:
      return { reason: "invalid_value", message: `not a valid ${type}` }
  }
}

/**
 * Builds the validator of customer rows for one mapping (IMP-4). Each row is
 * read field by field: text cleaned; phones and emails through
 * `@kith/identity`'s normalization with the workspace policy (several per
 * cell, spreadsheet damage repaired: {@link readPhoneCell},
 * {@link readEmailCell}); birthdays as calendar dates
 * ({@link parseCalendarCell}); gender words ({@link parseGenderCell});
 * country names; lists split. A bad optional cell is reported and left out.
 * A row is refused (its problems `fatal`) when it has no full name (nor a
 * last and first name), no valid phone and no valid email, or not the
 * natural key it must be upserted on.
 *
 * @param mapping - the checked mapping
 * @param columnCount - the number of header columns
 * @param options - policy, `asOf`, natural key
 * @returns a function from a sheet row to its outcome
 * @throws {@link InvalidImportOptions} for a mapping without a full name column or without a phone / email column, or a natural key no column provides
 *
 * @example
 * ```ts
 * import { customerRowReader } from "@kith/import"
 * const read = customerRowReader([
 *   { column: 0, header: "Họ tên", target: { kind: "field", field: "fullName" }, confidence: 1 },
 *   { column: 1, header: "SĐT", target: { kind: "field", field: "phone" }, confidence: 1 },
 *   { column: 2, header: "Ngày sinh", target: { kind: "field", field: "birthday" }, confidence: 1 }
 * ], 3, { asOf: new Date("2025-03-01T00:00:00Z") })
 * read({ number: 2, cells: ["Nguyễn Thị Lan", "912345678.0", "31/02/1990"] })
 * // => { row: 2, record: { row: 2, traits: { fullName: "Nguyễn Thị Lan", phone: "+84912345678" }, identifiers: [{ type: "phone", value: "+84912345678" }], naturalKey: { type: "phone", value: "+84912345678" } },
 * //      problems: [{ row: 2, column: 2, header: "Ngày sinh", value: "31/02/1990", reason: "invalid_date", fatal: false, ... }] }
 * ```
 */
export const customerRowReader = (
  mapping: ReadonlyArray<ColumnMapping>,
  columnCount: number,
  options: RowOptions
): ((row: SheetRow) => RowOutcome<CustomerRecord>) => {
  const compiled = compileMapping(mapping, "customers", columnCount)
  const policy = asResolvedPolicy(options.policy)
  const naturalKey = options.naturalKey ?? "auto"
  const columns = (field: CustomerFieldId): ReadonlyArray<ColumnMapping> => compiled.byField.get(field) ?? []
  const has = (field: CustomerFieldId) => columns(field).length > 0
  if (!has("fullName") && !(has("firstName") || has("lastName"))) {
    throw new InvalidImportOptions({ field: "mapping", reason: "no column is mapped to fullName (or to lastName / firstName): every customer needs a name" })
  }
  if (!has("phone") && !has("otherPhones") && !has("email") && !has("otherEmails")) {
    throw new InvalidImportOptions({ field: "mapping", reason: "no column is mapped to phone or email: every customer needs one of them" })
  }
  if (naturalKey !== "auto" && !has(naturalKey)) {
    throw new InvalidImportOptions({ field: "naturalKey", reason: `no column is mapped to ${naturalKey}` })
  }
  const asOfDate = options.asOf.toISOString().slice(0, 10)
  const dateOptions = { asOf: options.asOf, ...(options.date1904 === undefined ? {} : { date1904: options.date1904 }) }
  const problems = new ProblemList()
  const firstColumn = new Map<FieldId, ColumnMapping>()
  for (const [field, list] of compiled.byField) if (list[0] !== undefined) firstColumn.set(field, list[0])
  const one = (field: CustomerFieldId): ColumnMapping | undefined => firstColumn.get(field)
  // Each field's first column, looked up once: a row reads them as plain properties.
  const col = Object.fromEntries(CustomerFieldIds.map((field) => [field, one(field)])) as { readonly [K in CustomerFieldId]: ColumnMapping | undefined }
  const phoneColumns = [...columns("phone"), ...columns("otherPhones")]
  const emailColumns = [...columns("email"), ...columns("otherEmails")]
  const cellOf = (row: SheetRow, mapping: ColumnMapping): CellValue => row.cells[mapping.column] ?? null
  // Most mappings have one phone and one email column: a row takes its cell's values as they come, with no list of
  // its own to fill (a cell's values are already without duplicates).
  const onePhoneColumn = phoneColumns.length === 1 ? phoneColumns[0] : undefined
  const oneEmailColumn = emailColumns.length === 1 ? emailColumns[0] : undefined
  // Several phone (or email) columns: the row's values in column order, each once, every refused value reported.
  const distinctValuesOf = (row: SheetRow, mappings: ReadonlyArray<ColumnMapping>, read: (cell: CellValue) => { readonly values: ReadonlyArray<string>; readonly refused: ReadonlyArray<Refusal> }): ReadonlyArray<string> => {
    const values: Array<string> = []
    for (const mapping of mappings) {
      const cell = read(cellOf(row, mapping))
      problems.refusals(mapping, cell.refused)
      for (const value of cell.values) if (!values.includes(value)) values.push(value)
    }
    return values
  }
  const phonesOf = (row: SheetRow) =>
    distinctValuesOf(row, phoneColumns, (cell) => {
      const read = readPhoneCell(cell, policy)
      return { values: read.phones, refused: read.refused }
    })
  const emailsOf = (row: SheetRow) =>
    distinctValuesOf(row, emailColumns, (cell) => {
      const read = readEmailCell(cell, policy)
      return { values: read.emails, refused: read.refused }
    })

  // A text field's column with its length limit, resolved once per import, and the column's last few distinct cells
  // with their cleaned text: an address part, a source or a status repeats a handful of values row after row, and
  // a cell equal to one of them is not scanned again. A column whose cells seldom repeat (names, streets: more than a
  // fifth of its cells missed, past 64) stops looking (`recent` undefined).
  interface TextColumn<F extends CustomerFieldId> {
    readonly field: F
    readonly mapping: ColumnMapping
    readonly limit: number
    recent: Array<string> | undefined
    cleaned: Array<string>
    hits: number
    misses: number
  }
  const textColumn = <F extends CustomerFieldId>(field: F): TextColumn<F> | undefined =>
    col[field] === undefined ? undefined : { field, mapping: col[field]!, limit: maxLength[field] ?? Infinity, recent: [], cleaned: [], hits: 0, misses: 0 }
  const recentSize = 8
  const textOf = (column: TextColumn<CustomerFieldId>, cell: CellValue): string => {
    const recent = column.recent
    if (recent === undefined || typeof cell !== "string") return cellText(cell)
    for (let i = 0; i < recent.length; i++) {
      if (recent[i] === cell) {
        column.hits++
        return column.cleaned[i]!
      }
    }
    const value = cleanCellText(cell)
    if (recent.length < recentSize) {
      recent.push(cell)
      column.cleaned.push(value)
    } else if (++column.misses > 64 && column.misses * 4 > column.hits) column.recent = undefined
    return value
  }
  const text = (row: SheetRow, column: TextColumn<CustomerFieldId> | undefined): string | undefined => {
    if (column === undefined) return undefined
    const value = textOf(column, cellOf(row, column.mapping))
    if (value.length === 0) return undefined
    if (value.length > column.limit) {
      problems.add(column.mapping, value, "too_long", `longer than ${column.limit} characters`, column.field === "fullName")
      return undefined
    }
    return value
  }
  const fullNameColumn = textColumn("fullName")
  const lastNameColumn = textColumn("lastName")
  const firstNameColumn = textColumn("firstName")
  // The mapped text fields only, each with its column, resolved once: a row visits no unmapped field.
  const mappedOf = <F extends CustomerFieldId>(fields: ReadonlyArray<F>): ReadonlyArray<TextColumn<F>> =>
    fields.flatMap((field) => textColumn(field) ?? [])
  const [streetColumn, wardColumn, districtColumn, provinceColumn] = addressFields.map((field) => textColumn(field))
  const mappedPlainText = mappedOf(plainTextFields)
  const identifier = (row: SheetRow, mapping: ColumnMapping | undefined, field: "zaloId" | "nationalId" | "taxCode" | "customerCode"): string | undefined => {
    if (mapping === undefined) return undefined
    const cell = cellOf(row, mapping)
    const type = identifierTypeOf[field]
    // Identity's fast paths answer only for printable ASCII with no space at either end, which cleaning leaves as it
    // is unless it holds two spaces in a row: such a cell is read as it stands, without the cleaning pass.
    if (typeof cell === "string" && cell.indexOf("  ") < 0) {
      const common = commonValue(type, cell, policy)
      if (typeof common === "string") return common
    }
    const raw = cellText(cell)
    if (raw.length === 0) return undefined
    const normalized = normalizeValue(type, raw, policy)
    if (typeof normalized === "string") return normalized
    const refusal = identifierRefusal(type, normalized.reason)
    problems.add(mapping, raw, refusal.reason, refusal.message)
    return undefined
  }
  // The last few list cells of each field whose items all fit, and their splits: a column often holds a handful of
  // values (a customer group, a set of tags), row after row.
  interface SplitCell {
    readonly cell: CellValue
    readonly items: ReadonlyArray<string>
  }
  // A list field's columns and its recent cells, resolved once: a row reads them as plain properties.
  interface ListField {
    readonly sources: ReadonlyArray<ColumnMapping>
    readonly recent: Array<SplitCell>
  }
  const tagsField: ListField = { sources: columns("tags"), recent: [] }
  const groupsField: ListField = { sources: columns("customerGroups"), recent: [] }
  const list = (row: SheetRow, field: ListField): ReadonlyArray<string> => {
    const sources = field.sources
    if (sources.length === 0) return noItems
    // One column whose items all fit: its (shared, read-only) split is the list.
    if (sources.length === 1) {
      const cell = cellOf(row, sources[0]!)
      const recent = field.recent
      if (cell !== null) for (let i = 0; i < recent.length; i++) if (recent[i]!.cell === cell) return recent[i]!.items
      const items = splitList(cell)
      if (items.every((item) => item.length <= 100)) {
        if (recent.length >= 8) recent.shift()
        recent.push({ cell, items })
        return items
      }
    }
    const out: Array<string> = []
    for (const mapping of sources) {
      for (const item of splitList(cellOf(row, mapping))) {
        if (item.length > 100) problems.add(mapping, item, "too_long", "a tag or group is at most 100 characters")
        else if (!out.includes(item)) out.push(item)
      }
    }
    return out
  }

  return (row: SheetRow): RowOutcome<CustomerRecord> => {
    problems.reset(row.number)
    const traits: Record<string, JsonValue> = {}
    const identifiers: Array<Identifier> = []

    let fullName = text(row, fullNameColumn)
    const lastName = text(row, lastNameColumn)
    const firstName = text(row, firstNameColumn)
    if (fullName === undefined && (lastName !== undefined || firstName !== undefined)) fullName = [lastName, firstName].filter((p) => p !== undefined).join(" ")
    if (fullName === undefined) {
      if (!problems.fatal) problems.add(one("fullName") ?? one("lastName") ?? one("firstName"), "", "required", "the full name is required", true)
    } else traits["fullName"] = fullName
    if (lastName !== undefined) traits["lastName"] = lastName
    if (firstName !== undefined) traits["firstName"] = firstName

    let phones: ReadonlyArray<string>
    if (onePhoneColumn !== undefined) {
      // One phone column: its cell's phones, already without duplicates, are the row's (readPhoneCell, its fast
      // path taken here without the cell object it wraps the phones in).
      const value = cellOf(row, onePhoneColumn)
      const common = typeof value === "string" ? commonPhoneCell(value, policy) : undefined
      if (common !== undefined) phones = common
      else {
        const cell = readPhoneCellGeneral(value, policy)
        problems.refusals(onePhoneColumn, cell.refused)
        phones = cell.phones
      }
    } else phones = phonesOf(row)
    let emails: ReadonlyArray<string>
    if (oneEmailColumn !== undefined) {
      // One email column: most cells hold one address, taken as readEmailCell would give it (commonEmailCell).
      const value = cellOf(row, oneEmailColumn)
      const common = commonEmailCell(value, policy)
      if (common !== undefined) emails = [common]
      else {
        const cell = readEmailCell(value, policy)
        problems.refusals(oneEmailColumn, cell.refused)
        emails = cell.emails
      }
    } else emails = emailsOf(row)
    if (phones.length > 0) {
      traits["phone"] = phones[0]!
      if (phones.length > 1) traits["otherPhones"] = phones.slice(1)
    }
    if (emails.length > 0) {
      traits["email"] = emails[0]!
      if (emails.length > 1) traits["otherEmails"] = emails.slice(1)
    }
    if (phones.length === 0 && emails.length === 0) {
      problems.add(one("phone") ?? one("email") ?? one("otherPhones") ?? one("otherEmails"), "", "missing_contact", "a valid phone or email is required", true)
    }

    const birthdayColumn = col.birthday
    if (birthdayColumn !== undefined) {
      const cell = cellOf(row, birthdayColumn)
      if (hasCellText(cell)) {
        const birthday = parseCalendarCell(cell, dateOptions)
        if (birthday === undefined) problems.add(birthdayColumn, cell, "invalid_date", "not a real date (dd/mm/yyyy, d/m/yy, yyyy-mm-dd or an Excel date)")
        else if (birthday > asOfDate) problems.add(birthdayColumn, cell, "invalid_date", "a birthday after the import date")
        else traits["birthday"] = birthday
      }
    }
    const genderColumn = col.gender
    if (genderColumn !== undefined) {
      const cell = cellOf(row, genderColumn)
      if (hasCellText(cell)) {
        const gender = parseGenderCell(cell)
        if (gender === undefined) problems.add(genderColumn, cell, "invalid_gender", "not a gender word (Nam, Nữ, Khác, Male, Female, M, F)")
        else traits["gender"] = gender
      }
    }

    // Named stores, in the order of addressFields: an object keyed by a variable name is slower to build.
    let address: { street?: string; ward?: string; district?: string; province?: string; country?: string } | undefined
    const street = text(row, streetColumn)
    if (street !== undefined) (address ??= {}).street = street
    const ward = text(row, wardColumn)
    if (ward !== undefined) (address ??= {}).ward = ward
    const district = text(row, districtColumn)
    if (district !== undefined) (address ??= {}).district = district
    const province = text(row, provinceColumn)
    if (province !== undefined) (address ??= {}).province = province
    const countryColumn = col.country
    if (countryColumn !== undefined) {
      const cell = cellOf(row, countryColumn)
      if (hasCellText(cell)) {
        const country = parseCountryCell(cell)
        if (country === undefined) problems.add(countryColumn, cell, "invalid_country", "not a country (an ISO code such as VN, or a name such as Việt Nam)")
        else (address ??= {}).country = country
      }
    }
    if (address !== undefined) traits["address"] = address

    for (const column of mappedPlainText) {
      const value = text(row, column)
      if (value !== undefined) traits[column.field] = value
    }
    const zaloId = identifier(row, col.zaloId, "zaloId")
    if (zaloId !== undefined) traits["zaloId"] = zaloId
    const nationalId = identifier(row, col.nationalId, "nationalId")
    if (nationalId !== undefined) traits["nationalId"] = nationalId
    const taxCode = identifier(row, col.taxCode, "taxCode")
    if (taxCode !== undefined) traits["taxCode"] = taxCode
    const customerCode = identifier(row, col.customerCode, "customerCode")
    // The customer code first, then phones and emails, then the other ids.
    if (customerCode !== undefined) identifiers.push({ type: "external_id", value: customerCode })
    for (const phone of phones) identifiers.push({ type: "phone", value: phone })
    for (const email of emails) identifiers.push({ type: "email", value: email })
    if (zaloId !== undefined) identifiers.push({ type: "zalo_id", value: zaloId })
    if (nationalId !== undefined) identifiers.push({ type: "national_id", value: nationalId })
    if (taxCode !== undefined) identifiers.push({ type: "tax_code", value: taxCode })

    const tags = list(row, tagsField)
    if (tags.length > 0) traits["tags"] = tags
    const groups = list(row, groupsField)
    if (groups.length > 0) traits["customerGroups"] = groups

    for (const mapping of compiled.traits) {
      const value = customTraitValue(cellOf(row, mapping))
      if (value !== undefined) traits[mapping.target.name] = value
    }

    let key: Identifier | undefined
    if (naturalKey === "auto") key = identifiers[0]
    else {
      const type = identifierTypeOf[naturalKey]
      for (let i = 0; i < identifiers.length && key === undefined; i++) if (identifiers[i]!.type === type) key = identifiers[i]
      if (key === undefined) problems.add(one(naturalKey), "", "missing_natural_key", `the natural key (${naturalKey}) is empty or invalid`, true)
    }
    if (problems.fatal || key === undefined) return { row: row.number, record: undefined, problems: problems.problems }
    return { row: row.number, record: { row: row.number, traits, identifiers, naturalKey: key }, problems: problems.problems }
  }
}
