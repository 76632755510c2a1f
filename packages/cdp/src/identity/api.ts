import type { Identifier, ProfileId } from "@kith/core"
import type { Explanation, ManualAction, TraitChoice } from "@kith/identity"
import type {
  IdentifierNotFound,
  InvalidCursor,
  InvalidIdentityChange,
  MergePlan,
  Page,
  SplitChange,
  SplitOptions,
  StorageFailure,
  StoredLedgerEntry,
  UnknownWorkspace
} from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { ListRequest } from "../list-request.js"
import type { CdpMode, Returns } from "../mode.js"
import type { ProfileLookupError, ProfileReference } from "../profile-reference.js"

/**
 * What an identity change records: when (a parameter, never the clock), who
 * and why (IDN-7 ledger).
 *
 * @example
 * ```ts
 * const action: IdentityAction = { at: new Date("2025-12-01T03:00:00Z"), actor: "staff-7", reason: "two sisters share a phone" }
 * ```
 */
export type IdentityAction = ManualAction

/**
 * Options of {@link IdentityApi.merge}: a dry run (`dryRun: true`, nothing
 * changes), or the merge itself with when and who (`at`, `actor`, `reason`)
 * and, per trait in conflict, which side to keep (`"a"`, `"b"` or
 * `{ value }`).
 *
 * @example
 * ```ts
 * const preview: MergeOptions = { dryRun: true }
 * const merge: MergeOptions = { at: new Date("2025-12-01T03:00:00Z"), actor: "staff-7", choices: { fullName: "b" } }
 * ```
 */
export type MergeOptions =
  | { readonly dryRun: true }
  | (ManualAction & { readonly dryRun?: false; readonly choices?: Readonly<Record<string, TraitChoice>> })

/**
 * What {@link IdentityApi.merge} did: the plan of a dry run (who would
 * survive, the identifiers and events it would hold, the conflicts to choose
 * on), or the merge (`into` survives, `from` now resolves to it).
 *
 * @example
 * ```ts
 * const preview: MergeOutcome = { dryRun: true, plan: { into: "p_m-1", from: "p_m-9", traitConflicts: [...], ... } }
 * const merged: MergeOutcome = { dryRun: false, into: "p_m-1" as ProfileId, from: "p_m-9" as ProfileId }
 * ```
 */
export type MergeOutcome =
  | { readonly dryRun: true; readonly plan: MergePlan }
  | { readonly dryRun: false; readonly into: ProfileId; readonly from: ProfileId }

/**
 * `cdp.identity`: why identifiers are (or are not) one person, and the
 * changes a person makes by hand — split, merge with a dry run — all
 * recorded in the merge ledger. Each operation returns an Effect in the
 * {@link Cdp} service and a Promise in the client of `createCdp`.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * const why = await cdp.identity.explain({ type: "anonymous_id", value: "cookie-9f2" }, { type: "shopee_buyer_id", value: "lan88" })
 * why.joined // => true
 * ```
 */
export interface IdentityApi<M extends CdpMode> {
  /**
   * Why two identifiers are, or are not, in one profile (IDN-7): the chain
   * of shared identifiers that joined their records (`{ joined: true,
   * profileId, chain }`), or what kept them apart (`{ joined: false,
   * profileIds, reasons, evidence }`: no shared identifier, a unique-type
   * guard, quarantine, a split).
   *
   * @param a - one identifier, as the host writes it
   * @param b - the other
   * @returns the `@kith/identity` `Explanation`
   *
   * @example
   * ```ts
   * const why = await cdp.identity.explain({ type: "anonymous_id", value: "cookie-9f2" }, { type: "shopee_buyer_id", value: "lan88" })
   * why.joined // => true
   * why.joined && why.chain.length > 0 // => true
   * ```
   */
  explain(a: Identifier, b: Identifier): Returns<M, Explanation, IdentifierNotFound | InvalidArgument | UnknownWorkspace | StorageFailure>
  /**
   * Splits identifiers, and the events that carried them, off a profile
   * into a profile of their own (IDN-8); the pair is never merged again by
   * the same evidence.
   *
   * The outcome says where things went and what still links them: `from`
   * is the profile split, `into` the new profile (never `from`), `detached`
   * the one holding the split-off identifiers — `from` itself when the
   * profile's earliest event carried one, since a profile's id follows its
   * earliest event (the events that stayed are then `into`). `linking`
   * names the identifiers both sides still hold (a shared phone, a tablet's
   * anonymous id): only the split keeps them apart, a lookup by one fails
   * with `AmbiguousIdentifier`, and a later event carrying only one joins
   * neither side. `separated` is false when a split-off identifier is
   * still held by another profile than `detached`. Split them off in the same call with
   * `options.alsoDetach` (a list, or `"linking"` for all of them); their
   * events go too, so that is refused when no event would stay.
   *
   * @param ref - the profile's id or an identifier it holds
   * @param identifiers - what moves to the new profile
   * @param action - `at`, `actor`, `reason`
   * @param options - `alsoDetach`: more identifiers to split off, or `"linking"`
   * @returns the `@kith/storage` `SplitChange`: `from`, `into`, `detached`, `separated`, `linking`, `profiles`
   *
   * @example
   * ```ts
   * import { makeMemoryBackend, storageLayer } from "@kith/storage"
   *
   * const shop = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
   * await shop.identify({ messageId: "s-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "shared-tablet", traits: { phone: "0912 111 222" } })
   * await shop.identify({ messageId: "s-2", timestamp: "2025-03-02T09:00:00+07:00", anonymousId: "shared-tablet", traits: { email: "vo.lan@example.vn" } })
   * await shop.identity.split("p_s-1", [{ type: "email", value: "vo.lan@example.vn" }], { at: new Date("2025-03-05T00:00:00Z"), actor: "staff-3" })
   * // => { from: "p_s-1", into: "p_s-2", detached: "p_s-2", separated: true, linking: [{ type: "anonymous_id", value: "shared-tablet" }], profiles: ["p_s-1", "p_s-2"] }
   * ```
   */
  split(
    ref: ProfileReference,
    identifiers: ReadonlyArray<Identifier>,
    action: IdentityAction,
    options?: SplitOptions
  ): Returns<M, SplitChange, ProfileLookupError | InvalidIdentityChange>
  /**
   * Merges two profiles by hand (IDN-9), over guards and earlier splits, or
   * only previews it with `{ dryRun: true }`: who survives (the profile with
   * the earlier first record), the events and identifiers the result would
   * hold, the unique-identifier and trait conflicts side by side. `choices`
   * keeps, per trait in conflict, `"a"`, `"b"` or `{ value }`.
   *
   * @param a - one profile's id or an identifier it holds
   * @param b - the other
   * @param options - `{ dryRun: true }`, or `at`, `actor`, `reason`, `choices`
   * @returns the plan of a dry run, or who was merged into whom
   *
   * @example
   * ```ts
   * const dry = await cdp.identity.merge("p_mm-1", { type: "email", value: "huong.pham@example.vn" }, { dryRun: true })
   * dry.dryRun && dry.plan.into // => "p_mm-1"
   * await cdp.identity.merge("p_mm-1", "p_mm-2", { at: new Date("2025-03-10T00:00:00Z"), actor: "staff-2", choices: { fullName: "b" } })
   * // => { dryRun: false, into: "p_mm-1", from: "p_mm-2" }
   * ```
   */
  merge(a: ProfileReference, b: ProfileReference, options: MergeOptions): Returns<M, MergeOutcome, ProfileLookupError | InvalidIdentityChange>
  /**
   * The append-only merge ledger (IDN-7), oldest first: created, linked,
   * merged, moved, split, warnings, manual merges.
   *
   * @param options - `limit` (1–1,000, default 50), `cursor`
   * @returns one page of ledger entries
   *
   * @example
   * ```ts
   * (await cdp.identity.ledger({ limit: 100 })).items.find((e) => e.kind === "manual_merge")?.actor // => "staff-2"
   * ```
   */
  ledger(options?: ListRequest): Returns<M, Page<StoredLedgerEntry>, InvalidArgument | InvalidCursor | UnknownWorkspace | StorageFailure>
}
