// Trait names are data: the default resolver keeps a trait named like an Object.prototype member as an own key.
import type { Traits } from "@kith/core"
import { describe, expect, it } from "vitest"
import { newestValueWins } from "../src/index.js"

describe("newestValueWins with trait names Object.prototype also has", () => {
  it("keeps __proto__, constructor and toString as traits, newest value first", () => {
    const traits = (text: string) => JSON.parse(text) as Traits
    const resolved = newestValueWins([
      { traits: traits('{"__proto__": {"phone": "0912345678"}, "constructor": "a", "toString": "b"}'), observedAt: new Date("2025-01-01T00:00:00Z") },
      { traits: traits('{"__proto__": {"phone": "0987654321"}, "constructor": "c"}'), observedAt: new Date("2025-02-01T00:00:00Z") }
    ]) as Record<string, unknown>
    expect(Object.keys(resolved).sort()).toEqual(["__proto__", "constructor", "toString"])
    expect(Object.getOwnPropertyDescriptor(resolved, "__proto__")?.value).toEqual({ phone: "0987654321" })
    expect(resolved["constructor"]).toBe("c")
    // A __proto__ trait never becomes the prototype: no phone is inherited.
    expect(resolved["phone"]).toBeUndefined()
  })
})
