import { type ActivityRow, type SegmentInputs, compileRule, inActivityOrder, rfmInputOf } from "@kith/segments"
import type { SegmentInputWrites } from "../port/segment-inputs.js"
import type { MemoryState } from "./state.js"

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The memory engine's segment inputs: each profile's inputs as one value per
 * workspace, owned by this feature and written through the engine's undo
 * log; rules are evaluated by `@kith/segments`' in-memory engine.
 *
 * @example
 * ```ts
 * const inputs = memorySegmentInputs(makeMemoryState())
 * ```
 */
export const memorySegmentInputs = (memory: MemoryState): SegmentInputWrites => {
  const held = new Map<string, Map<string, SegmentInputs>>()
  const of = (workspaceId: string): Map<string, SegmentInputs> => {
    let inputs = held.get(workspaceId)
    if (inputs === undefined) held.set(workspaceId, (inputs = new Map()))
    return inputs
  }
  const members: SegmentInputWrites["members"] = async (workspaceId, rule, evaluation) => {
    const compiled = compileRule(rule, evaluation.context)
    const out: Array<string> = []
    for (const [profileId, inputs] of held.get(workspaceId) ?? []) if (compiled.evaluate(inputs, evaluation.asOf)) out.push(profileId)
    return out.sort(byId)
  }
  return {
    inputsOf: async (workspaceId, profileIds) => {
      const inputs = held.get(workspaceId)
      const out = new Map<string, SegmentInputs>()
      for (const id of profileIds) {
        const found = inputs?.get(id)
        if (found !== undefined) out.set(id, found)
      }
      return out
    },
    members,
    // Every profile may change as far as this engine knows: the superset is all of them, with all their inputs.
    schedulable: async (workspaceId, _rule, _evaluation, page) =>
      [...(held.get(workspaceId)?.entries() ?? [])]
        .filter(([id]) => page.after === undefined || id > page.after)
        .sort(([a], [b]) => byId(a, b))
        .slice(0, page.limit)
        .map(([profileId, inputs]) => ({ profileId, inputs })),
    count: async (workspaceId, rule, evaluation) => (await members(workspaceId, rule, evaluation)).length,
    rfmInputs: async (workspaceId, asOf, currency) =>
      [...(held.get(workspaceId)?.values() ?? [])].map((inputs) => rfmInputOf(inputs, { asOf, currency })).filter((input) => input.successfulOrders > 0),
    replace: async (workspaceId, inputs) => {
      const stored = of(workspaceId)
      for (const one of inputs) memory.setIn(stored, one.facts.profileId, one)
    },
    insert: async (workspaceId, inputs) => {
      const stored = of(workspaceId)
      for (const one of inputs) memory.setIn(stored, one.facts.profileId, one)
    },
    amend: async (workspaceId, changes) => {
      const stored = of(workspaceId)
      for (const { facts, orders, ordersReplaced, added } of changes) {
        const held = stored.get(facts.profileId)?.activity ?? []
        const replaced = ordersReplaced === undefined ? undefined : new Set(ordersReplaced)
        const isReplaced = (row: ActivityRow): boolean => (row.kind === "order" || row.kind === "order_line") && (replaced === undefined || replaced.has(row.orderId ?? ""))
        const kept = orders === undefined ? held : held.filter((row) => !isReplaced(row))
        memory.setIn(stored, facts.profileId, { facts, activity: [...kept, ...(orders ?? []), ...added].sort(inActivityOrder) })
      }
    },
    setPipelineStatuses: async (workspaceId, statuses) => {
      const stored = held.get(workspaceId)
      for (const { profileId, leadStatus, careStatus } of statuses) {
        const inputs = stored?.get(profileId)
        if (stored !== undefined && inputs !== undefined) memory.setIn(stored, profileId, { ...inputs, facts: { ...inputs.facts, leadStatus, careStatus } })
      }
    },
    remove: async (workspaceId, profileIds) => {
      const stored = held.get(workspaceId)
      if (stored === undefined) return
      for (const id of profileIds) {
        const previous = stored.get(id)
        if (previous === undefined) continue
        stored.delete(id)
        memory.undo.push(() => stored.set(id, previous))
      }
    }
  }
}
