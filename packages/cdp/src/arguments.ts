// Checks every namespace runs on its arguments before touching the store, so
// a bad argument is an InvalidArgument naming the field, the value and why.
import type { Identifier } from "@kith/core"
import type { PageRequest } from "@kith/storage"
import { Result } from "effect"
import { InvalidArgument } from "./errors.js"
import type { ListRequest } from "./list-request.js"

/** `value` (or `fallback` when absent) as an integer page size, chunk size or count from `min` (default 1) to `max`. */
export const limitOf = (field: string, value: number | undefined, fallback: number, max: number, min = 1): Result.Result<number, InvalidArgument> => {
  const limit = value ?? fallback
  return Number.isInteger(limit) && limit >= min && limit <= max
    ? Result.succeed(limit)
    : Result.fail(new InvalidArgument({ field, reason: `must be an integer from ${min} to ${max}, got ${String(value)}` }))
}

/** `value` as a valid `Date`. */
export const instantOf = (field: string, value: unknown): Result.Result<Date, InvalidArgument> =>
  value instanceof Date && !Number.isNaN(value.getTime())
    ? Result.succeed(value)
    : Result.fail(new InvalidArgument({ field, reason: `must be a valid Date, got ${String(value)}` }))

/** A list request as the store's page request: `limit` 1–1,000, default 50. */
export const pageRequestOf = (request: ListRequest | undefined): Result.Result<PageRequest, InvalidArgument> =>
  Result.map(limitOf("limit", request?.limit, 50, 1000), (limit) => ({ limit, cursor: request?.cursor }))

/** Whether `value` is an identifier `{ type: string, value: string }` as a caller may pass it (unchecked JSON). */
export const isIdentifier = (value: unknown): value is Identifier =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { readonly type?: unknown }).type === "string" &&
  typeof (value as { readonly value?: unknown }).value === "string"
