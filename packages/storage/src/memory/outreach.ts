import type {
  ClaimedOutboxRow,
  ClaimRequest,
  OutboxCountRow,
  OutboxDelivery,
  OutboxRow,
  OutreachWrites,
  PlanRow,
  RecipientSendRow
} from "../port/outreach.js"
import type { MemoryState } from "./state.js"

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

// NUL never appears in a stored id, so the parts of a key cannot run into each other.
const outboxKey = (row: Pick<OutboxRow, "planId" | "profileId" | "occurrence">): string => `${row.planId}\u0000${row.profileId}\u0000${row.occurrence}`

interface WorkspaceOutreach {
  readonly plans: Map<string, PlanRow>
  readonly outbox: Map<string, OutboxRow>
  /** Outbox id of each (plan, profile, occurrence). */
  readonly keys: Map<string, string>
  readonly rateLimits: Map<string, { readonly windowStart: number; readonly used: number }>
  /** When each row's send was decided (written, or a held row decided again): what the caps count it at until it is sent. */
  readonly decidedAt: Map<string, number>
}

const isClaimable = (row: OutboxRow, now: number): boolean => (row.state === "pending" || row.state === "claimed") && row.availableAt <= now

/**
 * The memory engine's outreach: plans, the outbox and the rate-limit
 * windows per workspace, written through the engine's undo log; and the
 * delivery operations on the same rows (the engine runs them one at a time,
 * like its transactions).
 *
 * @param memory - the engine's state
 * @returns the repository, and the delivery operations
 *
 * @example
 * ```ts
 * const { writes, delivery } = memoryOutreach(makeMemoryState())
 * ```
 */
export const memoryOutreach = (memory: MemoryState): { readonly writes: OutreachWrites; readonly delivery: OutboxDelivery } => {
  const { setIn } = memory
  const workspaces = new Map<string, WorkspaceOutreach>()
  const of = (workspaceId: string): WorkspaceOutreach => {
    let held = workspaces.get(workspaceId)
    if (held === undefined) workspaces.set(workspaceId, (held = { plans: new Map(), outbox: new Map(), keys: new Map(), rateLimits: new Map(), decidedAt: new Map() }))
    return held
  }
  const rowsOf = (workspaceId: string): Array<OutboxRow> => [...(workspaces.get(workspaceId)?.outbox.values() ?? [])]
  const planRows = (workspaceId: string, planId: string): Array<OutboxRow> => rowsOf(workspaceId).filter((r) => r.planId === planId)
  // Changes the rows of `ids` the worker still holds; returns how many.
  const held = (workspaceId: string, workerId: string, ids: ReadonlyArray<string>, change: (row: OutboxRow) => OutboxRow): number => {
    const outbox = workspaces.get(workspaceId)?.outbox
    if (outbox === undefined) return 0
    let changed = 0
    for (const id of new Set(ids)) {
      const row = outbox.get(id)
      if (row === undefined || row.state !== "claimed" || row.leaseOwner !== workerId) continue
      setIn(outbox, id, change(row))
      changed++
    }
    return changed
  }

  const writes: OutreachWrites = {
    plan: async (workspaceId, planId) => workspaces.get(workspaceId)?.plans.get(planId),
    plans: async (workspaceId, { status, after, limit }) =>
      [...(workspaces.get(workspaceId)?.plans.values() ?? [])]
        .filter((p) => (status === undefined || p.status === status) && (after === undefined || p.planId > after))
        .sort((a, b) => byText(a.planId, b.planId))
        .slice(0, limit),
    duePlans: async (workspaceId, now, limit) =>
      [...(workspaces.get(workspaceId)?.plans.values() ?? [])]
        .filter((p) => p.status === "scheduled" && p.startAt !== null && p.startAt <= now)
        .sort((a, b) => a.startAt! - b.startAt! || byText(a.planId, b.planId))
        .slice(0, limit),
    outbox: async (workspaceId, planId, { after, limit }) =>
      planRows(workspaceId, planId)
        .filter((r) => after === undefined || r.outboxId > after)
        .sort((a, b) => byText(a.outboxId, b.outboxId))
        .slice(0, limit),
    outboxRows: async (workspaceId, outboxIds) => {
      const outbox = workspaces.get(workspaceId)?.outbox
      return outbox === undefined ? [] : [...new Set(outboxIds)].flatMap((id) => outbox.get(id) ?? []).sort((a, b) => byText(a.outboxId, b.outboxId))
    },
    outboxCounts: async (workspaceId, planId) => {
      const counts = new Map<string, OutboxCountRow>()
      for (const r of planRows(workspaceId, planId)) {
        const key = `${r.state}\u0000${r.decision}\u0000${r.reason}\u0000${r.holdout ? 1 : 0}`
        const was = counts.get(key)
        counts.set(key, { state: r.state, decision: r.decision, reason: r.reason, holdout: r.holdout, count: (was?.count ?? 0) + 1 })
      }
      return [...counts.values()].sort(
        (a, b) => byText(a.state, b.state) || byText(a.decision, b.decision) || byText(a.reason, b.reason) || Number(a.holdout) - Number(b.holdout)
      )
    },
    heldDue: async (workspaceId, now, limit) =>
      rowsOf(workspaceId)
        .filter((r) => r.state === "held" && r.availableAt <= now)
        .sort((a, b) => a.availableAt - b.availableAt || byText(a.outboxId, b.outboxId))
        .slice(0, limit),
    sentHistory: async (workspaceId, profileIds, since) => {
      const wanted = new Set(profileIds)
      const sends: Array<RecipientSendRow> = []
      for (const r of rowsOf(workspaceId)) {
        if (!wanted.has(r.profileId) || r.decision !== "send") continue
        if (r.state !== "pending" && r.state !== "claimed" && r.state !== "sent") continue
        // Sent: when handed to the sender; pending or claimed: when decided (a claimed row's availableAt is its lease end).
        const at = r.state === "sent" ? r.sentAt! : (workspaces.get(workspaceId)?.decidedAt.get(r.outboxId) ?? r.createdAt)
        if (at >= since) sends.push({ profileId: r.profileId, planId: r.planId, channel: r.channel, purpose: r.purpose, state: r.state, at })
      }
      return sends.sort((a, b) => byText(a.profileId, b.profileId) || a.at - b.at || byText(a.planId, b.planId))
    },
    planDrained: async (workspaceId, planId) => !planRows(workspaceId, planId).some((r) => r.state === "pending" || r.state === "held" || r.state === "claimed"),
    outboxOfProfiles: async (workspaceId, profileIds) => {
      const wanted = new Set(profileIds)
      return rowsOf(workspaceId).filter((r) => wanted.has(r.profileId)).sort((a, b) => byText(a.outboxId, b.outboxId))
    },
    insertPlan: async (workspaceId, row) => {
      const { plans } = of(workspaceId)
      if (plans.has(row.planId)) return false
      setIn(plans, row.planId, row)
      return true
    },
    updatePlan: async (workspaceId, row, expectedVersion) => {
      const { plans } = of(workspaceId)
      if (plans.get(row.planId)?.version !== expectedVersion) return false
      setIn(plans, row.planId, row)
      return true
    },
    insertOutbox: async (workspaceId, rows) => {
      const { outbox, keys, decidedAt } = of(workspaceId)
      let added = 0
      for (const row of rows) {
        const key = outboxKey(row)
        if (keys.has(key) || outbox.has(row.outboxId)) continue
        setIn(keys, key, row.outboxId)
        setIn(outbox, row.outboxId, row)
        setIn(decidedAt, row.outboxId, row.createdAt)
        added++
      }
      return added
    },
    redecide: async (workspaceId, changes) => {
      const outbox = workspaces.get(workspaceId)?.outbox
      if (outbox === undefined) return 0
      let changed = 0
      for (const c of changes) {
        const row = outbox.get(c.outboxId)
        if (row === undefined || row.state !== "held") continue
        const state = c.decision === "send" ? "pending" : c.decision === "hold" ? "held" : "skipped"
        setIn(outbox, c.outboxId, { ...row, decision: c.decision, reason: c.reason, availableAt: c.availableAt, state, message: c.message ?? row.message })
        // A send is available at the instant it is decided.
        if (c.decision === "send") setIn(of(workspaceId).decidedAt, c.outboxId, c.availableAt)
        changed++
      }
      return changed
    },
    cancelPlanOutbox: async (workspaceId, planId, now) => {
      const outbox = workspaces.get(workspaceId)?.outbox
      if (outbox === undefined) return 0
      let cancelled = 0
      for (const row of planRows(workspaceId, planId)) {
        if (row.state !== "pending" && row.state !== "held") continue
        setIn(outbox, row.outboxId, { ...row, state: "cancelled", availableAt: now })
        cancelled++
      }
      return cancelled
    },
    eraseOutbox: async (workspaceId, { deleted, kept }) => {
      const space = workspaces.get(workspaceId)
      if (space === undefined) return
      const remove = <K, V>(map: Map<K, V>, key: K): void => {
        if (!map.has(key)) return
        const was = map.get(key)!
        map.delete(key)
        memory.undo.push(() => map.set(key, was))
      }
      for (const id of new Set(deleted)) {
        const row = space.outbox.get(id)
        if (row === undefined) continue
        remove(space.outbox, id)
        remove(space.keys, outboxKey(row))
        remove(space.decidedAt, id)
      }
      for (const row of kept) if (space.outbox.has(row.outboxId)) setIn(space.outbox, row.outboxId, row)
    }
  }

  const claim = async (workspaceId: string, { workerId, limit, leaseMs, now, rateLimits }: ClaimRequest): Promise<ReadonlyArray<ClaimedOutboxRow>> => {
    const space = workspaces.get(workspaceId)
    if (space === undefined || limit <= 0) return []
    const budgets = new Map<string, { readonly windowStart: number; readonly limit: number; used: number }>()
    for (const [channel, rate] of Object.entries(rateLimits ?? {})) {
      const windowStart = Math.floor(now / rate.windowMs) * rate.windowMs
      const stored = space.rateLimits.get(channel)
      budgets.set(channel, { windowStart, limit: rate.limit, used: stored?.windowStart === windowStart ? stored.used : 0 })
    }
    // Expired leases first (a dead worker's rows are taken over at once), then due pending rows, oldest first.
    const candidates = [...space.outbox.values()]
      .filter((r) => isClaimable(r, now))
      .sort((a, b) => Number(a.state !== "claimed") - Number(b.state !== "claimed") || a.availableAt - b.availableAt || byText(a.outboxId, b.outboxId))
    const claimed: Array<ClaimedOutboxRow> = []
    const leaseExpiresAt = now + leaseMs
    for (const row of candidates) {
      if (claimed.length >= limit) break
      const budget = budgets.get(row.channel)
      if (budget !== undefined) {
        if (budget.used >= budget.limit) continue
        budget.used++
      }
      // A claimed row's availableAt is its lease's end: an expired lease makes it claimable like a due pending row.
      setIn(space.outbox, row.outboxId, { ...row, state: "claimed", leaseOwner: workerId, leaseExpiresAt, availableAt: leaseExpiresAt, attempts: row.attempts + 1 })
      claimed.push({
        outboxId: row.outboxId,
        planId: row.planId,
        profileId: row.profileId,
        occurrence: row.occurrence,
        channel: row.channel,
        purpose: row.purpose,
        message: row.message,
        attempts: row.attempts + 1,
        leaseExpiresAt
      })
    }
    for (const [channel, budget] of budgets) setIn(space.rateLimits, channel, { windowStart: budget.windowStart, used: budget.used })
    return claimed
  }

  const delivery: OutboxDelivery = {
    claim,
    complete: async (workspaceId, workerId, outboxIds, now) =>
      held(workspaceId, workerId, outboxIds, (row) => ({ ...row, state: "sent", sentAt: now, leaseOwner: null, leaseExpiresAt: null })),
    fail: async (workspaceId, workerId, failures, now) => {
      let changed = 0
      for (const f of failures) {
        changed += held(workspaceId, workerId, [f.outboxId], (row) =>
          f.retryAt === "dead"
            ? { ...row, state: "dead", lastError: f.error, leaseOwner: null, leaseExpiresAt: null, availableAt: now }
            : { ...row, state: "pending", lastError: f.error, leaseOwner: null, leaseExpiresAt: null, availableAt: f.retryAt }
        )
      }
      return changed
    },
    renew: async (workspaceId, workerId, outboxIds, now, leaseMs) =>
      held(workspaceId, workerId, outboxIds, (row) => ({ ...row, leaseExpiresAt: now + leaseMs, availableAt: now + leaseMs }))
  }
  return { writes, delivery }
}
