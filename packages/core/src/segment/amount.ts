import currencyCodes from "currency-codes"
import { Result } from "effect"
import { shown } from "./issues.js"

// Money arrives from Segment clients as decimals in major units (19.99 USD,
// "250000" VND); kith holds integers in the currency's smallest unit. The
// conversion works on the decimal digits as written, never with floating-point
// multiplication (19.99 * 100 = 1998.9999999999998): it shifts the decimal
// point by the currency's ISO 4217 exponent and refuses anything that does not
// land on a whole number.

/**
 * The ISO 4217 exponent of a currency (its number of decimal places): 0 for
 * VND and JPY, 2 for USD and EUR, 3 for KWD and BHD, 4 for CLF. `undefined`
 * for a code that is not in ISO 4217. The data is the ISO 4217 list as
 * published in the `currency-codes` package (CLDR, which `Intl` follows,
 * differs for a few currencies such as IQD).
 *
 * @param code - a three-letter currency code, any case
 * @returns the number of decimal places, or `undefined`
 *
 * @example
 * ```ts
 * currencyExponent("VND") // => 0
 * currencyExponent("usd") // => 2
 * currencyExponent("KWD") // => 3
 * currencyExponent("XYZ") // => undefined
 * ```
 */
export const currencyExponent = (code: string): number | undefined => {
  if (exponents === undefined) exponents = new Map(currencyCodes.data.map((record) => [record.code, record.digits]))
  return code.length === 3 ? exponents.get(code.toUpperCase()) : undefined
}

// ISO 4217 code → exponent, built on first use (the package looks codes up by a linear scan).
let exponents: Map<string, number> | undefined

/**
 * Reads a currency code as clients write it (`usd`, ` VND `) into kith's
 * upper-case ISO 4217 form, or a reason it is not one.
 *
 * @param value - what the client sent
 * @returns the upper-case code, or why it was refused
 *
 * @example
 * ```ts
 * normalizeCurrencyCode("usd") // => Result.succeed("USD")
 * normalizeCurrencyCode("dollars") // => Result.fail('"dollars" is not an ISO 4217 currency code such as VND or USD')
 * ```
 */
export const normalizeCurrencyCode = (value: unknown): Result.Result<string, string> => {
  if (typeof value === "string") {
    const code = value.trim().toUpperCase()
    if (currencyExponent(code) !== undefined) return Result.succeed(code)
  }
  return Result.fail(`${shown(value)} is not an ISO 4217 currency code such as VND or USD`)
}

// A decimal as written: optional sign, digits with an optional fraction (or a
// bare fraction), optional exponent. No grouping separators: "1,000" is 1000
// in en-US and 1 in vi-VN, so it is refused rather than guessed.
const DECIMAL = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/

const MAX_DIGITS = String(Number.MAX_SAFE_INTEGER).length

/**
 * Converts a decimal amount in major units (a JSON number or a numeric
 * string, as Segment clients send prices) to an integer in the smallest unit
 * of `currency`, exactly: `19.99` USD is `1999`, `"250000"` VND is `250000`,
 * `1.234` KWD is `1234`. A value that is not a whole number of the smallest
 * unit (`19.999` USD, `0.5` VND), negative, not a number, or beyond
 * `Number.MAX_SAFE_INTEGER` is refused with the reason. A number is read by
 * its shortest decimal form (what `String(n)` writes), so `0.1 + 0.2` is
 * `0.30000000000000004` and refused in USD rather than silently rounded.
 *
 * @param amount - a number or a decimal string such as `"19.99"` or `"1e3"`
 * @param currency - an ISO 4217 code, any case
 * @returns the integer amount, or why it cannot be converted exactly
 *
 * @example
 * ```ts
 * decimalToMinorUnits(19.99, "USD") // => Result.succeed(1999)
 * decimalToMinorUnits("250000", "vnd") // => Result.succeed(250000)
 * decimalToMinorUnits("1.5", "VND") // => Result.fail('"1.5" is not a whole number of VND (0 decimal places)')
 * decimalToMinorUnits("1,000", "USD") // => Result.fail('"1,000" is not a decimal number such as 19.99 (use a dot for decimals and no thousands separators)')
 * ```
 */
export const decimalToMinorUnits = (amount: unknown, currency: string): Result.Result<number, string> => {
  const exponent = currencyExponent(currency)
  if (exponent === undefined) return Result.fail(`${shown(currency)} is not an ISO 4217 currency code such as VND or USD`)
  let written: string
  if (typeof amount === "number") {
    if (!Number.isFinite(amount)) return Result.fail(`${shown(amount)} is not a finite number`)
    written = String(amount)
  } else if (typeof amount === "string") {
    written = amount.trim()
  } else {
    return Result.fail(`expected an amount (a number or a decimal string such as "19.99"), got ${shown(amount)}`)
  }
  const match = DECIMAL.exec(written)
  if (match === null) {
    return Result.fail(`${shown(amount)} is not a decimal number such as 19.99 (use a dot for decimals and no thousands separators)`)
  }
  const [, sign, whole, fraction, bareFraction, power] = match
  const fractionDigits = fraction ?? bareFraction ?? ""
  const digits = ((whole ?? "") + fractionDigits).replace(/^0+/, "")
  if (digits === "") return Result.succeed(0)
  if (sign === "-") return Result.fail(`${shown(amount)} is negative; an amount is never below 0`)
  const upper = currency.toUpperCase()
  // The integer is digits × 10^shift; a large written exponent cannot make it safe.
  const shift = exponent - fractionDigits.length + (power === undefined ? 0 : Number(power))
  let integer: string
  if (shift >= 0) {
    if (digits.length + shift > MAX_DIGITS) return tooLarge(amount, upper)
    integer = digits + "0".repeat(shift)
  } else {
    const cut = -shift
    const dropped = cut >= digits.length ? digits : digits.slice(digits.length - cut)
    if (/[1-9]/.test(dropped)) {
      return Result.fail(`${shown(amount)} is not a whole number of ${upper} (${exponent} decimal place${exponent === 1 ? "" : "s"})`)
    }
    integer = cut >= digits.length ? "0" : digits.slice(0, digits.length - cut)
  }
  const value = Number(integer)
  return Number.isSafeInteger(value) ? Result.succeed(value) : tooLarge(amount, upper)
}

const tooLarge = (amount: unknown, currency: string): Result.Result<number, string> =>
  Result.fail(`${shown(amount)} ${currency} is too large: its smallest-unit amount is beyond ${Number.MAX_SAFE_INTEGER}`)
