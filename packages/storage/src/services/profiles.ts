import { emptyRecord, setOwnValue, storableJsonOf } from "@kith/core"
import { mergeObservedTraitsInto, type NormalizedIdentifier, normalizeValue } from "@kith/identity"
import type { StorageReads } from "../backend.js"
import { Effect, Option, Result } from "effect"
import { inWorkspace, isStorableKey, liveProfileRow, requireWorkspace } from "../lookups.js"
import { InvalidCursor } from "../port/page.js"
import type { Page } from "../port/page.js"
import { type ProfileCountQuery, type ProfileFilter, ProfileNotFound, type ProfileQuery, ProfileStore, type StoredTrait } from "../port/profiles.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { emailsOf, profileRowOf, workingProfileOf } from "../profile-state.js"
import { foldForSearch, looksLikePhone } from "../search-text.js"
import { attempt } from "./attempt.js"
import { appendNote } from "./audit-note.js"
import { parseSearchCursor, searchCursor } from "./cursors.js"
import type { ServiceContext } from "./service-context.js"
import { profileEntriesOf, storedProfileOf, storedProfilesOf } from "./stored-profile.js"
import { rewriteSegmentInputs } from "../ingest/segment-inputs.js"

// The live profiles an identifier points to (see ProfileStore.findAllByIdentifier), sorted by id.
const profilesCarrying = async (reads: StorageReads, workspaceId: string, identifier: NormalizedIdentifier): Promise<Array<string>> => {
  let ids = (await reads.identity.owners(workspaceId, [identifier])).map((row) => row.profileId)
  if (ids.length === 0) {
    // Held by nobody: a shared value is still evidence on the records that carry it.
    ids = []
    for (const row of await reads.identity.recordsHolding(workspaceId, [identifier])) ids.push((await liveProfileRow(reads, workspaceId, row.profileId)).profileId)
  }
  return [...new Set(ids)].sort()
}

// What a search text asks the engine for: profiles holding the whole phone or email (`exact`, listed first), and
// profiles whose folded text contains it (`contains`); `none` when nothing can match.
type SearchPlan =
  | { readonly _tag: "all" }
  | { readonly _tag: "none" }
  | { readonly _tag: "text"; readonly exact: ReadonlyArray<string>; readonly contains: string | undefined }

const searchPlanOf = async (reads: StorageReads, workspaceId: string, policy: ServiceContext["policy"], rawText: string | undefined): Promise<SearchPlan> => {
  const text = rawText?.trim() ?? ""
  if (text === "") return { _tag: "all" }
  // Stored text never holds a NUL or a lone surrogate (refused on the way in): such text matches nothing,
  // on every engine (SQLite's LIKE would stop at a NUL and match everything, Postgres would refuse it).
  if (!isStorableKey(text)) return { _tag: "none" }
  if (looksLikePhone(text)) {
    const value = normalizeValue("phone", text, policy)
    const exact = typeof value === "string" ? await profilesCarrying(reads, workspaceId, { type: "phone", value }) : []
    return exact.length === 0 ? { _tag: "none" } : { _tag: "text", exact, contains: undefined }
  }
  const email = text.includes("@") ? normalizeValue("email", text, policy) : undefined
  const exact = typeof email === "string" && isStorableKey(email) ? await profilesCarrying(reads, workspaceId, { type: "email", value: email }) : []
  return { _tag: "text", exact, contains: foldForSearch(text) }
}

// How many live profiles a search with this text and stage pages through.
const countMatches = async (reads: StorageReads, workspaceId: string, policy: ServiceContext["policy"], query: ProfileCountQuery): Promise<number> => {
  const plan = await searchPlanOf(reads, workspaceId, policy, query.text)
  const { stage } = query
  if (plan._tag === "none") return 0
  if (plan._tag === "all") return reads.profiles.count(workspaceId, { stage })
  const exact = plan.exact.length === 0 ? 0 : await reads.profiles.count(workspaceId, { ids: plan.exact, stage })
  if (plan.contains === undefined) return exact
  return exact + (await reads.profiles.count(workspaceId, { contains: plan.contains, stage, ...(plan.exact.length > 0 ? { excludeIds: plan.exact } : {}) }))
}

// One page of a search (see ProfileStore.search), its rows read by `list` (whole rows or list entries) and made into
// the items the page returns by `itemsOf`, in one go for the page.
const searchPage = async <R extends { readonly profileId: string }, A>(
  reads: StorageReads,
  workspaceId: string,
  policy: ServiceContext["policy"],
  query: ProfileQuery,
  list: (workspaceId: string, filter: ProfileFilter) => Promise<ReadonlyArray<R>>,
  itemsOf: (rows: ReadonlyArray<R>) => Promise<Array<A>>
): Promise<Page<A>> => {
  const after = parseSearchCursor(query.cursor)
  // The workspace is checked only when nothing was found: rows found prove it exists (one statement less a page).
  const plan = await searchPlanOf(reads, workspaceId, policy, query.text)
  if (plan._tag === "none") {
    await requireWorkspace(reads, workspaceId)
    return { items: [], nextCursor: undefined }
  }
  const { limit, stage } = query
  const rows: Array<{ readonly row: R; readonly exact: boolean }> = []
  // Exact matches first, by id; then the profiles containing the text, by id, leaving out the exact ones.
  const exact = plan._tag === "text" ? plan.exact : []
  if (exact.length > 0 && (after === undefined || after.exact)) {
    const found = await list(workspaceId, { ids: exact, stage, afterId: after?.profileId, limit })
    for (const row of found) rows.push({ row, exact: true })
  }
  if (rows.length < limit && (plan._tag === "all" || plan.contains !== undefined)) {
    const contains = plan._tag === "text" ? plan.contains : undefined
    const found = await list(workspaceId, {
      contains,
      stage,
      ...(exact.length > 0 ? { excludeIds: exact } : {}),
      afterId: after === undefined || after.exact ? undefined : after.profileId,
      limit: limit - rows.length
    })
    for (const row of found) rows.push({ row, exact: false })
  }
  if (rows.length === 0) await requireWorkspace(reads, workspaceId)
  const items = await itemsOf(rows.map((r) => r.row))
  const last = rows[rows.length - 1]
  return { items, nextCursor: rows.length === limit && last !== undefined ? searchCursor(last.row.profileId, last.exact) : undefined }
}

/**
 * The {@link ProfileStore} service on an engine.
 *
 * @example
 * ```ts
 * const profiles = makeProfileStore(context)
 * ```
 */
export const makeProfileStore = ({ backend, policy, traits: traitConfig }: ServiceContext): ProfileStore["Service"] => {
  const reads = backend.read
  return ProfileStore.of({
    get: Effect.fn("ProfileStore.get")(function* (workspaceId, profileId) {
      return yield* attempt("ProfileStore.get", [UnknownWorkspace, ProfileNotFound], async () => {
        await requireWorkspace(reads, workspaceId)
        return storedProfileOf(reads, workspaceId, await liveProfileRow(reads, workspaceId, profileId))
      })
    }),
    findByIdentifier: Effect.fn("ProfileStore.findByIdentifier")(function* (workspaceId, identifier) {
      return yield* attempt("ProfileStore.findByIdentifier", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        const value = normalizeValue(identifier.type, identifier.value, policy)
        if (typeof value !== "string" || !isStorableKey(identifier.type) || !isStorableKey(value)) return Option.none()
        // Several profiles hold an identifier a guard kept them apart on: answer the first by id, deterministically.
        const [owner] = [...(await reads.identity.owners(workspaceId, [{ type: identifier.type, value }]))].sort((a, b) => (a.profileId < b.profileId ? -1 : 1))
        if (owner === undefined) return Option.none()
        return Option.some(await storedProfileOf(reads, workspaceId, await liveProfileRow(reads, workspaceId, owner.profileId)))
      })
    }),
    findAllByIdentifier: Effect.fn("ProfileStore.findAllByIdentifier")(function* (workspaceId, identifier) {
      return yield* attempt("ProfileStore.findAllByIdentifier", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        const value = normalizeValue(identifier.type, identifier.value, policy)
        if (typeof value !== "string" || !isStorableKey(identifier.type) || !isStorableKey(value)) return []
        const ids = await profilesCarrying(reads, workspaceId, { type: identifier.type, value })
        const rows = [...(await reads.profiles.get(workspaceId, ids))].sort((a, b) => (a.profileId < b.profileId ? -1 : 1))
        return storedProfilesOf(reads, workspaceId, rows)
      })
    }),
    setTraits: Effect.fn("ProfileStore.setTraits")(function* (workspaceId, profileId, traits, observed, audit) {
      // Trait values are stored as JSON and names and text are searched: only what every engine keeps unchanged.
      const storable = storableJsonOf(traits, "traits")
      if (Result.isFailure(storable)) return yield* storable.failure
      const values = storable.success as Readonly<Record<string, unknown>>
      return yield* attempt("ProfileStore.setTraits", [UnknownWorkspace, ProfileNotFound], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          const ws = await requireWorkspace(tx, workspaceId)
          const row = await liveProfileRow(tx, workspaceId, profileId)
          const identifiers = await tx.identity.identifiersOf(workspaceId, [row.profileId])
          const working = workingProfileOf(row, emailsOf(identifiers))
          const at = observed.at.getTime()
          const incoming = emptyRecord<StoredTrait>()
          for (const [name, value] of Object.entries(values)) setOwnValue(incoming, name, { value, at, source: observed.source })
          mergeObservedTraitsInto(working.traits, incoming, traitConfig)
          const updated = profileRowOf(working)
          await tx.profiles.upsert(workspaceId, [updated])
          await rewriteSegmentInputs(tx, workspaceId, [updated.profileId], ws.timeZone)
          const stored = await storedProfileOf(tx, workspaceId, updated)
          await appendNote(tx, workspaceId, "profile.update", stored.profileId, observed.at, audit, stored)
          return stored
        })
      )
    }),
    search: Effect.fn("ProfileStore.search")(function* (workspaceId, query) {
      return yield* attempt("ProfileStore.search", [UnknownWorkspace, InvalidCursor], () =>
        searchPage(reads, workspaceId, policy, query, reads.profiles.list, (rows) => storedProfilesOf(reads, workspaceId, rows))
      )
    }),
    searchEntries: Effect.fn("ProfileStore.searchEntries")(function* (workspaceId, query) {
      return yield* attempt("ProfileStore.searchEntries", [UnknownWorkspace, InvalidCursor], () =>
        searchPage(reads, workspaceId, policy, query, reads.profiles.listEntries, (rows) => profileEntriesOf(reads, workspaceId, rows))
      )
    }),
    count: Effect.fn("ProfileStore.count")(function* (workspaceId, query) {
      return yield* attempt("ProfileStore.count", [UnknownWorkspace], async () => {
        const counted = await countMatches(reads, workspaceId, policy, query)
        // A count above zero proves the workspace exists.
        if (counted === 0) await requireWorkspace(reads, workspaceId)
        return counted
      })
    })
  })
}
