/**
 * `kith_migrations`: which schema versions were applied, and when.
 *
 * @example
 * ```ts
 * db.selectFrom("kith_migrations").select("version").orderBy("version")
 * ```
 */
export interface MigrationsTable {
  version: number
  name: string
  applied_at: string
}
