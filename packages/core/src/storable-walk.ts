import { formatPath, type InputIssue } from "./errors.js"
import type { JsonValue } from "./profile-fields.js"
import { type StorableLimits, isStorableInstant, storableTextProblem } from "./storable-limits.js"

// The walk behind storableJsonOf, and the steps of it the fused fast decoder
// (fast-decode.ts) takes while it decodes: one set of rules for what is
// storable, walked either way.

// Issues past this many are not listed: one is enough to refuse, and an input
// full of problems must not cost a list as long as itself.
const MAX_ISSUES = 50

export const isPlainPrototype = (proto: unknown): boolean =>
  proto === null ||
  proto === Object.prototype ||
  // A plain object made in another realm (a vm context, an iframe).
  (Object.getPrototypeOf(proto) === null && (proto as { readonly constructor?: { readonly name?: unknown } }).constructor?.name === "Object")

const kindOf = (value: object): string => {
  const name = (Object.getPrototypeOf(value) as { readonly constructor?: { readonly name?: unknown } } | null)?.constructor?.name
  return typeof name === "string" && name !== "" ? `a ${name}` : "an object that is not plain"
}

const isDate = (value: object): value is Date => value instanceof Date || Object.prototype.toString.call(value) === "[object Date]"

// One walk of storableJsonOf: plain functions over this state rather than closures made per call.
export interface Walk {
  readonly limits: StorableLimits
  // Where problems are listed, with their paths; undefined in the quick pass, which keeps no path.
  readonly issues: Array<InputIssue> | undefined
  readonly path: Array<string | number>
  // The objects being copied, outermost first: meeting one again inside itself is a cycle. At most maxDepth long,
  // and events are shallow, so a scan is cheaper than a Set.
  readonly ancestors: Array<object>
  values: number
  failed: boolean
  stopped: boolean
}

export const startWalk = (limits: StorableLimits, issues: Array<InputIssue> | undefined): Walk => ({
  limits,
  issues,
  path: [],
  ancestors: [],
  values: 0,
  failed: false,
  stopped: false
})

/** `walk` made ready for another input, as {@link startWalk} would make it: a decoder reuses one walk per input. */
export const restartWalk = (walk: Walk): Walk => {
  walk.values = 0
  walk.failed = false
  walk.stopped = false
  // Setting an array's length is a call into the runtime even when it changes nothing, and a walk that succeeded
  // left both empty: only a walk that stopped part-way needs them cut.
  if (walk.ancestors.length !== 0) walk.ancestors.length = 0
  if (walk.path.length !== 0) walk.path.length = 0
  return walk
}

const refuse = (walk: Walk, message: string): undefined => {
  walk.failed = true
  const issues = walk.issues
  if (issues !== undefined && issues.length < MAX_ISSUES) issues.push({ path: formatPath(walk.path), message })
  else walk.stopped = true
  return undefined
}

export const copyValue = (walk: Walk, value: unknown, depth: number): JsonValue | undefined => {
  if (++walk.values > walk.limits.maxValues) {
    if (!walk.stopped) walk.issues?.push({ path: "", message: `holds more than ${walk.limits.maxValues} values` })
    walk.failed = true
    walk.stopped = true
    return undefined
  }
  switch (typeof value) {
    case "string": {
      const problem = storableTextProblem(value)
      return problem === undefined ? value : refuse(walk, problem)
    }
    case "number":
      if (!Number.isFinite(value)) return refuse(walk, `${String(value)} is not a JSON number`)
      return value === 0 ? 0 : value
    case "boolean":
      return value
    case "bigint":
      return refuse(walk, "a BigInt is not a JSON value: pass a number or a string")
    case "undefined":
      return refuse(walk, "undefined is not a JSON value: leave the key out")
    case "symbol":
      return refuse(walk, "a symbol is not a JSON value")
    case "function":
      return refuse(walk, "a function is not a JSON value")
  }
  if (value === null) return null
  // A value inside k objects has exactly those k as ancestors (and, when paths are kept, a path of length k).
  const mark = walk.ancestors.length
  try {
    return copyObject(walk, value as object, depth)
  } catch (e) {
    // A getter or a proxy trap that throws: the value cannot be read, so it cannot be stored.
    walk.ancestors.length = mark
    if (walk.issues !== undefined) walk.path.length = mark
    return refuse(walk, `could not be read: ${e instanceof Error ? e.message : String(e)}`)
  }
}

const copyObject = (walk: Walk, object: object, depth: number): JsonValue | undefined => {
  const { ancestors, limits } = walk
  if (ancestors.includes(object)) return refuse(walk, "a circular reference: the value contains itself")
  const proto: unknown = Object.getPrototypeOf(object)
  const array = Array.isArray(object)
  if (!array && !isPlainPrototype(proto)) {
    if (!isDate(object)) return refuse(walk, `${kindOf(object)} is not a JSON value: use a plain object, an array or a primitive`)
    const ms = object.getTime()
    if (Number.isNaN(ms)) return refuse(walk, "an invalid Date")
    if (!isStorableInstant(ms)) return refuse(walk, `a Date outside years 0001–9999 (UTC): ${new Date(ms).toISOString()}`)
    return new Date(ms).toISOString()
  }
  if (depth >= limits.maxDepth) return refuse(walk, `nested more than ${limits.maxDepth} levels deep`)
  return array ? copyArray(walk, object as ReadonlyArray<unknown>, depth) : copyRecord(walk, object as Record<string, unknown>, depth)
}

const copyArray = (walk: Walk, items: ReadonlyArray<unknown>, depth: number): JsonValue | undefined => {
  const length = items.length
  if (length > walk.limits.maxValues) return refuse(walk, `an array of ${length} items, more than ${walk.limits.maxValues}`)
  if (typeof (items as { readonly toJSON?: unknown }).toJSON === "function") return refuse(walk, "has a toJSON method: kith stores the value itself, so pass the value it stands for")
  const path = walk.issues === undefined ? undefined : walk.path
  walk.ancestors.push(items)
  const out: Array<JsonValue> = []
  for (let i = 0; i < length && !walk.stopped; i++) {
    path?.push(i)
    const item = copyValue(walk, items[i], depth + 1)
    path?.pop()
    if (item !== undefined) out.push(item)
  }
  walk.ancestors.pop()
  return out
}

const copyRecord = (walk: Walk, record: Record<string, unknown>, depth: number): JsonValue | undefined => {
  const keys = Object.keys(record)
  if (keys.length > walk.limits.maxKeys) return refuse(walk, `an object with ${keys.length} keys, more than ${walk.limits.maxKeys}`)
  const path = walk.issues === undefined ? undefined : walk.path
  walk.ancestors.push(record)
  const out: Record<string, JsonValue> = {}
  for (const key of keys) {
    if (walk.stopped) break
    path?.push(key)
    const problem = storableTextProblem(key)
    if (problem !== undefined) refuse(walk, `its name ${problem}`)
    else {
      const value = record[key]
      if (key === "toJSON" && typeof value === "function") refuse(walk, "a toJSON method: kith stores the value itself, so pass the value it stands for")
      else {
        const item = copyValue(walk, value, depth + 1)
        // `__proto__` is a key like any other here, never the prototype.
        if (item !== undefined && key === "__proto__") Object.defineProperty(out, key, { value: item, writable: true, enumerable: true, configurable: true })
        else if (item !== undefined) out[key] = item
      }
    }
    path?.pop()
  }
  walk.ancestors.pop()
  return out
}

// The fused decoder's steps. It walks the input as given, by the schema, and
// applies the rules above to each value as it reaches it, so that it accepts
// exactly what storableJsonOf would copy and then decode; it stops at the first
// problem (a quick walk: no issues kept) and leaves naming them to storableJsonOf.

/**
 * One value reached by the fused decoder, counted as {@link copyValue} counts
 * it: a string, number, boolean or null as stored (`-0` as `0`), a Date as its
 * ISO string, an array or a plain object as it is (its items and keys are the
 * decoder's to walk, its own and enumerable keys and this function again); `undefined`
 * when it cannot be stored. `depth` is the value's own depth, the input's being 0.
 * `checkText` false lets a string through unread: only for a part of the schema
 * that accepts storable text alone, so that what it accepts is storable anyway.
 */
export const enterValue = (walk: Walk, value: unknown, depth: number, checkText: boolean): unknown => {
  if (++walk.values > walk.limits.maxValues) return undefined
  switch (typeof value) {
    case "string":
      return !checkText || storableTextProblem(value) === undefined ? value : undefined
    case "number":
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : undefined
    case "boolean":
      return value
    case "object":
      break
    default:
      return undefined
  }
  if (value === null) return null
  const limits = walk.limits
  if (Array.isArray(value)) {
    if (depth >= limits.maxDepth || value.length > limits.maxValues) return undefined
    return typeof (value as { readonly toJSON?: unknown }).toJSON === "function" ? undefined : value
  }
  if (!isPlainPrototype(Object.getPrototypeOf(value))) {
    if (!isDate(value)) return undefined
    const ms = value.getTime()
    return isStorableInstant(ms) ? new Date(ms).toISOString() : undefined
  }
  return depth >= limits.maxDepth ? undefined : value
}

/** Whether a key's text can be stored (see `storableTextProblem`). */
export const isStorableKey = (key: string): boolean => storableTextProblem(key) === undefined

/**
 * The storable copy of an array or plain object {@link enterValue} let through
 * (already counted), for a part of a schema that takes any JSON; `undefined`
 * when some part of it cannot be stored.
 */
export const copyEntered = (walk: Walk, object: object, depth: number): JsonValue | undefined => {
  const copy = copyObject(walk, object, depth)
  return walk.failed ? undefined : copy
}

/** Whether `value`, at `depth`, is storable: the check of a key the schema does not read. */
export const isStorableAt = (walk: Walk, value: unknown, depth: number): boolean => {
  copyValue(walk, value, depth)
  return !walk.failed
}

/**
 * The quick walk of `storableJsonOf` alone: the storable copy of `input` and
 * how many values it holds (the count `limits.maxValues` bounds), or
 * `undefined` when `storableJsonOf` would refuse it (which then names why).
 */
export const quickCopy = (input: unknown, limits: StorableLimits): { readonly json: JsonValue; readonly values: number } | undefined => {
  const walk = startWalk(limits, undefined)
  const json = copyValue(walk, input, 0)
  return walk.failed || json === undefined ? undefined : { json, values: walk.values }
}
