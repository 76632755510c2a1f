import type { LifecycleStage } from "@kith/profile"
import { customerExportColumns, exportCsv, exportXlsx, type ExportColumn } from "@kith/import"
import type { Segments, StoredProfile } from "@kith/storage"
import { Effect } from "effect"
import { InvalidArgument } from "../errors.js"
import type { WorkspaceContext } from "../workspace-context.js"
import type { ExportList, ExportOptions, ExportsApi } from "./api.js"

// Profiles read per page while an export streams.
const PAGE = 500

const stageOf: { readonly [K in Extract<ExportList, string>]: LifecycleStage | undefined } = {
  profiles: undefined,
  visitors: "visitor",
  leads: "lead",
  buyers: "buyer"
}

// Where an export's profiles come from: a profile query, or a segment's members.
type ExportSource = { readonly query: { readonly stage?: LifecycleStage; readonly text?: string } } | { readonly segment: string }

const sourceOf = (list: ExportList): ExportSource | undefined => {
  if (typeof list === "string") {
    if (!Object.hasOwn(stageOf, list)) return undefined
    const stage = stageOf[list]
    return { query: stage === undefined ? {} : { stage } }
  }
  if (typeof list !== "object" || list === null) return undefined
  if ("search" in list && typeof list.search === "string") return { query: { text: list.search } }
  if ("segment" in list && typeof list.segment === "string" && list.segment.length > 0) return { segment: list.segment }
  return undefined
}

const isColumn = (column: unknown): column is string | ExportColumn =>
  (typeof column === "string" && column.length > 0) ||
  (typeof column === "object" && column !== null && typeof (column as ExportColumn).key === "string" && (column as ExportColumn).key.length > 0)

/**
 * A stored profile as an export row: its traits' current values, then
 * `customerCode` from its `external_id`, `phone` and `email` from its
 * identifiers where no trait holds them, and its id.
 *
 * @param profile - the stored profile
 * @returns the row's values by key
 */
export const exportRecordOf = (profile: StoredProfile): Record<string, unknown> => {
  const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const [name, trait] of Object.entries(profile.traits)) record[name] = trait.value
  const first = (type: string) => profile.identifiers.find((id) => id.type === type)?.value
  for (const [key, type] of [["customerCode", "external_id"], ["phone", "phone"], ["email", "email"]] as const) {
    const value = first(type)
    if (record[key] === undefined && value !== undefined) record[key] = value
  }
  record["profileId"] = profile.profileId
  return record
}

/**
 * `cdp.exports` on one workspace, as Effects: the arguments are checked when
 * the call runs (a segment must exist then); the returned stream reads the
 * store page by page.
 *
 * @param context - the workspace and its stores
 * @param segments - the stored segments, for an export of a segment's members
 * @returns the exports namespace
 */
export const makeExports = (context: WorkspaceContext, segments: typeof Segments.Service): ExportsApi<"effect"> => {
  const { workspaceId, profiles } = context

  async function* recordsOf(source: ExportSource): AsyncGenerator<Record<string, unknown>> {
    let cursor: string | undefined
    do {
      if ("query" in source) {
        const page = await Effect.runPromise(profiles.search(workspaceId, { ...source.query, limit: PAGE, cursor }))
        for (const profile of page.items) yield exportRecordOf(profile)
        cursor = page.nextCursor
      } else {
        const page = await Effect.runPromise(segments.members(workspaceId, source.segment, { limit: PAGE, cursor }))
        for (const member of page.items) {
          // A member erased (or merged away and not yet re-evaluated) since the page was read has no row of its own to export.
          const profile = await Effect.runPromise(
            profiles.get(workspaceId, member.profileId).pipe(Effect.catchTag("ProfileNotFound", () => Effect.succeed(undefined)))
          )
          if (profile !== undefined && profile.profileId === member.profileId) yield exportRecordOf(profile)
        }
        cursor = page.nextCursor
      }
    } while (cursor !== undefined)
  }

  const prepared = Effect.fnUntraced(function* (list: ExportList, options: ExportOptions) {
    const source = sourceOf(list)
    if (source === undefined) {
      return yield* new InvalidArgument({
        field: "list",
        reason: `must be "profiles", "visitors", "leads", "buyers", { search: string } or { segment: string }, got ${JSON.stringify(list)}`
      })
    }
    // An unknown segment is refused now, not as an error in the middle of the stream.
    if ("segment" in source) yield* segments.count(workspaceId, source.segment)
    const columns = options.columns ?? customerExportColumns()
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every(isColumn)) {
      return yield* new InvalidArgument({ field: "columns", reason: "must be a non-empty array of column keys or { key, header }" })
    }
    if (options.locale !== undefined && options.locale !== "vi" && options.locale !== "en") {
      return yield* new InvalidArgument({ field: "locale", reason: `must be "vi" or "en", got ${JSON.stringify(options.locale)}` })
    }
    return {
      records: recordsOf(source),
      options: { columns, ...(options.locale === undefined ? {} : { locale: options.locale }), ...(options.sheetName === undefined ? {} : { sheetName: options.sheetName }) }
    }
  })

  return {
    csv: Effect.fn("Cdp.exports.csv")(function* (list, options = {}) {
      const { records, options: exportOptions } = yield* prepared(list, options)
      return exportCsv(records, exportOptions)
    }),
    xlsx: Effect.fn("Cdp.exports.xlsx")(function* (list, options = {}) {
      const { records, options: exportOptions } = yield* prepared(list, options)
      return exportXlsx(records, exportOptions)
    })
  }
}
