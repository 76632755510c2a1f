import type { OutboxState } from "@kith/storage"
import { type RawBuilder, sql } from "kysely"

// How SQL keeps an outbox row's lease (schema version 17): a claimed row is stored `pending` with its `lease_owner`
// set, keeping the `available_at` it came due at, and its lease's end in `lease_expires_at` alone. A claim and a
// renewal then write no indexed column (on Postgres they are HOT updates). The port's view is the row as it was:
// state `claimed`, `availableAt` the lease's end. This file is the one place that maps one onto the other.

/** The state a row is stored in: a claimed row is a pending row with a lease. */
export const storedStateOf = (state: OutboxState): string => (state === "claimed" ? "pending" : state)

/** Whether a stored row is leased: pending with an owner. */
const isLeased = (state: string, leaseOwner: string | null): boolean => state === "pending" && leaseOwner !== null

/** A stored row's state as the port knows it. */
export const outboxStateOf = (state: string, leaseOwner: string | null): OutboxState => (isLeased(state, leaseOwner) ? "claimed" : (state as OutboxState))

/** A stored row's `availableAt` as the port knows it: a leased row is available again when its lease ends. */
export const outboxAvailableAtOf = (state: string, leaseOwner: string | null, availableAt: number | string | bigint, leaseExpiresAt: number | string | bigint | null): number =>
  Number(isLeased(state, leaseOwner) ? leaseExpiresAt : availableAt)

/** {@link outboxStateOf} as an SQL expression over the outbox's columns, for statements that group or count by state. */
export const outboxStateSql: RawBuilder<string> = sql<string>`(case when state = 'pending' and lease_owner is not null then 'claimed' else state end)`
