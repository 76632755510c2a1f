import { type InputIssue, InvalidInput, storableTextProblem, type WorkspaceId } from "@kith/core"
import { Effect } from "effect"
import { requireWorkspace } from "../lookups.js"
import { type StoredWorkspace, UnknownWorkspace, type WorkspaceInput, type WorkspaceRow, Workspaces } from "../port/workspaces.js"
import { workspaceSummaryFromText } from "../workspace-summary-json.js"
import { attempt } from "./attempt.js"
import type { ServiceContext } from "./service-context.js"

// What no engine could store or use: text with a NUL or a lone surrogate, an empty id, a timezone Intl does not know.
const workspaceInputIssues = (input: WorkspaceInput): Array<InputIssue> => {
  const issues: Array<InputIssue> = []
  for (const field of ["workspaceId", "name", "timeZone"] as const) {
    const value: unknown = input[field]
    if (value === undefined && field !== "workspaceId") continue
    if (typeof value !== "string") issues.push({ path: field, message: `Expected a string, got ${typeof value}` })
    else {
      const problem = storableTextProblem(value)
      if (problem !== undefined) issues.push({ path: field, message: problem })
    }
  }
  if (input.workspaceId === "") issues.push({ path: "workspaceId", message: "a workspace id is not empty" })
  if (issues.length === 0 && input.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: input.timeZone })
    } catch {
      issues.push({ path: "timeZone", message: `${JSON.stringify(input.timeZone)} is not an IANA timezone` })
    }
  }
  return issues
}

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
      const issues = workspaceInputIssues(input)
      if (issues.length > 0) return yield* new InvalidInput({ subject: "workspace", issues })
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
