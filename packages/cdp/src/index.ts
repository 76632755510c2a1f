/**
 * The kith facade (DX-1): {@link createCdp} on a storage (in-memory, SQLite
 * or Postgres) and a workspace gives a Promise API over the whole back end —
 * Segment-shaped ingestion with identity resolution (`identify`, `track`,
 * `page`, `alias`, `batch` with progress), the Profile 360 read model,
 * timelines, visitor / lead / buyer lists and search, profile edits and
 * identity operations (`explain`, `split`, `merge` with a dry run). The same
 * operations are the Effect service {@link Cdp} for Effect users.
 *
 * Time is always a parameter (`asOf`, `at`); nothing reads the clock.
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { openSqliteStorage } from "@kith/storage-sqlite"
 *
 * const store = await openSqliteStorage({ filename: "./kith.db" })
 * const cdp = await createCdp({ storage: store, workspace: "shop-1" })
 * await cdp.identify({
 *   messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "cookie-9f2",
 *   traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678" }
 * })
 * const view = await cdp.profile({ type: "phone", value: "+84 91-234-5678" }, { asOf: new Date("2025-03-31T17:00:00Z") })
 * view.fields.traits.fullName // => "Nguyễn Thị Lan"
 * await cdp.close()
 * await store.close()
 * ```
 *
 * @packageDocumentation
 */
export * from "./calls.js"
export * from "./client.js"
export * from "./errors.js"
export * from "./profile-edit.js"
export * from "./profile-views.js"
export * from "./service.js"
