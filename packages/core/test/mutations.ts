// Mutations of a valid encoded event, for checking that a decoder rejects what
// the schema rejects. Each mutation touches one place in the JSON tree: it may
// leave the event valid (an extra key, an optional field swapped for another
// valid value) or break it (a wrong type, a number out of range, a missing
// field, a string one past its limit, a bad instant or calendar date, a NUL or
// half a surrogate pair in a string or a key).
import fc from "fast-check"

type Path = ReadonlyArray<string | number>

/** Every place in a JSON tree: the root, each object key and array index. */
export const pathsOf = (value: unknown, path: Path = []): Array<Path> => {
  const out: Array<Path> = [path]
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pathsOf(item, [...path, i])))
  else if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...path, key]))
  }
  return out
}

// Lengths either side of every limit the schemas use.
const limits = [0, 1, 50, 51, 64, 65, 100, 101, 200, 201, 320, 321, 500, 501, 1000, 1001, 2000, 2001, 10_000, 10_001]

/** Instant strings: sometimes valid, often not (month 13, 30 February, hour 24, no zone, a bad offset). */
export const arbInstantString = fc
  .record({
    y: fc.oneof(fc.constantFrom("2025", "2024", "0000", "0001", "0099", "0100", "1900", "2000", "2100", "9999", "25"), fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, "0"))),
    m: fc.constantFrom("01", "02", "12", "13", "00", "1"),
    d: fc.constantFrom("01", "28", "29", "30", "31", "32", "00"),
    h: fc.constantFrom("00", "23", "24", "7"),
    min: fc.constantFrom("00", "59", "60"),
    sec: fc.constantFrom("", ":00", ":59", ":60", ":00.5", ":00.123456789", ":00.1234567890"),
    sep: fc.constantFrom("T", " ", "t"),
    zone: fc.constantFrom("Z", "+07:00", "+0700", "-05:30", "+24:00", "+07:60", "", "z", "+7")
  })
  .map(({ y, m, d, h, min, sec, sep, zone }) => `${y}-${m}-${d}${sep}${h}:${min}${sec}${zone}`)

/** Calendar dates in each accepted spelling, real or not. */
export const arbDateString = fc
  .record({ y: fc.constantFrom("1990", "2000", "2023", "2024", "0000", "99"), m: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }), form: fc.nat(3) })
  .map(({ y, m, d, form }) => {
    const mm = String(m).padStart(2, "0")
    const dd = String(d).padStart(2, "0")
    return [`${y}-${mm}-${dd}`, `${dd}/${mm}/${y}`, `${d}.${m}.${y}`, ` ${dd}-${mm}-${y} `][form]!
  })

/** A value to put somewhere it may or may not belong. */
export const arbReplacement: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null, undefined, true, false, 0, -0, 1, -1, 1.5, 5, 6, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2, "", " ", " x", "x ", "x", "VND", "vnd", "track", "identify", "page", "alias",
    "Order Completed", "mobile", "ai", "zalo", "Zalo", "vi-VN", "vi_VN", "VN", [], {}, [1], { a: 1 },
    new Date("2025-03-01T00:00:00Z"), new Date(NaN)
  ),
  fc.nat(limits.length - 1).map((i) => "a".repeat(limits[i]!)),
  arbInstantString,
  arbDateString,
  fc.integer({ min: -3, max: 7 }),
  fc.double(),
  fc.string(),
  fc.jsonValue(),
  fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true })
)

/** One change at one place of a tree. */
export type Mutation =
  | { readonly op: "replace"; readonly at: number; readonly value: unknown }
  | { readonly op: "delete"; readonly at: number }
  | { readonly op: "add"; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly op: "grow"; readonly at: number; readonly length: number }
  | { readonly op: "anonymous" }
  | { readonly op: "corrupt"; readonly at: number; readonly unit: string; readonly position: number; readonly inKey: boolean }

export const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value: arbReplacement }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("delete" as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("add" as const),
      at: fc.nat(),
      key: fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "toString", "type", "event", "userId", "properties", "sentAt")),
      value: arbReplacement
    })
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("grow" as const), at: fc.nat(), length: fc.constantFrom(20, 21, 50, 51, 100, 101, 200, 201, 1001) }) },
  { weight: 1, arbitrary: fc.constant({ op: "anonymous" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("corrupt" as const),
      at: fc.nat(),
      unit: fc.constantFrom("\u0000", "\uD800", "\uDBFF", "\uDC00", "\uDFFF"),
      position: fc.nat(),
      inKey: fc.boolean()
    })
  }
)

// `text` with `unit` (a NUL or half a surrogate pair) put in at `position` (modulo its length + 1).
const corrupted = (text: string, unit: string, position: number): string => {
  const at = position % (text.length + 1)
  return text.slice(0, at) + unit + text.slice(at)
}

const clone = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(clone)
    : typeof value === "object" && value !== null && !(value instanceof Date)
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]))
      : value

const define = (target: Record<string | number, unknown>, key: string | number, value: unknown) =>
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })

/** Applies `mutation` to a copy of `input` (the root itself can be replaced). */
export const mutate = (input: unknown, mutation: Mutation): unknown => {
  const root = clone(input)
  if (mutation.op === "anonymous") {
    if (typeof root === "object" && root !== null) {
      delete (root as Record<string, unknown>)["userId"]
      delete (root as Record<string, unknown>)["anonymousId"]
    }
    return root
  }
  const paths = pathsOf(root)
  const path = paths[mutation.at % paths.length]!
  if (path.length === 0) {
    if (mutation.op === "replace") return mutation.value
    if (mutation.op === "delete") return undefined
    if (mutation.op === "corrupt" && typeof root === "string") return corrupted(root, mutation.unit, mutation.position)
  }
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<
    string | number,
    unknown
  >
  const key = path[path.length - 1]
  const here = path.length === 0 ? root : parent[key!]
  switch (mutation.op) {
    case "replace":
      define(parent, key!, mutation.value)
      break
    case "delete":
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else delete parent[key!]
      break
    case "add":
      if (typeof here === "object" && here !== null && !Array.isArray(here) && !(here instanceof Date)) define(here as Record<string, unknown>, mutation.key, mutation.value)
      else if (Array.isArray(here)) here.push(mutation.value)
      break
    case "grow":
      if (Array.isArray(here) && here.length > 0) while (here.length < mutation.length) here.push(clone(here[0]))
      break
    case "corrupt":
      // Text the storable rules refuse, in a string value or in the name of the key that holds it.
      if (mutation.inKey && typeof key === "string") {
        const value = parent[key]
        delete parent[key]
        define(parent, corrupted(key, mutation.unit, mutation.position), value)
      } else if (typeof here === "string" && path.length > 0) define(parent, key!, corrupted(here, mutation.unit, mutation.position))
      break
  }
  return root
}
