/**
 * What a refused request gets back: `success: false`, a stable `code` and a
 * `message` saying what was found and why it is refused.
 *
 * | status | code | when |
 * |---|---|---|
 * | 400 | `invalid_json` | the body is not JSON (or not valid gzip) |
 * | 400 | `invalid_body` | JSON of the wrong shape: a call that is not an object, a batch without its `batch` array |
 * | 401 | `missing_write_key` | no write key in HTTP Basic auth nor in the body |
 * | 401 | `unknown_write_key` | a write key no workspace has |
 * | 404 | `not_found` | a path that is not one of the API's |
 * | 405 | `method_not_allowed` | anything but `POST` (and `OPTIONS`) |
 * | 413 | `body_too_large` | over Segment's limits: 32 KB per call, 500 KB per batch |
 * | 415 | `unsupported_encoding` | a `Content-Encoding` other than gzip |
 * | 500 | `storage_failure` | the store failed: nothing is lost, the client retries |
 *
 * @example
 * ```ts
 * const problem: HttpProblem = { success: false, code: "body_too_large", message: "a /v1/batch body is at most 512000 bytes of JSON" }
 * ```
 */
export interface HttpProblem {
  readonly success: false
  readonly code: HttpProblemCode
  readonly message: string
}

/**
 * The `code` of an {@link HttpProblem}.
 *
 * @example
 * ```ts
 * const code: HttpProblemCode = "unknown_write_key"
 * ```
 */
export type HttpProblemCode =
  | "invalid_json"
  | "invalid_body"
  | "missing_write_key"
  | "unknown_write_key"
  | "not_found"
  | "method_not_allowed"
  | "body_too_large"
  | "unsupported_encoding"
  | "storage_failure"

/** A JSON response with the CORS headers every answer carries (browsers send analytics.js calls cross-origin). */
export const jsonResponse = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "access-control-allow-origin": "*", ...headers }
  })

/** The response of a refused request. */
export const problemResponse = (status: number, code: HttpProblemCode, message: string, headers?: Readonly<Record<string, string>>): Response =>
  jsonResponse(status, { success: false, code, message } satisfies HttpProblem, headers)

/** A request refused before it was collected: its status, code and message. */
export class RequestRefused {
  constructor(
    readonly status: number,
    readonly code: HttpProblemCode,
    readonly message: string
  ) {}

  toResponse(): Response {
    return problemResponse(this.status, this.code, this.message)
  }
}
