import type { Identifier } from "@kith/core"
import { ReadRefused } from "./problem.js"

const refuse = (field: string, value: string, reason: string): never => {
  throw new ReadRefused(400, "invalid_parameter", `${field}: ${reason}, got ${JSON.stringify(value)}`)
}

/** An optional integer query parameter within `[min, max]`. */
export const intParam = (query: URLSearchParams, field: string, min: number, max: number): number | undefined => {
  const raw = query.get(field)
  if (raw === null || raw === "") return undefined
  const n = Number(raw)
  if (!/^-?\d+$/.test(raw) || n < min || n > max) return refuse(field, raw, `must be an integer from ${min} to ${max}`)
  return n
}

/** An optional instant query parameter: an ISO 8601 date-time with its offset, or milliseconds since the epoch. */
export const instantParam = (query: URLSearchParams, field: string): Date | undefined => {
  const raw = query.get(field)
  if (raw === null || raw === "") return undefined
  const isIso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw)
  const date = /^\d{1,15}$/.test(raw) ? new Date(Number(raw)) : isIso ? new Date(raw) : undefined
  if (date === undefined || Number.isNaN(date.getTime())) return refuse(field, raw, "must be an ISO 8601 instant with its offset (2025-12-31T16:59:59Z) or epoch milliseconds")
  return date
}

/** An optional string query parameter; `undefined` when absent. */
export const stringParam = (query: URLSearchParams, field: string): string | undefined => query.get(field) ?? undefined

/** An optional comma-separated list whose members are among `allowed`. */
export const listParam = <A extends string>(query: URLSearchParams, field: string, allowed: ReadonlyArray<A>): ReadonlyArray<A> | undefined => {
  const raw = query.get(field)
  if (raw === null || raw === "") return undefined
  const isAllowed = (v: string): v is A => (allowed as ReadonlyArray<string>).includes(v)
  return raw.split(",").map((v) => {
    const value = v.trim()
    return isAllowed(value) ? value : refuse(field, value, `each must be one of ${allowed.join(", ")}`)
  })
}

/** An identifier written `type:value` (`phone:0912 345 678`, `email:lan@example.vn`); the value may hold more colons. */
export const identifierOf = (field: string, raw: string): Identifier => {
  const at = raw.indexOf(":")
  if (at <= 0 || at === raw.length - 1) return refuse(field, raw, "must be an identifier written type:value, e.g. phone:0912345678")
  return { type: raw.slice(0, at), value: raw.slice(at + 1) }
}

/** A profile named in a path: its id (`p_m-1`), or an identifier `type:value`. */
export const profileRefOf = (raw: string): string | Identifier => (raw.includes(":") ? identifierOf("profile", raw) : raw)

/** A required query parameter. */
export const requiredParam = (query: URLSearchParams, field: string): string => {
  const raw = query.get(field)
  if (raw === null || raw === "") throw new ReadRefused(400, "invalid_parameter", `${field}: required`)
  return raw
}
