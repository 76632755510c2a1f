import type { ProfileSummaryJson } from "./summary-codec.js"

// A hand-written check of the stored JSON form of a summary, for the hot path
// of reading summaries back (the storage layer reads one per touched profile
// per batch): walking the schema costs several times the JSON parse itself.
//
// It accepts a subset of what the schema (`ProfileSummaryJson`) accepts, never
// more: every test below is the schema's own rule or a stricter one (finite
// numbers, no array where an object is due). Whatever it turns down is decoded
// by the schema, which either accepts it after all or says what is wrong, so
// results and error reports are exactly those of the schema alone.

type Json = { readonly [key: string]: unknown }

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v)
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v)
const isNumberOrNull = (v: unknown): boolean => v === null || isNumber(v)
const isStringOrNull = (v: unknown): boolean => v === null || typeof v === "string"
const isText = (v: unknown, max: number): boolean => typeof v === "string" && v.length <= max
// An optional key of LineItem: absent, or present with a valid value (a
// present `undefined` is not absent for the schema).
const isOptionalText = (line: Json, key: string, max: number): boolean => {
  const v = line[key]
  return v === undefined ? !(key in line) : isText(v, max)
}

const isOptionalCount = (line: Json, key: string): boolean => {
  const v = line[key]
  return v === undefined ? !(key in line) : Number.isSafeInteger(v) && (v as number) >= 0
}

const everyOf = (v: unknown, check: (item: unknown) => boolean): boolean => {
  if (!Array.isArray(v)) return false
  for (let i = 0; i < v.length; i++) if (!check(v[i])) return false
  return true
}

// @kith/core's LineItem: Ref productId (trimmed, non-empty, ≤ 200), optional
// Text name (≤ 500), category, sku, brand and variant (≤ 200), url and
// imageUrl (≤ 2000), coupon (≤ 100), position an integer ≥ 0, quantity an
// integer ≥ 1, price an Amount (a safe integer ≥ 0).
const isLineItem = (v: unknown): boolean => {
  if (!isObject(v)) return false
  const productId = v["productId"]
  const quantity = v["quantity"]
  const price = v["price"]
  return (
    typeof productId === "string" &&
    productId.length > 0 &&
    productId.length <= 200 &&
    productId.trim() === productId &&
    Number.isSafeInteger(quantity) &&
    (quantity as number) >= 1 &&
    Number.isSafeInteger(price) &&
    (price as number) >= 0 &&
    isOptionalText(v, "name", 500) &&
    isOptionalText(v, "category", 200) &&
    isOptionalText(v, "sku", 200) &&
    isOptionalText(v, "brand", 200) &&
    isOptionalText(v, "variant", 200) &&
    isOptionalText(v, "url", 2000) &&
    isOptionalText(v, "imageUrl", 2000) &&
    isOptionalText(v, "coupon", 100) &&
    isOptionalCount(v, "position")
  )
}

const isLines = (v: unknown): boolean => everyOf(v, isLineItem)

const isDetailsOrNull = (v: unknown): boolean =>
  v === null ||
  (isObject(v) &&
    isNumber(v["at"]) &&
    typeof v["messageId"] === "string" &&
    typeof v["currency"] === "string" &&
    isNumber(v["total"]) &&
    isNumberOrNull(v["paid"]) &&
    isLines(v["products"]))

const isReturn = (v: unknown): boolean =>
  isObject(v) && typeof v["messageId"] === "string" && isNumber(v["at"]) && isNumberOrNull(v["amount"]) && (v["products"] === null || isLines(v["products"]))

const isRefund = (v: unknown): boolean =>
  isObject(v) && typeof v["messageId"] === "string" && isNumber(v["at"]) && typeof v["currency"] === "string" && isNumberOrNull(v["amount"])

const isOrder = (v: unknown): boolean =>
  isObject(v) &&
  typeof v["orderId"] === "string" &&
  isNumberOrNull(v["placedAt"]) &&
  isNumberOrNull(v["completedAt"]) &&
  isNumberOrNull(v["cancelledAt"]) &&
  isNumberOrNull(v["deliveryFailedAt"]) &&
  isDetailsOrNull(v["placed"]) &&
  isDetailsOrNull(v["completed"]) &&
  everyOf(v["returns"], isReturn) &&
  everyOf(v["refunds"], isRefund)

const isMonth = (v: unknown): boolean => isObject(v) && Number.isSafeInteger(v["month"]) && everyOf(v["counts"], isNumber)

const isPointsKind = (v: unknown): boolean => v === "earned" || v === "redeemed" || v === "adjusted"

const isPoints = (v: unknown): boolean =>
  isObject(v) &&
  typeof v["messageId"] === "string" &&
  isNumber(v["at"]) &&
  isPointsKind(v["kind"]) &&
  isNumber(v["points"]) &&
  isNumberOrNull(v["expiresAt"]) &&
  isStringOrNull(v["orderId"]) &&
  isStringOrNull(v["reason"])

// An optional string key of a touch: absent, or present with a string.
const isOptionalString = (v: Json, key: string): boolean => {
  const value = v[key]
  return value === undefined ? !(key in v) : typeof value === "string"
}

const isTouch = (v: unknown): boolean =>
  isObject(v) &&
  isStringOrNull(v["channel"]) &&
  isStringOrNull(v["source"]) &&
  isOptionalString(v, "campaignSource") &&
  isOptionalString(v, "campaignMedium") &&
  isOptionalString(v, "campaignName") &&
  isOptionalString(v, "referrer") &&
  isNumber(v["firstAt"]) &&
  isNumber(v["lastAt"])

const isString = (v: unknown): boolean => typeof v === "string"

/**
 * Whether `input` is a well-formed stored summary that the schema
 * `ProfileSummaryJson` certainly accepts, checked without the schema. `false`
 * means "ask the schema", not "malformed".
 *
 * @param input - a parsed JSON value
 * @returns `true` only for values the schema accepts
 *
 * @example
 * ```ts
 * isCertainlySummaryJson(JSON.parse(JSON.stringify(summaryToJson(emptySummary)))) // => true
 * isCertainlySummaryJson({ version: 2 }) // => false
 * ```
 */
export const isCertainlySummaryJson = (input: unknown): input is ProfileSummaryJson =>
  isObject(input) &&
  input["version"] === 1 &&
  everyOf(input["orders"], isOrder) &&
  everyOf(input["activity"], isMonth) &&
  everyOf(input["minigames"], isString) &&
  everyOf(input["points"], isPoints) &&
  everyOf(input["sources"], isTouch) &&
  isNumberOrNull(input["firstSeenAt"]) &&
  isNumberOrNull(input["lastSeenAt"]) &&
  isNumberOrNull(input["contactAt"]) &&
  isNumberOrNull(input["registeredAt"])
