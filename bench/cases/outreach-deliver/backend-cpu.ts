import { readFileSync } from "node:fs"
import type pg from "pg"

// Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ, 100 everywhere Linux runs today).
const TICKS_PER_SECOND = 100

/**
 * CPU time (ms) of every Postgres backend serving connections named
 * `applicationName`, read from /proc: the database's share of what a
 * contestant's delivery costs. Backends the reader cannot see (a Postgres on
 * another machine) are left out, so the figure is `null` when none is seen.
 * Postgres's background processes (WAL writer, checkpointer) are not counted
 * for any contestant.
 */
export const backendCpuMs = async (client: pg.Client, applicationName: string): Promise<Map<number, number>> => {
  const { rows } = await client.query<{ pid: number }>("select pid from pg_stat_activity where application_name = $1", [applicationName])
  const cpu = new Map<number, number>()
  for (const { pid } of rows) {
    try {
      // Fields after the command name (which may hold spaces): state is the first, utime the 12th, stime the 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
      cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND)
    } catch {
      // Not on this machine, or gone.
    }
  }
  return cpu
}

/** CPU time spent between two readings of {@link backendCpuMs}; a backend that appeared meanwhile counts whole. */
export const cpuSpentBetween = (before: Map<number, number>, after: Map<number, number>): number | null => {
  if (after.size === 0) return null
  let spent = 0
  for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? 0)
  return spent
}
