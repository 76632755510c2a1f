// The page's one way to kith: the read API of @kith/http, reached through a `fetch`-shaped function — over HTTP to
// the example server, or straight into a read handler running in this tab (the "no server" mode).
import type { ExplainedRecord, ReadPage } from "@kith/http"
import type { Profile360, TimelinePage } from "@kith/profile"

/** A `Request` in, a `Response` out: `fetch` itself, or a handler of `@kith/http`. */
export type Fetcher = (request: Request) => Promise<Response>

/** A row of a list or a search, as JSON. */
export interface ListRow {
  readonly profileId: string
  readonly fullName: string | null
  readonly phones: ReadonlyArray<string>
  readonly emails: ReadonlyArray<string>
  readonly firstSeenAt: string | null
  readonly lastSeenAt: string | null
}

/** A link of an identity chain, as JSON. */
export interface ChainLink {
  readonly from: string
  readonly to: string
  readonly identifier: { readonly type: string; readonly value: string } | undefined
  readonly rule: string
}

/** `/explain`'s answer. */
export type ExplainAnswer =
  | { readonly joined: true; readonly profileId: string; readonly chain: ReadonlyArray<ChainLink>; readonly records: ReadonlyArray<ExplainedRecord> }
  | { readonly joined: false; readonly reasons: ReadonlyArray<{ readonly kind: string }>; readonly evidence: ReadonlyArray<ChainLink>; readonly records: ReadonlyArray<ExplainedRecord> }

/** A Profile 360 after JSON: instants are ISO strings. */
export type Profile360Json = Omit<Profile360, "asOf"> & { readonly asOf: string }

/** The JSON of a read API problem. */
export class ReadApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** The read API's routes as typed calls. */
export const readApi = (fetcher: Fetcher, readKey: string, origin: string) => {
  const get = async <A>(path: string): Promise<A> => {
    const response = await fetcher(new Request(`${origin}/read/v1${path}`, { headers: { authorization: `Bearer ${readKey}` } }))
    const body: unknown = await response.json()
    if (!response.ok) {
      const problem = body as { readonly code?: string; readonly message?: string }
      throw new ReadApiError(response.status, problem.code ?? "unknown", problem.message ?? response.statusText)
    }
    return body as A
  }
  const page = (limit: number, cursor: string | null) => `limit=${limit}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`
  const ref = (profileId: string) => encodeURIComponent(profileId)
  return {
    features: () => get<{ readonly pipeline: boolean; readonly segments: boolean }>("/features"),
    search: (text: string, limit: number, cursor: string | null) => get<ReadPage<ListRow>>(`/profiles?q=${encodeURIComponent(text)}&${page(limit, cursor)}`),
    list: (list: "visitors" | "leads" | "buyers", limit: number, cursor: string | null) => get<ReadPage<ListRow>>(`/lists/${list}?${page(limit, cursor)}`),
    profile: (profileId: string, asOf: string, year: number) => get<Profile360Json>(`/profiles/${ref(profileId)}?asOf=${encodeURIComponent(asOf)}&year=${year}`),
    identifiers: (profileId: string) =>
      get<{ readonly profileId: string; readonly identifiers: ReadonlyArray<{ readonly type: string; readonly value: string }> }>(`/profiles/${ref(profileId)}/identifiers`),
    timeline: (profileId: string, asOf: string, limit: number, cursor: string | null) =>
      get<Omit<TimelinePage, "items"> & { readonly items: ReadonlyArray<Omit<TimelinePage["items"][number], "at"> & { readonly at: string }> }>(
        `/profiles/${ref(profileId)}/timeline?asOf=${encodeURIComponent(asOf)}&${page(limit, cursor)}`
      ),
    explain: (a: string, b: string) => get<ExplainAnswer>(`/explain?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`),
    pipeline: (profileId: string) =>
      get<{ readonly items: ReadonlyArray<{ readonly at: string; readonly detail: string; readonly actor: string; readonly item: { readonly kind: string; readonly id: string } }> }>(
        `/profiles/${ref(profileId)}/pipeline`
      ),
    segments: (profileId: string) =>
      get<{
        readonly current: ReadonlyArray<{ readonly segmentId: string; readonly name: string | null; readonly enteredAt: string }>
        readonly history: ReadonlyArray<{ readonly segmentId: string; readonly name: string | null; readonly change: "entered" | "exited"; readonly at: string }>
      }>(`/profiles/${ref(profileId)}/segments`)
  }
}

/** The typed calls of {@link readApi}. */
export type ReadApi = ReturnType<typeof readApi>
