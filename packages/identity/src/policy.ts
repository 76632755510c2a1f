import { decoderFor, IdentifierType, type InvalidInput } from "@kith/core"
import { Result, Schema } from "effect"
import { compileBlocklist, type CompiledBlocklist, DefaultBlockedPatterns, DefaultBlockedValues } from "./blocklist.js"
import type { EmailRules } from "./email.js"
import { normalizeTrimmed } from "./normalize-value.js"

/**
 * How one identifier type takes part in merging (IDN-5).
 *
 * - `priority`: higher wins; when a link would break a limit, the lower-priority identifier is dropped.
 * - `maxValuesPerProfile`: how many distinct values one profile may hold.
 * - `unique`: two profiles holding different values of this type are never merged automatically (the identified-pair guard); a unique type holds at most one value per profile, whatever `maxValuesPerProfile` says.
 *
 * @example
 * ```ts
 * const loyaltyCard: IdentifierTypeRule = { priority: 85, maxValuesPerProfile: 1, unique: true }
 * ```
 */
export interface IdentifierTypeRule {
  readonly priority: number
  readonly maxValuesPerProfile: number
  readonly unique: boolean
}

/**
 * The default rule of every built-in identifier type. A custom type without a
 * rule gets {@link DefaultCustomTypeRule}.
 *
 * | type | priority | max per profile | unique |
 * |---|---|---|---|
 * | user_id | 100 | 1 | yes |
 * | national_id | 95 | 1 | yes |
 * | external_id | 90 | 1 | yes |
 * | tax_code | 85 | 2 | no |
 * | phone | 80 | 5 | no |
 * | email | 75 | 5 | no |
 * | zalo_id | 70 | 3 | no |
 * | facebook_psid, tiktok_id | 65 | 5 | no |
 * | shopee / lazada / tiktok_shop / tiki buyer ids | 60 | 3 | no |
 * | device_id | 30 | 20 | no |
 * | anonymous_id | 20 | 100 | no |
 *
 * @example
 * ```ts
 * DefaultIdentifierTypeRules.user_id // => { priority: 100, maxValuesPerProfile: 1, unique: true }
 * ```
 */
export const DefaultIdentifierTypeRules: Readonly<Record<string, IdentifierTypeRule>> = {
  user_id: { priority: 100, maxValuesPerProfile: 1, unique: true },
  national_id: { priority: 95, maxValuesPerProfile: 1, unique: true },
  external_id: { priority: 90, maxValuesPerProfile: 1, unique: true },
  tax_code: { priority: 85, maxValuesPerProfile: 2, unique: false },
  phone: { priority: 80, maxValuesPerProfile: 5, unique: false },
  email: { priority: 75, maxValuesPerProfile: 5, unique: false },
  zalo_id: { priority: 70, maxValuesPerProfile: 3, unique: false },
  facebook_psid: { priority: 65, maxValuesPerProfile: 5, unique: false },
  tiktok_id: { priority: 65, maxValuesPerProfile: 5, unique: false },
  shopee_buyer_id: { priority: 60, maxValuesPerProfile: 3, unique: false },
  lazada_buyer_id: { priority: 60, maxValuesPerProfile: 3, unique: false },
  tiktok_shop_buyer_id: { priority: 60, maxValuesPerProfile: 3, unique: false },
  tiki_buyer_id: { priority: 60, maxValuesPerProfile: 3, unique: false },
  device_id: { priority: 30, maxValuesPerProfile: 20, unique: false },
  anonymous_id: { priority: 20, maxValuesPerProfile: 100, unique: false }
}

/**
 * The rule of a custom identifier type that the policy does not mention.
 *
 * @example
 * ```ts
 * DefaultCustomTypeRule // => { priority: 50, maxValuesPerProfile: 10, unique: false }
 * ```
 */
export const DefaultCustomTypeRule: IdentifierTypeRule = { priority: 50, maxValuesPerProfile: 10, unique: false }

const isValidRegex = Schema.makeFilter((entry: { readonly pattern: string; readonly flags?: string }) => {
  try {
    new RegExp(entry.pattern, entry.flags)
    return undefined
  } catch (error) {
    return { path: ["pattern"], issue: `not a valid regular expression: ${String(error)}` }
  }
})

const TypeRuleInput = Schema.Struct({
  priority: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1000 }))),
  maxValuesPerProfile: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  unique: Schema.optionalKey(Schema.Boolean)
})

/**
 * A workspace's identity policy (IDN-3 … IDN-5, IDN-11) as data: every field
 * is optional and falls back to the defaults documented on
 * {@link resolveIdentityPolicy}. Validate untrusted input with
 * {@link decodeIdentityPolicy}.
 *
 * @example
 * ```ts
 * const policy: IdentityPolicy = {
 *   email: { gmailDots: true, plusTags: "strip_known_providers" },
 *   types: { phone: { maxValuesPerProfile: 3 }, loyalty_card: { priority: 85, maxValuesPerProfile: 1, unique: true } },
 *   blocklist: { values: [{ type: "phone", value: "0281234567" }], patterns: [{ pattern: "@shop\\.vn$", type: "email" }] },
 *   quarantineThreshold: 4
 * }
 * ```
 */
export const IdentityPolicy = Schema.Struct({
  /** Country for phone numbers written without a country code (ISO 3166-1 alpha-2). Default `VN`. */
  defaultCountry: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^[A-Z]{2}$/, { message: "a country is an ISO 3166-1 alpha-2 code such as VN" }))
  ),
  /** Email provider rules; both off by default. */
  email: Schema.optionalKey(
    Schema.Struct({
      gmailDots: Schema.optionalKey(Schema.Boolean),
      plusTags: Schema.optionalKey(Schema.Literals(["keep", "strip_known_providers", "strip_all"]))
    })
  ),
  /** Per-type rules, merged over {@link DefaultIdentifierTypeRules}; a new key registers a custom type. */
  types: Schema.optionalKey(
    Schema.Record(Schema.String, TypeRuleInput).check(
      Schema.makeFilter((types: Readonly<Record<string, unknown>>) => {
        const bad = Object.keys(types).find((type) => !Schema.is(IdentifierType)(type))
        return bad === undefined ? undefined : { path: [bad], issue: "an identifier type is a lower-case slug: a letter, then letters, digits or _ (at most 64)" }
      })
    )
  ),
  blocklist: Schema.optionalKey(
    Schema.Struct({
      /** Keep {@link DefaultBlockedValues} and {@link DefaultBlockedPatterns}. Default `true`. */
      useDefaults: Schema.optionalKey(Schema.Boolean),
      values: Schema.optionalKey(
        Schema.Array(Schema.Struct({ value: Schema.String.check(Schema.isNonEmpty()), type: Schema.optionalKey(IdentifierType) }))
      ),
      /** Regular expressions tested against the trimmed, lower-cased value as written and normalized: write them in lower case or with flag `i`. */
      patterns: Schema.optionalKey(
        Schema.Array(
          Schema.Struct({
            pattern: Schema.String.check(Schema.isNonEmpty()),
            flags: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[imsu]*$/, { message: "flags are among i, m, s, u" }))),
            type: Schema.optionalKey(IdentifierType)
          }).check(isValidRegex)
        )
      )
    })
  ),
  /**
   * `N`: an identifier whose records hold values of more than this many
   * accounts (distinct values of a unique type: user ids, national ids, CRM
   * ids) is shared and links nobody (quarantined), like one whose records
   * hold more values of a limited type than its limit. Default 5.
   */
  quarantineThreshold: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  /**
   * Sources whose records are kept to themselves (IDN-11 "unless the workspace
   * says otherwise"): their identifiers are scoped to the source, so a
   * marketplace buyer and an own-store buyer with the same phone stay two
   * profiles. Default `[]`: kith unifies.
   */
  isolatedSources: Schema.optionalKey(Schema.Array(Schema.String))
})
/** An {@link IdentityPolicy} after decoding. */
export type IdentityPolicy = typeof IdentityPolicy.Type

/**
 * Validates untrusted policy input (e.g. a workspace setting read from JSON).
 *
 * @param input - anything
 * @returns the policy, or `InvalidInput` naming each bad field
 *
 * @example
 * ```ts
 * decodeIdentityPolicy({ quarantineThreshold: 0 })
 * // => Result.fail(InvalidInput { subject: "identity policy", issues: [{ path: "quarantineThreshold", message: "Expected a value greater than or equal to 1, got 0" }] })
 * ```
 */
export const decodeIdentityPolicy: (input: unknown) => Result.Result<IdentityPolicy, InvalidInput> = decoderFor(
  "identity policy",
  IdentityPolicy
)

/**
 * A policy with every default filled in and its blocklist compiled; what the resolvers use.
 *
 * @example
 * ```ts
 * resolveIdentityPolicy({}).ruleOf("phone") // => { priority: 80, maxValuesPerProfile: 5, unique: false }
 * ```
 */
export interface ResolvedIdentityPolicy {
  readonly defaultCountry: string
  readonly email: EmailRules
  readonly quarantineThreshold: number
  readonly isolatedSources: ReadonlySet<string>
  readonly blocklist: CompiledBlocklist
  /** The rule of `type`: the policy's, the built-in default, or {@link DefaultCustomTypeRule}. */
  readonly ruleOf: (type: string) => IdentifierTypeRule
}

const resolvedCache = new WeakMap<IdentityPolicy, ResolvedIdentityPolicy>()

/**
 * Fills in the defaults of a policy and compiles its blocklist. Defaults:
 * country `VN`; no email provider rules; {@link DefaultIdentifierTypeRules};
 * the default blocklist on; quarantine threshold 5; no isolated sources.
 * Results are cached per policy object.
 *
 * @param policy - a (decoded) policy; `{}` means all defaults
 * @returns the resolved policy
 *
 * @example
 * ```ts
 * const resolved = resolveIdentityPolicy({ types: { phone: { maxValuesPerProfile: 2 } } })
 * resolved.ruleOf("phone") // => { priority: 80, maxValuesPerProfile: 2, unique: false }
 * resolved.ruleOf("loyalty_card") // => { priority: 50, maxValuesPerProfile: 10, unique: false }
 * ```
 */
export const resolveIdentityPolicy = (policy: IdentityPolicy = {}): ResolvedIdentityPolicy => {
  const cached = resolvedCache.get(policy)
  if (cached !== undefined) return cached
  const rules = new Map<string, IdentifierTypeRule>()
  for (const [type, rule] of Object.entries(DefaultIdentifierTypeRules)) rules.set(type, rule)
  for (const [type, rule] of Object.entries(policy.types ?? {})) {
    const base = rules.get(type) ?? DefaultCustomTypeRule
    const unique = rule.unique ?? base.unique
    rules.set(type, {
      priority: rule.priority ?? base.priority,
      maxValuesPerProfile: unique ? 1 : (rule.maxValuesPerProfile ?? base.maxValuesPerProfile),
      unique
    })
  }
  const useDefaults = policy.blocklist?.useDefaults ?? true
  const defaultCountry = policy.defaultCountry ?? "VN"
  const email = policy.email ?? {}
  // Exact entries also block their normalized form, so "0281234567" blocks "+84 28 1234 567".
  const values: Array<{ value: string; type?: string }> = []
  const entries: ReadonlyArray<{ readonly value: string; readonly type?: string }> = [
    ...(useDefaults ? DefaultBlockedValues.map((value) => ({ value })) : []),
    ...(policy.blocklist?.values ?? [])
  ]
  for (const entry of entries) {
    values.push(entry)
    const trimmed = entry.value.trim()
    if (trimmed.length === 0) continue
    for (const type of entry.type === undefined ? ["phone", "email"] : [entry.type]) {
      const normalized = normalizeTrimmed(type, trimmed, { defaultCountry, email })
      if (typeof normalized === "string" && normalized !== trimmed) values.push({ value: normalized, type })
    }
  }
  const blocklist = compileBlocklist(
    values,
    [...(useDefaults ? DefaultBlockedPatterns : []), ...(policy.blocklist?.patterns ?? [])]
  )
  const resolved: ResolvedIdentityPolicy = {
    defaultCountry,
    email,
    quarantineThreshold: policy.quarantineThreshold ?? 5,
    isolatedSources: new Set(policy.isolatedSources ?? []),
    blocklist,
    ruleOf: (type) => rules.get(type) ?? DefaultCustomTypeRule
  }
  resolvedCache.set(policy, resolved)
  return resolved
}
