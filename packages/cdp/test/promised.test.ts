// The one helper that derives the Promise client from the Effect service.
import { InvalidArgument, promised } from "@kith/cdp"
import { Context, Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, describe, expect, it } from "vitest"

class Greeting extends Context.Service<Greeting, { readonly word: string }>()("test/Greeting") {}

const runtime = ManagedRuntime.make(Layer.succeed(Greeting, { word: "xin chào" }))
afterAll(() => runtime.dispose())

describe("promised", () => {
  it("turns every Effect-returning function into a Promise-returning one, at any depth, through the runtime", async () => {
    const list = (n: number) => Effect.succeed(Array.from({ length: n }, (_, i) => i))
    const api = {
      hello: (name: string) => Greeting.use((g) => Effect.succeed(`${g.word}, ${name}`)),
      nested: { deeper: { double: (n: number) => Effect.succeed(n * 2) } },
      callable: Object.assign(list, { count: () => Effect.succeed(3) }),
      data: { id: "shop-1", at: new Date("2025-03-01T00:00:00Z"), tags: ["a", "b"] },
      plain: (n: number) => n + 1
    }
    const client = promised(api, runtime)
    expect(await client.hello("Lan")).toBe("xin chào, Lan")
    expect(await client.nested.deeper.double(21)).toBe(42)
    expect(await client.callable(2)).toEqual([0, 1])
    expect(await client.callable.count()).toBe(3)
    expect(client.data).toEqual(api.data)
    expect(client.data.at).toBe(api.data.at)
    expect(client.plain(1)).toBe(2)
  })

  it("rejects with the typed failure itself, and with the cause of a defect", async () => {
    const failure = new InvalidArgument({ field: "limit", reason: "must be an integer from 1 to 1000, got 0" })
    const client = promised({ fail: () => Effect.fail(failure), die: () => Effect.die(new RangeError("bug")) }, runtime)
    const error = await client.fail().catch((e: unknown) => e)
    expect(error).toBe(failure)
    expect(error).toBeInstanceOf(InvalidArgument)
    expect(error).toMatchObject({ _tag: "InvalidArgument", field: "limit", message: "Invalid limit: must be an integer from 1 to 1000, got 0" })
    await expect(client.die()).rejects.toThrow(RangeError)
  })
})
