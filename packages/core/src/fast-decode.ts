import { Cause, Exit, Schema, type SchemaAST, SchemaIssue } from "effect"
import { SchemaCompiler } from "effect/schema"

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
  const base = compileBase(ast)
  if (base === undefined) return undefined
  const local = ast.checks === undefined ? base : withChecks(base, ast.checks, ast)
  return ast.encoding === undefined ? local : withEncoding(local, ast.encoding)
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
const withChecks = (base: Node, checks: SchemaAST.Checks, ast: SchemaAST.AST): Node => {
  const filters: Array<SchemaAST.Filter<unknown>> = []
  const flatten = (list: ReadonlyArray<SchemaAST.Check<unknown>>): void => {
    for (const check of list) {
      if (check._tag === "FilterGroup") flatten(check.checks)
      else filters.push(check)
    }
  }
  flatten(checks)
  return (input) => {
    const value = base(input)
    if (value === Invalid) return Invalid
    for (const filter of filters) if (filter.run(value, ast, options)) return Invalid
    return value
  }
}

// Mirrors the interpreter: decode the innermost `to`, then apply each link's
// decode getter outwards, and finally this node's own type and checks.
const withEncoding = (local: Node, links: SchemaAST.Encoding): Node | undefined => {
  const tos: Array<Node> = []
  const getters: Array<(value: unknown) => unknown> = []
  for (const link of links) {
    const to = compileAst(link.to)
    const getter = getterOf(link.transformation)
    if (to === undefined || getter === undefined) return undefined
    tos.push(to)
    getters.push(getter)
  }
  const last = links.length - 1
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

const compileUnion = (ast: SchemaAST.Union): Node | undefined => {
  // "oneOf" must prove that only one member matches; not modelled.
  if (ast.options?.mode === "oneOf") return undefined
  const members: Array<Node> = []
  for (const type of ast.types) {
    const member = compileAst(type)
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

const compileObjects = (ast: SchemaAST.Objects): Node | undefined => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) return undefined
  if (ast.indexSignatures.length > 1) return undefined
  const properties: Array<{ readonly name: string; readonly decode: Node; readonly optional: boolean }> = []
  for (const property of ast.propertySignatures) {
    const decode = compileAst(property.type)
    if (typeof property.name !== "string" || decode === undefined) return undefined
    properties.push({ name: property.name, decode, optional: property.type.context?.isOptional === true })
  }
  let rest: Node | undefined
  const signature = ast.indexSignatures[0]
  if (signature !== undefined) {
    // Only `Record(Schema.String, _)`: its keys are `Object.keys(input)`.
    if (signature.parameter !== Schema.String.ast) return undefined
    rest = compileAst(signature.type)
    if (rest === undefined) return undefined
  }
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
