import type { WorkspaceId } from "@kith/core"
import { Effect } from "effect"
import { requireWorkspace } from "../lookups.js"
import { type StoredWorkspace, UnknownWorkspace, type WorkspaceRow, Workspaces } from "../port/workspaces.js"
import { workspaceSummaryFromText } from "../workspace-summary-json.js"
import { attempt } from "./attempt.js"
import type { ServiceContext } from "./service-context.js"

const workspaceOf = (row: WorkspaceRow): StoredWorkspace => ({
  workspaceId: row.workspaceId as WorkspaceId,
  name: row.name,
  timeZone: row.timeZone
})

/**
 * The {@link Workspaces} service on an engine.
 *
 * @example
 * ```ts
 * const workspaces = makeWorkspaces(context)
 * ```
 */
export const makeWorkspaces = ({ backend }: ServiceContext): Workspaces["Service"] => {
  const reads = backend.read
  return Workspaces.of({
    create: Effect.fn("Workspaces.create")(function* (input) {
      const row: WorkspaceRow = { workspaceId: input.workspaceId, name: input.name ?? input.workspaceId, timeZone: input.timeZone ?? "Asia/Ho_Chi_Minh" }
      return yield* attempt("Workspaces.create", [], () =>
        backend.transaction(input.workspaceId, async (tx) => {
          const existing = await tx.workspaces.get(input.workspaceId)
          if (existing !== undefined) return workspaceOf(existing)
          await tx.workspaces.insert(row)
          return workspaceOf(row)
        })
      )
    }),
    get: Effect.fn("Workspaces.get")(function* (workspaceId) {
      return yield* attempt("Workspaces.get", [UnknownWorkspace], async () => workspaceOf(await requireWorkspace(reads, workspaceId)))
    }),
    summary: Effect.fn("Workspaces.summary")(function* (workspaceId) {
      return yield* attempt("Workspaces.summary", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        return workspaceSummaryFromText(await reads.workspaces.summary(workspaceId))
      })
    })
  })
}
