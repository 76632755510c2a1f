import type { InvalidInput } from "@kith/core"
import { Segments, type StorageFailure, type StorageServices } from "@kith/storage"
import { Context, Effect, Layer } from "effect"
import type { CdpApi } from "./cdp-api.js"
import { callableEvents, callableLeads, deprecatedFlatAliases } from "./deprecated/flat-aliases.js"
import type { InvalidArgument } from "./errors.js"
import { makeCollect } from "./collect/make.js"
import { makeContactRestrictionsNamespace } from "./contact-restrictions/make.js"
import { makeEvents } from "./events/make.js"
import { makeExports } from "./exports/make.js"
import { makeIdentity } from "./identity/make.js"
import { makeImports } from "./imports/make.js"
import { makeOutreachNamespace } from "./outreach/make.js"
import { makeIngest } from "./ingest/make.js"
import type { CdpServiceOptions } from "./options.js"
import { makePipelineNamespaces } from "./pipeline/make.js"
import { makePrivacyNamespaces } from "./privacy/make.js"
import { makeProfiles } from "./profiles/make.js"
import { makeRejected } from "./rejected/make.js"
import { keepSegmentsCurrent } from "./segments/keep-current.js"
import { makeSegmentsNamespace } from "./segments/make.js"
import { bindWorkspace } from "./workspace-context.js"

/**
 * The facade's operations as Effects, for Effect users (DX-1): ingestion at
 * the top (`collect` for SDK traffic), then `profiles`, `events`,
 * `identity` and `rejected`, all on one workspace
 * ({@link CdpApi} in its `"effect"` form). `createCdp` gives the same as
 * Promises.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const cdp = yield* Cdp
 *   yield* cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { phone: "0912 345 678" } })
 *   return yield* cdp.profiles.get({ type: "phone", value: "+84912345678" }, { asOf: new Date("2025-03-31T00:00:00Z") })
 * })
 * ```
 */
export interface CdpService extends CdpApi<"effect"> {}

const make = Effect.fn("Cdp.make")(function* (
  options: CdpServiceOptions
): Effect.fn.Return<CdpService, InvalidArgument | InvalidInput | StorageFailure, StorageServices> {
  const bound = yield* bindWorkspace(options)
  const { segments, upkeep } = yield* makeSegmentsNamespace(bound, options.segments)
  // Every namespace writes through stores that re-evaluate the profiles a write touched, right after it commits.
  const context = keepSegmentsCurrent(bound, upkeep)
  const events = makeEvents(context)
  const pipeline = yield* makePipelineNamespaces(context, options.pipeline)
  const privacy = yield* makePrivacyNamespaces(context, options.privacy)
  const contactRestrictions = yield* makeContactRestrictionsNamespace(context)
  const profiles = makeProfiles(context)
  const identity = makeIdentity(context)
  const outreach = yield* makeOutreachNamespace(context, options.outreach)
  return {
    workspace: context.workspace,
    settings: context.settings,
    ...makeIngest(context),
    ...makeCollect(context),
    profiles,
    events: callableEvents(events),
    identity,
    rejected: makeRejected(context),
    imports: makeImports(context),
    exports: makeExports(context, yield* Segments),
    ...pipeline,
    ...privacy,
    contactRestrictions,
    segments,
    outreach,
    leads: callableLeads(pipeline.leads, profiles.leads),
    ...deprecatedFlatAliases({ profiles, events, identity })
  }
})

/**
 * Builds the facade's service on the storage services: decodes the settings,
 * creates the workspace (or finds it) and returns every operation bound to it.
 *
 * @param options - workspace, settings, chunk size, event size limit
 * @returns the service, needing the storage port's services
 *
 * @example
 * ```ts
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 * import { Effect } from "effect"
 *
 * const cdp = await Effect.runPromise(makeCdp({ workspace: "shop-1" }).pipe(Effect.provide(storageLayer(makeMemoryBackend()))))
 * cdp.workspace.timeZone // => "Asia/Ho_Chi_Minh"
 * ```
 */
export const makeCdp = (options: CdpServiceOptions): Effect.Effect<CdpService, InvalidArgument | InvalidInput | StorageFailure, StorageServices> =>
  make(options)

/**
 * The facade as an Effect service (DX-1). Build it with {@link Cdp.layer} on
 * any storage layer (`storageLayer(makeMemoryBackend())`, `openSqliteStorage(...).layer`,
 * `openPostgresStorage(...).layer`).
 *
 * @example
 * ```ts
 * import { Cdp } from "@kith/cdp"
 * import { openSqliteStorage } from "@kith/storage-sqlite"
 * import { Effect, Layer } from "effect"
 *
 * const store = await openSqliteStorage({ filename: "./kith.db" })
 * const CdpLive = Cdp.layer({ workspace: "shop-1" }).pipe(Layer.provide(store.layer))
 * const view = await Effect.runPromise(
 *   Effect.gen(function*() {
 *     const cdp = yield* Cdp
 *     return yield* cdp.profiles.get({ type: "phone", value: "0912 345 678" }, { asOf: new Date("2025-12-31T16:59:59Z") })
 *   }).pipe(Effect.provide(CdpLive))
 * )
 * ```
 */
export class Cdp extends Context.Service<Cdp, CdpService>()("@kith/cdp/Cdp") {
  /**
   * The service on one workspace, needing the storage port's services.
   *
   * @param options - workspace, settings, chunk size, event size limit
   * @returns a layer providing {@link Cdp}
   */
  static layer(options: CdpServiceOptions): Layer.Layer<Cdp, InvalidArgument | InvalidInput | StorageFailure, StorageServices> {
    return Layer.effect(Cdp, makeCdp(options))
  }
}
