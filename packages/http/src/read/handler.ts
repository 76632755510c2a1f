import type { CdpClient } from "@kith/cdp"
import type { Identifier } from "@kith/core"
import { TimelineKind } from "@kith/profile"
import { jsonResponse } from "../problem.js"
import { identifierOf, instantParam, intParam, listParam, profileRefOf, requiredParam, stringParam } from "./params.js"
import { ReadRefused, readProblemResponse, responseOfError } from "./problem.js"

/**
 * What one workspace's reads go to: its facade (`profiles`, `identity`,
 * `events`, and `pipeline` and `segments` when the facade has them), e.g. the client of
 * `createCdp`.
 *
 * @example
 * ```ts
 * const target: ReadTarget = await createCdp({ storage, workspace: "shop-1" })
 * ```
 */
export type ReadTarget = Pick<CdpClient, "profiles" | "identity" | "events"> & {
  readonly pipeline?: Pick<CdpClient["pipeline"], "timeline">
  readonly segments?: Pick<CdpClient["segments"], "list" | "of" | "history">
}

/**
 * Options of {@link createReadHandler}: who may read which workspace — read
 * keys, or a hook of the host's own auth, or both (the hook is asked when
 * the request has no read key) — and where the routes hang.
 *
 * @example
 * ```ts
 * const options: ReadHandlerOptions = { readKeys: { rk_shop_1: await createCdp({ storage, workspace: "shop-1" }) } }
 * const behindLogin: ReadHandlerOptions = { authorize: async (request) => (await session(request))?.isStaff ? shop : undefined }
 * ```
 */
export interface ReadHandlerOptions {
  /**
   * The workspaces by read key, sent as `Authorization: Bearer <key>`: a
   * record, or a function (sync or async) giving the target of a key,
   * `undefined` for a key no workspace has.
   */
  readonly readKeys?: Readonly<Record<string, ReadTarget>> | ((readKey: string) => ReadTarget | undefined | Promise<ReadTarget | undefined>)
  /**
   * The host's own auth (a session cookie, a proxy's header): the workspace a
   * request without a read key may read, `undefined` to refuse it.
   */
  readonly authorize?: (request: Request) => ReadTarget | undefined | Promise<ReadTarget | undefined>
  /** The path the routes hang under; default `/read/v1`. */
  readonly basePath?: string
  /** The instant a Profile 360 is computed at when the request has no `asOf`; default the wall clock. */
  readonly now?: () => Date
}

/**
 * A page of a list or a search as the read API answers it: the rows, the
 * cursor of the next page (`null` on the last) and how many rows the whole
 * list holds.
 *
 * @example
 * ```ts
 * const page: ReadPage<{ profileId: string }> = { items: [{ profileId: "p_m-1" }], nextCursor: null, total: 1 }
 * ```
 */
export interface ReadPage<A> {
  readonly items: ReadonlyArray<A>
  readonly nextCursor: string | null
  readonly total: number
}

/**
 * One record of an identity chain, described: the event's instant, what it
 * was, where it came from.
 *
 * @example
 * ```ts
 * const record: ExplainedRecord = { messageId: "m-1", at: "2025-03-01T02:00:00.000Z", what: "identify", source: "website", channel: "web" }
 * ```
 */
export interface ExplainedRecord {
  readonly messageId: string
  readonly at: string
  readonly what: string
  readonly source: string | null
  readonly channel: string | null
}

const LISTS = ["visitors", "leads", "buyers"] as const
const KINDS = TimelineKind.literals

const corsPreflight = (): Response =>
  new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "GET, OPTIONS",
      "access-control-allow-headers": "authorization",
      "access-control-max-age": "86400"
    }
  })

const bearerKeyOf = (request: Request): string | undefined => {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")
  return match === null ? undefined : match[1]
}

const pageOf = <A>(page: { readonly items: ReadonlyArray<A>; readonly nextCursor?: string | undefined }, total: number): ReadPage<A> => ({
  items: page.items,
  nextCursor: page.nextCursor ?? null,
  total
})

const describe = async (target: ReadTarget, messageId: string): Promise<ExplainedRecord> => {
  const stored = await target.events.get(messageId)
  if (stored === undefined) return { messageId, at: "", what: "unknown", source: null, channel: null }
  const e = stored.event
  return {
    messageId,
    at: e.timestamp.toISOString(),
    what: e.type === "track" ? e.event : e.type,
    source: e.context?.source ?? null,
    channel: e.context?.channel ?? null
  }
}

const explain = async (target: ReadTarget, a: Identifier, b: Identifier) => {
  const explanation = await target.identity.explain(a, b)
  const links = explanation.joined ? explanation.chain : explanation.evidence
  const ids = [...new Set(links.flatMap((l) => [l.from, l.to]))]
  const records: Array<ExplainedRecord> = []
  for (const id of ids) records.push(await describe(target, id))
  return { ...explanation, records }
}

/**
 * kith's read API on the Web `Request` / `Response` API (DX-3, PRF-1 …
 * PRF-12): what a customer screen needs, as JSON, for one workspace per read
 * key (or per the host's auth hook). Every route is a `GET` under
 * `basePath` (default `/read/v1`):
 *
 * | route | answer |
 * |---|---|
 * | `/profiles?q=&limit=&cursor=` | search (PRF-12): name, email, address accent-insensitively, a phone in any form; a {@link ReadPage} of list rows with `total` |
 * | `/lists/visitors`, `/lists/leads`, `/lists/buyers` `?text=&limit=&cursor=` | the PRF-2 lists, each a {@link ReadPage} with `total` |
 * | `/profiles/{ref}?asOf=&year=` | the Profile 360 at `asOf` (default `now`); `ref` is a profile id or `type:value` |
 * | `/profiles/{ref}/identifiers` | the stored profile: identifiers, merged-away ids, created at |
 * | `/profiles/{ref}/timeline?limit=&cursor=&kinds=&asOf=` | one timeline page, newest first, `nextCursor` `null` on the last |
 * | `/profiles/{ref}/pipeline` | the profile's leads, opportunities and notes (when the facade has `pipeline`) |
 * | `/profiles/{ref}/segments` | the segments the profile is in now and its entries and exits, oldest first, each with the segment's name (when the facade has `segments`) |
 * | `/explain?a=type:value&b=type:value` | why two identifiers are one profile (the chain, each record described) or kept apart |
 * | `/features` | which optional features this workspace's facade serves (`{ pipeline: true, segments: true }`) |
 *
 * Refusals are JSON {@link ReadProblem}s with a status, a `code` and a
 * message naming the parameter and the value found.
 *
 * @param options - read keys and/or an auth hook; base path; clock
 * @returns the handler: a `Request` in, a `Response` out (it never throws)
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { createReadHandler } from "@kith/http"
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 *
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * await cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678" } })
 * const read = createReadHandler({ readKeys: { rk_shop_1: cdp } })
 * const response = await read(new Request("http://localhost/read/v1/profiles?q=nguyen%20thi%20lan", { headers: { authorization: "Bearer rk_shop_1" } }))
 * const page = await response.json()
 * page.total // => 1
 * page.items[0].fullName // => "Nguyễn Thị Lan"
 * await cdp.close()
 * ```
 */
export const createReadHandler = (options: ReadHandlerOptions): ((request: Request) => Promise<Response>) => {
  const base = (options.basePath ?? "/read/v1").replace(/\/+$/, "")
  const keys = options.readKeys
  const targetOfKey = keys === undefined ? () => undefined : typeof keys === "function" ? keys : (key: string) => (Object.hasOwn(keys, key) ? keys[key] : undefined)
  const now = options.now ?? (() => new Date())

  const authorized = async (request: Request): Promise<ReadTarget> => {
    const key = bearerKeyOf(request)
    if (key !== undefined) {
      const target = await targetOfKey(key)
      if (target === undefined) throw new ReadRefused(401, "unknown_read_key", "no workspace has this read key")
      return target
    }
    const target = options.authorize === undefined ? undefined : await options.authorize(request)
    if (target === undefined) throw new ReadRefused(401, "missing_read_key", "send the workspace's read key as Authorization: Bearer <key>")
    return target
  }

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const path = url.pathname.replace(/\/+$/, "")
    if (!path.startsWith(`${base}/`)) return readProblemResponse(404, "not_found", `no route ${path}; the read API is under ${base}/`)
    const parts = path
      .slice(base.length + 1)
      .split("/")
      .map((p) => decodeURIComponent(p))
    if (request.method === "OPTIONS") return corsPreflight()
    if (request.method !== "GET") return readProblemResponse(405, "method_not_allowed", `${request.method} ${path}: the read API takes GET`, { allow: "GET, OPTIONS" })
    const q = url.searchParams
    const page = () => {
      const limit = intParam(q, "limit", 1, 1000)
      const cursor = stringParam(q, "cursor")
      return { ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) }
    }
    const [head, second, third] = parts

    if (parts.length === 1 && head === "features") {
      const target = await authorized(request)
      return jsonResponse(200, { pipeline: target.pipeline !== undefined, segments: target.segments !== undefined })
    }
    if (parts.length === 1 && head === "profiles") {
      const target = await authorized(request)
      const text = stringParam(q, "q") ?? ""
      const found = await target.profiles.search(text, page())
      return jsonResponse(200, pageOf(found, await target.profiles.count({ text })))
    }
    if (parts.length === 2 && head === "lists" && (LISTS as ReadonlyArray<string>).includes(second!)) {
      const target = await authorized(request)
      const list = second as (typeof LISTS)[number]
      const text = stringParam(q, "text")
      const request_ = { ...page(), ...(text === undefined ? {} : { text }) }
      const found = await target.profiles[list](request_)
      return jsonResponse(200, pageOf(found, await target.profiles.count({ list, ...(text === undefined ? {} : { text }) })))
    }
    if (parts.length === 1 && head === "explain") {
      const a = identifierOf("a", requiredParam(q, "a"))
      const b = identifierOf("b", requiredParam(q, "b"))
      const target = await authorized(request)
      return jsonResponse(200, await explain(target, a, b))
    }
    if (head === "profiles" && second !== undefined && second !== "" && parts.length <= 3) {
      const ref = profileRefOf(second)
      if (parts.length === 2) {
        const asOf = instantParam(q, "asOf") ?? now()
        const year = intParam(q, "year", 1, 9999)
        const target = await authorized(request)
        return jsonResponse(200, await target.profiles.get(ref, { asOf, ...(year === undefined ? {} : { year }) }))
      }
      if (third === "identifiers") {
        const target = await authorized(request)
        const stored = await target.profiles.lookup(ref)
        return jsonResponse(200, { profileId: stored.profileId, createdAt: new Date(stored.createdAt).toISOString(), identifiers: stored.identifiers, mergedIds: stored.mergedIds })
      }
      if (third === "timeline") {
        const limit = intParam(q, "limit", 1, 500)
        const cursor = stringParam(q, "cursor")
        const kinds = listParam(q, "kinds", KINDS)
        const asOf = instantParam(q, "asOf")
        const target = await authorized(request)
        const timeline = await target.profiles.timeline(ref, {
          ...(limit === undefined ? {} : { limit }),
          ...(cursor === undefined ? {} : { cursor }),
          ...(kinds === undefined ? {} : { kinds }),
          ...(asOf === undefined ? {} : { asOf })
        })
        return jsonResponse(200, timeline)
      }
      if (third === "pipeline") {
        const target = await authorized(request)
        if (target.pipeline === undefined) return readProblemResponse(404, "feature_unavailable", "this workspace's facade has no pipeline")
        return jsonResponse(200, { items: await target.pipeline.timeline(ref) })
      }
      if (third === "segments") {
        const target = await authorized(request)
        if (target.segments === undefined) return readProblemResponse(404, "feature_unavailable", "this workspace's facade has no segments")
        return jsonResponse(200, await segmentsOf(target.segments, ref))
      }
    }
    return readProblemResponse(404, "not_found", `no route ${path}`)
  }

  return async (request) => {
    try {
      return await handle(request)
    } catch (error) {
      return responseOfError(error)
    }
  }
}

// A profile's segments with their names: the current ones first, then its history. A segment removed since an
// entry keeps its id and shows no name.
const segmentsOf = async (segments: NonNullable<ReadTarget["segments"]>, ref: Parameters<CdpClient["segments"]["of"]>[0]) => {
  const defined = await segments.list()
  const current = await segments.of(ref)
  const history = await segments.history(ref)
  const names = new Map(defined.map((s) => [s.segmentId, s.name]))
  const named = <T extends { readonly segmentId: string }>(entry: T) => ({ ...entry, name: names.get(entry.segmentId) ?? null })
  return { current: current.map(named), history: history.map(named) }
}
