import { type InvalidInput, StaffId } from "@kith/core"
import { Result, Schema } from "effect"
import { ruleActor } from "../actor.js"
import { decodeWith } from "../change-options.js"
import { NoAvailableAssignee } from "../errors.js"
import type { PipelineItem } from "../item.js"
import { assign } from "./manual.js"

/** Whether a team member takes new work: `away` (on leave, back later) and `inactive` (left, disabled) are skipped. */
export const Availability = Schema.Literals(["active", "away", "inactive"])
/** An {@link Availability} after decoding. */
export type Availability = typeof Availability.Type

/** A member of a round-robin team: a staff member, a weight (1–1,000: a weight of 2 takes twice the work of 1) and availability. */
export const TeamMember = Schema.Struct({
  staffId: StaffId,
  weight: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 })),
  availability: Availability
})
/** A {@link TeamMember} after decoding. */
export type TeamMember = typeof TeamMember.Type

/** A team new work is shared over (PIPE-7): its id and members, each at most once. */
export const Team = Schema.Struct({
  id: Schema.String.check(Schema.isTrimmed(), Schema.isNonEmpty(), Schema.isMaxLength(200)),
  members: Schema.Array(TeamMember).check(
    Schema.isMaxLength(1000),
    Schema.makeFilter((members: ReadonlyArray<{ readonly staffId: string }>) => {
      const seen = new Set<string>()
      for (const m of members) {
        if (seen.has(m.staffId)) return `${m.staffId} is listed twice`
        seen.add(m.staffId)
      }
      return undefined
    })
  )
})
/** The input shape of a {@link Team}. */
export type Team = typeof Team.Encoded

/**
 * What round-robin remembers between calls, per team (one row per member:
 * `team_id`, `staff_id`, `lag`): each member's **lag**, the work they are
 * owed — their fair share of everything assigned while they were available,
 * minus what they got. It stays within (−1, 1) while the team is unchanged,
 * so nobody is ever more than one item ahead of or behind their share.
 *
 * @example
 * ```ts
 * const fresh: RoundRobinState = { lags: {} }
 * ```
 */
export interface RoundRobinState {
  readonly lags: Readonly<Record<string, number>>
}

const decodeTeam = decodeWith("team", Team)
const decodeCount = decodeWith("round-robin count", Schema.Struct({ count: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 })) }))

/**
 * Picks the next `count` assignees of a team by weighted round-robin
 * (PIPE-7), skipping members who are away or inactive.
 *
 * The rule is proportionate-fair scheduling (Baruah et al.'s Pfair, earliest
 * pseudo-deadline first): member *i* with weight *wᵢ* of the available total
 * *W* should have had *n·wᵢ/W* of the first *n* picks; each pick goes to the
 * member whose next share falls due first among those already owed one. So
 * from a fresh state, after **any** number of picks each member's count is
 * within one of their exact share — a bulk import of 1,000 leads over weights
 * 2:1:1 gives 500/250/250, interleaved, never a run for one person. Picking
 * `n` at once gives exactly the sequence of `n` single calls threading the
 * state. An away or inactive member is skipped and their lag frozen: back at
 * work they neither catch up in a burst nor lose their place. Ties go to the
 * member listed first. Members no longer in the team are dropped from the
 * state.
 *
 * @param team - the team and its members
 * @param state - the lags from the previous call (`{ lags: {} }` at first)
 * @param count - how many assignees to pick
 * @returns the assignees in order and the next state, or `NoAvailableAssignee` / `InvalidInput`
 *
 * @example
 * ```ts
 * import { roundRobin } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const team = { id: "sales", members: [
 *   { staffId: "lan", weight: 2, availability: "active" as const },
 *   { staffId: "minh", weight: 1, availability: "active" as const },
 *   { staffId: "hoa", weight: 1, availability: "away" as const }
 * ] }
 * Result.getOrThrow(roundRobin(team, { lags: {} }, 6)).assignees
 * // => ["lan", "minh", "lan", "lan", "minh", "lan"]
 * ```
 */
export const roundRobin = (
  team: Team,
  state: RoundRobinState,
  count: number
): Result.Result<{ readonly assignees: ReadonlyArray<StaffId>; readonly state: RoundRobinState }, NoAvailableAssignee | InvalidInput> =>
  Result.gen(function* () {
    const decoded = yield* decodeTeam(team)
    const n = (yield* decodeCount({ count })).count
    const available = decoded.members.filter((m) => m.availability === "active")
    if (available.length === 0 && n > 0) return yield* Result.fail(new NoAvailableAssignee({ teamId: decoded.id, members: decoded.members.length }))
    const total = available.reduce((sum, m) => sum + m.weight, 0)
    // Credits are lags scaled by the available weight, so the loop is exact integer arithmetic.
    const credits = available.map((m) => Math.round((state.lags[m.staffId] ?? 0) * total))
    const assignees: Array<StaffId> = []
    for (let pick = 0; pick < n; pick++) {
      let chosen = -1
      let chosenDeadline = Number.POSITIVE_INFINITY
      let chosenOwed = Number.NEGATIVE_INFINITY
      for (let i = 0; i < available.length; i++) {
        const weight = available[i]!.weight
        const owed = credits[i]! + weight
        // Eligible: this pick's share makes them owed work. Its pseudo-deadline is
        // the pick by which their next item falls due.
        if (owed <= 0) continue
        const deadline = Math.ceil((total - credits[i]!) / weight)
        if (deadline < chosenDeadline || (deadline === chosenDeadline && owed > chosenOwed)) {
          chosen = i
          chosenDeadline = deadline
          chosenOwed = owed
        }
      }
      // After a change of team, lags carried over may leave nobody owed: the most owed takes it.
      if (chosen === -1) chosen = mostOwed(credits, available)
      for (let i = 0; i < available.length; i++) credits[i] = credits[i]! + available[i]!.weight
      credits[chosen] = credits[chosen]! - total
      assignees.push(available[chosen]!.staffId)
    }
    const lags: Record<string, number> = {}
    for (const member of decoded.members) {
      const index = available.indexOf(member)
      const lag = index === -1 ? (state.lags[member.staffId] ?? 0) : credits[index]! / total
      if (lag !== 0) lags[member.staffId] = lag
    }
    return { assignees, state: { lags } }
  })

const mostOwed = (credits: ReadonlyArray<number>, members: ReadonlyArray<TeamMember>): number => {
  let best = 0
  for (let i = 1; i < members.length; i++) if (credits[i]! + members[i]!.weight > credits[best]! + members[best]!.weight) best = i
  return best
}

/**
 * Assigns every unassigned item of a batch (a bulk import, a burst of form
 * submissions) by {@link roundRobin}, in the order given; items that already
 * have an assignee are left as they are. Each assignment is recorded with
 * the `round_robin` rule as its actor.
 *
 * @param items - leads or opportunities, in the order they should be dealt
 * @param team - the team
 * @param state - the team's round-robin state
 * @param options - the instant of the assignments
 * @returns the items (assigned) and the team's next state
 *
 * @example
 * ```ts
 * import { assignRoundRobin, createLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const at = "2025-03-07T09:00:00+07:00"
 * const leads = ["l-1", "l-2", "l-3"].map((id) =>
 *   Result.getOrThrow(createLead({ id, profileId: `p-${id}`, originRecordId: id, source: "file_import", at, actor: { kind: "staff", id: "s-admin" } })))
 * const team = { id: "sales", members: [{ staffId: "lan", weight: 1, availability: "active" as const }, { staffId: "minh", weight: 1, availability: "active" as const }] }
 * Result.getOrThrow(assignRoundRobin(leads, team, { lags: {} }, { at })).items.map((l) => l.assignee)
 * // => ["lan", "minh", "lan"]
 * ```
 */
export const assignRoundRobin = <T extends PipelineItem>(
  items: ReadonlyArray<T>,
  team: Team,
  state: RoundRobinState,
  options: { readonly at: Date | string }
): Result.Result<{ readonly items: ReadonlyArray<T>; readonly state: RoundRobinState }, NoAvailableAssignee | InvalidInput> =>
  Result.gen(function* () {
    const unassigned = items.filter((item) => item.assignee === null)
    const picked = yield* roundRobin(team, state, unassigned.length)
    let next = 0
    const out: Array<T> = []
    for (const item of items) {
      if (item.assignee !== null) {
        out.push(item)
        continue
      }
      const staffId = picked.assignees[next++]!
      // An unassigned item always accepts an assignee; only a bad instant can fail here.
      const assigned = assign(item, staffId, { at: options.at, actor: ruleActor("round_robin") })
      if (Result.isFailure(assigned)) return yield* Result.fail(assigned.failure as InvalidInput)
      out.push(assigned.success)
    }
    return { items: out, state: picked.state }
  })
