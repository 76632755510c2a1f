/**
 * What the shop does that triggers read besides a profile's own activity: a
 * product's price changed, a LIVE was scheduled. The host passes them from
 * its catalog and LIVE calendar; `key` identifies the change (one
 * occurrence per plan, profile and change).
 *
 * @example
 * ```ts
 * const drop: ShopEvent = { kind: "price_changed", key: "pc-1", productId: "p-ao", from: 300000, to: 225000, at: new Date("2025-03-07T12:00:00+07:00") }
 * ```
 */
export type ShopEvent =
  | {
      readonly kind: "price_changed"
      readonly key: string
      readonly productId: string
      /** The price before and after, in the workspace currency's smallest unit. */
      readonly from: number
      readonly to: number
      readonly at: Date
    }
  | {
      readonly kind: "live_scheduled"
      readonly key: string
      readonly liveId: string
      readonly startsAt: Date
      /** When the LIVE was announced: no reminder is due before it. */
      readonly at: Date
    }
