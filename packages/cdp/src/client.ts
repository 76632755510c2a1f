import type { StorageServices } from "@kith/storage"
import { Layer, ManagedRuntime } from "effect"
import type { CdpApi } from "./cdp-api.js"
import type { CdpServiceOptions } from "./options.js"
import { promised } from "./promised.js"
import { Cdp } from "./service.js"

/**
 * The storage a facade runs on: anything with the storage port's `layer` —
 * `await openSqliteStorage({ filename })` (`@kith/storage-sqlite`),
 * `await openPostgresStorage({ connectionString })` (`@kith/storage-postgres`)
 * — or the layer itself, e.g. `storageLayer(makeMemoryBackend())`
 * (`@kith/storage`). Whoever opened the storage closes it.
 *
 * @example
 * ```ts
 * const sqlite: CdpStorage = await openSqliteStorage({ filename: "./kith.db" })
 * const memory: CdpStorage = storageLayer(makeMemoryBackend())
 * ```
 */
export type CdpStorage = Layer.Layer<StorageServices> | { readonly layer: Layer.Layer<StorageServices> }

/**
 * Options of {@link createCdp}: the storage, the workspace and its settings.
 *
 * @example
 * ```ts
 * const options: CdpOptions = { storage: await openSqliteStorage({ filename: "./kith.db" }), workspace: "shop-1", settings: { currency: "VND" } }
 * ```
 */
export interface CdpOptions extends CdpServiceOptions {
  readonly storage: CdpStorage
}

/**
 * The facade as Promises (DX-1): the {@link Cdp} service with every
 * operation resolving with its value or rejecting with its typed error (an
 * `Error` with a `_tag`: `InvalidEvent`, `ProfileNotFound`,
 * `InvalidArgument`, ...) — {@link CdpApi} in its `"promise"` form, and
 * `close`.
 *
 * @example
 * ```ts
 * const cdp = await createCdp({ storage: await openSqliteStorage({ filename: "./kith.db" }), workspace: "shop-1" })
 * await cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678" } })
 * const view = await cdp.profiles.get({ type: "phone", value: "+84912345678" }, { asOf: new Date("2025-03-31T17:00:00Z") })
 * view.lifecycle.stage // => "lead"
 * ```
 */
export interface CdpClient extends CdpApi<"promise"> {
  /** Releases the facade's runtime. The storage stays open: close it where you opened it. */
  close(): Promise<void>
}

const layerOf = (storage: CdpStorage): Layer.Layer<StorageServices> =>
  Layer.isLayer(storage) ? (storage as Layer.Layer<StorageServices>) : (storage as { readonly layer: Layer.Layer<StorageServices> }).layer

/**
 * Creates the facade on a storage and a workspace (DX-1): the workspace is
 * created if needed, and every call returns a Promise. The operations are
 * the {@link Cdp} service's, run on a runtime the client owns until `close`.
 *
 * @param options - storage, workspace, settings, chunk size
 * @returns the client, once the workspace is ready; rejects with
 *   `InvalidArgument` / `InvalidInput` for bad options or `StorageFailure`
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { openSqliteStorage } from "@kith/storage-sqlite"
 *
 * const store = await openSqliteStorage({ filename: "./kith.db" })
 * const cdp = await createCdp({ storage: store, workspace: "shop-1" })
 * await cdp.batch(events, { onProgress: (p) => console.log(`${p.processed}/${p.total}`) })
 * const hits = await cdp.profiles.search("nguyen thi lan")
 * hits.items[0]?.fullName // => "Nguyễn Thị Lan"
 * await cdp.close()
 * await store.close()
 * ```
 */
export const createCdp = async (options: CdpOptions): Promise<CdpClient> => {
  const { storage, ...serviceOptions } = options
  const runtime = ManagedRuntime.make(Cdp.layer(serviceOptions).pipe(Layer.provide(layerOf(storage))))
  const service = await runtime.runPromise(Cdp).catch(async (error: unknown) => {
    await runtime.dispose()
    throw error
  })
  const client: CdpApi<"promise"> = promised(service, runtime)
  return { ...client, close: () => runtime.dispose() }
}
