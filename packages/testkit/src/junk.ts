/**
 * The junk values the generator mixes into identifiers (the IDN-4 default
 * blocklist): what broken forms, SDKs and integrations really send. They never
 * appear in a record's `linkKeys`.
 */
export const JUNK_VALUES = [
  "0000000000",
  "123456789",
  "test@test.com",
  "null",
  "undefined",
  "anonymous",
  "[object Object]",
  "-1"
] as const

/** Junk a phone field receives. */
export const JUNK_PHONES: ReadonlyArray<string> = ["0000000000", "123456789", "-1", "null", "undefined"]

/** Junk an email field receives. */
export const JUNK_EMAILS: ReadonlyArray<string> = ["test@test.com", "null", "undefined", "[object Object]"]

/** Junk an id field (external ids, anonymous ids) receives. */
export const JUNK_IDS: ReadonlyArray<string> = ["null", "undefined", "anonymous", "[object Object]", "-1", "0000000000"]

const junk = new Set<string>(JUNK_VALUES)

/**
 * Is `value` one of the generator's {@link JUNK_VALUES}?
 *
 * @example
 * ```ts
 * isJunkValue("[object Object]") // => true
 * isJunkValue("+84912345678") // => false
 * ```
 */
export const isJunkValue = (value: string): boolean => junk.has(value)
