import { Cause, Exit, Schema, type SchemaAST, SchemaIssue } from "effect"
import { SchemaCompiler } from "effect/schema"
import { DefaultStorableLimits, type StorableLimits } from "./storable-limits.js"
import { matchesOnlyStorableText } from "./storable-patterns.js"
import { type Walk, copyEntered, enterValue, isStorableAt, isStorableKey, restartWalk, startWalk } from "./storable-walk.js"

// A fast path for valid input: each schema's AST is compiled once into plain
// closures that produce the same value Effect Schema's interpreter would,
// without building Effects, exits or issues. It only ever answers "here is the
// decoded value" or "not sure": any invalid input, and any node kind or
// transformation it does not model, sends the caller to the interpreter, which
// stays the single source of truth for errors. Leaves reuse the schema's own
// filters, transformations and declarations rather than re-implementing them.

/** What a compiled node returns when the schema rejects its input. */
export const Invalid: unique symbol = Symbol("@kith/core/fast-decode/Invalid")

/** A compiled node: the decoded value, or {@link Invalid}. It throws when it cannot tell. */
type Node = (input: unknown) => unknown

// Thrown (never returned) when a node cannot decide cheaply: an Effect still
// to run, a defect, an error that is not a schema issue. Throwing keeps a Union
// from trying its next member where the interpreter would stop.
const unsure = new Error("fast decode: not sure")

// The parse options of a plain `decodeUnknownResult(schema)(input)` call.
const options: SchemaAST.ParseOptions = {}

const compiled = new WeakMap<SchemaAST.AST, Node | null>()

/**
 * Compiles `ast` (once; results are shared between schemas that share nodes).
 * `undefined` means some node is not supported, so the schema always uses the
 * interpreter.
 */
const compileAst = (ast: SchemaAST.AST): Node | undefined => {
  const cached = compiled.get(ast)
  if (cached !== undefined) return cached ?? undefined
  const node = compileNode(ast)
  compiled.set(ast, node ?? null)
  return node
}

const compileNode = (ast: SchemaAST.AST): Node | undefined => {
  if ((ast as { readonly encodingChecks?: unknown }).encodingChecks !== undefined) return undefined
  const local = compileLocal(ast)
  if (local === undefined) return undefined
  return ast.encoding === undefined ? local : withEncoding(local, ast.encoding, compileAst)
}

// The node's own type and checks, applied to a value already decoded by its encoding (if any).
const compileLocal = (ast: SchemaAST.AST): Node | undefined => {
  const base = compileBase(ast)
  if (base === undefined) return undefined
  return ast.checks === undefined ? base : withChecks(base, ast.checks, ast)
}

const compileBase = (ast: SchemaAST.AST): Node | undefined => {
  switch (ast._tag) {
    case "String":
      return (input) => (typeof input === "string" ? input : Invalid)
    case "Number":
      return (input) => (typeof input === "number" ? input : Invalid)
    case "Boolean":
      return (input) => (typeof input === "boolean" ? input : Invalid)
    case "Null":
      return (input) => (input === null ? input : Invalid)
    case "Literal": {
      const literal = ast.literal
      // As the interpreter does: the literal itself, but `0` keeps the input's sign.
      return (input) => (input === literal ? (literal === 0 ? input : literal) : Invalid)
    }
    case "Union":
      return compileUnion(ast)
    case "Objects":
      return compileObjects(ast)
    case "Arrays":
      return compileArray(ast)
    case "Declaration":
      return compileDeclaration(ast)
    default:
      return undefined
  }
}

// Every filter must pass; a FilterGroup is its filters. Pass/fail does not
// depend on the order or on "first" vs "all" errors.
const filtersOf = (checks: SchemaAST.Checks): Array<SchemaAST.Filter<unknown>> => {
  const filters: Array<SchemaAST.Filter<unknown>> = []
  const flatten = (list: ReadonlyArray<SchemaAST.Check<unknown>>): void => {
    for (const check of list) {
      if (check._tag === "FilterGroup") flatten(check.checks)
      else filters.push(check)
    }
  }
  flatten(checks)
  return filters
}

const withChecks = (base: Node, checks: SchemaAST.Checks, ast: SchemaAST.AST): Node => {
  const { minLength, maxLength, trimmed, patterns, integer, others } = plainFilters(filtersOf(checks))
  const lengths = minLength > 0 || maxLength < Infinity
  // A string's type is tested here rather than by a call of its node: strings are most of an event's values.
  const string = ast._tag === "String"
  return (input) => {
    const value = string ? (typeof input === "string" ? input : Invalid) : base(input)
    if (value === Invalid) return Invalid
    if (lengths) {
      const length = (value as { readonly length: number }).length
      if (!(length >= minLength && length <= maxLength)) return Invalid
    }
    if (trimmed && (value as string).trim() !== value) return Invalid
    for (let i = 0; i < patterns.length; i++) {
      const pattern = patterns[i]!
      pattern.lastIndex = 0
      if (!pattern.test(value as string)) return Invalid
    }
    if (integer && !Number.isSafeInteger(value)) return Invalid
    for (let i = 0; i < others.length; i++) if (others[i]!.run(value, ast, options)) return Invalid
    return value
  }
}

// Effect's length, trim, pattern and integer filters, read from what they say they are (their representation) and
// run as the same tests they make, inline: they are most of the checks of an event (about 25 of its 29), and a call
// through each Filter's run costs several times the test. Any other filter runs as itself.
const plainFilters = (filters: ReadonlyArray<SchemaAST.Filter<unknown>>) => {
  let minLength = 0
  let maxLength = Infinity
  let trimmed = false
  let integer = false
  const patterns: Array<RegExp> = []
  const others: Array<SchemaAST.Filter<unknown>> = []
  for (const filter of filters) {
    const representation = (filter.annotations as { readonly representation?: { readonly id?: unknown; readonly payload?: unknown } } | undefined)?.representation
    const payload = representation?.payload as { readonly minLength?: unknown; readonly maxLength?: unknown; readonly source?: unknown; readonly flags?: unknown } | null | undefined
    if (representation?.id === "effect/schema/isMaxLength" && typeof payload?.maxLength === "number") maxLength = Math.min(maxLength, payload.maxLength)
    else if (representation?.id === "effect/schema/isMinLength" && typeof payload?.minLength === "number") minLength = Math.max(minLength, payload.minLength)
    else if (representation?.id === "effect/schema/isTrimmed") trimmed = true
    else if (representation?.id === "effect/schema/isInt") integer = true
    // isPattern tests its own copy of the RegExp from lastIndex 0, as this one does.
    else if (representation?.id === "effect/schema/isPattern" && typeof payload?.source === "string" && typeof payload.flags === "string") patterns.push(new RegExp(payload.source, payload.flags))
    else others.push(filter)
  }
  return { minLength, maxLength, trimmed, patterns, integer, others }
}

// Mirrors the interpreter: decode the innermost `to`, then apply each link's
// decode getter outwards, and finally this node's own type and checks.
// Only the innermost `to` sees the input (`compileInput` compiles it); the
// other nodes see values the transformations made.
const withEncoding = (local: Node, links: SchemaAST.Encoding, compileInput: (ast: SchemaAST.AST) => Node | undefined): Node | undefined => {
  const tos: Array<Node> = []
  const getters: Array<(value: unknown) => unknown> = []
  const last = links.length - 1
  for (let i = 0; i <= last; i++) {
    const link = links[i]!
    const to = i === last ? compileInput(link.to) : compileAst(link.to)
    const getter = getterOf(link.transformation)
    if (to === undefined || getter === undefined) return undefined
    tos.push(to)
    getters.push(getter)
  }
  return (input) => {
    let value = tos[last]!(input)
    for (let i = last; i >= 0; i--) {
      if (value === Invalid) return Invalid
      value = getters[i]!(value)
      if (i !== 0) value = tos[i - 1]!(value)
    }
    return value === Invalid ? Invalid : local(value)
  }
}

const getterOf = (transformation: SchemaAST.Link["transformation"]): ((value: unknown) => unknown) | undefined => {
  // Middleware and optional getters can turn an absent key into a value; not modelled.
  if (transformation._tag !== "Transformation") return undefined
  const getter = transformation.decode as unknown as
    | { readonly _tag: "Passthrough" }
    | { readonly _tag: "Transform"; readonly transform: (value: unknown) => unknown }
    | { readonly _tag: "TransformEffect"; readonly transform: (value: unknown, options: SchemaAST.ParseOptions) => unknown }
    | { readonly _tag: string }
  switch (getter._tag) {
    case "Passthrough":
      return (value) => value
    case "Transform": {
      const transform = (getter as { readonly transform: (value: unknown) => unknown }).transform
      return (value) => transform(value)
    }
    case "TransformEffect": {
      const transform = (getter as { readonly transform: (value: unknown, options: SchemaAST.ParseOptions) => unknown }).transform
      return (value) => outcomeOf(transform(value, options), value)
    }
    default:
      return undefined
  }
}

// The outcome of an already finished Effect: its value, or Invalid when it
// failed with schema issues only (what the interpreter reports, or skips in a
// Union). Defects, other errors and Effects still to run are left to it.
const outcomeOf = (effect: unknown, input: unknown): unknown => {
  if (!Exit.isExit(effect)) throw unsure
  if (Exit.isSuccess(effect)) {
    // The interpreter's shared "same as the input" success carries `missing`.
    return effect.value === SchemaCompiler.missing ? input : effect.value
  }
  const reasons = effect.cause.reasons
  if (reasons.length === 0) throw unsure
  for (const reason of reasons) if (!Cause.isFailReason(reason) || !SchemaIssue.isIssue(reason.error)) throw unsure
  return Invalid
}

const compileDeclaration = (ast: SchemaAST.Declaration): Node | undefined => {
  if (ast.typeParameters.length > 0) return undefined
  let run: ReturnType<SchemaAST.Declaration["run"]> | undefined
  return (input) => outcomeOf((run ??= ast.run(ast.typeParameters))(input, ast, options), input)
}

const compileUnion = (ast: SchemaAST.Union): Node | undefined => compileUnionOf(ast, compileAst)

const compileUnionOf = (ast: SchemaAST.Union, compileMember: (ast: SchemaAST.AST) => Node | undefined): Node | undefined => {
  // "oneOf" must prove that only one member matches; not modelled.
  if (ast.options?.mode === "oneOf") return undefined
  const members: Array<Node> = []
  for (const type of ast.types) {
    const member = compileMember(type)
    if (member === undefined) return undefined
    members.push(member)
  }
  if (ast.types.every((type) => type._tag === "Literal" && type.checks === undefined && type.encoding === undefined)) {
    const literals = new Map(ast.types.map((type, i) => [(type as SchemaAST.Literal).literal, members[i]!]))
    return (input) => literals.get(input as SchemaAST.LiteralValue)?.(input) ?? Invalid
  }
  // The interpreter narrows the members to candidates for the input's runtime
  // type (never dropping one that could accept it), keeps them in declaration
  // order, and returns the first that accepts. A member that fails other than
  // with schema issues throws here, as it would stop the interpreter too.
  return (input) => {
    for (const member of members) {
      const value = member(input)
      if (value !== Invalid) return value
    }
    return Invalid
  }
}

const assign = (out: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__") Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true })
  else out[key] = value
}

// An object schema's declared properties and index signature, each compiled by `compile`; undefined when the
// schema is not one this decoder compiles.
const objectShapeOf = (
  ast: SchemaAST.Objects,
  compile: (ast: SchemaAST.AST) => Node | undefined
): { readonly properties: ReadonlyArray<{ readonly name: string; readonly decode: Node; readonly optional: boolean }>; readonly rest: Node | undefined } | undefined => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) return undefined
  if (ast.indexSignatures.length > 1) return undefined
  const properties: Array<{ readonly name: string; readonly decode: Node; readonly optional: boolean }> = []
  for (const property of ast.propertySignatures) {
    const decode = compile(property.type)
    if (typeof property.name !== "string" || decode === undefined) return undefined
    properties.push({ name: property.name, decode, optional: property.type.context?.isOptional === true })
  }
  let rest: Node | undefined
  const signature = ast.indexSignatures[0]
  if (signature !== undefined) {
    // Only `Record(Schema.String, _)`: its keys are `Object.keys(input)`.
    if (signature.parameter !== Schema.String.ast) return undefined
    rest = compile(signature.type)
    if (rest === undefined) return undefined
  }
  return { properties, rest }
}

const compileObjects = (ast: SchemaAST.Objects): Node | undefined => {
  const shape = objectShapeOf(ast, compileAst)
  if (shape === undefined) return undefined
  const { properties, rest } = shape
  const declared = new Set(properties.map((p) => p.name))
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return Invalid
    const record = input as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const property of properties) {
      const name = property.name
      if (name === "__proto__" ? Object.hasOwn(record, name) : name in record) {
        const value = property.decode(record[name])
        if (value === Invalid) return Invalid
        assign(out, name, value)
      } else if (!property.optional) return Invalid
    }
    if (rest !== undefined) {
      // Declared keys are checked against the rest too, but keep their own value.
      for (const key of Object.keys(record)) {
        const value = rest(record[key])
        if (value === Invalid) return Invalid
        if (!declared.has(key)) assign(out, key, value)
      }
    }
    return out
  }
}

const compileArray = (ast: SchemaAST.Arrays): Node | undefined => {
  // Only `Schema.Array(item)`: no tuple elements, one rest element, never optional.
  if (ast.elements.length !== 0 || ast.rest.length !== 1) return undefined
  const itemAst = ast.rest[0]!
  const item = compileAst(itemAst)
  if (item === undefined || itemAst.context?.isOptional === true) return undefined
  return (input) => {
    if (!Array.isArray(input)) return Invalid
    const out: Array<unknown> = []
    for (let i = 0; i < input.length; i++) {
      const value = item(input[i])
      if (value === Invalid) return Invalid
      out.push(value)
    }
    return out
  }
}

/**
 * A decoder for `schema` that returns the decoded value for valid input and
 * {@link Invalid} otherwise (or when it cannot tell), never an error; or
 * `undefined` when the schema uses something the fast path does not model.
 * A value it returns equals what `Schema.decodeUnknownResult(schema)` succeeds
 * with; callers fall back to that decoder on {@link Invalid} to get the issues.
 */
export const fastDecoderFor = (schema: { readonly ast: SchemaAST.AST }): ((input: unknown) => unknown) | undefined => {
  const decode = compileAst(schema.ast)
  if (decode === undefined) return undefined
  return (input) => {
    try {
      return decode(input)
    } catch {
      return Invalid
    }
  }
}

// The fused fast path: the same nodes, but taking the input as given rather
// than its storable copy (storableJsonOf), and applying the storable rules to
// each value as they reach it (storable-walk.ts). Valid input is then walked
// once, without the copy; anything the copy would refuse, or change in a way
// the nodes do not model, is declined, and the caller copies and decodes as
// before. A node reaches each value of the input once, so getters run once.

// The walk of the decode under way (a decode never starts another; each sets
// it before any node runs), and the depth of the value the next node is
// given: nodes take one argument, and these are the rest.
let walk: Walk
let depth = 0

const compiledStorable = new WeakMap<SchemaAST.AST, Node | null>()

const compileStorableAst = (ast: SchemaAST.AST): Node | undefined => {
  const cached = compiledStorable.get(ast)
  if (cached !== undefined) return cached ?? undefined
  const node = compileStorableNode(ast)
  compiledStorable.set(ast, node ?? null)
  return node
}

// A node given a value as enterValue lets it through: primitives as stored,
// arrays and plain objects as the input holds them.
const compileStorableNode = (ast: SchemaAST.AST): Node | undefined => {
  if ((ast as { readonly encodingChecks?: unknown }).encodingChecks !== undefined) return undefined
  if (ast.encoding !== undefined) {
    const local = compileLocal(ast)
    return local === undefined ? undefined : withEncoding(local, ast.encoding, compileStorableAst)
  }
  const base = compileStorableBase(ast)
  if (base === undefined) return undefined
  return ast.checks === undefined ? base : withChecks(base, ast.checks, ast)
}

const compileStorableBase = (ast: SchemaAST.AST): Node | undefined => {
  switch (ast._tag) {
    case "Union":
      // Members trying one object in turn would each read its keys again.
      if (ast.types.some((type) => type._tag === "Objects" || type._tag === "Arrays")) return undefined
      return compileUnionOf(ast, compileStorableAst)
    case "Objects":
      return compileStorableObjects(ast)
    case "Arrays":
      return compileStorableArray(ast)
    case "Declaration": {
      // Any JSON: every storable copy is JSON, so the copy is the value (Schema.Json's check, a second walk with a
      // WeakMap per value, would only say yes).
      if (isJsonDeclaration(ast)) {
        return (input) => {
          if (typeof input !== "object" || input === null) return input
          const copy = copyEntered(walk, input, depth)
          return copy === undefined ? Invalid : copy
        }
      }
      // Another declaration (a Date) reads its value as a whole: give it the storable copy.
      const declaration = compileDeclaration(ast)
      if (declaration === undefined) return undefined
      return (input) => {
        if (typeof input !== "object" || input === null) return declaration(input)
        const copy = copyEntered(walk, input, depth)
        return copy === undefined ? Invalid : declaration(copy)
      }
    }
    default:
      // Strings, numbers, booleans, null and literals: enterValue gave them as stored.
      return compileBase(ast)
  }
}

const isJsonDeclaration = (ast: SchemaAST.Declaration): boolean =>
  ast.typeParameters.length === 0 && ast.run === (Schema.Json.ast as SchemaAST.Declaration).run

// Called as hasOwnProperty.call(record, key): in the for-in below it measured well under Object.hasOwn's cost.
const hasOwnProperty = Object.prototype.hasOwnProperty

// A declared key the input does not hold.
const Absent: unique symbol = Symbol("@kith/core/fast-decode/Absent")

// What each declared key holds in the object at hand, one array for each depth of the decode under way: at any
// depth one object is read at a time (its children are one level down), so an object node needs no array of its own,
// and a decode started by a getter of the input, which gets its own arrays, cannot overwrite them. Between decodes
// every slot is Absent: an object node empties each slot as it reads it, and a decode that does not succeed (which
// may stop anywhere) empties them all.
let slotsByDepth: Array<Array<unknown>> = []

const slotsAt = (at: number, size: number): Array<unknown> => {
  const slots = (slotsByDepth[at] ??= [])
  while (slots.length < size) slots.push(Absent)
  return slots
}

// (forEach skips the depths where no object was read.)
const emptySlots = (): void => slotsByDepth.forEach((slots) => slots.fill(Absent))

// The value of `input` (at `at`) for a node one level down, or Invalid when it cannot be stored; a string is not
// read when `checkText` is false (see acceptsOnlyStorableText).
const enter = (value: unknown, at: number, checkText: boolean): unknown => {
  const entered = enterValue(walk, value, at, checkText)
  return entered === undefined ? Invalid : entered
}

// Whether every string the storable node of `ast` accepts is storable text, so that a string given to it need not be
// checked first: one it accepts is storable, and one it refuses is refused either way (the decode declines, and the
// caller's storable copy names the problem). A literal is its own text; a string's pattern may prove it (see
// matchesOnlyStorableText); numbers, booleans, null, objects and arrays accept no string; an encoded node accepts no
// string its innermost side refuses. Any other node (free text, any JSON, a declaration) is checked.
const acceptsOnlyStorableText = (ast: SchemaAST.AST): boolean => {
  if ((ast as { readonly encodingChecks?: unknown }).encodingChecks !== undefined) return false
  if (ast.encoding !== undefined) return acceptsOnlyStorableText(ast.encoding[ast.encoding.length - 1]!.to)
  switch (ast._tag) {
    case "Literal":
      return typeof ast.literal !== "string" || isStorableKey(ast.literal)
    case "String":
      return ast.checks !== undefined && plainFilters(filtersOf(ast.checks)).patterns.some(matchesOnlyStorableText)
    case "Union":
      return ast.types.every(acceptsOnlyStorableText)
    case "Number":
    case "Boolean":
    case "Null":
    case "Objects":
    case "Arrays":
      return true
    default:
      return false
  }
}

const compileStorableObjects = (ast: SchemaAST.Objects): Node | undefined => {
  const shape = objectShapeOf(ast, compileStorableAst)
  if (shape === undefined) return undefined
  const { properties, rest } = shape
  // The text check each declared key's value needs (its index is its property's), and the rest's.
  const checkText = ast.propertySignatures.map((p) => !acceptsOnlyStorableText(p.type))
  const checkRestText = ast.indexSignatures[0] === undefined || !acceptsOnlyStorableText(ast.indexSignatures[0].type)
  // Declared names are not checked for each input: the schema's own names must be storable text.
  if (!properties.every((p) => isStorableKey(p.name))) return undefined
  // A declared name's index, looked up for each key the input holds: a table without a prototype (no key is answered
  // by Object.prototype, `__proto__` included) reads faster than a Map in this loop.
  const declared: Record<string, number> = Object.create(null)
  properties.forEach((p, i) => (declared[p.name] = i))
  // What each declared key holds in the input at hand is found by walking its keys (the copy's keys: own and
  // enumerable) rather than by asking for every declared name. A for-in over the keys, own ones kept, is the same
  // keys in the same order as Object.keys without making an array of them for each object.
  const size = properties.length
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return Invalid
    const own = depth
    const record = input as Record<string, unknown>
    const slots = slotsAt(own, size)
    let others: Array<string> | undefined
    const maxKeys = walk.limits.maxKeys
    let count = 0
    for (const key in record) {
      if (!hasOwnProperty.call(record, key)) continue
      if (++count > maxKeys) return Invalid
      const index = declared[key]
      if (index !== undefined) slots[index] = record[key]
      else if (!isStorableKey(key)) return Invalid
      else if (rest !== undefined) (others ??= []).push(key)
      else if (!isStorableAt(walk, record[key], own + 1)) return Invalid
    }
    const out: Record<string, unknown> = {}
    for (let i = 0; i < size; i++) {
      const given = slots[i]
      slots[i] = Absent
      const property = properties[i]!
      if (given === Absent) {
        if (property.optional) continue
        return Invalid
      }
      const entered = enter(given, own + 1, checkText[i]!)
      if (entered === Invalid) return Invalid
      depth = own + 1
      const value = property.decode(entered)
      // Declared keys are checked against the rest too, but keep their own value.
      const checked = rest === undefined || value === Invalid ? value : rest(entered)
      depth = own
      if (value === Invalid || checked === Invalid) return Invalid
      assign(out, property.name, value)
    }
    if (others !== undefined) {
      for (const key of others) {
        const entered = enter(record[key], own + 1, checkRestText)
        if (entered === Invalid) return Invalid
        depth = own + 1
        const value = rest!(entered)
        depth = own
        if (value === Invalid) return Invalid
        assign(out, key, value)
      }
    }
    return out
  }
}

const compileStorableArray = (ast: SchemaAST.Arrays): Node | undefined => {
  if (ast.elements.length !== 0 || ast.rest.length !== 1) return undefined
  const itemAst = ast.rest[0]!
  const item = compileStorableAst(itemAst)
  if (item === undefined || itemAst.context?.isOptional === true) return undefined
  const checkText = !acceptsOnlyStorableText(itemAst)
  return (input) => {
    if (!Array.isArray(input)) return Invalid
    const own = depth
    const out: Array<unknown> = []
    for (let i = 0; i < input.length; i++) {
      const entered = enter(input[i], own + 1, checkText)
      if (entered === Invalid) return Invalid
      depth = own + 1
      const value = item(entered)
      depth = own
      if (value === Invalid) return Invalid
      out.push(value)
    }
    return out
  }
}

/**
 * A decoder for `schema` over input as a caller gives it: for input that
 * `storableJsonOf(input, subject, limits)` copies, the value
 * `Schema.decodeUnknownResult(schema)` succeeds with on that copy; otherwise
 * (or when it cannot tell) {@link Invalid}, and the caller copies and decodes
 * to learn why. `undefined` when the schema uses something the fast path does
 * not model. One walk of the input, with no copy of it.
 */
export const storableDecoderFor = (
  schema: { readonly ast: SchemaAST.AST },
  limits: StorableLimits = DefaultStorableLimits
): ((input: unknown) => unknown) | undefined => {
  const decode = compileStorableAst(schema.ast)
  if (decode === undefined) return undefined
  const acceptsText = acceptsOnlyStorableText(schema.ast)
  // One walk and one set of slots per decoder, reused for each input rather than made anew. A getter of the input
  // may decode another event meanwhile: that decode makes a walk and slots of its own, and the ones under way are
  // restored after it.
  const reused = startWalk(limits, undefined)
  const reusedSlots: Array<Array<unknown>> = []
  let running = false
  return (input) => {
    const outerWalk = walk
    const outerDepth = depth
    const outerSlots = slotsByDepth
    const outerRunning = running
    walk = running ? startWalk(limits, undefined) : restartWalk(reused)
    depth = 0
    slotsByDepth = running ? [] : reusedSlots
    running = true
    try {
      const entered = enter(input, 0, !acceptsText)
      const value = entered === Invalid ? Invalid : decode(entered)
      if (value === Invalid) emptySlots()
      return value
    } catch {
      emptySlots()
      return Invalid
    } finally {
      walk = outerWalk
      depth = outerDepth
      slotsByDepth = outerSlots
      running = outerRunning
    }
  }
}
