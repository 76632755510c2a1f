/**
 * The storage contract suite and the synthetic shop traffic it writes:
 * `storageContract(name, makeStore)` registers every port test with vitest,
 * once per engine (memory, SQLite, Postgres).
 *
 * @example
 * ```ts
 * import { storageContract } from "@kith/storage/testing"
 * const backend = makeMemoryBackend()
 * storageContract("memory", async () => ({ layer: storageLayer(backend), backend, close: async () => {} }))
 * ```
 *
 * @packageDocumentation
 */
export * from "./contract-suite.js"
export * from "./sample-events.js"
