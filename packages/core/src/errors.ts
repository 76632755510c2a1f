import { Result, Schema, SchemaIssue } from "effect"
import { Invalid, fastDecoderFor } from "./fast-decode.js"

/**
 * One reason a value was rejected, with the path to the offending field.
 *
 * @example
 * ```ts
 * const issue: InputIssue = { path: "properties.products[0].quantity", message: "Expected a value greater than or equal to 1" }
 * ```
 */
export interface InputIssue {
  /** Dotted path from the root of the input, with `[i]` for array positions; `""` for the root itself. */
  readonly path: string
  /** Why the value at `path` was rejected. */
  readonly message: string
}

/**
 * Input did not match a kith schema. Every problem found is listed in `issues`,
 * each naming the field (`path`) and the reason (`message`). Nothing is written
 * when this error is raised.
 *
 * @example
 * ```ts
 * import { decodeEventResult } from "@kith/core"
 * import { Result } from "effect"
 *
 * const result = decodeEventResult({ type: "track", messageId: "m1", anonymousId: "a1", timestamp: "2025-01-01T00:00:00Z", event: "Review Submitted", properties: { rating: 9 } })
 * if (Result.isFailure(result)) {
 *   result.failure.issues // => [{ path: "properties.rating", message: "Expected a value between 1 and 5" }]
 * }
 * ```
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>("@kith/core/InvalidInput")("InvalidInput", {
  /** What was being decoded, e.g. `"event"` or `"workspace settings"`. */
  subject: Schema.String,
  issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {
  override get message(): string {
    return `Invalid ${this.subject}: ` + this.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; ")
  }
}

const standardFormatter = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * Formats a property path the way a developer writes it: `a.b[0].c`.
 *
 * @example
 * ```ts
 * formatPath(["properties", "products", 0, "quantity"]) // => "properties.products[0].quantity"
 * ```
 */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`
    else out += out === "" ? String(key) : `.${String(key)}`
  }
  return out
}

/**
 * Turns an effect `SchemaIssue` into kith's flat list of `{ path, message }`.
 * Paths are relative to `prefix` when the schema decoded a nested part of a
 * larger input.
 */
export const issuesOf = (issue: SchemaIssue.Issue, prefix: ReadonlyArray<PropertyKey> = []): ReadonlyArray<InputIssue> =>
  standardFormatter(issue).issues.map((i) => ({
    path: formatPath([...prefix, ...(i.path ?? []).map((p) => (typeof p === "object" && p !== null ? p.key : p))]),
    message: i.message
  }))

/**
 * Builds a decoder for `schema` that reports every problem as an
 * {@link InvalidInput} naming `subject`, instead of effect's `SchemaError`.
 *
 * Valid input takes a fast path: the schema is compiled once, on first use,
 * into plain functions that give the same value as Effect Schema's decoder.
 * Input it rejects, or a schema it cannot compile, goes through Effect Schema,
 * which alone builds the issues.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * const decodeAge = decoderFor("age", Schema.Int)
 * decodeAge("x") // => Result.fail(InvalidInput { subject: "age", issues: [{ path: "", message: "Expected number" }] })
 * ```
 */
export const decoderFor = <A, I>(subject: string, schema: Schema.Codec<A, I, never, unknown>) => {
  const decode = Schema.decodeUnknownResult(schema as Schema.Codec<A, I, never, never>)
  // `null` until first use, so importing a schema compiles nothing.
  let fast: ((input: unknown) => unknown) | undefined | null = null
  const failure = (input: unknown): Result.Result<A, InvalidInput> => {
    const result = decode(input, { errors: "all" })
    return Result.isSuccess(result)
      ? Result.succeed(result.success)
      : Result.fail(new InvalidInput({ subject, issues: issuesOf(result.failure.issue) }))
  }
  return (input: unknown): Result.Result<A, InvalidInput> => {
    if (fast === null) fast = fastDecoderFor(schema)
    if (fast !== undefined) {
      const value = fast(input)
      // Declined input is almost always invalid: list its issues straight away
      // (a valid input the fast path was unsure of still decodes there).
      return value === Invalid ? failure(input) : Result.succeed(value as A)
    }
    // Without a fast path, stopping at the first error is the cheaper check of
    // valid input; only rejected input pays for the pass that lists every issue.
    const first = decode(input)
    return Result.isSuccess(first) ? Result.succeed(first.success) : failure(input)
  }
}
