import { acceptsContactValue, resolveIdentityPolicy, type ResolvedIdentityPolicy, type TraitMergeConfig } from "@kith/identity"
import { makeSummarizer, type Summarizer } from "@kith/profile"
import { Layer } from "effect"
import type { StorageBackend } from "./backend.js"
import { ContactRestrictions } from "./port/contact-restrictions.js"
import { EventStore } from "./port/events.js"
import { IdentityGraph } from "./port/identity-graph.js"
import { OutreachStore } from "./port/outreach.js"
import { OutreachPerformance } from "./port/outreach-performance.js"
import { OutreachRuns } from "./port/outreach-runs.js"
import { Pipelines } from "./port/pipeline.js"
import { Privacy } from "./port/privacy.js"
import { ProfileStore } from "./port/profiles.js"
import { RejectedEvents } from "./port/rejected-events.js"
import { SegmentInputsStore } from "./port/segment-inputs.js"
import { Segments } from "./port/segments.js"
import { Workspaces } from "./port/workspaces.js"
import { makeContactRestrictions } from "./services/contact-restrictions.js"
import { makeEventStore } from "./services/events.js"
import { makeIdentityGraph } from "./services/identity-graph.js"
import { makeOutreachStore } from "./services/outreach.js"
import { makeOutreachPerformance } from "./services/outreach-performance.js"
import { makeOutreachRuns } from "./services/outreach-runs.js"
import { makePipelines } from "./services/pipeline.js"
import { makePrivacy } from "./services/privacy.js"
import { makeProfileStore } from "./services/profiles.js"
import { makeRejectedEvents } from "./services/rejected-events.js"
import { makeSegmentInputsStore } from "./services/segment-inputs.js"
import { makeSegments } from "./services/segments.js"
import type { ServiceContext } from "./services/service-context.js"
import { makeWorkspaces } from "./services/workspaces.js"

/**
 * Options of {@link storageLayer}.
 *
 * @example
 * ```ts
 * const options: StorageOptions = { maxEventBytes: 32_768 }
 * ```
 */
export interface StorageOptions {
  /** Largest accepted event, in bytes of its JSON (default 65,536). */
  readonly maxEventBytes?: number
  /** Identity policy used to normalize identifiers (defaults of `@kith/identity`). */
  readonly policy?: ResolvedIdentityPolicy
  /** Per-trait merge strategies and source trust (IDN-10; defaults of `@kith/identity`: newest, union for other phones/emails, tags, groups). */
  readonly traits?: TraitMergeConfig
}

/**
 * The default largest event, in bytes of JSON.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_EVENT_BYTES } from "@kith/storage"
 * DEFAULT_MAX_EVENT_BYTES // => 65536
 * ```
 */
export const DEFAULT_MAX_EVENT_BYTES = 65_536

/**
 * Every service of the storage port: what `storageLayer` provides.
 *
 * @example
 * ```ts
 * const layer: Layer.Layer<StorageServices> = storageLayer(makeMemoryBackend())
 * ```
 */
export type StorageServices = Workspaces | EventStore | ProfileStore | IdentityGraph | RejectedEvents | Pipelines | Privacy | SegmentInputsStore | Segments | OutreachStore | OutreachRuns | OutreachPerformance | ContactRestrictions

/**
 * Builds every service of the storage port ({@link Workspaces},
 * {@link EventStore}, {@link ProfileStore}, {@link IdentityGraph},
 * {@link RejectedEvents}, {@link Pipelines}, {@link Privacy},
 * {@link SegmentInputsStore}, {@link Segments}, {@link OutreachStore}) on one
 * backend. The same code runs on the memory, SQLite and Postgres backends,
 * so identity and summaries mean the same on all of them.
 *
 * @param backend - the engine (`makeMemoryBackend()`, or a SQL backend)
 * @param options - limits and identity policy
 * @returns a layer providing every service
 *
 * @example
 * ```ts
 * const layer = storageLayer(makeMemoryBackend())
 * await Effect.runPromise(program.pipe(Effect.provide(layer)))
 * ```
 */
export const storageLayer = (backend: StorageBackend, options: StorageOptions = {}): Layer.Layer<StorageServices> => {
  const summarizers = new Map<string, Summarizer>()
  const context: ServiceContext = {
    backend,
    maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    policy: options.policy ?? resolveIdentityPolicy({}),
    traits: options.traits ?? {},
    summarizerFor: (timeZone) => {
      let s = summarizers.get(timeZone)
      if (s === undefined) summarizers.set(timeZone, (s = makeSummarizer({ timeZone, acceptsContact: acceptsContactValue(context.policy) })))
      return s
    }
  }
  return Layer.mergeAll(
    Layer.succeed(Workspaces, makeWorkspaces(context)),
    Layer.succeed(EventStore, makeEventStore(context)),
    Layer.succeed(ProfileStore, makeProfileStore(context)),
    Layer.succeed(IdentityGraph, makeIdentityGraph(context)),
    Layer.succeed(RejectedEvents, makeRejectedEvents(context)),
    Layer.succeed(Pipelines, makePipelines(context)),
    Layer.succeed(Privacy, makePrivacy(context)),
    Layer.succeed(ContactRestrictions, makeContactRestrictions(context)),
    Layer.succeed(SegmentInputsStore, makeSegmentInputsStore(context)),
    Layer.succeed(Segments, makeSegments(context)),
    Layer.succeed(OutreachStore, makeOutreachStore(context)),
    Layer.succeed(OutreachRuns, makeOutreachRuns(context)),
    Layer.succeed(OutreachPerformance, makeOutreachPerformance(context))
  )
}
