// A SegmentInputsStore for these tests, built from the stores' public services: each live profile's inputs are
// `@kith/segments`' segmentInputsOf over its stored events and traits, and members are found by evaluating every live
// profile in memory. The engines' own SegmentInputsStore (typed tables and the SQL compiler) is built elsewhere; when
// a storage layer provides one, it is the one used (it is merged after this one).
import type { KithEvent, ProfileId, Traits, WorkspaceId } from "@kith/core"
import { evaluate, type SegmentInputs, segmentInputsOf } from "@kith/segments"
import { EventStore, ProfileStore, SegmentInputsStore, type StorageServices } from "@kith/storage"
import { Effect, Layer } from "effect"

const PAGE = 1_000

/**
 * The storage layer with a SegmentInputsStore read from its events; facts (lifecycle, tier) are taken at `factsAsOf`.
 */
export const withSegmentInputs = (storage: Layer.Layer<StorageServices>, factsAsOf: Date, timeZone = "Asia/Ho_Chi_Minh"): Layer.Layer<StorageServices | SegmentInputsStore> => {
  const inputs = Layer.effect(
    SegmentInputsStore,
    Effect.gen(function* () {
      const profiles = yield* ProfileStore
      const events = yield* EventStore
      const inputsOf = Effect.fnUntraced(function* (workspaceId: WorkspaceId, profileIds: ReadonlyArray<ProfileId>) {
        const out = new Map<ProfileId, SegmentInputs>()
        for (const profileId of new Set(profileIds)) {
          const stored = yield* profiles.get(workspaceId, profileId).pipe(Effect.catchTag("ProfileNotFound", () => Effect.succeed(undefined)))
          // A merged-away id reads its survivor: it is not a live profile itself.
          if (stored === undefined || stored.profileId !== profileId) continue
          const held: Array<KithEvent> = []
          let cursor: string | undefined
          do {
            const page = yield* events.listByProfile(workspaceId, profileId, { limit: PAGE, cursor }).pipe(Effect.orDie)
            held.push(...page.items.map((e) => e.event))
            cursor = page.nextCursor
          } while (cursor !== undefined)
          const traits = Object.fromEntries(Object.entries(stored.traits).map(([name, trait]) => [name, trait.value])) as Traits
          out.set(profileId, segmentInputsOf({ profileId, events: held, traits, summary: stored.summary }, { asOf: factsAsOf, timeZone, currency: "VND" }))
        }
        return out as ReadonlyMap<ProfileId, SegmentInputs>
      })
      const members = Effect.fnUntraced(function* (workspaceId: WorkspaceId, rule: Parameters<typeof evaluate>[0], evaluation: { readonly asOf: Date; readonly context?: Parameters<typeof evaluate>[2]["context"] }) {
        const out: Array<ProfileId> = []
        let cursor: string | undefined
        do {
          const page = yield* profiles.search(workspaceId, { limit: PAGE, cursor }).pipe(Effect.orDie)
          const held = yield* inputsOf(workspaceId, page.items.map((p) => p.profileId))
          for (const [profileId, i] of held) if (evaluate(rule, i, { asOf: evaluation.asOf, ...(evaluation.context === undefined ? {} : { context: evaluation.context }) })) out.push(profileId)
          cursor = page.nextCursor
        } while (cursor !== undefined)
        return out.sort()
      })
      return SegmentInputsStore.of({ inputsOf, members, count: (workspaceId, rule, evaluation) => Effect.map(members(workspaceId, rule, evaluation), (m) => m.length) })
    })
  ).pipe(Layer.provide(storage))
  return Layer.merge(inputs, storage)
}
