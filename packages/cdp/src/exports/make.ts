import type { LifecycleStage } from "@kith/profile"
import { customerExportColumns, exportCsv, exportXlsx, type ExportColumn } from "@kith/import"
import type { StoredProfile } from "@kith/storage"
import { Effect } from "effect"
import { InvalidArgument } from "../errors.js"
import type { WorkspaceContext } from "../workspace-context.js"
import type { ExportList, ExportOptions, ExportsApi } from "./api.js"

// Profiles read per page while an export streams.
const PAGE = 500

const stageOf: { readonly [K in Exclude<ExportList, { readonly search: string }>]: LifecycleStage | undefined } = {
  profiles: undefined,
  visitors: "visitor",
  leads: "lead",
  buyers: "buyer"
}

const queryOf = (list: ExportList): { readonly stage?: LifecycleStage; readonly text?: string } | undefined => {
  if (typeof list === "string") {
    if (!Object.hasOwn(stageOf, list)) return undefined
    const stage = stageOf[list]
    return stage === undefined ? {} : { stage }
  }
  return typeof list === "object" && list !== null && typeof list.search === "string" ? { text: list.search } : undefined
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
 * the call runs; the returned stream reads the store page by page.
 *
 * @param context - the workspace and its stores
 * @returns the exports namespace
 */
export const makeExports = (context: WorkspaceContext): ExportsApi<"effect"> => {
  const { workspaceId, profiles } = context

  async function* recordsOf(query: { readonly stage?: LifecycleStage; readonly text?: string }): AsyncGenerator<Record<string, unknown>> {
    let cursor: string | undefined
    do {
      const page = await Effect.runPromise(profiles.search(workspaceId, { ...query, limit: PAGE, cursor }))
      for (const profile of page.items) yield exportRecordOf(profile)
      cursor = page.nextCursor
    } while (cursor !== undefined)
  }

  const prepared = (list: ExportList, options: ExportOptions) => {
    const query = queryOf(list)
    if (query === undefined) {
      return Effect.fail(new InvalidArgument({ field: "list", reason: `must be "profiles", "visitors", "leads", "buyers" or { search: string }, got ${JSON.stringify(list)}` }))
    }
    const columns = options.columns ?? customerExportColumns()
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every(isColumn)) {
      return Effect.fail(new InvalidArgument({ field: "columns", reason: "must be a non-empty array of column keys or { key, header }" }))
    }
    if (options.locale !== undefined && options.locale !== "vi" && options.locale !== "en") {
      return Effect.fail(new InvalidArgument({ field: "locale", reason: `must be "vi" or "en", got ${JSON.stringify(options.locale)}` }))
    }
    return Effect.succeed({
      records: recordsOf(query),
      options: { columns, ...(options.locale === undefined ? {} : { locale: options.locale }), ...(options.sheetName === undefined ? {} : { sheetName: options.sheetName }) }
    })
  }

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
