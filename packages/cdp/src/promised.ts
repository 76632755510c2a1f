import { Effect, type ManagedRuntime } from "effect"

/**
 * The Promise form of an Effect API: every function returning an Effect
 * (needing at most the services `R` of the runtime it will run on) returns a
 * Promise of its value instead, at any depth (namespaces, and functions that
 * carry operations of their own); everything else is as it was.
 *
 * @example
 * ```ts
 * type Api = { readonly count: () => Effect.Effect<number, StorageFailure>; readonly items: { readonly get: (id: string) => Effect.Effect<string> } }
 * type Client = Promised<Api> // { readonly count: () => Promise<number>; readonly items: { readonly get: (id: string) => Promise<string> } }
 * ```
 */
export type Promised<T, R = never> = T extends (...args: infer Args) => Effect.Effect<infer A, unknown, R>
  ? ((...args: Args) => Promise<A>) & { readonly [K in keyof T]: Promised<T[K], R> }
  : T extends ((...args: ReadonlyArray<never>) => unknown) | string | number | boolean | bigint | symbol | null | undefined
    ? T
    : { readonly [K in keyof T]: Promised<T[K], R> }

const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> => {
  if (typeof value !== "object" || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * Derives the Promise form of an Effect API: each function returning an
 * Effect is wrapped to run it on `runtime` and return a Promise, which
 * resolves with the value or rejects with the typed failure itself (an
 * `Error` with its `_tag`; a defect rejects with its cause). Plain objects
 * (namespaces) are mapped member by member, and the own members of a
 * function too, so a callable namespace stays callable. This is how
 * `createCdp` gives the {@link Cdp} service as Promises, without listing its
 * operations again.
 *
 * @param api - the Effect API (any depth of plain objects and functions)
 * @param runtime - where the Effects run, with the services they need
 * @returns the same API, returning Promises
 *
 * @example
 * ```ts
 * import { Effect, Layer, ManagedRuntime } from "effect"
 *
 * const runtime = ManagedRuntime.make(Layer.empty)
 * const client = promised({ math: { double: (n: number) => Effect.succeed(n * 2) } }, runtime)
 * await client.math.double(21) // => 42
 * await runtime.dispose()
 * ```
 */
export const promised = <T, R, ER>(api: T, runtime: ManagedRuntime.ManagedRuntime<R, ER>): Promised<T, R> => {
  const mapMembers = (source: object): Record<string, unknown> => Object.fromEntries(Object.entries(source).map(([key, member]) => [key, convert(member)]))
  const convert = (value: unknown): unknown => {
    if (typeof value === "function") {
      const operation = value as (...args: ReadonlyArray<unknown>) => unknown
      const run = (...args: ReadonlyArray<unknown>): unknown => {
        const result = operation(...args)
        return Effect.isEffect(result) ? runtime.runPromise(result as Effect.Effect<unknown, unknown, R>) : result
      }
      return Object.assign(run, mapMembers(operation))
    }
    return isPlainObject(value) ? mapMembers(value) : value
  }
  return convert(api) as Promised<T, R>
}
