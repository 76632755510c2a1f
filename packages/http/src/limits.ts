/**
 * Segment's size limits, which kith's HTTP collection API keeps so a client
 * that works against Segment works here: 32 KB of JSON per call, 500 KB per
 * `/v1/batch` request (after gzip is undone).
 *
 * @example
 * ```ts
 * import { SegmentLimits } from "@kith/http"
 * SegmentLimits.maxBatchBytes // => 512000
 * ```
 */
export const SegmentLimits = {
  /** The largest call, in bytes of its JSON: a single-call request's body, or one call of a batch. */
  maxCallBytes: 32 * 1024,
  /** The largest `/v1/batch` body, in bytes of JSON after decompression. */
  maxBatchBytes: 500 * 1024
} as const
