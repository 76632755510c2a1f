import { decodeEventResult, type ProfileId, type WorkspaceId } from "@kith/core"
import {
  createResolver,
  identifierKey,
  type IdentityResolver,
  type NormalizedIdentifier,
  normalizeValue,
  recordOfEvent,
  resolveBatch,
  resolveIdentityPolicy
} from "@kith/identity"
import { Effect, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { IdentityGraph } from "../port/identity-graph.js"
import type { ContractHelpers } from "./contract-helpers.js"

// A small universe of identifiers, so generated events keep sharing them: merges, guards and splits happen often.
const cookies = ["cookie-a", "cookie-b", "cookie-c", "cookie-d"] as const
const phones = ["0912 345 678", "+84 98-765-4321", "0903000111"] as const
const emails = ["lan@example.vn", "binh@example.vn", "chi@example.vn"] as const
const userIds = ["u-1", "u-2"] as const

interface EventTemplate {
  readonly day: number
  readonly hour: number
  readonly cookie: number
  readonly phone: number | undefined
  readonly email: number | undefined
  readonly userId: number | undefined
}

const eventTemplate: fc.Arbitrary<EventTemplate> = fc.record({
  day: fc.integer({ min: 1, max: 20 }),
  hour: fc.integer({ min: 0, max: 23 }),
  cookie: fc.integer({ min: 0, max: cookies.length - 1 }),
  phone: fc.option(fc.integer({ min: 0, max: phones.length - 1 }), { nil: undefined }),
  email: fc.option(fc.integer({ min: 0, max: emails.length - 1 }), { nil: undefined }),
  userId: fc.option(fc.integer({ min: 0, max: userIds.length - 1 }), { freq: 4, nil: undefined })
})

const eventOf = (t: EventTemplate, messageId: string): Record<string, unknown> => ({
  type: "identify",
  messageId,
  timestamp: `2025-03-${String(t.day).padStart(2, "0")}T${String(t.hour).padStart(2, "0")}:00:00+07:00`,
  anonymousId: cookies[t.cookie],
  ...(t.userId === undefined ? {} : { userId: userIds[t.userId] }),
  traits: { ...(t.phone === undefined ? {} : { phone: phones[t.phone] }), ...(t.email === undefined ? {} : { email: emails[t.email] }) }
})

/** The model: every event ingested, and one incremental `@kith/identity` resolver that saw the same operations. */
interface IdentityModel {
  readonly events: Array<Record<string, unknown>>
  resolver: IdentityResolver
  /** Each record's time and valid normalized identifiers, as the store keeps them. */
  readonly records: Map<string, { readonly at: number; readonly identifiers: ReadonlyArray<NormalizedIdentifier> }>
  nextId: number
  /** Time of the next manual operation (each later than the last). */
  clock: number
}

interface IdentityReal {
  readonly h: ContractHelpers
  readonly workspaceId: WorkspaceId
}

const policy = resolveIdentityPolicy({})
const sorted = (partition: ReadonlyArray<ReadonlyArray<string>>): Array<Array<string>> =>
  partition.map((g) => [...g].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))

const profilesOf = (model: IdentityModel): Array<{ readonly profileId: ProfileId; readonly records: ReadonlyArray<string> }> => {
  const byProfile = new Map<ProfileId, Array<string>>()
  for (const [recordId, profileId] of model.resolver.assignments()) byProfile.set(profileId, [...(byProfile.get(profileId) ?? []), recordId])
  return [...byProfile].sort(([a], [b]) => (a < b ? -1 : 1)).map(([profileId, records]) => ({ profileId, records }))
}

// After every command: the store's partition is the model resolver's, and the batch resolution of every record
// with the model's constraints agrees (IDN-6).
const expectSamePartition = async (model: IdentityModel, real: IdentityReal): Promise<void> => {
  const ids = model.events.map((e) => e["messageId"] as string)
  const expected = sorted(model.resolver.partition())
  expect(await real.h.partitionOf(real.workspaceId, ids)).toEqual(expected)
  const records = model.events.map((e) => {
    const decoded = decodeEventResult(e)
    if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
    return recordOfEvent(decoded.success)
  })
  expect(sorted(resolveBatch(records, { constraints: model.resolver.constraints() }).partition())).toEqual(expected)
}

class IngestCommand implements fc.AsyncCommand<IdentityModel, IdentityReal> {
  constructor(readonly templates: ReadonlyArray<EventTemplate>) {}
  check = (): boolean => true
  async run(model: IdentityModel, real: IdentityReal): Promise<void> {
    const batch = this.templates.map((t) => eventOf(t, `e${model.nextId++}`))
    const result = await real.h.ingest(real.workspaceId, batch)
    expect(result.appended).toBe(batch.length)
    for (const event of batch) {
      const decoded = decodeEventResult(event)
      if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
      const record = recordOfEvent(decoded.success)
      const identifiers: Array<NormalizedIdentifier> = []
      for (const raw of record.identifiers) {
        const value = normalizeValue(raw.type, raw.value, policy)
        if (typeof value === "string" && !identifiers.some((i) => i.type === raw.type && i.value === value)) identifiers.push({ type: raw.type, value })
      }
      model.records.set(record.recordId, { at: record.observedAt.getTime(), identifiers })
      model.resolver.ingest(record)
      model.events.push(event)
    }
    await expectSamePartition(model, real)
  }
  toString = (): string => `ingest(${this.templates.length})`
}

class ReingestCommand implements fc.AsyncCommand<IdentityModel, IdentityReal> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<IdentityModel>): boolean => model.events.length > 0
  async run(model: IdentityModel, real: IdentityReal): Promise<void> {
    const from = this.pick % model.events.length
    const again = model.events.slice(from, from + 3)
    expect(await real.h.ingest(real.workspaceId, again)).toMatchObject({ appended: 0, duplicates: again.length })
    await expectSamePartition(model, real)
  }
  toString = (): string => `reingest(${this.pick})`
}

// What a split of one held identifier off a profile does, chosen as the store chooses: the earliest record not
// carrying it stays, the earliest carrying it goes; undefined when the store would refuse (no record on one side).
const splitPlan = (model: IdentityModel, profileId: ProfileId, records: ReadonlyArray<string>, pick: number) => {
  const held = model.resolver.profile(profileId)?.identifiers ?? []
  if (held.length < 2) return undefined
  const moving = [held[pick % held.length]!]
  const movingKeys = new Set(moving.map(identifierKey))
  const own = records
    .map((id) => ({ id, ...model.records.get(id)! }))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const goes = own.find((r) => r.identifiers.some((i) => movingKeys.has(identifierKey(i))))
  const stays = own.find((r) => !r.identifiers.some((i) => movingKeys.has(identifierKey(i))))
  if (goes === undefined || stays === undefined) return undefined
  return { moving, goes: goes.id, stays: stays.id }
}

class SplitCommand implements fc.AsyncCommand<IdentityModel, IdentityReal> {
  constructor(
    readonly profile: number,
    readonly pick: number
  ) {}
  private plan(model: Readonly<IdentityModel>) {
    const profiles = profilesOf(model as IdentityModel)
    if (profiles.length === 0) return undefined
    const { profileId, records } = profiles[this.profile % profiles.length]!
    const plan = splitPlan(model as IdentityModel, profileId, records, this.pick)
    return plan === undefined ? undefined : { profileId, ...plan }
  }
  check = (model: Readonly<IdentityModel>): boolean => this.plan(model) !== undefined
  async run(model: IdentityModel, real: IdentityReal): Promise<void> {
    const plan = this.plan(model)!
    const action = { at: new Date(model.clock++), actor: "staff-model" }
    const expected = model.resolver.split(plan.stays, plan.goes, action)
    if (Result.isFailure(expected)) throw new Error(expected.failure.message)
    const change = await real.h.run(Effect.flatMap(IdentityGraph, (g) => g.split(real.workspaceId, plan.profileId, plan.moving, action)))
    // The store reports the split as the resolver does: where the split-off records went, and what still links the sides.
    expect({ detached: change.detached, linking: change.linking, profiles: [...change.profiles].sort() }).toEqual({
      detached: expected.success.b,
      linking: expected.success.linking,
      profiles: expected.success.profiles.map((p) => p.profileId).sort()
    })
    expect(change.into).not.toBe(change.from)
    await expectSamePartition(model, real)
  }
  toString = (): string => `split(${this.profile}, ${this.pick})`
}

class MergeCommand implements fc.AsyncCommand<IdentityModel, IdentityReal> {
  constructor(
    readonly a: number,
    readonly b: number
  ) {}
  private pair(model: Readonly<IdentityModel>) {
    const profiles = profilesOf(model as IdentityModel)
    if (profiles.length < 2) return undefined
    const a = profiles[this.a % profiles.length]!.profileId
    const b = profiles[this.b % profiles.length]!.profileId
    return a === b ? undefined : { a, b }
  }
  check = (model: Readonly<IdentityModel>): boolean => this.pair(model) !== undefined
  async run(model: IdentityModel, real: IdentityReal): Promise<void> {
    const { a, b } = this.pair(model)!
    const action = { at: new Date(model.clock++), actor: "staff-model" }
    const expected = model.resolver.manualMerge(a, b, action)
    if (Result.isFailure(expected)) throw new Error(expected.failure.message)
    const merged = await real.h.run(Effect.flatMap(IdentityGraph, (g) => g.merge(real.workspaceId, a, b, action)))
    expect(merged.into).toBe(expected.success.profileId)
    await expectSamePartition(model, real)
  }
  toString = (): string => `merge(${this.a}, ${this.b})`
}

/**
 * Registers the model-based test of identity operations: random sequences
 * of ingestion, re-ingestion, splits and manual merges run against the
 * engine and against one `@kith/identity` resolver (fast-check
 * `fc.commands` + `asyncModelRun`); after every command the stored
 * partition equals the resolver's, and `resolveBatch` over the same
 * records and constraints agrees (IDN-6, IDN-8, IDN-9).
 *
 * @example
 * ```ts
 * registerIdentityGraphModel(contractHelpers(() => store, 12))
 * ```
 */
export const registerIdentityGraphModel = (h: ContractHelpers): void => {
  describe("identity operations, model-based (IDN-6, IDN-8, IDN-9)", () => {
    it("keeps the partition of one @kith/identity resolver through any sequence of ingest, split and manual merge", async () => {
      const commands = [
        fc.array(eventTemplate, { minLength: 1, maxLength: 4 }).map((t) => new IngestCommand(t)),
        fc.nat().map((n) => new ReingestCommand(n)),
        fc.tuple(fc.nat(), fc.nat()).map(([p, pick]) => new SplitCommand(p, pick)),
        fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => new MergeCommand(a, b))
      ]
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
          const workspaceId = await h.newWorkspace("model")
          const setup = () => ({
            model: { events: [], resolver: createResolver(), records: new Map(), nextId: 1, clock: Date.UTC(2025, 4, 1) } satisfies IdentityModel,
            real: { h, workspaceId }
          })
          await fc.asyncModelRun(setup, cmds)
        }),
        // Each run is a short session of writes, cheap enough to explore twice as many as the other properties.
        { numRuns: h.numRuns * 2 }
      )
    })
  })
}
