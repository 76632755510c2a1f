// The messages between a delivery bench (parent) and its worker processes.

/** Parent to worker. */
export type ToWorker =
  | { readonly type: "start" }
  // The parent saw every row done: stop working and report.
  | { readonly type: "stop" }
  | { readonly type: "exit" }

/** Worker to parent. */
export type FromWorker =
  | { readonly type: "ready" }
  // Deliveries handled since the last progress message.
  | { readonly type: "progress"; readonly delivered: number }
  // CPU time of the worker process from `start` to `stop`, and what the worker counted (statements, batch timings).
  | { readonly type: "stopped"; readonly cpuMs: number; readonly stats: Readonly<Record<string, number>> }
  | { readonly type: "failed"; readonly error: string }

/** The application_name every Postgres connection of a contestant's workers carries, so its backends can be found. */
export const applicationNameOf = (contestant: string): string => `deliverbench-${contestant}`
