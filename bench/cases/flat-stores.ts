import { copyFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { freshEvents } from "./fresh-events.js"
import { sqliteReadsStore } from "./reads-store.js"

/** New people per repetition of the SQLite flatness cases. */
export const FLAT_PEOPLE = 2_000
/** Events of the first repetition's people (seed 99); the others' are within 5 % of it. */
export const FLAT_EVENTS = 10_875

/**
 * The two stores of a SQLite flatness case: `big`, a copy (made once per
 * process, not timed) of the 1,100,000-event reads store of reads-store.ts,
 * and a temporary folder for the empty files of the baseline; `round` counts
 * the repetitions, so case and baseline feed the same events repetition for
 * repetition.
 */
export interface FlatStores {
  readonly dir: string
  readonly big: string
  round: number
}

/**
 * The events of one repetition: new people (a seed of their own), ids no
 * stored event has (see fresh-events.ts).
 */
export const flatEventsOf = (round: number) => freshEvents(99 + round, FLAT_PEOPLE, `flat${round}`) as unknown as ReadonlyArray<Record<string, unknown>>

/** Copies the cached reads store (building it the first time) into a new temporary folder. */
export const flatStores = async (): Promise<FlatStores> => {
  const cached = await sqliteReadsStore()
  const dir = mkdtempSync(join(tmpdir(), "kith-ingest-flat-"))
  const big = join(dir, "big.sqlite")
  copyFileSync(cached, big)
  return { dir, big, round: 0 }
}

/** Runs `write` on a new empty file in the stores' folder, with the next repetition's events, and removes the file. */
export const intoEmptyFile = async <A>(
  stores: FlatStores,
  write: (filename: string, events: ReadonlyArray<Record<string, unknown>>) => Promise<A>
): Promise<A> => {
  const filename = join(stores.dir, `empty-${stores.round}.sqlite`)
  try {
    return await write(filename, flatEventsOf(stores.round++))
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
  }
}

/** Removes the stores' folder. */
export const removeFlatStores = (stores: FlatStores): void => rmSync(stores.dir, { recursive: true, force: true })
