import type { CdpClient, CollectOutcome } from "@kith/cdp"
import { expandSegmentBatch, SegmentCallTypes } from "@kith/core"
import { Result } from "effect"
import { SegmentLimits } from "./limits.js"
import { jsonResponse, problemResponse, RequestRefused } from "./problem.js"
import { readJsonBody } from "./read-body.js"
import { writeKeyOf } from "./write-key.js"

/**
 * Where the calls of one write key go: the facade of its workspace (only
 * its `collect` is used), e.g. the client of `createCdp`.
 *
 * @example
 * ```ts
 * const target: CollectTarget = await createCdp({ storage, workspace: "shop-1" })
 * ```
 */
export type CollectTarget = Pick<CdpClient, "collect">

/**
 * Options of {@link createCollectHandler}.
 *
 * @example
 * ```ts
 * const options: CollectHandlerOptions = { writeKeys: { "wk_shop_1": await createCdp({ storage, workspace: "shop-1" }) } }
 * ```
 */
export interface CollectHandlerOptions {
  /**
   * The workspaces by write key: a record, or a function (sync or async)
   * giving the target of a key, `undefined` for a key no workspace has.
   */
  readonly writeKeys: Readonly<Record<string, CollectTarget>> | ((writeKey: string) => CollectTarget | undefined | Promise<CollectTarget | undefined>)
  /** The path the routes hang under; default `/v1` (`/v1/batch`, `/v1/track`, ...). */
  readonly basePath?: string
  /** Limits in bytes of JSON; default Segment's ({@link SegmentLimits}). */
  readonly limits?: { readonly maxCallBytes?: number; readonly maxBatchBytes?: number }
  /**
   * The sender's IP address, a call's `context.ip` when it has none. Default:
   * the request's `ip` property where the server adapter sets one (srvx,
   * Bun); behind a proxy, read your proxy's header here.
   */
  readonly clientIp?: (request: Request) => string | undefined
  /** When a request is received; default the wall clock. */
  readonly now?: () => Date
}

/**
 * What an accepted request gets back: Segment's `200 { success: true }`,
 * with what kith did — calls accepted, duplicates, and each refused call
 * (kept in the workspace's rejected-events store) with its position in the
 * request, its messageId and every problem.
 *
 * @example
 * ```ts
 * const body: CollectResponse = { success: true, accepted: 99, duplicates: 0, rejected: [{ index: 7, messageId: "m-8", issues: [{ path: "properties.total", message: "\"abc\" is not a decimal amount" }] }] }
 * ```
 */
export interface CollectResponse {
  readonly success: true
  readonly accepted: number
  readonly duplicates: number
  readonly rejected: ReadonlyArray<{ readonly index: number; readonly messageId: string | null; readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }> }>
}

type Route = "batch" | (typeof SegmentCallTypes)[number]

const routes: ReadonlySet<string> = new Set<Route>(["batch", ...SegmentCallTypes])

const corsPreflight = (): Response =>
  new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "POST, OPTIONS",
      "access-control-allow-headers": "authorization, content-type, content-encoding",
      "access-control-max-age": "86400"
    }
  })

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === "object" && value !== null && !Array.isArray(value)

const responseOf = (outcome: CollectOutcome): CollectResponse => ({
  success: true,
  accepted: outcome.accepted,
  duplicates: outcome.duplicates,
  rejected: outcome.results.flatMap((r) => (r.status === "rejected" ? [{ index: r.index, messageId: r.messageId, issues: r.issues }] : []))
})

// The request's IP where the server adapter exposes it (srvx and Bun set `request.ip`).
const adapterIp = (request: Request): string | undefined => {
  const ip = (request as { readonly ip?: unknown }).ip
  return typeof ip === "string" && ip.length > 0 ? ip : undefined
}

/**
 * Segment's HTTP Tracking API on the Web `Request` / `Response` API, so it
 * runs under Node's HTTP server (through an adapter such as srvx), Hono,
 * Fastify, Bun, Deno or a worker runtime: `POST /v1/identify`, `/v1/track`,
 * `/v1/page`, `/v1/screen`, `/v1/group`, `/v1/alias` (one call; its type
 * is the endpoint's) and `/v1/batch` (`{ batch: [...], context?,
 * integrations?, sentAt? }`). Apps already instrumented for Segment,
 * RudderStack, Jitsu or PostHog's Segment-compatible endpoints point their
 * SDK's host here, unchanged.
 *
 * - **Auth**: the workspace's write key in HTTP Basic auth (the user name,
 *   empty password), else the body's `writeKey`; 401 without a known one.
 * - **Bodies**: JSON, gzipped or not (`Content-Encoding: gzip`); at most
 *   32 KB for one call and 500 KB for a batch (413 beyond), 32 KB per call
 *   in a batch (a bigger call is refused alone and kept).
 * - **Calls** go to the workspace's `collect`: each judged alone by
 *   `@kith/core`'s `fromSegment`; the valid ones are ingested, each invalid
 *   one is kept in the rejected-events store with its raw payload and every
 *   problem (`cdp.rejected`), never silently dropped. The answer is
 *   `200 { success: true }` with what kith did ({@link CollectResponse}).
 * - **Errors** are JSON {@link HttpProblem}s with a status, a `code` and a
 *   message naming what was found; a store failure is a 500, which the
 *   SDKs retry (repeats are duplicates, so nothing is doubled).
 *
 * @param options - the workspaces by write key; base path, limits, client IP, clock
 * @returns the handler: a `Request` in, a `Response` out (it never throws)
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { createCollectHandler } from "@kith/http"
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 *
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * const handle = createCollectHandler({ writeKeys: { wk_shop_1: cdp }, now: () => new Date("2025-03-01T02:00:00Z") })
 * const response = await handle(
 *   new Request("http://localhost/v1/track", {
 *     method: "POST",
 *     headers: { authorization: `Basic ${btoa("wk_shop_1:")}`, "content-type": "application/json" },
 *     body: JSON.stringify({ userId: "u-1", event: "Order Completed", properties: { order_id: "SO-1", total: 250000 } })
 *   })
 * )
 * response.status // => 200
 * await response.json() // => { success: true, accepted: 1, duplicates: 0, rejected: [] }
 * await cdp.close()
 * ```
 */
export const createCollectHandler = (options: CollectHandlerOptions): ((request: Request) => Promise<Response>) => {
  const base = (options.basePath ?? "/v1").replace(/\/+$/, "")
  const maxCallBytes = options.limits?.maxCallBytes ?? SegmentLimits.maxCallBytes
  const maxBatchBytes = options.limits?.maxBatchBytes ?? SegmentLimits.maxBatchBytes
  const keys = options.writeKeys
  const targetOf = typeof keys === "function" ? keys : (key: string) => (Object.hasOwn(keys, key) ? keys[key] : undefined)
  const clientIp = options.clientIp ?? adapterIp
  const now = options.now ?? (() => new Date())

  const handle = async (request: Request): Promise<Response> => {
    const receivedAt = now()
    const path = new URL(request.url).pathname.replace(/\/+$/, "")
    const route = path.startsWith(`${base}/`) ? path.slice(base.length + 1) : undefined
    if (route === undefined || !routes.has(route)) {
      return problemResponse(404, "not_found", `no route ${path}; the API takes POST ${base}/batch, ${[...SegmentCallTypes].map((t) => `${base}/${t}`).join(", ")}`)
    }
    if (request.method === "OPTIONS") return corsPreflight()
    if (request.method !== "POST") return problemResponse(405, "method_not_allowed", `${request.method} ${path}: the API takes POST`, { allow: "POST, OPTIONS" })

    const isBatch = route === "batch"
    const what = isBatch ? `a ${base}/batch body` : `a ${base}/${route} body`
    // A key in the header is checked before the body is read: an unknown sender costs nothing.
    const headerKey = writeKeyOf(request, undefined)
    let target = headerKey === undefined ? undefined : await targetOf(headerKey)
    if (headerKey !== undefined && target === undefined) return problemResponse(401, "unknown_write_key", "no workspace has this write key", { "www-authenticate": 'Basic realm="kith"' })

    const body = await readJsonBody(request, isBatch ? maxBatchBytes : maxCallBytes, what)
    if (target === undefined) {
      const bodyKey = writeKeyOf(request, body)
      if (bodyKey === undefined) {
        return problemResponse(401, "missing_write_key", "send the workspace's write key as the user name of HTTP Basic auth (or as the body's writeKey)", {
          "www-authenticate": 'Basic realm="kith"'
        })
      }
      target = await targetOf(bodyKey)
      if (target === undefined) return problemResponse(401, "unknown_write_key", "no workspace has this write key", { "www-authenticate": 'Basic realm="kith"' })
    }

    let calls: ReadonlyArray<unknown>
    if (isBatch) {
      const expanded = expandSegmentBatch(body)
      if (Result.isFailure(expanded)) {
        const { path: at, message } = expanded.failure
        return problemResponse(400, "invalid_body", at === "" ? message : `${at}: ${message}`)
      }
      calls = expanded.success
    } else {
      if (!isRecord(body)) return problemResponse(400, "invalid_body", `${what} is one ${route} call, a JSON object`)
      // The endpoint names the call's type, as in Segment's API.
      calls = [{ ...body, type: route }]
    }
    const ip = clientIp(request)
    const outcome = await target.collect(calls, { receivedAt, source: "http", maxCallBytes, ...(ip === undefined ? {} : { ip }) })
    return jsonResponse(200, responseOf(outcome))
  }

  return async (request) => {
    try {
      return await handle(request)
    } catch (error) {
      if (error instanceof RequestRefused) return error.toResponse()
      const tag = isRecord(error) && typeof error["_tag"] === "string" ? error["_tag"] : undefined
      const message = error instanceof Error ? error.message : String(error)
      return problemResponse(500, "storage_failure", tag === undefined ? `the call could not be collected: ${message}` : `${tag}: ${message}`)
    }
  }
}
