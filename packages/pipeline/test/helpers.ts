import type { InvalidInput, KithEvent } from "@kith/core"
import { decodeEventResult } from "@kith/core"
import { Result } from "effect"
import { expect } from "vitest"

/** A fixed origin for generated timelines: Friday 7 March 2025, 08:00 in Hồ Chí Minh City. */
export const T0 = Date.parse("2025-03-07T08:00:00+07:00")
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export const staff = (id: string) => ({ kind: "staff" as const, id })

/** Unwraps a success, failing the test with the error otherwise. */
export const ok = <A, E>(result: Result.Result<A, E>): A => {
  if (Result.isFailure(result)) expect.fail(`expected success, got ${String((result.failure as { message?: string }).message ?? result.failure)}`)
  return (result as Result.Success<A, E>).success
}

/** The failure of a result, failing the test on success. */
export const failure = <A, E>(result: Result.Result<A, E>): E => {
  if (Result.isSuccess(result)) expect.fail("expected a failure")
  return (result as Result.Failure<A, E>).failure
}

/** The `InvalidInput` a result failed with, failing the test on anything else. */
export const invalidInput = <A, E extends { readonly _tag: string }>(result: Result.Result<A, E>): InvalidInput => {
  const error = failure(result)
  if (error._tag !== "InvalidInput") expect.fail(`expected InvalidInput, got ${error._tag}`)
  return error as unknown as InvalidInput
}

/** A decoded event from its JSON shape (the way a store receives it). */
export const event = (input: Record<string, unknown>): KithEvent => {
  const decoded = decodeEventResult({ userId: "u-1", ...input })
  if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
  return decoded.success
}

/** Every status reachable from `start` through the edges of a transition table. */
export const reachable = <S extends string>(start: ReadonlyArray<S>, edges: ReadonlyArray<readonly [S, S]>): ReadonlySet<S> => {
  const seen = new Set<S>(start)
  const queue = [...start]
  while (queue.length > 0) {
    const from = queue.pop()!
    for (const [a, b] of edges) {
      if (a !== from || seen.has(b)) continue
      seen.add(b)
      queue.push(b)
    }
  }
  return seen
}
