/**
 * What every metric is computed against: the instant, and the workspace's
 * timezone (for days and months) and currency (money in another currency is
 * left out of money figures, never converted).
 *
 * @example
 * ```ts
 * const options: MetricOptions = { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" }
 * ```
 */
export interface MetricOptions {
  /** Only what happened at or before this instant counts. */
  readonly asOf: Date
  /** IANA timezone of the workspace; default `Asia/Ho_Chi_Minh` in the read model. */
  readonly timeZone: string
  /** ISO 4217 currency of the workspace; default `VND` in the read model. */
  readonly currency: string
}
