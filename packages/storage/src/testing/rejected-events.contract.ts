import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { RejectedEvents, type RejectionInput } from "../port/rejected-events.js"
import type { ContractHelpers } from "./contract-helpers.js"

const refusal = (messageId: string | null, minute: number, problem: string): RejectionInput => ({
  payload: JSON.stringify({ type: "track", event: "Order Completed", messageId, properties: { total: problem } }),
  receivedAt: new Date(Date.UTC(2025, 2, 1, 2, minute)),
  messageId,
  type: "track",
  event: "Order Completed",
  issues: [{ path: "properties.total", message: `not a decimal amount: ${JSON.stringify(problem)}` }],
  source: "http",
  ip: "203.0.113.7"
})

/**
 * Registers the tests of kept refusals (ING-7): what a lenient way in
 * refuses is kept whole, repeats count as attempts, replays are marked, and
 * nothing crosses workspaces.
 *
 * @example
 * ```ts
 * registerRejectedEventContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerRejectedEventContract = (h: ContractHelpers): void => {
  const { run, failureTag, newWorkspace, freshWorkspace } = h
  const rejected = <A, E>(f: (r: typeof RejectedEvents.Service) => Effect.Effect<A, E>) => RejectedEvents.use(f)

  describe("rejected events (ING-7)", () => {
    it("keeps each refusal with its raw payload, time, source and every problem, in order", async () => {
      const workspaceId = await newWorkspace("rejected")
      const inputs = [refusal("m-1", 0, "abc"), refusal(null, 1, "x"), refusal("m-2", 2, "1,2")]
      expect(await run(rejected((r) => r.record(workspaceId, inputs)))).toEqual({ recorded: 3, repeats: 0 })
      const page = await run(rejected((r) => r.list(workspaceId, { limit: 10 })))
      expect(page.items.map((r) => r.messageId)).toEqual(["m-1", null, "m-2"])
      expect(page.items[0]).toEqual({
        seq: 1,
        payload: inputs[0]!.payload,
        messageId: "m-1",
        type: "track",
        event: "Order Completed",
        issues: inputs[0]!.issues,
        source: "http",
        ip: "203.0.113.7",
        firstReceivedAt: inputs[0]!.receivedAt,
        lastReceivedAt: inputs[0]!.receivedAt,
        attempts: 1,
        replayedAt: null
      })
      expect(JSON.parse(page.items[1]!.payload)).toEqual(JSON.parse(inputs[1]!.payload))
      expect(await run(rejected((r) => r.count(workspaceId, { status: "pending" })))).toBe(3)
    })

    it("counts a repeat of the same messageId as an attempt of one refusal, keeping the latest payload and problems", async () => {
      const workspaceId = await newWorkspace("rejected-repeat")
      await run(rejected((r) => r.record(workspaceId, [refusal("m-1", 0, "abc")])))
      expect(await run(rejected((r) => r.record(workspaceId, [refusal("m-1", 5, "abd"), refusal("m-1", 3, "abc"), refusal(null, 4, "y")])))).toEqual({
        recorded: 1,
        repeats: 2
      })
      const [first, second] = (await run(rejected((r) => r.list(workspaceId, { limit: 10 })))).items
      expect(first).toMatchObject({ seq: 1, messageId: "m-1", attempts: 3, firstReceivedAt: new Date(Date.UTC(2025, 2, 1, 2, 0)), lastReceivedAt: new Date(Date.UTC(2025, 2, 1, 2, 5)) })
      expect(first!.issues[0]!.message).toContain("abd")
      expect(second).toMatchObject({ seq: 2, messageId: null, attempts: 1 })
      expect(await run(rejected((r) => r.count(workspaceId)))).toBe(2)
    })

    it("marks replayed refusals, lists by status, and makes a replayed one pending again when it is refused again", async () => {
      const workspaceId = await newWorkspace("rejected-replay")
      await run(rejected((r) => r.record(workspaceId, [refusal("m-1", 0, "a"), refusal("m-2", 1, "b"), refusal("m-3", 2, "c")])))
      await run(rejected((r) => r.markReplayed(workspaceId, [1, 3], new Date(Date.UTC(2025, 2, 2)))))
      expect((await run(rejected((r) => r.list(workspaceId, { limit: 10, status: "pending" })))).items.map((r) => r.seq)).toEqual([2])
      const replayed = (await run(rejected((r) => r.list(workspaceId, { limit: 10, status: "replayed" })))).items
      expect(replayed.map((r) => [r.seq, r.replayedAt])).toEqual([
        [1, new Date(Date.UTC(2025, 2, 2))],
        [3, new Date(Date.UTC(2025, 2, 2))]
      ])
      await run(rejected((r) => r.record(workspaceId, [refusal("m-3", 9, "c")])))
      expect(await run(rejected((r) => r.count(workspaceId, { status: "pending" })))).toBe(2)
      expect(await run(rejected((r) => r.count(workspaceId, { status: "replayed" })))).toBe(1)
    })

    it("pages with a stable cursor: every refusal once, in order", async () => {
      const workspaceId = await newWorkspace("rejected-pages")
      await run(rejected((r) => r.record(workspaceId, Array.from({ length: 7 }, (_, i) => refusal(`m-${i}`, i, String(i))))))
      const seen: Array<number> = []
      let cursor: string | undefined
      do {
        const page = await run(rejected((r) => r.list(workspaceId, { limit: 3, cursor })))
        seen.push(...page.items.map((r) => r.seq))
        cursor = page.nextCursor
      } while (cursor !== undefined)
      expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7])
    })

    it("keeps refusals per workspace and refuses an unknown workspace, writing nothing", async () => {
      const a = await newWorkspace("rejected-a")
      const b = await newWorkspace("rejected-b")
      await run(rejected((r) => r.record(a, [refusal("m-1", 0, "a")])))
      expect(await run(rejected((r) => r.count(b)))).toBe(0)
      expect((await run(rejected((r) => r.record(b, [refusal("m-1", 1, "a")])))).recorded).toBe(1)
      const missing = freshWorkspace("rejected-missing")
      expect(await failureTag(rejected((r) => r.record(missing, [refusal("m-1", 0, "a")])))).toMatchObject({ _tag: "UnknownWorkspace" })
      expect(await failureTag(rejected((r) => r.list(missing, { limit: 10 })))).toMatchObject({ _tag: "UnknownWorkspace" })
    })
  })
}
