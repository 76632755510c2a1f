/**
 * Options of `cdp.segments`.
 *
 * @example
 * ```ts
 * const options: CdpSegmentsOptions = { now: () => new Date("2026-01-05T02:00:00Z") }
 * ```
 */
export interface CdpSegmentsOptions {
  /**
   * The instant ingestion re-evaluates the profiles it touched at (their
   * entries and exits are recorded then); default the system clock. Every
   * other segment call takes its instant as a parameter.
   */
  readonly now?: () => Date
}
