import type { Refusal } from "./coerce/phone.js"
import type { ColumnMapping } from "./mapping.js"
import type { CellProblem, ProblemReason } from "./problems.js"
import type { CellValue } from "./read/sheet-row.js"

const noProblems: Array<CellProblem> = []

/** Collects a row's problems; one instance is reused row after row. */
export class ProblemList {
  row = 0
  // Most rows have no problem: they share one empty list, and a row allocates its own on its first problem.
  problems: Array<CellProblem> = noProblems
  fatal = false
  add(mapping: ColumnMapping | undefined, value: CellValue | string, reason: ProblemReason, message: string, fatal = false): void {
    if (fatal) this.fatal = true
    if (this.problems === noProblems) this.problems = []
    this.problems.push({
      row: this.row,
      column: mapping?.column ?? -1,
      header: mapping?.header ?? "",
      value: value === null ? "" : value instanceof Date ? value.toISOString() : String(value),
      reason,
      message,
      fatal
    })
  }
  refusals(mapping: ColumnMapping, refused: ReadonlyArray<Refusal>): void {
    if (refused.length === 0) return
    for (const r of refused) this.add(mapping, r.value, r.reason, r.message)
  }
  reset(row: number): void {
    this.row = row
    this.problems = noProblems
    this.fatal = false
  }
}

