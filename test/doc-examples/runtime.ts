// What an instrumented example calls while it runs: each claim is compared the
// moment its value is computed (later statements may change the objects), and
// what the example prints is kept instead of cluttering the test output.
import { format } from "node:util"
import { matchPattern, type Pattern } from "./claims.js"

/** The outcome of one claim; `undefined` when it was never reached. */
export type ClaimOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string }

/** The state of one run of one example. */
export interface ExampleRun {
  readonly claims: ReadonlyArray<{ readonly kind: "value" | "throws"; readonly pattern: Pattern | undefined }>
  readonly outcomes: Array<ClaimOutcome | undefined>
  readonly printed: Array<string>
}

const registry: Map<string, ExampleRun> = ((globalThis as { __kithDocRuns?: Map<string, ExampleRun> }).__kithDocRuns ??= new Map())

/** Registers a run before its module is imported. */
export const startRun = (id: string, claims: ExampleRun["claims"]): ExampleRun => {
  const run: ExampleRun = { claims, outcomes: claims.map(() => undefined), printed: [] }
  registry.set(id, run)
  return run
}

/** Forgets a run once its outcome is read. */
export const endRun = (id: string): void => {
  registry.delete(id)
}

const describeError = (e: unknown): string => {
  if (e instanceof Error) {
    const tag = (e as { readonly _tag?: unknown })._tag
    return `${typeof tag === "string" ? tag : e.name}: ${e.message}`
  }
  return format("%o", e)
}

/** The helpers an instrumented example sees as `__doc`. */
export const docRun = (id: string) => {
  const run = registry.get(id)
  if (run === undefined) throw new Error(`no example run ${id} was started`)
  const record = (index: number, outcome: ClaimOutcome) => {
    // A claim inside a loop or a callback must hold every time it is reached.
    if (run.outcomes[index] === undefined || run.outcomes[index]!.ok) run.outcomes[index] = outcome
  }
  const print = (...args: ReadonlyArray<unknown>) => {
    run.printed.push(format(...args))
  }
  return {
    claim<A>(index: number, value: A): A {
      const problem = matchPattern(run.claims[index]!.pattern!, value)
      record(index, problem === undefined ? { ok: true } : { ok: false, message: problem })
      return value
    },
    throws(index: number, body: () => unknown): void {
      try {
        const value = body()
        record(index, { ok: false, message: `did not throw; returned ${format("%o", value)}` })
      } catch {
        record(index, { ok: true })
      }
    },
    async rejects(index: number, body: () => Promise<unknown>): Promise<void> {
      try {
        const value = await body()
        record(index, { ok: false, message: `did not throw; returned ${format("%o", value)}` })
      } catch {
        record(index, { ok: true })
      }
    },
    console: { ...console, log: print, info: print, warn: print, error: print, debug: print, table: print },
    describeError
  }
}

export { describeError }
