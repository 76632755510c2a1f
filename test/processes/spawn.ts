// Starting writer processes (test/processes/writer.ts with tsx, on the TypeScript sources) and following
// their output line by line.
import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"

const root = join(import.meta.dirname, "..", "..")

/** A running writer: its output so far, and its end. */
export interface Writer {
  readonly child: ChildProcess
  readonly lines: Array<string>
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  readonly exited: Promise<number | null>
  /** Resolves once a line satisfies `test` (or rejects when the process ends first). */
  readonly waitFor: (test: (line: string) => boolean) => Promise<string>
}

/** Starts a writer process with these arguments (see writer.ts). */
export const startWriter = (args: Record<string, string | number>): Writer => {
  const argv = Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)])
  // Node itself with tsx as a loader, not the tsx CLI: the CLI runs the script in a grandchild that a SIGKILL
  // of the CLI would leave running.
  const child = spawn(process.execPath, ["--conditions=@kith/source", "--import", "tsx", join(root, "test", "processes", "writer.ts"), ...argv], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env }
  })
  const lines: Array<string> = []
  const waiters: Array<{ readonly test: (line: string) => boolean; readonly resolve: (line: string) => void; readonly reject: (e: Error) => void }> = []
  let buffered = ""
  let stderr = ""
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk
    let newline: number
    while ((newline = buffered.indexOf("\n")) !== -1) {
      const line = buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
      lines.push(line)
      for (const w of [...waiters]) if (w.test(line)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(line)
      }
    }
  })
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`writer exited (${String(code)}) before the awaited line; output:\n${lines.join("\n")}\n${stderr}`))
      resolve(code)
    })
  )
  const waitFor = (test: (line: string) => boolean): Promise<string> => {
    const seen = lines.find(test)
    if (seen !== undefined) return Promise.resolve(seen)
    if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`writer already exited; output:\n${lines.join("\n")}\n${stderr}`))
    return new Promise((resolve, reject) => waiters.push({ test, resolve, reject }))
  }
  return { child, lines, exited, waitFor }
}
