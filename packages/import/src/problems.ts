/**
 * Why a cell (or a row) was not imported as written:
 * - `required`: a required field is empty (full name; order id, date, price);
 * - `missing_contact`: neither a valid phone nor a valid email (nor, for orders, a customer code or marketplace buyer);
 * - `missing_natural_key`: the natural key the import upserts on is empty or invalid in this row;
 * - `invalid_phone`, `invalid_email`, `invalid_national_id`, `invalid_tax_code`, `invalid_value`, `blocked`, `too_long`: identity's normalization refused the value (IDN-3, IDN-4);
 * - `phone_precision_lost`: Excel wrote the number in scientific notation (`8.49123E+10`) and kept too few digits to know it;
 * - `invalid_date`, `invalid_gender`, `invalid_number`, `invalid_country`: the value is not one of the accepted forms;
 * - `unknown_status`: an order status word kith does not know (the order is imported as placed);
 * - `conflicting_order`: two lines of one order disagree on an order-level field (date, customer, status); the first line's value is kept.
 */
export const ProblemReasons = [
  "required",
  "missing_contact",
  "missing_natural_key",
  "invalid_phone",
  "phone_precision_lost",
  "invalid_email",
  "invalid_national_id",
  "invalid_tax_code",
  "invalid_value",
  "blocked",
  "too_long",
  "invalid_date",
  "invalid_gender",
  "invalid_number",
  "invalid_country",
  "unknown_status",
  "conflicting_order"
] as const
/** One of {@link ProblemReasons}. */
export type ProblemReason = (typeof ProblemReasons)[number]

/**
 * One problem in an import file: the row number as the sheet shows it, the
 * column (position from 0 and header; `-1` and `""` for a problem of the whole
 * row), the value found, and why. A bad optional cell is left out and the
 * rest of the row is imported; a row missing a required field is not
 * imported at all (`fatal`).
 *
 * @example
 * ```ts
 * import type { CellProblem } from "@kith/import"
 * const problem: CellProblem = { row: 7, column: 2, header: "Ngày sinh", value: "31/02/1990", reason: "invalid_date", message: "not a real date (dd/mm/yyyy, d/m/yy, yyyy-mm-dd or an Excel date)", fatal: false }
 * ```
 */
export interface CellProblem {
  readonly row: number
  readonly column: number
  readonly header: string
  readonly value: string
  readonly reason: ProblemReason
  readonly message: string
  /** `true` when the row is not imported because of it. */
  readonly fatal: boolean
}
