// The language of a documented result: `expression // => CLAIM`.
//
// A claim is a JavaScript literal, plus the few notations a reader already
// knows from Node's console output. The grammar is small on purpose: what it
// cannot read is reported as uncheckable, never passed (CONTRIBUTING.md,
// "The claim language", lists every notation).
import { inspect } from "node:util"

/** A parsed claim: what a value must look like. */
export type Pattern =
  | { readonly kind: "exact"; readonly value: string | number | bigint | boolean | null | undefined }
  | { readonly kind: "prefix"; readonly text: string }
  | { readonly kind: "array"; readonly items: ReadonlyArray<Pattern | Rest> }
  | { readonly kind: "object"; readonly fields: ReadonlyArray<readonly [string, Pattern]>; readonly open: boolean }
  | { readonly kind: "tagged"; readonly tag: string; readonly fields: ReadonlyArray<readonly [string, Pattern]>; readonly open: boolean }
  | { readonly kind: "map"; readonly entries: ReadonlyArray<readonly [Pattern, Pattern]>; readonly open: boolean }
  | { readonly kind: "set"; readonly items: ReadonlyArray<Pattern>; readonly open: boolean }
  | { readonly kind: "date"; readonly time: number | undefined }
  | { readonly kind: "option"; readonly value: Pattern | undefined }
  | { readonly kind: "result"; readonly tag: "Success" | "Failure"; readonly value: Pattern }
  | { readonly kind: "oneOf"; readonly options: ReadonlyArray<Pattern> }

/** `...` inside an array: any number of elements here. */
export interface Rest {
  readonly kind: "rest"
}

/** A claim read from its text, or why it cannot be checked. */
export type ParsedClaim =
  | { readonly ok: true; readonly pattern: Pattern; readonly note: string | undefined }
  | { readonly ok: false; readonly reason: string; readonly incomplete: boolean }

class ClaimSyntaxError extends Error {
  constructor(
    message: string,
    readonly incomplete: boolean
  ) {
    super(message)
  }
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})/
const numberLiteral = /^-?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)n?/
const identifier = /^[A-Za-z_$][\w$]*/

class Reader {
  private at = 0
  constructor(private readonly text: string) {}

  get rest(): string {
    return this.text.slice(this.at)
  }

  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++
  }

  peek(): string | undefined {
    this.skipSpace()
    return this.text[this.at]
  }

  startsWith(s: string): boolean {
    this.skipSpace()
    return this.text.startsWith(s, this.at)
  }

  fail(expected: string): never {
    const found = this.rest.trim()
    if (found === "") throw new ClaimSyntaxError(`the claim ends where ${expected} should follow`, true)
    throw new ClaimSyntaxError(`expected ${expected} at "${found.slice(0, 30)}"`, false)
  }

  expect(s: string): void {
    if (!this.startsWith(s)) this.fail(`"${s}"`)
    this.at += s.length
  }

  accept(s: string): boolean {
    if (!this.startsWith(s)) return false
    this.at += s.length
    return true
  }

  match(re: RegExp): string | undefined {
    this.skipSpace()
    const m = re.exec(this.rest)
    if (!m) return undefined
    this.at += m[0].length
    return m[0]
  }

  // claim := value ("|" value)*
  claim(): Pattern {
    const options = [this.value()]
    while (this.startsWith("|") && !this.startsWith("||")) {
      this.at++
      options.push(this.value())
    }
    return options.length === 1 ? options[0]! : { kind: "oneOf", options }
  }

  value(): Pattern {
    const c = this.peek()
    if (c === undefined) this.fail("a value")
    if (c === '"' || c === "'" || c === "`") return this.string()
    if (c === "[") return this.array()
    if (c === "{") {
      const { fields, open } = this.fields()
      return { kind: "object", fields, open }
    }
    const iso = this.match(isoInstant)
    if (iso !== undefined) return { kind: "date", time: this.time(iso) }
    const num = this.match(numberLiteral)
    if (num !== undefined) {
      const clean = num.replace(/_/g, "")
      return { kind: "exact", value: clean.endsWith("n") ? BigInt(clean.slice(0, -1)) : Number(clean) }
    }
    const name = this.match(identifier)
    if (name === undefined) this.fail("a value")
    return this.named(name)
  }

  named(name: string): Pattern {
    switch (name) {
      case "true":
        return { kind: "exact", value: true }
      case "false":
        return { kind: "exact", value: false }
      case "null":
        return { kind: "exact", value: null }
      case "undefined":
        return { kind: "exact", value: undefined }
      case "NaN":
        return { kind: "exact", value: Number.NaN }
      case "Infinity":
        return { kind: "exact", value: Number.POSITIVE_INFINITY }
      case "new": {
        this.expect("Date")
        this.expect("(")
        const s = this.string()
        this.expect(")")
        if (s.kind !== "exact" || typeof s.value !== "string") this.fail("a date string")
        return { kind: "date", time: this.time(s.value) }
      }
      case "Date":
        return { kind: "date", time: undefined }
      case "Map": {
        this.expect("{")
        const entries: Array<readonly [Pattern, Pattern]> = []
        let open = false
        while (!this.accept("}")) {
          if (this.accept("...")) open = true
          else {
            const key = this.value()
            this.expect("=>")
            entries.push([key, this.value()])
          }
          if (!this.accept(",")) {
            this.expect("}")
            break
          }
        }
        return { kind: "map", entries, open }
      }
      case "Set": {
        this.expect("{")
        const items: Array<Pattern> = []
        let open = false
        while (!this.accept("}")) {
          if (this.accept("...")) open = true
          else items.push(this.value())
          if (!this.accept(",")) {
            this.expect("}")
            break
          }
        }
        return { kind: "set", items, open }
      }
      case "Option": {
        this.expect(".")
        if (this.accept("none")) {
          this.expect("(")
          this.expect(")")
          return { kind: "option", value: undefined }
        }
        this.expect("some")
        return { kind: "option", value: this.argument() }
      }
      case "Result": {
        this.expect(".")
        if (this.accept("succeed")) return { kind: "result", tag: "Success", value: this.argument() }
        this.expect("fail")
        return { kind: "result", tag: "Failure", value: this.argument() }
      }
      default:
        if (/^[A-Z]/.test(name) && this.peek() === "{") {
          const { fields, open } = this.fields()
          return { kind: "tagged", tag: name, fields, open }
        }
        throw new ClaimSyntaxError(`"${name}" is not a value the claim language knows (a literal, Date, Map { }, Set { }, Option, Result or Name { fields })`, false)
    }
  }

  argument(): Pattern {
    this.expect("(")
    const v = this.value()
    this.expect(")")
    return v
  }

  time(text: string): number {
    const t = new Date(text).getTime()
    if (Number.isNaN(t)) throw new ClaimSyntaxError(`"${text}" is not a date`, false)
    return t
  }

  string(): Pattern {
    this.skipSpace()
    const quote = this.text[this.at]!
    let i = this.at + 1
    let out = ""
    for (;;) {
      const ch = this.text[i]
      if (ch === undefined) throw new ClaimSyntaxError("a string is not closed", true)
      if (ch === quote) break
      if (quote === "`" && ch === "$" && this.text[i + 1] === "{") this.fail("a template without ${}")
      if (ch === "\\") {
        const next = this.text[i + 1]
        if (next === undefined) throw new ClaimSyntaxError("a string is not closed", true)
        const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", b: "\b", f: "\f", v: "\v" }
        if (next === "u" && this.text[i + 2] === "{") {
          const end = this.text.indexOf("}", i)
          out += String.fromCodePoint(Number.parseInt(this.text.slice(i + 3, end), 16))
          i = end + 1
        } else if (next === "u") {
          out += String.fromCharCode(Number.parseInt(this.text.slice(i + 2, i + 6), 16))
          i += 6
        } else if (next === "x") {
          out += String.fromCharCode(Number.parseInt(this.text.slice(i + 2, i + 4), 16))
          i += 4
        } else {
          out += escapes[next] ?? next
          i += 2
        }
        continue
      }
      out += ch
      i++
    }
    this.at = i + 1
    return out.endsWith("...") ? { kind: "prefix", text: out.slice(0, -3) } : { kind: "exact", value: out }
  }

  array(): Pattern {
    this.expect("[")
    const items: Array<Pattern | Rest> = []
    while (!this.accept("]")) {
      if (this.accept("...")) items.push({ kind: "rest" })
      else items.push(this.claim())
      if (!this.accept(",")) {
        this.expect("]")
        break
      }
    }
    return { kind: "array", items }
  }

  fields(): { fields: Array<readonly [string, Pattern]>; open: boolean } {
    this.expect("{")
    const fields: Array<readonly [string, Pattern]> = []
    let open = false
    while (!this.accept("}")) {
      if (this.accept("...")) open = true
      else {
        const c = this.peek()
        let key: string
        if (c === '"' || c === "'") {
          const s = this.string()
          if (s.kind !== "exact" || typeof s.value !== "string") this.fail("a key")
          key = s.value
        } else {
          const name = this.match(identifier) ?? this.match(/^\d+/)
          if (name === undefined) this.fail("a key")
          key = name
        }
        if (!this.accept(":")) {
          // `{ firstSeenAt }` reads as "firstSeenAt: something"; say so rather than guess.
          throw new ClaimSyntaxError(`the field "${key}" has no value (write "${key}: ..." with a value, or leave it out and end with "...")`, false)
        }
        fields.push([key, this.claim()])
      }
      if (!this.accept(",")) {
        this.expect("}")
        break
      }
    }
    return { fields, open }
  }
}

/**
 * Reads a claim. After the value, only a note in parentheses may follow
 * (`// => "32" (Viettel 0162 → 032)`); any other text is a claim the checker
 * cannot hold the code to, so it is refused.
 */
export const parseClaim = (text: string): ParsedClaim => {
  const reader = new Reader(text.trim())
  try {
    const pattern = reader.claim()
    const rest = reader.rest.trim()
    if (rest === "") return { ok: true, pattern, note: undefined }
    if (rest.startsWith("(") && rest.endsWith(")")) return { ok: true, pattern, note: rest.slice(1, -1).trim() }
    return { ok: false, reason: `text after the value that is not a note in parentheses: "${rest.slice(0, 40)}"`, incomplete: false }
  } catch (e) {
    if (e instanceof ClaimSyntaxError) return { ok: false, reason: e.message, incomplete: e.incomplete }
    throw e
  }
}

const show = (value: unknown): string => inspect(value, { depth: 3, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 120 })

const tagOf = (value: object): string | undefined => {
  const tag: unknown = (value as { readonly _tag?: unknown })._tag
  return typeof tag === "string" ? tag : undefined
}

const matchFields = (
  actual: object,
  fields: ReadonlyArray<readonly [string, Pattern]>,
  open: boolean,
  path: string,
  ignored: ReadonlySet<string>
): string | undefined => {
  const record = actual as Readonly<Record<string, unknown>>
  for (const [key, pattern] of fields) {
    if (!(key in actual)) return `${path}.${key}: missing (found keys ${Object.keys(actual).join(", ") || "none"})`
    const problem = matchPattern(pattern, record[key], `${path}.${key}`)
    if (problem !== undefined) return problem
  }
  if (!open) {
    const claimed = new Set(fields.map(([k]) => k))
    const extra = Object.keys(actual).filter((k) => !claimed.has(k) && !ignored.has(k) && record[k] !== undefined)
    if (extra.length > 0) return `${path}: has ${extra.map((k) => `${k}: ${show(record[k])}`).join(", ")} beyond the claim (end the claim with "..." if that is meant)`
  }
  return undefined
}

const matchArray = (items: ReadonlyArray<Pattern | Rest>, actual: ReadonlyArray<unknown>, path: string): string | undefined => {
  // Glob match: `...` takes any run of elements. Claims are short, so plain backtracking is enough.
  const go = (i: number, j: number): boolean => {
    if (i === items.length) return j === actual.length
    const item = items[i]!
    if (item.kind === "rest") {
      for (let k = j; k <= actual.length; k++) if (go(i + 1, k)) return true
      return false
    }
    return j < actual.length && matchPattern(item, actual[j], `${path}[${j}]`) === undefined && go(i + 1, j + 1)
  }
  if (go(0, 0)) return undefined
  if (!items.some((i) => i.kind === "rest")) {
    if (items.length !== actual.length) return `${path}: ${actual.length} elements, the claim lists ${items.length}: ${show(actual)}`
    for (let k = 0; k < items.length; k++) {
      const problem = matchPattern(items[k] as Pattern, actual[k], `${path}[${k}]`)
      if (problem !== undefined) return problem
    }
  }
  return `${path}: ${show(actual)} does not match the claimed elements`
}

const errorKeys: ReadonlySet<string> = new Set(["_tag", "name", "message", "stack", "cause"])

/**
 * Does `actual` match the claim? `undefined` when it does, otherwise where and how it differs.
 *
 * Objects: every claimed key must match; keys the claim does not list must be
 * absent or `undefined` unless the claim ends with `...`. A key holding
 * `undefined` and a missing key are the same to a reader of the docs.
 */
export const matchPattern = (pattern: Pattern, actual: unknown, path = "value"): string | undefined => {
  switch (pattern.kind) {
    case "exact": {
      const same = typeof pattern.value === "number" && typeof actual === "number" ? pattern.value === actual || Object.is(pattern.value, actual) : Object.is(pattern.value, actual)
      return same ? undefined : `${path}: ${show(actual)}, the claim says ${show(pattern.value)}`
    }
    case "prefix":
      return typeof actual === "string" && actual.startsWith(pattern.text) ? undefined : `${path}: ${show(actual)}, the claim says a string starting ${show(pattern.text)}`
    case "date":
      if (!(actual instanceof Date) || Number.isNaN(actual.getTime())) return `${path}: ${show(actual)}, the claim says a Date`
      if (pattern.time !== undefined && actual.getTime() !== pattern.time) return `${path}: ${actual.toISOString()}, the claim says ${new Date(pattern.time).toISOString()}`
      return undefined
    case "array":
      return Array.isArray(actual) ? matchArray(pattern.items, actual, path) : `${path}: ${show(actual)}, the claim says an array`
    case "object":
      if (typeof actual !== "object" || actual === null || Array.isArray(actual) || actual instanceof Map || actual instanceof Set || actual instanceof Date)
        return `${path}: ${show(actual)}, the claim says an object`
      return matchFields(actual, pattern.fields, pattern.open, path, new Set())
    case "tagged": {
      if (typeof actual !== "object" || actual === null) return `${path}: ${show(actual)}, the claim says ${pattern.tag} { ... }`
      const tag = tagOf(actual) ?? actual.constructor.name
      if (tag !== pattern.tag) return `${path}: a ${tag}, the claim says ${pattern.tag}: ${show(actual)}`
      return matchFields(actual, pattern.fields, pattern.open, path, errorKeys)
    }
    case "map": {
      if (!(actual instanceof Map)) return `${path}: ${show(actual)}, the claim says a Map`
      for (const [keyPattern, valuePattern] of pattern.entries) {
        if (keyPattern.kind !== "exact") return `${path}: a Map key in a claim must be a plain literal`
        if (!actual.has(keyPattern.value)) return `${path}: no key ${show(keyPattern.value)} in ${show(actual)}`
        const problem = matchPattern(valuePattern, actual.get(keyPattern.value), `${path}.get(${show(keyPattern.value)})`)
        if (problem !== undefined) return problem
      }
      if (!pattern.open && actual.size !== pattern.entries.length) return `${path}: ${actual.size} entries, the claim lists ${pattern.entries.length}: ${show(actual)}`
      return undefined
    }
    case "set": {
      if (!(actual instanceof Set)) return `${path}: ${show(actual)}, the claim says a Set`
      for (const item of pattern.items) {
        if (item.kind !== "exact") return `${path}: a Set element in a claim must be a plain literal`
        if (!actual.has(item.value)) return `${path}: no element ${show(item.value)} in ${show(actual)}`
      }
      if (!pattern.open && actual.size !== pattern.items.length) return `${path}: ${actual.size} elements, the claim lists ${pattern.items.length}: ${show(actual)}`
      return undefined
    }
    case "option": {
      const tag = typeof actual === "object" && actual !== null ? tagOf(actual) : undefined
      if (pattern.value === undefined) return tag === "None" ? undefined : `${path}: ${show(actual)}, the claim says Option.none()`
      if (tag !== "Some") return `${path}: ${show(actual)}, the claim says Option.some(...)`
      return matchPattern(pattern.value, (actual as { readonly value: unknown }).value, `${path}.value`)
    }
    case "result": {
      const tag = typeof actual === "object" && actual !== null ? tagOf(actual) : undefined
      if (tag !== pattern.tag) return `${path}: ${show(actual)}, the claim says Result.${pattern.tag === "Success" ? "succeed" : "fail"}(...)`
      const inner = pattern.tag === "Success" ? (actual as { readonly success: unknown }).success : (actual as { readonly failure: unknown }).failure
      return matchPattern(pattern.value, inner, `${path}.${pattern.tag === "Success" ? "success" : "failure"}`)
    }
    case "oneOf": {
      const problems = pattern.options.map((o) => matchPattern(o, actual, path))
      return problems.some((p) => p === undefined) ? undefined : `${path}: ${show(actual)} is none of the claimed alternatives`
    }
  }
}
