import { emptyRecord, setOwnValue, storableJsonOf } from "@kith/core"
import { mergeObservedTraitsInto, type NormalizedIdentifier, normalizeValue } from "@kith/identity"
import type { StorageReads } from "../backend.js"
import { Effect, Option, Result } from "effect"
import { inWorkspace, isStorableKey, liveProfileRow, requireWorkspace } from "../lookups.js"
import { InvalidCursor } from "../port/page.js"
import { ProfileNotFound, ProfileStore, type StoredTrait } from "../port/profiles.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { emailsOf, profileRowOf, workingProfileOf } from "../profile-state.js"
import { foldForSearch, looksLikePhone } from "../search-text.js"
import { attempt } from "./attempt.js"
import { parseProfileCursor } from "./cursors.js"
import { pageOf } from "./paging.js"
import type { ServiceContext } from "./service-context.js"
import { storedProfileOf } from "./stored-profile.js"

// The live profiles an identifier points to (see ProfileStore.findAllByIdentifier), sorted by id.
const profilesCarrying = async (reads: StorageReads, workspaceId: string, identifier: NormalizedIdentifier): Promise<Array<string>> => {
  let ids = (await reads.identity.owners(workspaceId, [identifier])).map((row) => row.profileId)
  if (ids.length === 0) {
    // Held by nobody: a shared value is still evidence on the records that carry it.
    const live = await Promise.all((await reads.identity.recordsHolding(workspaceId, [identifier])).map((row) => liveProfileRow(reads, workspaceId, row.profileId)))
    ids = live.map((row) => row.profileId)
  }
  return [...new Set(ids)].sort()
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
        return Promise.all(ids.map(async (id) => storedProfileOf(reads, workspaceId, await liveProfileRow(reads, workspaceId, id))))
      })
    }),
    setTraits: Effect.fn("ProfileStore.setTraits")(function* (workspaceId, profileId, traits, observed) {
      // Trait values are stored as JSON and names and text are searched: only what every engine keeps unchanged.
      const storable = storableJsonOf(traits, "traits")
      if (Result.isFailure(storable)) return yield* storable.failure
      const values = storable.success as Readonly<Record<string, unknown>>
      return yield* attempt("ProfileStore.setTraits", [UnknownWorkspace, ProfileNotFound], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const row = await liveProfileRow(tx, workspaceId, profileId)
          const identifiers = await tx.identity.identifiersOf(workspaceId, [row.profileId])
          const working = workingProfileOf(row, emailsOf(identifiers))
          const at = observed.at.getTime()
          const incoming = emptyRecord<StoredTrait>()
          for (const [name, value] of Object.entries(values)) setOwnValue(incoming, name, { value, at, source: observed.source })
          mergeObservedTraitsInto(working.traits, incoming, traitConfig)
          const updated = profileRowOf(working)
          await tx.profiles.upsert(workspaceId, [updated])
          return storedProfileOf(tx, workspaceId, updated)
        })
      )
    }),
    search: Effect.fn("ProfileStore.search")(function* (workspaceId, query) {
      return yield* attempt("ProfileStore.search", [UnknownWorkspace, InvalidCursor], async () => {
        const afterId = parseProfileCursor(query.cursor)
        await requireWorkspace(reads, workspaceId)
        const text = query.text?.trim() ?? ""
        // Stored text never holds a NUL or a lone surrogate (refused on the way in): such text matches nothing,
        // on every engine (SQLite's LIKE would stop at a NUL and match everything, Postgres would refuse it).
        if (!isStorableKey(text)) return { items: [], nextCursor: undefined }
        let filter: { contains?: string; ids?: ReadonlyArray<string> } = {}
        if (text !== "" && looksLikePhone(text)) {
          const value = normalizeValue("phone", text, policy)
          filter = { ids: typeof value === "string" ? await profilesCarrying(reads, workspaceId, { type: "phone", value }) : [] }
        } else if (text !== "") filter = { contains: foldForSearch(text) }
        if (filter.ids !== undefined && filter.ids.length === 0) return { items: [], nextCursor: undefined }
        const rows = await reads.profiles.list(workspaceId, { ...filter, stage: query.stage, afterId, limit: query.limit })
        const items = await Promise.all(rows.map((row) => storedProfileOf(reads, workspaceId, row)))
        return pageOf(rows, query.limit, (row) => row.profileId, items)
      })
    })
  })
}
