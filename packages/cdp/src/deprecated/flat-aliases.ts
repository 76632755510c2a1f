// The facade's flat names from before the namespaces, kept for one minor
// version: each is the namespaced operation itself. Delete this folder (and
// its two uses in cdp-api.ts and service.ts) when they are removed.
import type { EventsApi } from "../events/api.js"
import type { IdentityApi } from "../identity/api.js"
import type { CdpMode } from "../mode.js"
import type { LeadsApi } from "../pipeline/api.js"
import type { ProfilesApi } from "../profiles/api.js"

/**
 * `cdp.events`: the {@link EventsApi} namespace, still callable as the old
 * `cdp.events(ref, options)` (= `cdp.events.list`).
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * await cdp.events.list("p_m-1") // the namespace
 * await cdp.events("p_m-1") // deprecated: the same call
 * ```
 */
export interface CallableEventsApi<M extends CdpMode> extends EventsApi<M> {
  /**
   * @deprecated Use `cdp.events.list(ref, options)`; the call form is removed in the next minor version.
   */
  (...args: Parameters<EventsApi<M>["list"]>): ReturnType<EventsApi<M>["list"]>
}

/**
 * `cdp.leads`: the {@link LeadsApi} namespace (PIPE-1), still callable as the
 * old `cdp.leads(options)` (= `cdp.profiles.leads`, the lead-stage profiles).
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * await cdp.leads.list({ status: "new" }) // the namespace: leads
 * await cdp.leads() // deprecated: cdp.profiles.leads(), the profiles at the lead stage
 * ```
 */
export interface CallableLeadsApi<M extends CdpMode> extends LeadsApi<M> {
  /**
   * @deprecated Use `cdp.profiles.leads(options)`; the call form is removed in the next minor version.
   */
  (...args: Parameters<ProfilesApi<M>["leads"]>): ReturnType<ProfilesApi<M>["leads"]>
}

/**
 * The flat names of the facade before its namespaces, each the namespaced
 * operation itself. All are deprecated and removed in the next minor version.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * await cdp.profile("p_m-1", { asOf }) // deprecated: cdp.profiles.get("p_m-1", { asOf })
 * await cdp.countEvents() // deprecated: cdp.events.count()
 * ```
 */
export interface DeprecatedFlatApi<M extends CdpMode> {
  /** @deprecated Use `cdp.profiles.get`; removed in the next minor version. */
  readonly profile: ProfilesApi<M>["get"]
  /** @deprecated Use `cdp.profiles.lookup`; removed in the next minor version. */
  readonly lookup: ProfilesApi<M>["lookup"]
  /** @deprecated Use `cdp.profiles.timeline`; removed in the next minor version. */
  readonly timeline: ProfilesApi<M>["timeline"]
  /** @deprecated Use `cdp.profiles.search`; removed in the next minor version. */
  readonly search: ProfilesApi<M>["search"]
  /** @deprecated Use `cdp.profiles.visitors`; removed in the next minor version. */
  readonly visitors: ProfilesApi<M>["visitors"]
  /** @deprecated Use `cdp.profiles.buyers`; removed in the next minor version. */
  readonly buyers: ProfilesApi<M>["buyers"]
  /** @deprecated Use `cdp.profiles.update`; removed in the next minor version. */
  readonly updateProfile: ProfilesApi<M>["update"]
  /** @deprecated Use `cdp.events.get`; removed in the next minor version. */
  readonly event: EventsApi<M>["get"]
  /** @deprecated Use `cdp.events.count`; removed in the next minor version. */
  readonly countEvents: EventsApi<M>["count"]
  /** @deprecated Use `cdp.identity.explain`; removed in the next minor version. */
  readonly explain: IdentityApi<M>["explain"]
  /** @deprecated Use `cdp.identity.split`; removed in the next minor version. */
  readonly split: IdentityApi<M>["split"]
  /** @deprecated Use `cdp.identity.merge`; removed in the next minor version. */
  readonly merge: IdentityApi<M>["merge"]
  /** @deprecated Use `cdp.identity.ledger`; removed in the next minor version. */
  readonly ledger: IdentityApi<M>["ledger"]
}

/**
 * `cdp.events` as the old call and the new namespace at once.
 *
 * @param events - the events namespace
 * @returns a function calling `events.list`, carrying the namespace's operations
 */
export const callableEvents = <M extends CdpMode>(events: EventsApi<M>): CallableEventsApi<M> =>
  Object.assign((...args: Parameters<EventsApi<M>["list"]>) => events.list(...args), events)

/**
 * `cdp.leads` as the old call (the lead-stage profiles) and the leads namespace at once.
 *
 * @param leads - the leads namespace
 * @param profileLeads - `cdp.profiles.leads`
 * @returns a function calling `profiles.leads`, carrying the namespace's operations
 */
export const callableLeads = <M extends CdpMode>(leads: LeadsApi<M>, profileLeads: ProfilesApi<M>["leads"]): CallableLeadsApi<M> =>
  Object.assign((...args: Parameters<ProfilesApi<M>["leads"]>) => profileLeads(...args), leads)

/**
 * The deprecated flat names, bound to the namespaces' operations.
 *
 * @param namespaces - the profiles, events and identity namespaces
 * @returns the flat aliases
 */
export const deprecatedFlatAliases = <M extends CdpMode>(namespaces: {
  readonly profiles: ProfilesApi<M>
  readonly events: EventsApi<M>
  readonly identity: IdentityApi<M>
}): DeprecatedFlatApi<M> => {
  const { profiles, events, identity } = namespaces
  return {
    profile: profiles.get,
    lookup: profiles.lookup,
    timeline: profiles.timeline,
    search: profiles.search,
    visitors: profiles.visitors,
    buyers: profiles.buyers,
    updateProfile: profiles.update,
    event: events.get,
    countEvents: events.count,
    explain: identity.explain,
    split: identity.split,
    merge: identity.merge,
    ledger: identity.ledger
  }
}
