// Properties of the Segment edge: exact money, stable derived ids, and a
// mapping that answers every JSON input with a typed result.
import { Result } from "effect"
import fc from "fast-check"
import currencyCodes from "currency-codes"
import { describe, expect, it } from "vitest"
import { MessageIdExcludedFields, currencyExponent, decimalToMinorUnits, decodeEventResult, deriveMessageId, fromSegment } from "../../src/index.js"

// Every ISO 4217 code the data knows, with its exponent (0 to 4).
const currencies = currencyCodes.codes()
const arbCurrency = fc.constantFrom(...currencies).chain((code) => fc.constantFrom(code, code.toLowerCase()))
const arbMinor = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.maxSafeNat())

// Writes the integer `minor` as a decimal in major units with `exponent`
// decimal places, in one of the forms clients use: plain, extra trailing
// zeros, leading zeros, or scientific notation.
const writeDecimal = (minor: number, exponent: number, style: number, pad: number): string => {
  const digits = String(minor).padStart(exponent + 1, "0")
  const whole = digits.slice(0, digits.length - exponent)
  const fraction = digits.slice(digits.length - exponent)
  switch (style) {
    case 0:
      return exponent === 0 ? whole : `${whole}.${fraction}`
    case 1:
      return `${whole}.${fraction}${"0".repeat(pad)}`
    case 2:
      return `${"0".repeat(pad)}${whole}${exponent === 0 ? "" : `.${fraction}`}`
    default:
      return `${String(minor)}e-${exponent}`
  }
}

describe("decimalToMinorUnits", () => {
  it("converts any decimal written with at most the currency's decimal places, exactly", () =>
    fc.assert(
      fc.property(arbCurrency, arbMinor, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 }), (currency, minor, style, pad) => {
        const exponent = currencyExponent(currency) as number
        const written = writeDecimal(minor, exponent, style, pad)
        expect(decimalToMinorUnits(written, currency)).toEqual(Result.succeed(minor))
      })
    ))

  it("refuses, with a reason naming the currency, a decimal with a non-zero digit past the currency's places", () =>
    fc.assert(
      fc.property(arbCurrency, arbMinor, fc.integer({ min: 1, max: 9 }), (currency, minor, extra) => {
        const exponent = currencyExponent(currency) as number
        const written = writeDecimal(minor, exponent, 0, 0)
        const finer = `${written}${exponent === 0 ? "." : ""}${extra}`
        const result = decimalToMinorUnits(finer, currency)
        expect(Result.isFailure(result) && result.failure).toContain(`not a whole number of ${currency.toUpperCase()}`)
      })
    ))

  it("reads a JSON number of major units without a float error (19.99 USD is 1999)", () =>
    fc.assert(
      fc.property(fc.constantFrom(...currencies.filter((c) => (currencyExponent(c) ?? 0) <= 4)), fc.integer({ min: 0, max: 999_999_999_999_999 }), (currency, minor) => {
        const exponent = currencyExponent(currency) as number
        // A JSON number is the double nearest the decimal; one of at most 15 significant digits prints back as written.
        const major = minor / 10 ** exponent
        expect(decimalToMinorUnits(major, currency)).toEqual(Result.succeed(minor))
      })
    ))

  it("answers any input in any currency with an exact safe integer or a reason, never a throw", () =>
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.double(), fc.stringMatching(/^-?\d{0,20}(\.\d{0,20})?([eE][+-]?\d{1,3})?$/), fc.jsonValue()),
        fc.oneof(arbCurrency, fc.string({ maxLength: 4 })),
        (amount, currency) => {
          const result = decimalToMinorUnits(amount, currency)
          if (Result.isSuccess(result)) {
            expect(Number.isSafeInteger(result.success) && result.success >= 0).toBe(true)
            // A success is exact: the digits written, shifted by the exponent (checked with BigInt).
            const written = typeof amount === "number" ? String(amount) : String(amount).trim()
            const match = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(written)
            expect(match).not.toBeNull()
            const [, whole = "", fraction = "", power = "0"] = match as RegExpExecArray
            const shift = (currencyExponent(currency) as number) - fraction.length + Number(power)
            const digits = BigInt(`0${whole}${fraction}`)
            if (shift >= 0) expect(BigInt(result.success)).toBe(digits * 10n ** BigInt(shift))
            else expect(BigInt(result.success) * 10n ** BigInt(-shift)).toBe(digits)
          } else {
            expect(result.failure.length).toBeGreaterThan(0)
          }
        }
      )
    ))
})

// Rebuilds a JSON value with every object's keys in another order.
const reorder = (value: unknown, seed: number): unknown => {
  if (Array.isArray(value)) return value.map((item) => reorder(item, seed))
  if (typeof value !== "object" || value === null) return value
  const keys = Object.keys(value)
  const rotated = keys.length === 0 ? keys : [...keys.slice(seed % keys.length), ...keys.slice(0, seed % keys.length)].reverse()
  const out: Record<string, unknown> = {}
  for (const key of rotated) Object.defineProperty(out, key, { value: reorder((value as Record<string, unknown>)[key], seed + 1), enumerable: true, writable: true, configurable: true })
  return out
}

const arbCall = fc.record(
  {
    type: fc.constantFrom("track", "identify", "page"),
    userId: fc.string(),
    event: fc.string(),
    properties: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
    context: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }))
  },
  { requiredKeys: ["type"], noNullPrototype: true }
)

describe("deriveMessageId", () => {
  it("is the same whatever the order of the keys, and whatever the transport fields say", () =>
    fc.assert(
      fc.property(arbCall, fc.nat(), fc.jsonValue(), (call, seed, transport) => {
        const id = deriveMessageId(call)
        expect(Result.isSuccess(id)).toBe(true)
        expect(deriveMessageId(reorder(call, seed))).toEqual(id)
        const withTransport: Record<string, unknown> = { ...call }
        // Assignment is safe here: the excluded fields are fixed names.
        for (const field of MessageIdExcludedFields) withTransport[field] = transport
        expect(deriveMessageId(withTransport)).toEqual(id)
      })
    ))

  it("changes when anything the call says changes", () =>
    fc.assert(
      fc.property(arbCall, fc.string({ minLength: 1 }).filter((k) => !(MessageIdExcludedFields as ReadonlyArray<string>).includes(k)), fc.jsonValue(), (call, key, value) => {
        const changed: Record<string, unknown> = { ...call, [key]: value }
        fc.pre(JSON.stringify(reorder(changed, 0)) !== JSON.stringify(reorder(call, 0)))
        expect(deriveMessageId(changed)).not.toEqual(deriveMessageId(call))
      })
    ))
})

const options = { settings: { currency: "VND", timezone: "Asia/Ho_Chi_Minh" }, receivedAt: new Date("2025-03-01T02:00:00Z") }

// Calls that look like Segment calls, with any JSON where values go: most
// are refused, some pass, and none may throw.
const arbValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string(), fc.double(), fc.constantFrom("19.99", "usd", "VND", "2025-03-01T09:00:00", "ios", "Nữ", "Việt Nam", null))
const arbProduct = fc.dictionary(fc.constantFrom("product_id", "productId", "sku", "price", "quantity", "name", "currency", "image_url", "position"), arbValue, { noNullPrototype: true })
const arbSegmentLike = fc.record(
  {
    type: fc.oneof(fc.constantFrom("identify", "track", "page", "screen", "group", "alias"), arbValue),
    messageId: arbValue,
    userId: fc.oneof(fc.constant("u-1"), arbValue),
    anonymousId: arbValue,
    previousId: arbValue,
    groupId: arbValue,
    event: fc.oneof(fc.constantFrom("Order Completed", "Order Refunded", "Product Viewed", "Checkout Started", "Product Reviewed", "Order Returned", "Payment Failed", "Points Earned", "Coupon Applied"), arbValue),
    timestamp: arbValue,
    originalTimestamp: arbValue,
    sentAt: arbValue,
    name: arbValue,
    traits: fc.oneof(fc.dictionary(fc.constantFrom("name", "first_name", "gender", "birthday", "address", "email", "company", "tax_code", "phone"), arbValue, { noNullPrototype: true }), arbValue),
    properties: fc.oneof(
      fc.record(
        { order_id: arbValue, total: arbValue, revenue: arbValue, value: arbValue, currency: arbValue, products: fc.oneof(fc.array(arbProduct, { maxLength: 3 }), arbValue), rating: arbValue, amount: arbValue },
        { requiredKeys: [], noNullPrototype: true }
      ),
      arbValue
    ),
    context: fc.oneof(
      fc.dictionary(fc.constantFrom("device", "locale", "timezone", "campaign", "referrer", "traits", "externalIds", "ip", "channel", "library", "os", "page"), arbValue, { noNullPrototype: true }),
      arbValue
    )
  },
  { requiredKeys: [], noNullPrototype: true }
)

describe("fromSegment is total", () => {
  const checkAnswer = (input: unknown) => {
    const result = fromSegment(input, options)
    if (Result.isSuccess(result)) {
      const again = decodeEventResult(JSON.parse(JSON.stringify(result.success.canonical)))
      expect(Result.isSuccess(again) && again.success).toEqual(result.success.event)
    } else {
      expect(result.failure._tag).toBe("SegmentRefusal")
      expect(result.failure.issues.length).toBeGreaterThan(0)
      for (const issue of result.failure.issues) expect(issue.message.length).toBeGreaterThan(0)
    }
  }

  it("answers any JSON value with an event or a refusal listing its problems", () => fc.assert(fc.property(fc.jsonValue(), checkAnswer)))

  it("answers Segment-like calls with any value in any field the same way", () => fc.assert(fc.property(arbSegmentLike, checkAnswer), { numRuns: 1000 }))
})
