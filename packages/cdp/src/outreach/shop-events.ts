// The shop events a host passes to tick, checked before anything is kept: each refusal names the field and why.
import type { ShopEvent } from "@kith/outreach"
import { Result } from "effect"
import { instantOf } from "../arguments.js"
import { InvalidArgument } from "../errors.js"

const text = (field: string, value: unknown): Result.Result<string, InvalidArgument> =>
  typeof value === "string" && value.trim() !== "" ? Result.succeed(value) : Result.fail(new InvalidArgument({ field, reason: `a non-empty string, got ${JSON.stringify(value)}` }))

const price = (field: string, value: unknown): Result.Result<number, InvalidArgument> =>
  typeof value === "number" && Number.isFinite(value) && value >= 0
    ? Result.succeed(value)
    : Result.fail(new InvalidArgument({ field, reason: `a price of 0 or more (the currency's smallest unit), got ${JSON.stringify(value)}` }))

const one = (field: string, value: unknown): Result.Result<ShopEvent, InvalidArgument> => {
  if (typeof value !== "object" || value === null) return Result.fail(new InvalidArgument({ field, reason: "a shop event: { kind, key, at, … }" }))
  const e = value as Record<string, unknown>
  const key = text(`${field}.key`, e["key"])
  if (Result.isFailure(key)) return Result.fail(key.failure)
  const at = instantOf(`${field}.at`, e["at"])
  if (Result.isFailure(at)) return Result.fail(at.failure)
  if (e["kind"] === "price_changed") {
    const productId = text(`${field}.productId`, e["productId"])
    if (Result.isFailure(productId)) return Result.fail(productId.failure)
    const from = price(`${field}.from`, e["from"])
    if (Result.isFailure(from)) return Result.fail(from.failure)
    const to = price(`${field}.to`, e["to"])
    if (Result.isFailure(to)) return Result.fail(to.failure)
    return Result.succeed({ kind: "price_changed", key: key.success, productId: productId.success, from: from.success, to: to.success, at: at.success })
  }
  if (e["kind"] === "live_scheduled") {
    const liveId = text(`${field}.liveId`, e["liveId"])
    if (Result.isFailure(liveId)) return Result.fail(liveId.failure)
    const startsAt = instantOf(`${field}.startsAt`, e["startsAt"])
    if (Result.isFailure(startsAt)) return Result.fail(startsAt.failure)
    return Result.succeed({ kind: "live_scheduled", key: key.success, liveId: liveId.success, startsAt: startsAt.success, at: at.success })
  }
  return Result.fail(new InvalidArgument({ field: `${field}.kind`, reason: `"price_changed" or "live_scheduled", got ${JSON.stringify(e["kind"])}` }))
}

/**
 * The shop events of a tick, checked: a list of `price_changed` and
 * `live_scheduled` events (absent: none); the first bad one refuses the
 * tick before anything is kept.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 *
 * const checked = shopEventsOf([{ kind: "live_scheduled", key: "ls-1", liveId: "live-1", startsAt: new Date("2026-02-02T13:00:00Z"), at: new Date("2026-02-02T02:00:00Z") }])
 * Result.isSuccess(checked) && checked.success.map((e) => e.key) // => ["ls-1"]
 * Result.isFailure(shopEventsOf("soon")) // => true
 * ```
 */
export const shopEventsOf = (value: unknown): Result.Result<ReadonlyArray<ShopEvent>, InvalidArgument> => {
  if (value === undefined) return Result.succeed([])
  if (!Array.isArray(value)) return Result.fail(new InvalidArgument({ field: "shopEvents", reason: `a list of shop events, got ${JSON.stringify(value)}` }))
  const out: Array<ShopEvent> = []
  for (const [i, item] of value.entries()) {
    const checked = one(`shopEvents[${i}]`, item)
    if (Result.isFailure(checked)) return Result.fail(checked.failure)
    out.push(checked.success)
  }
  return Result.succeed(out)
}
