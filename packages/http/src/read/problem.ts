import { jsonResponse } from "../problem.js"

/**
 * What a refused read gets back: `success: false`, a stable `code` and a
 * `message` naming what was found and why it is refused.
 *
 * | status | code | when |
 * |---|---|---|
 * | 400 | `invalid_parameter` | a query parameter or path part that cannot be read (`limit=0`, `asOf=yesterday`, an identifier without `type:`) |
 * | 400 | `invalid_cursor` | a `cursor` that is not the `nextCursor` of a page of this list |
 * | 401 | `missing_read_key` | no read key (`Authorization: Bearer <key>`) and no auth hook said yes |
 * | 401 | `unknown_read_key` | a read key no workspace has |
 * | 404 | `not_found` | a path that is not one of the API's |
 * | 404 | `profile_not_found` | no profile has this id or identifier |
 * | 404 | `feature_unavailable` | the workspace's facade has no such feature (e.g. no pipeline) |
 * | 405 | `method_not_allowed` | anything but `GET` (and `OPTIONS`) |
 * | 409 | `ambiguous_identifier` | an identifier held by several profiles, when one was asked for |
 * | 500 | `storage_failure` | the store failed |
 *
 * @example
 * ```ts
 * const problem: ReadProblem = { success: false, code: "invalid_parameter", message: "limit: must be an integer from 1 to 1000, got \"0\"" }
 * ```
 */
export interface ReadProblem {
  readonly success: false
  readonly code: ReadProblemCode
  readonly message: string
}

/**
 * The `code` of a {@link ReadProblem}.
 *
 * @example
 * ```ts
 * const code: ReadProblemCode = "profile_not_found"
 * ```
 */
export type ReadProblemCode =
  | "invalid_parameter"
  | "invalid_cursor"
  | "missing_read_key"
  | "unknown_read_key"
  | "not_found"
  | "profile_not_found"
  | "feature_unavailable"
  | "method_not_allowed"
  | "ambiguous_identifier"
  | "storage_failure"

/** The response of a refused read. */
export const readProblemResponse = (status: number, code: ReadProblemCode, message: string, headers?: Readonly<Record<string, string>>): Response =>
  jsonResponse(status, { success: false, code, message } satisfies ReadProblem, headers)

/** A read refused while its request was being taken apart: a query parameter or path part that cannot be read. */
export class ReadRefused {
  constructor(
    readonly status: number,
    readonly code: ReadProblemCode,
    readonly message: string
  ) {}

  toResponse(): Response {
    return readProblemResponse(this.status, this.code, this.message)
  }
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === "object" && value !== null

// The facade's typed errors, by tag, as HTTP answers. Anything else is the store failing.
const byTag: Readonly<Record<string, readonly [number, ReadProblemCode]>> = {
  InvalidArgument: [400, "invalid_parameter"],
  InvalidInput: [400, "invalid_parameter"],
  InvalidCursor: [400, "invalid_cursor"],
  ProfileNotFound: [404, "profile_not_found"],
  NoProfileForIdentifier: [404, "profile_not_found"],
  IdentifierNotFound: [404, "profile_not_found"],
  AmbiguousIdentifier: [409, "ambiguous_identifier"]
}

/** The answer to an error the facade (or the request's reading) failed with. */
export const responseOfError = (error: unknown): Response => {
  if (error instanceof ReadRefused) return error.toResponse()
  const tag = isRecord(error) && typeof error["_tag"] === "string" ? error["_tag"] : undefined
  const message = error instanceof Error ? error.message : String(error)
  const known = tag === undefined ? undefined : byTag[tag]
  if (known !== undefined) return readProblemResponse(known[0], known[1], message === "" ? tag! : message)
  return readProblemResponse(500, "storage_failure", tag === undefined ? `the read failed: ${message}` : `${tag}: ${message}`)
}
