// A SQLite store a bench builds once and keeps in bench/.cache (gitignored): built under a temporary name and
// renamed when complete, so an interrupted build is never taken for a finished store.
import { type SqliteStorage, openSqliteStorage } from "@kith/storage-sqlite"
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs"
import { dirname } from "node:path"

/** Returns `path`, building it first with `fill` (then `finish` on the closed file) unless it exists. */
export const cachedSqliteStore = async (
  path: string,
  fill: (store: SqliteStorage) => Promise<void>,
  log: (text: string) => void,
  finish: (file: string) => void = () => undefined
): Promise<string> => {
  if (existsSync(path)) return path
  mkdirSync(dirname(path), { recursive: true })
  const building = `${path}.building`
  for (const suffix of ["", "-wal", "-shm"]) rmSync(building + suffix, { force: true })
  log(`building ${building}`)
  const store = await openSqliteStorage({ filename: building })
  await fill(store)
  await store.close()
  finish(building)
  renameSync(building, path)
  log(`built ${path}`)
  return path
}
