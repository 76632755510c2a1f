import type { InvalidInput, WorkspaceId } from "@kith/core"
import type { WorkspaceSummary } from "@kith/profile"
import { Context, type Effect, Schema } from "effect"
import type { StorageFailure } from "../errors.js"

/**
 * The workspace does not exist: nothing was read or written. Create it first
 * with `Workspaces.create`.
 *
 * @example
 * ```ts
 * import { UnknownWorkspace } from "@kith/storage"
 * new UnknownWorkspace({ workspaceId: "ws-missing" }).message // => "Unknown workspace ws-missing"
 * ```
 */
export class UnknownWorkspace extends Schema.TaggedError<UnknownWorkspace>("@kith/storage/UnknownWorkspace")("UnknownWorkspace", {
  workspaceId: Schema.String
}) {
  override get message(): string {
    return `Unknown workspace ${this.workspaceId}`
  }
}

/**
 * A workspace as stored: its id, display name and the timezone its
 * summaries bucket months in.
 *
 * @example
 * ```ts
 * const ws: StoredWorkspace = { workspaceId: "shop-1" as WorkspaceId, name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" }
 * ```
 */
export interface StoredWorkspace {
  readonly workspaceId: WorkspaceId
  readonly name: string
  readonly timeZone: string
}

/**
 * What creating a workspace takes: its id, and optionally a name and the IANA
 * timezone summaries bucket months in (default `Asia/Ho_Chi_Minh`).
 *
 * @example
 * ```ts
 * const input: WorkspaceInput = { workspaceId: "shop-1" as WorkspaceId, name: "Shop 1" }
 * ```
 */
export interface WorkspaceInput {
  readonly workspaceId: WorkspaceId
  readonly name?: string
  readonly timeZone?: string
}

/**
 * Workspaces: the tenant every record belongs to (STO-4). Writing to a
 * workspace that was never created fails with {@link UnknownWorkspace}.
 *
 * @example
 * ```ts
 * import type { WorkspaceId } from "@kith/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const workspaces = yield* Workspaces
 *   return yield* workspaces.create({ workspaceId: "shop-1" as WorkspaceId })
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend()))))
 * // => { workspaceId: "shop-1", name: "shop-1", timeZone: "Asia/Ho_Chi_Minh" }
 * ```
 */
export class Workspaces extends Context.Service<
  Workspaces,
  {
    /**
     * Creates the workspace, or returns it unchanged when it exists. An id,
     * name or timezone no engine could store or use (empty id, NUL, lone
     * surrogate, unknown IANA timezone) is refused with `InvalidInput`.
     */
    readonly create: (input: WorkspaceInput) => Effect.Effect<StoredWorkspace, InvalidInput | StorageFailure>
    readonly get: (workspaceId: WorkspaceId) => Effect.Effect<StoredWorkspace, UnknownWorkspace | StorageFailure>
    /**
     * The workspace's monthly activity totals (the denominators of PRF-5's
     * shares), kept up to date by every ingestion in the same transaction.
     */
    readonly summary: (workspaceId: WorkspaceId) => Effect.Effect<WorkspaceSummary, UnknownWorkspace | StorageFailure>
  }
>()("@kith/storage/Workspaces") {}

/**
 * A workspace row, as an engine stores it.
 *
 * @example
 * ```ts
 * const row: WorkspaceRow = { workspaceId: "shop-1", name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" }
 * ```
 */
export interface WorkspaceRow {
  readonly workspaceId: string
  readonly name: string
  readonly timeZone: string
}

/**
 * What an engine reads of workspaces. Reads resolve `undefined` for what is
 * not there, never reject.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.transaction("shop-1", (tx) => tx.workspaces.insert({ workspaceId: "shop-1", name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" }))
 * await backend.read.workspaces.get("shop-1") // => { workspaceId: "shop-1", name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" }
 * ```
 */
export interface WorkspaceReads {
  readonly get: (workspaceId: string) => Promise<WorkspaceRow | undefined>
  /** The workspace summary (JSON text), if one was written. */
  readonly summary: (workspaceId: string) => Promise<string | undefined>
}

/**
 * What an engine writes of workspaces, inside a transaction.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", (tx) => tx.workspaces.insert({ workspaceId: "shop-1", name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" }))
 * ```
 */
export interface WorkspaceWrites extends WorkspaceReads {
  readonly insert: (row: WorkspaceRow) => Promise<void>
  /** Replaces the workspace summary (JSON text). */
  readonly writeSummary: (workspaceId: string, summary: string) => Promise<void>
}
