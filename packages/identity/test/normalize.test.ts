import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  decodeIdentityPolicy,
  identifierKey,
  normalizeEmailAddress,
  normalizeIdentifier,
  parseIdentifierKey,
  resolveIdentityPolicy
} from "../src/index.js"

const ok = (type: string, value: string, policy?: Parameters<typeof normalizeIdentifier>[1]) => {
  const result = normalizeIdentifier({ type, value }, policy)
  if (Result.isFailure(result)) throw new Error(`expected success, got ${result.failure.reason}`)
  return result.success.value
}
const reason = (type: string, value: string, policy?: Parameters<typeof normalizeIdentifier>[1]) => {
  const result = normalizeIdentifier({ type, value }, policy)
  if (Result.isSuccess(result)) throw new Error(`expected a rejection, got ${result.success.value}`)
  expect(result.failure._tag).toBe("IdentifierRejected")
  return result.failure.reason
}

describe("emails", () => {
  it("are trimmed and lower-cased", () => {
    expect(ok("email", "  Lan.Nguyen@Gmail.COM ")).toBe("lan.nguyen@gmail.com")
    expect(ok("email", "mailto:Minh@Shop.vn")).toBe("minh@shop.vn")
  })
  it("keep dots and +tags unless the workspace opts in", () => {
    expect(normalizeEmailAddress("l.a.n+shop@gmail.com")).toBe("l.a.n+shop@gmail.com")
    expect(normalizeEmailAddress("l.a.n+shop@gmail.com", { gmailDots: true })).toBe("lan+shop@gmail.com")
    expect(normalizeEmailAddress("l.a.n+shop@googlemail.com", { gmailDots: true, plusTags: "strip_known_providers" })).toBe("lan@gmail.com")
    expect(normalizeEmailAddress("lan+shop@company.vn", { plusTags: "strip_known_providers" })).toBe("lan+shop@company.vn")
    expect(normalizeEmailAddress("lan+shop@company.vn", { plusTags: "strip_all" })).toBe("lan@company.vn")
    expect(normalizeEmailAddress("l.a.n@company.vn", { gmailDots: true })).toBe("l.a.n@company.vn")
  })
  it("through the policy", () => {
    expect(ok("email", "Lan.Nguyen+tet@gmail.com", { email: { gmailDots: true, plusTags: "strip_known_providers" } })).toBe("lannguyen@gmail.com")
  })
  it("reject values that are not addresses", () => {
    for (const bad of ["lan", "lan@", "@gmail.com", "lan@gmail", "lan @gmail.com", "lan@@gmail.com", "lan..nguyen@gmail.com", ".lan@gmail.com", "lan@-gmail.com"]) {
      expect(reason("email", bad)).toBe("invalid_email")
    }
  })
})

describe("phones through normalizeIdentifier", () => {
  it("become E.164", () => {
    expect(ok("phone", "84 912.345.678")).toBe("+84912345678")
    expect(ok("phone", "0162 123 4567")).toBe("+84321234567")
  })
  it("are rejected with a reason", () => {
    expect(reason("phone", "0912")).toBe("invalid_phone")
    expect(reason("phone", "   ")).toBe("empty")
    expect(reason("phone", "0".repeat(600))).toBe("too_long")
  })
})

describe("other identifier types", () => {
  it("national ids keep 9 (CMND) or 12 (CCCD) digits", () => {
    expect(ok("national_id", "001 090 012 345")).toBe("001090012345")
    expect(ok("national_id", "123.456.780")).toBe("123456780")
    expect(reason("national_id", "12345")).toBe("invalid_national_id")
  })
  it("tax codes are 10 digits with an optional branch", () => {
    expect(ok("tax_code", "0101234567")).toBe("0101234567")
    expect(ok("tax_code", "0101234567001")).toBe("0101234567-001")
    expect(ok("tax_code", "0101234567-001")).toBe("0101234567-001")
    expect(reason("tax_code", "01012345")).toBe("invalid_tax_code")
  })
  it("opaque ids are trimmed and keep their case", () => {
    expect(ok("user_id", "  U-1001 ")).toBe("U-1001")
    expect(ok("zalo_id", "4455667788")).toBe("4455667788")
    expect(ok("loyalty_card", "LC-9")).toBe("LC-9")
    expect(reason("device_id", "dev\u0000ice")).toBe("invalid_value")
    expect(reason("user_id", "KH\t001")).toBe("invalid_value")
    expect(ok("user_id", "KH 001")).toBe("KH 001") // a space is kept, as documented on invalid_value
  })
})

describe("blocklist (IDN-4)", () => {
  it("blocks the default junk values of every type", () => {
    expect(reason("phone", "0000000000")).toBe("blocked")
    expect(reason("phone", "0999999999")).toBe("blocked")
    expect(reason("phone", "000-000-0000")).toBe("blocked")
    expect(reason("email", "TEST@test.com")).toBe("blocked")
    for (const junk of ["null", "undefined", "anonymous", "[object Object]", "-1", "NULL", "0", "---"]) {
      expect(reason("user_id", junk)).toBe("blocked")
      expect(reason("anonymous_id", junk)).toBe("blocked")
    }
  })
  it("adds workspace exact and regex entries, per type or for all", () => {
    const policy = {
      blocklist: {
        values: [{ value: "02838221234", type: "phone" }, { value: "KHACH-LE" }],
        patterns: [{ pattern: "@shop\\.vn$", type: "email" }, { pattern: "^guest-", flags: "i" }]
      }
    }
    expect(reason("phone", "+84 28 3822 1234", policy)).toBe("blocked")
    expect(ok("phone", "+84 28 3822 1235", policy)).toBe("+842838221235")
    expect(reason("user_id", "khach-le", policy)).toBe("blocked")
    expect(reason("email", "staff@shop.vn", policy)).toBe("blocked")
    expect(ok("email", "lan@shop.vn.com", policy)).toBe("lan@shop.vn.com")
    expect(reason("anonymous_id", "Guest-42", policy)).toBe("blocked")
    expect(ok("anonymous_id", "a-guest-42", policy)).toBe("a-guest-42")
  })
  it("can drop the defaults", () => {
    expect(ok("user_id", "null", { blocklist: { useDefaults: false } })).toBe("null")
  })
})

describe("policy (IDN-5)", () => {
  it("fills defaults and merges overrides", () => {
    const resolved = resolveIdentityPolicy({ types: { phone: { maxValuesPerProfile: 2 }, loyalty_card: { unique: true } } })
    expect(resolved.ruleOf("user_id")).toEqual({ priority: 100, maxValuesPerProfile: 1, unique: true })
    expect(resolved.ruleOf("phone")).toEqual({ priority: 80, maxValuesPerProfile: 2, unique: false })
    expect(resolved.ruleOf("loyalty_card")).toEqual({ priority: 50, maxValuesPerProfile: 1, unique: true })
    expect(resolved.ruleOf("grab_id")).toEqual({ priority: 50, maxValuesPerProfile: 10, unique: false })
    expect(resolved.quarantineThreshold).toBe(5)
    expect(resolved.defaultCountry).toBe("VN")
  })
  it("rejects bad policy input, naming each field", () => {
    const result = decodeIdentityPolicy({
      defaultCountry: "vn",
      quarantineThreshold: 0,
      types: { "Bad Type": { priority: 1 } },
      blocklist: { patterns: [{ pattern: "([" }] }
    })
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isFailure(result)) {
      const paths = result.failure.issues.map((issue) => issue.path)
      expect(paths).toEqual(expect.arrayContaining(["defaultCountry", "quarantineThreshold", "blocklist.patterns[0].pattern"]))
      expect(paths.some((path) => path.startsWith("types"))).toBe(true)
    }
  })
  it("accepts a valid policy as is", () => {
    const policy = { email: { gmailDots: true }, isolatedSources: ["shopee"], quarantineThreshold: 3 }
    expect(decodeIdentityPolicy(policy)).toEqual(Result.succeed(policy))
  })
})

describe("identifier keys", () => {
  it("round-trip", () => {
    expect(identifierKey({ type: "email", value: "a:b@x.vn" })).toBe("email:a:b@x.vn")
    expect(parseIdentifierKey("email:a:b@x.vn")).toEqual({ type: "email", value: "a:b@x.vn" })
  })
})

describe("normalization is idempotent (storage re-normalizes stored values)", () => {
  it("normalizing a normalized identifier gives it back, under any policy", () => {
    const raw = fc.oneof(
      fc.constantFrom("0912 345 678", "+84 162 123 4567", "1621234567", "Lan.N+x@GoogleMail.com", "mailto:A@B.vn", " 0101234567 001", "001 090 012 345", "+1 (415) 555-2671", "1900 1234", "+84 24 3822 1234", " U-1 "),
      fc.stringMatching(/^\+?[0-9 .()-]{6,16}$/),
      fc.string()
    )
    const type = fc.constantFrom("phone", "email", "tax_code", "national_id", "user_id")
    const policy = fc.constantFrom<Parameters<typeof normalizeIdentifier>[1]>({}, { email: { gmailDots: true, plusTags: "strip_all" } }, { defaultCountry: "US" })
    fc.assert(
      fc.property(type, raw, policy, (t, value, p) => {
        const once = normalizeIdentifier({ type: t, value }, p)
        if (Result.isSuccess(once)) expect(normalizeIdentifier(once.success, p)).toEqual(once)
      }),
      { numRuns: 1000 }
    )
  })
})
