import type { ActivityKind, ActivityRow } from "./activity-row.js"

/** An {@link ActivityRow} a builder is still filling in. */
export type RowInProgress = { -readonly [K in keyof ActivityRow]: ActivityRow[K] }

/**
 * A row with the given kind, instant, key and event context and every other
 * column null, in `activityRow`'s column order, for the builders that make a
 * row per event or per order line to fill in directly: `activityRow`'s
 * columns argument is an object more per row, and those builders make one
 * for every stored event and order line. Internal to the package.
 */
export const blankRow = (kind: ActivityKind, at: number, key: string, channel: string | null, deviceType: string | null, os: string | null): RowInProgress => ({
  kind,
  at,
  key,
  orderId: null,
  productId: null,
  category: null,
  quantity: null,
  value: null,
  currency: null,
  completedAt: null,
  failedAt: null,
  channel,
  deviceType,
  os,
  planId: null,
  csat: null,
  agent: null,
  rating: null,
  ticketKind: null,
  eventName: null
})
