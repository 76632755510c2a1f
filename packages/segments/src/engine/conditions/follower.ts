import type { ActivityRow } from "../../inputs/activity-row.js"
import type { SegmentInputs } from "../../inputs/segment-inputs.js"
import type { FollowerCondition } from "../../rule/conditions.js"
import { boundsOf, dateOfDay, describeRange, rangeChanges } from "../moment.js"
import type { ConditionProgram } from "../program.js"

/** One channel's follow state at an instant: when its current follow began, if it follows. */
interface ChannelState {
  readonly channel: string | null
  lastUnfollow: number
  since: number
}

/**
 * The follow state of each channel at `asOf`: on a channel, the profile
 * follows when some `followed` comes after its last `unfollowed` (a tie goes
 * to the unfollow), since the first such `followed`.
 */
const NO_STATES: ReadonlyArray<ChannelState> = []

const counts = (row: ActivityRow, kind: "followed" | "unfollowed", channels: ReadonlySet<string> | null, asOf: number): boolean =>
  row.kind === kind && row.at <= asOf && (channels === null || (row.channel !== null && channels.has(row.channel)))

const stateOf = (states: Array<ChannelState>, channel: string | null): ChannelState => {
  for (let i = 0; i < states.length; i++) if ((states[i] as ChannelState).channel === channel) return states[i] as ChannelState
  const state = { channel, lastUnfollow: -Infinity, since: Infinity }
  states.push(state)
  return state
}

/**
 * The follow state of each channel at `asOf`: on a channel, the profile
 * follows when some `followed` comes after its last `unfollowed` (a tie goes
 * to the unfollow), since the first such `followed`.
 */
export const followStates = (rows: ReadonlyArray<ActivityRow>, channels: ReadonlySet<string> | null, asOf: number): ReadonlyArray<ChannelState> => {
  let states: Array<ChannelState> | undefined
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ActivityRow
    if (!counts(row, "unfollowed", channels, asOf)) continue
    const state = stateOf((states ??= []), row.channel)
    if (row.at > state.lastUnfollow) state.lastUnfollow = row.at
  }
  // A second pass: the start of the current follow is only known once the
  // last unfollow is (rows come in any order).
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ActivityRow
    if (!counts(row, "followed", channels, asOf)) continue
    const state = stateOf((states ??= []), row.channel)
    if (row.at > state.lastUnfollow && row.at < state.since) state.since = row.at
  }
  return states ?? NO_STATES
}

/** Compiles a {@link FollowerCondition}. */
export const compileFollower = (c: FollowerCondition): ConditionProgram => {
  const channels = c.channels === undefined ? null : new Set(c.channels)
  const follows = (inputs: SegmentInputs, asOf: number, lo: number, hi: number): boolean => {
    for (const state of followStates(inputs.activity, channels, asOf)) if (state.since !== Infinity && state.since >= lo && state.since <= hi) return true
    return false
  }
  const where = c.channels === undefined ? "on any channel" : `on ${c.channels.join(" or ")}`
  return {
    bind: (m) => {
      const { lo, hi } = boundsOf(c.since, m)
      const asOf = m.asOf
      return c.following ? (inputs) => follows(inputs, asOf, lo, hi) : (inputs) => !follows(inputs, asOf, -Infinity, Infinity)
    },
    report: (inputs, m) => {
      const { lo, hi } = boundsOf(c.since, m)
      const current = followStates(inputs.activity, channels, m.asOf).filter((s) => s.since !== Infinity)
      const verdict = c.following ? current.some((s) => s.since >= lo && s.since <= hi) : current.length === 0
      const observed = current.map((s) => `${s.channel ?? "unknown channel"} since ${dateOfDay(m.clock.dayOf(s.since))}`)
      const needs = c.following ? `following ${where}${c.since === undefined ? "" : `, since ${describeRange(c.since)}`}` : `not following ${where}`
      return { verdict, observed, text: `follows: ${observed.length === 0 ? "no" : observed.join(", ")}, needs ${needs}` }
    },
    changes: (inputs, m, out) => {
      for (const row of inputs.activity) {
        if (row.kind !== "followed" && row.kind !== "unfollowed") continue
        if (channels !== null && (row.channel === null || !channels.has(row.channel))) continue
        rangeChanges(row.at, row.kind === "followed" ? c.since : undefined, m, out)
      }
    }
  }
}
