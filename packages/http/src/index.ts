/**
 * kith's HTTP collection API (ING-6, ING-7, DX-3): Segment's HTTP Tracking
 * API — `/v1/batch`, `/v1/identify`, `/v1/track`, `/v1/page`, `/v1/screen`,
 * `/v1/group`, `/v1/alias`, write keys per workspace in HTTP Basic auth,
 * gzip bodies, Segment's size limits — as one handler on the Web `Request`
 * / `Response` API ({@link createCollectHandler}), over `@kith/cdp`'s
 * lenient `collect`: every valid call ingested, every invalid one kept with
 * its raw payload and problems. And kith's read API ({@link createReadHandler}):
 * search, the visitor / lead / buyer lists, the Profile 360 at an instant,
 * timeline pages and identity explanations as JSON, for a customer screen.
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { createCollectHandler } from "@kith/http"
 * import { openSqliteStorage } from "@kith/storage-sqlite"
 * import { serve } from "srvx"
 *
 * const store = await openSqliteStorage({ filename: "./kith.db" })
 * const cdp = await createCdp({ storage: store, workspace: "shop-1" })
 * serve({ port: 8080, hostname: "127.0.0.1", fetch: createCollectHandler({ writeKeys: { wk_shop_1: cdp } }) })
 * // new Analytics({ writeKey: "wk_shop_1", host: "http://127.0.0.1:8080" }) — @segment/analytics-node, unchanged
 * ```
 *
 * @packageDocumentation
 */
export { type CollectHandlerOptions, type CollectResponse, type CollectTarget, createCollectHandler } from "./handler.js"
export { SegmentLimits } from "./limits.js"
export type { HttpProblem, HttpProblemCode } from "./problem.js"
export { createReadHandler, type ExplainedRecord, type ReadHandlerOptions, type ReadPage, type ReadTarget } from "./read/handler.js"
export type { ReadProblem, ReadProblemCode } from "./read/problem.js"
