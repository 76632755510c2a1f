/**
 * The kith storage port (STO-1): one slice per feature — an Effect service
 * with its errors and the small repository interfaces an engine implements
 * ({@link Workspaces}, {@link EventStore}, {@link ProfileStore},
 * {@link IdentityGraph}) — built by {@link storageLayer} on any
 * {@link StorageBackend}: the in-memory one here ({@link makeMemoryBackend}),
 * SQLite and Postgres in `@kith/storage-sqlite` / `@kith/storage-postgres`.
 *
 * Batches are atomic and idempotent by messageId (ING-3/4/5); identity
 * (create, attach, merge, split, kept-apart pairs) and mergeable profile
 * summaries are applied in the same transaction; merged-away ids resolve to
 * their survivor; profiles are searched accent-insensitively and by phone in
 * any written form (PRF-12). `@kith/storage/testing` exports the contract
 * suite every engine runs.
 *
 * @example
 * ```ts
 * import type { WorkspaceId } from "@kith/core"
 * import { EventStore, makeMemoryBackend, storageLayer, Workspaces } from "@kith/storage"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   yield* (yield* Workspaces).create({ workspaceId: "shop-1" as WorkspaceId })
 *   return yield* (yield* EventStore).ingest("shop-1" as WorkspaceId, [
 *     { type: "track", event: "Product Viewed", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", properties: { productId: "sku-ao-thun" } }
 *   ])
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend()))))
 * // => { appended: 1, duplicates: 0, profileOf: Map { "m-1" => "p_m-1" }, undecodable: [] }
 * ```
 *
 * @packageDocumentation
 */
export * from "./backend.js"
export * from "./errors.js"
export { checkEventBatch, checkStorableEvents } from "./ingest/decode-batch.js"
export type { DecodedEvent } from "./ingest/ingest.js"
export { type StoredInputsSource, segmentInputsOfRows, segmentInputsOfStored } from "./ingest/segment-inputs.js"
export { completeEvaluation } from "./services/segment-inputs.js"
export * from "./memory/memory-backend.js"
export { outboundMessageOf, outboxRecordOf, outboxRowOf, planOf, planRowOf } from "./services/outreach.js"
export * from "./port/contact-restrictions.js"
export * from "./port/events.js"
export * from "./port/identity-graph.js"
export * from "./port/outreach.js"
export * from "./port/outreach-performance.js"
export * from "./port/outreach-runs.js"
export * from "./port/outreach-shop-events.js"
export * from "./port/page.js"
export * from "./port/pipeline.js"
export * from "./port/privacy.js"
export * from "./port/profiles.js"
export * from "./port/rejected-events.js"
export * from "./port/segment-inputs.js"
export * from "./port/segments.js"
export * from "./port/workspaces.js"
export * from "./search-text.js"
export * from "./storage-layer.js"
