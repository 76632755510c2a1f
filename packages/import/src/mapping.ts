import { CustomerFieldIds, type FieldId, type ImportKind, OrderFieldIds } from "./fields.js"
import { InvalidImportOptions } from "./errors.js"
import { DefaultSynonyms, spellingsOf, type SynonymTable } from "./synonyms.js"
import { compactLabel, foldLabel } from "./text.js"

/**
 * Where one column goes: a kith field, a custom trait of the given name
 * (kept as text, under that name, in the `identify` call), or nowhere
 * ("do not import").
 */
export type ColumnTarget =
  | { readonly kind: "field"; readonly field: FieldId }
  | { readonly kind: "trait"; readonly name: string }
  | { readonly kind: "skip" }

/**
 * One column of the file and where it goes, with how sure the suggestion was
 * (1 for a header that is a known spelling, less for a partial or
 * misspelled match, 0 for a column nobody recognized). A mapping the user
 * edited keeps the confidence it had or any number; only `column` and
 * `target` are read by the import.
 */
export interface ColumnMapping {
  /** The column's position, from 0. */
  readonly column: number
  /** The header as cleaned ({@link cleanHeader}). */
  readonly header: string
  readonly target: ColumnTarget
  readonly confidence: number
}

/** The fields each import kind accepts. */
const fieldsOfKind: { readonly [K in ImportKind]: ReadonlySet<FieldId> } = {
  customers: new Set(CustomerFieldIds),
  orders: new Set<FieldId>([...OrderFieldIds, "fullName", "lastName", "firstName", "phone", "otherPhones", "email", "otherEmails", "customerCode", "street", "ward", "district", "province", "country"])
}

/** Fields that several columns may fill (their values are joined). */
const multiColumnFields: ReadonlySet<FieldId> = new Set<FieldId>(["otherPhones", "otherEmails", "tags", "customerGroups"])

/** Where a second column of a single-column field goes. */
const overflowOf: Partial<Record<FieldId, FieldId>> = { phone: "otherPhones", email: "otherEmails" }

interface CompiledSpelling {
  readonly field: FieldId
  readonly folded: string
  readonly compact: string
  /** ` ${folded} `: whole words of a header are looked for with it. */
  readonly padded: string
}

const compiledTables = new WeakMap<SynonymTable, ReadonlyArray<CompiledSpelling>>()
const compile = (table: SynonymTable): ReadonlyArray<CompiledSpelling> => {
  let compiled = compiledTables.get(table)
  if (compiled === undefined) {
    const out: Array<CompiledSpelling> = []
    for (const field of [...CustomerFieldIds, ...OrderFieldIds]) {
      for (const spelling of spellingsOf(field, table)) {
        const folded = foldLabel(spelling)
        if (folded.length > 0) out.push({ field, folded, compact: folded.replaceAll(" ", ""), padded: ` ${folded} ` })
      }
    }
    compiled = out
    compiledTables.set(table, compiled)
  }
  return compiled
}

// The three rows of editDistance's table, reused from call to call (header detection compares every cell of the
// first rows with every spelling), grown for a longer spelling.
let distanceRows: Array<Int32Array> = [new Int32Array(64), new Int32Array(64), new Int32Array(64)]

// Edit distance with adjacent transpositions (optimal string alignment), for misspelled headers
// (`So dien thaoi`); gives up (returns limit + 1) once every alignment is past `limit`.
const editDistance = (a: string, b: string, limit: number): number => {
  if (distanceRows[0]!.length <= b.length) distanceRows = distanceRows.map(() => new Int32Array(b.length + 1))
  let [before, previous, current] = distanceRows as [Int32Array, Int32Array, Int32Array]
  for (let j = 0; j <= b.length; j++) previous[j] = j
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1)
    current[0] = i
    let best = i
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ai === b.charCodeAt(j - 1) ? 0 : 1))
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) value = Math.min(value, before[j - 2]! + 1)
      current[j] = value
      if (value < best) best = value
    }
    if (best > limit) return limit + 1
    const oldest = before
    before = previous
    previous = current
    current = oldest
  }
  return previous[b.length]!
}

/**
 * How well a header matches one spelling, from 0 to 1:
 * - 1: equal once folded (accents, case, punctuation, Unicode form ignored);
 * - 0.95: equal once spaces are ignored too (`SốĐT` = `Số ĐT`);
 * - 0.6–0.9: the header contains the spelling as whole words
 *   (`Số điện thoại khách hàng` contains `Số điện thoại`), more for a spelling
 *   that covers more of the header;
 * - up to 0.8: a misspelling (at most one edit — a letter added, dropped, changed or two swapped — in six characters);
 * - 0 otherwise.
 */
const matchScore = (folded: string, padded: string, compact: string, spelling: CompiledSpelling): number => {
  if (folded === spelling.folded) return 1
  if (compact === spelling.compact) return 0.95
  if (spelling.compact.length >= 2 && padded.includes(spelling.padded)) return 0.6 + 0.3 * (spelling.compact.length / compact.length)
  if (compact.length >= 6 && spelling.compact.length >= 6) {
    const allowed = Math.floor(Math.max(compact.length, spelling.compact.length) / 6)
    if (Math.abs(compact.length - spelling.compact.length) > allowed) return 0
    const distance = editDistance(compact, spelling.compact, allowed)
    if (distance <= allowed) return 0.8 - 0.1 * distance
  }
  return 0
}

/**
 * The best field for one header among the fields of `kind`, with its
 * confidence (see {@link suggestMapping}); `undefined` when nothing matches.
 *
 * @example
 * ```ts
 * import { matchHeader } from "@kith/import"
 * matchHeader("SĐT", "customers") // => { field: "phone", confidence: 1 }
 * matchHeader("Số điện thoại khách hàng", "customers") // => { field: "phone", confidence: 1 }
 * matchHeader("Màu yêu thích", "customers") // => undefined
 * ```
 */
export const matchHeader = (
  header: string,
  kind: ImportKind,
  synonyms: SynonymTable = DefaultSynonyms
): { readonly field: FieldId; readonly confidence: number } | undefined => {
  const folded = foldLabel(header)
  if (folded.length === 0) return undefined
  const compact = folded.replaceAll(" ", "")
  const padded = ` ${folded} `
  const allowed = fieldsOfKind[kind]
  let best: { field: FieldId; confidence: number } | undefined
  for (const spelling of compile(synonyms)) {
    if (!allowed.has(spelling.field)) continue
    const score = matchScore(folded, padded, compact, spelling)
    if (score > 0 && (best === undefined || score > best.confidence)) best = { field: spelling.field, confidence: Math.round(score * 100) / 100 }
  }
  return best
}

/** Below this confidence a header is not mapped by itself (the column is suggested as "do not import"). */
export const MinimumConfidence = 0.6

/** Options of {@link suggestMapping}. */
export interface SuggestOptions {
  /** The synonym table (kith's {@link DefaultSynonyms} unless a workspace extended it). */
  readonly synonyms?: SynonymTable
  /**
   * Custom traits the workspace already has (e.g. from an earlier import or an
   * export): a header equal to one of them, folded, maps to that trait.
   */
  readonly customTraits?: ReadonlyArray<string>
}

/**
 * Suggests where each column of a file goes, from its headers (IMP-3). Each
 * header is matched against every spelling of every field of `kind`
 * ({@link matchHeader}); the best matches win, most confident first. A field
 * that takes one column goes to the best column; a second phone or email
 * column becomes other phones / other emails; `Họ` + `Tên` columns become last
 * and first name, but a lone `Tên` column is the full name. Headers of the
 * workspace's custom traits map to them. Every other column is suggested as
 * "do not import" with confidence 0 — the user may map it to any field or to
 * a custom trait.
 *
 * @param headers - the cleaned headers, left to right
 * @param kind - a customer file or an order file
 * @param options - synonyms and known custom traits
 * @returns one mapping per column
 *
 * @example
 * ```ts
 * import { suggestMapping } from "@kith/import"
 * suggestMapping(["Họ tên", "SĐT", "Ngày sinh", "Màu yêu thích"], "customers").map((m) => m.target)
 * // => [{ kind: "field", field: "fullName" }, { kind: "field", field: "phone" }, { kind: "field", field: "birthday" }, { kind: "skip" }]
 * ```
 */
export const suggestMapping = (headers: ReadonlyArray<string>, kind: ImportKind, options: SuggestOptions = {}): ReadonlyArray<ColumnMapping> => {
  const synonyms = options.synonyms ?? DefaultSynonyms
  const traitByFolded = new Map((options.customTraits ?? []).map((name) => [compactLabel(name), name]))
  const candidates = headers.map((header, column) => ({ column, header, match: matchHeader(header, kind, synonyms) }))
  const result: Array<ColumnMapping> = headers.map((header, column) => ({ column, header, target: { kind: "skip" }, confidence: 0 }))
  const taken = new Set<FieldId>()
  const ordered = candidates
    .filter((c) => c.match !== undefined && c.match.confidence >= MinimumConfidence)
    .sort((a, b) => b.match!.confidence - a.match!.confidence || a.column - b.column)
  for (const { column, header, match } of ordered) {
    let field = match!.field
    if (taken.has(field) && !multiColumnFields.has(field)) {
      const overflow = overflowOf[field]
      if (overflow === undefined) continue
      field = overflow
    }
    taken.add(field)
    result[column] = { column, header, target: { kind: "field", field }, confidence: match!.confidence }
  }
  // "Tên" alone is how most sheets head the full name; beside "Họ" it is the given name.
  if (!taken.has("fullName") && taken.has("firstName") && !taken.has("lastName")) {
    const index = result.findIndex((m) => m.target.kind === "field" && m.target.field === "firstName")
    result[index] = { ...result[index]!, target: { kind: "field", field: "fullName" } }
  }
  for (const mapping of result) {
    if (mapping.target.kind !== "skip") continue
    const trait = traitByFolded.get(compactLabel(mapping.header))
    if (trait !== undefined) result[mapping.column] = { ...mapping, target: { kind: "trait", name: trait }, confidence: 1 }
  }
  return result
}

// Custom trait names: a letter, then letters, digits or _ (so they never clash with paths or SQL).
const traitName = /^[A-Za-z][A-Za-z0-9_]{0,63}$/

/**
 * Checks a mapping (suggested, then edited by the user) before an import:
 * every column index exists, a field that takes one column has at most one,
 * every field belongs to the import kind, custom trait names are valid names
 * that are not kith field names.
 *
 * @param mapping - the mapping to check
 * @param kind - the import kind
 * @param columnCount - how many columns the file has
 * @returns the mapping, sorted by column
 * @throws {@link InvalidImportOptions} naming the column and the reason
 *
 * @example
 * ```ts
 * import { checkMapping } from "@kith/import"
 * checkMapping([{ column: 0, header: "Tên", target: { kind: "field", field: "fullName" }, confidence: 1 }], "customers", 1).length // => 1
 * ```
 */
export const checkMapping = (mapping: ReadonlyArray<ColumnMapping>, kind: ImportKind, columnCount: number): ReadonlyArray<ColumnMapping> => {
  const seen = new Map<FieldId, number>()
  const columns = new Set<number>()
  for (const entry of mapping) {
    const where = `mapping[column ${entry.column}]`
    if (!Number.isInteger(entry.column) || entry.column < 0 || entry.column >= columnCount) {
      throw new InvalidImportOptions({ field: where, reason: `the file has columns 0 to ${columnCount - 1}` })
    }
    if (columns.has(entry.column)) throw new InvalidImportOptions({ field: where, reason: "the column is mapped twice" })
    columns.add(entry.column)
    const target = entry.target
    if (target.kind === "field") {
      if (!fieldsOfKind[kind].has(target.field)) throw new InvalidImportOptions({ field: where, reason: `${target.field} is not a field of a ${kind} import` })
      const other = seen.get(target.field)
      if (other !== undefined && !multiColumnFields.has(target.field)) {
        throw new InvalidImportOptions({ field: where, reason: `${target.field} is already filled by column ${other}; map this one elsewhere or skip it` })
      }
      seen.set(target.field, entry.column)
    } else if (target.kind === "trait") {
      if (!traitName.test(target.name)) throw new InvalidImportOptions({ field: where, reason: `"${target.name}" is not a trait name (a letter, then letters, digits or _)` })
      if ((CustomerFieldIds as ReadonlyArray<string>).includes(target.name) || ["address", "otherPhones", "otherEmails"].includes(target.name)) {
        throw new InvalidImportOptions({ field: where, reason: `"${target.name}" is a kith field: map the column to the field instead` })
      }
    }
  }
  return [...mapping].sort((a, b) => a.column - b.column)
}
