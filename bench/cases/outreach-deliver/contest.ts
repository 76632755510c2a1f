import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { loadavg } from "node:os"
import { join } from "node:path"
import type pg from "pg"
import { type Fleet, type RoundFigures, startFleet } from "./fleet.js"

/** 4 worker processes per contestant, as the issue asks. */
export const WORKERS = 4

/** One way of delivering the bench's messages: its worker script and how its table is filled and watched. */
export interface Contestant {
  readonly name: string
  /** The worker process script, next to this file. */
  readonly script: string
  readonly env: Readonly<Record<string, string>>
  /** Empties the contestant's table and fills it with the round's messages (untimed). */
  readonly fill: (client: pg.Client) => Promise<void>
  /** How many of the round's messages are not yet done in the database. */
  readonly remaining: (client: pg.Client) => Promise<number>
}

/** One round of one contestant, as recorded in the details file. */
export interface RoundRecord extends RoundFigures {
  readonly contestant: string
  readonly loadAverage: number
}

/** The fleets a bench process started (one per contestant, started on first use, kept for its later rounds). */
export interface Arena {
  readonly url: string
  /** Which side of the case this process runs (`run` or `baseline`), for the details file. */
  side: string
  /** The case name whose details file gets every round as it ends. */
  readonly details?: string
  readonly client: pg.Client
  readonly fleets: Map<string, Fleet>
  readonly rounds: Array<RoundRecord>
}

/** Fills the contestant's table (untimed), then times its workers delivering all `n` messages. */
export const deliver = async (arena: Arena, contestant: Contestant, n: number): Promise<RoundRecord> => {
  let fleet = arena.fleets.get(contestant.name)
  if (fleet === undefined) {
    fleet = await startFleet({ contestant: contestant.name, script: join(import.meta.dirname, contestant.script), workers: WORKERS, url: arena.url, env: contestant.env })
    arena.fleets.set(contestant.name, fleet)
  }
  await contestant.fill(arena.client)
  const figures = await fleet.round(n, contestant.remaining)
  const record = { contestant: contestant.name, loadAverage: loadavg()[0]!, ...figures }
  arena.rounds.push(record)
  if (arena.details !== undefined) writeDetails(arena.details, arena.side, arena.rounds)
  return record
}

/** CPU time a round cost: the worker processes and their Postgres backends. */
export const cpuOf = (round: RoundFigures): number => round.workerCpuMs + (round.databaseCpuMs ?? 0)

/** Stops every fleet of the arena. */
export const closeArena = async (arena: Arena): Promise<void> => {
  for (const fleet of arena.fleets.values()) await fleet.close()
  arena.fleets.clear()
}

/**
 * Writes every round of this bench process (the warm-up included, first) to
 * `bench/results/<case>.details.json` under its side, beside what the other
 * side's process wrote: the per-contestant figures (deliveries/s, worker and
 * database CPU, statement counts) that the one-line bench summary cannot hold.
 */
export const writeDetails = (caseName: string, side: string, rounds: ReadonlyArray<RoundRecord>): void => {
  const dir = join(import.meta.dirname, "../../results")
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${caseName}.details.json`)
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {}
  const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10)
  kept[side] = rounds.map((r) => ({
    ...r,
    ms: round1(r.ms),
    deliveriesPerSecond: Math.round(r.deliveriesPerSecond),
    workerCpuMs: round1(r.workerCpuMs),
    databaseCpuMs: round1(r.databaseCpuMs),
    loadAverage: round1(r.loadAverage)
  }))
  writeFileSync(file, JSON.stringify(kept, null, 2) + "\n")
}
