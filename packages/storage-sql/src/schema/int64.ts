import type { ColumnType } from "kysely"

/**
 * A 64-bit integer column: written as a number, read back as whatever the driver returns (pg gives strings).
 *
 * @example
 * ```ts
 * const ts: number = Number(row.ts) // pg returns "1740794400000"
 * ```
 */
export type Int64 = ColumnType<number | string | bigint, number, number>
