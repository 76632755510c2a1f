// Records keyed by names that come from input (trait names): a plain object answers `constructor`,
// `toString` or `__proto__` with what it inherits, and assigning `__proto__` replaces its prototype.
// These helpers read and write own keys only, on objects without a prototype.

/**
 * An empty record without a prototype: every key, `__proto__` included, is
 * an ordinary own key, and no key is answered by `Object.prototype`.
 *
 * @example
 * ```ts
 * const traits = emptyRecord<number>()
 * traits["constructor"] // => undefined
 * ```
 */
export const emptyRecord = <V>(): Record<string, V> => Object.create(null) as Record<string, V>

/**
 * The value under an own key of `record`, never an inherited one.
 *
 * @example
 * ```ts
 * ownValue({ a: 1 }, "constructor") // => undefined
 * ownValue({ a: 1 }, "a") // => 1
 * ```
 */
export const ownValue = <V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined =>
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined

/**
 * Sets an own key of `record`, `__proto__` included (as a data key, never the
 * prototype, whatever the record's prototype).
 *
 * @example
 * ```ts
 * const traits = emptyRecord<string>()
 * setOwnValue(traits, "__proto__", "x")
 * Object.keys(traits) // => ["__proto__"]
 * ```
 */
export const setOwnValue = <V>(record: Record<string, V>, key: string, value: V): void => {
  if (key === "__proto__") Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true })
  else record[key] = value
}

/**
 * A copy of `record`'s own entries in a record without a prototype.
 *
 * @example
 * ```ts
 * Object.getPrototypeOf(recordOf(JSON.parse('{"__proto__": 1}'))) // => null (and "__proto__" is an own key)
 * ```
 */
export const recordOf = <V>(record: Readonly<Record<string, V>>): Record<string, V> => {
  const out = emptyRecord<V>()
  for (const key of Object.keys(record)) setOwnValue(out, key, record[key] as V)
  return out
}
