import type { ProfileId } from "@kith/core"
import type { IngestReport } from "@kith/storage"
import type { ImportLanding, ImportMerge } from "./api.js"

/**
 * Adds up where an import's rows land, from the store's reports of the
 * transactions that carried them (see {@link ImportLanding}). Profiles a
 * previous transaction of the same import created count as new, not as
 * stored profiles the rows joined.
 */
export class LandingCounter {
  private readonly createdByImport = new Set<ProfileId>()
  private readonly counted = new Set<number>()
  private readonly merges: Array<ImportMerge> = []
  private mergeCount = 0
  private newRows = 0
  private matchedRows = 0
  private mergingRows = 0
  private unchangedRows = 0

  constructor(private readonly keepMerges: number) {}

  /**
   * Counts one transaction: `messageIds[i]` came from the rows `rowsOf[i]`.
   * A row counts once, by the first event that came from it.
   */
  add(report: IngestReport, messageIds: ReadonlyArray<string>, rowsOf: ReadonlyArray<ReadonlyArray<number>>): void {
    const mergeOf = new Map<ProfileId, { readonly profiles: ReadonlyArray<ProfileId>; readonly rows: Array<number> }>()
    messageIds.forEach((messageId, i) => {
      const rows = rowsOf[i]!.filter((row) => !this.counted.has(row))
      for (const row of rows) this.counted.add(row)
      if (rows.length === 0) return
      const profileId = report.profileOf.get(messageId)
      if (profileId === undefined) {
        this.unchangedRows += rows.length
        return
      }
      const stored = (report.madeOf.get(profileId) ?? []).filter((p) => !this.createdByImport.has(p))
      if (stored.length === 0) this.newRows += rows.length
      else if (stored.length === 1) this.matchedRows += rows.length
      else {
        this.mergingRows += rows.length
        const merge = mergeOf.get(profileId) ?? { profiles: stored, rows: [] }
        merge.rows.push(...rows)
        mergeOf.set(profileId, merge)
      }
    })
    for (const [into, merge] of mergeOf) {
      this.mergeCount++
      if (this.merges.length < this.keepMerges) this.merges.push({ into, profiles: merge.profiles, rows: merge.rows })
    }
    // A profile this import created and a later transaction merged away is no longer a profile of its own.
    for (const [profileId, from] of report.madeOf) {
      const stored = from.filter((p) => !this.createdByImport.has(p))
      for (const p of from) this.createdByImport.delete(p)
      if (stored.length === 0) this.createdByImport.add(profileId)
    }
  }

  /** The landing so far. */
  landing(): ImportLanding {
    return {
      newRows: this.newRows,
      matchedRows: this.matchedRows,
      mergingRows: this.mergingRows,
      unchangedRows: this.unchangedRows,
      newProfiles: this.createdByImport.size,
      merges: [...this.merges],
      mergeCount: this.mergeCount
    }
  }
}
