import { buildEvent } from "./build-event.js"
import { type EventSpec, SessionExpander } from "./expand.js"
import { type PersonState, type Population, buildPopulation } from "./population.js"
import type { GeneratedEvent, GeneratedPerson, GeneratedRecord, Shop, ShopOptions } from "./types.js"

/** The default first instant of a shop: 1 January 2024, midnight in Vietnam. */
export const DEFAULT_START = new Date("2024-01-01T00:00:00+07:00")

/**
 * Fills the defaults of {@link ShopOptions} and checks them.
 *
 * @example
 * ```ts
 * resolveShopOptions({ seed: 1, people: 10 }).months // => 24
 * ```
 */
export const resolveShopOptions = (options: ShopOptions): Required<ShopOptions> => {
  const resolved: Required<ShopOptions> = {
    seed: options.seed,
    people: options.people,
    start: options.start ?? DEFAULT_START,
    months: options.months ?? 24,
    workspaceId: options.workspaceId ?? "ws-demo",
    activity: options.activity ?? 1,
    traps: options.traps ?? false
  }
  if (!Number.isFinite(resolved.seed)) throw new RangeError(`seed must be a finite number, got ${resolved.seed}`)
  if (!Number.isSafeInteger(resolved.people) || resolved.people < 0) throw new RangeError(`people must be a non-negative integer, got ${resolved.people}`)
  if (Number.isNaN(resolved.start.getTime())) throw new RangeError("start must be a valid date")
  if (!Number.isInteger(resolved.months) || resolved.months < 1) throw new RangeError(`months must be a positive integer, got ${resolved.months}`)
  if (!(resolved.activity > 0) || !Number.isFinite(resolved.activity)) throw new RangeError(`activity must be a positive number, got ${resolved.activity}`)
  return resolved
}

/**
 * A binary min-heap of expanded events by (time, push order): pending events
 * whose time has not come yet, such as an order's completion days later.
 */
class EventHeap {
  private readonly items: Array<EventSpec> = []
  private seq = 0

  get size(): number {
    return this.items.length
  }

  peekTime(): number {
    return (this.items[0] as EventSpec).t
  }

  push(spec: EventSpec): void {
    spec.seq = this.seq++
    const items = this.items
    let i = items.length
    items.push(spec)
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = items[parent] as EventSpec
      if (p.t < spec.t || (p.t === spec.t && p.seq < spec.seq)) break
      items[i] = p
      i = parent
    }
    items[i] = spec
  }

  pop(): EventSpec {
    const items = this.items
    const top = items[0] as EventSpec
    const last = items.pop() as EventSpec
    const n = items.length
    if (n > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= n) break
        const r = l + 1
        let c = l
        let child = items[l] as EventSpec
        if (r < n) {
          const right = items[r] as EventSpec
          if (right.t < child.t || (right.t === child.t && right.seq < child.seq)) {
            c = r
            child = right
          }
        }
        if (last.t < child.t || (last.t === child.t && last.seq < child.seq)) break
        items[i] = child
        i = c
      }
      items[i] = last
    }
    return top
  }
}

/**
 * Streams the expanded events of a population in chronological order.
 *
 * Sessions are visited by start second; each expands into events at or after
 * its start, which wait in a heap. Before the next session, every pending
 * event earlier than that session's start second is released: no later session
 * can produce anything earlier, so the output never goes back in time.
 *
 * A hand-written iterator rather than a generator: it is the hot loop of
 * million-record benchmarks.
 */
class EventStream {
  private readonly expander: SessionExpander
  private readonly heap = new EventHeap()
  private readonly batch: Array<EventSpec> = []
  private next = 0

  constructor(private readonly population: Population) {
    this.expander = new SessionExpander(population)
  }

  /** The next event, or `undefined` at the end. */
  take(): EventSpec | undefined {
    const { schedule, calendar } = this.population
    const heap = this.heap
    while (this.next < schedule.count) {
      const s = schedule.order[this.next] as number
      const threshold = calendar.startMs + (schedule.second[s] as number) * 1000
      if (heap.size > 0 && heap.peekTime() < threshold) return heap.pop()
      this.next++
      const batch = this.batch
      batch.length = 0
      this.expander.expand(s, batch)
      for (let i = 0; i < batch.length; i++) heap.push(batch[i] as EventSpec)
    }
    return heap.size > 0 ? heap.pop() : undefined
  }
}

class RecordIterator implements IterableIterator<GeneratedRecord> {
  private readonly stream: EventStream
  constructor(population: Population) {
    this.stream = new EventStream(population)
  }
  next(): IteratorResult<GeneratedRecord> {
    const spec = this.stream.take()
    return spec === undefined ? { done: true, value: undefined } : { done: false, value: spec.record }
  }
  [Symbol.iterator](): IterableIterator<GeneratedRecord> {
    return this
  }
}

class EventIterator implements IterableIterator<GeneratedEvent> {
  private readonly stream: EventStream
  constructor(private readonly population: Population) {
    this.stream = new EventStream(population)
  }
  next(): IteratorResult<GeneratedEvent> {
    const spec = this.stream.take()
    if (spec === undefined) return { done: true, value: undefined }
    const person = this.population.people[spec.person] as GeneratedPerson
    const seed = (this.population.states[spec.person] as PersonState).seed
    return { done: false, value: { record: spec.record, event: buildEvent(spec, person, seed) } }
  }
  [Symbol.iterator](): IterableIterator<GeneratedEvent> {
    return this
  }
}

/**
 * Generates a deterministic synthetic Vietnamese shop: `people` real persons
 * with ground truth, and two years (by default) of their events across the
 * own website and app, chat widget, Zalo, Facebook, Shopee, Lazada, TikTok
 * Shop, a physical store, outreach messages, back office and a CRM import.
 *
 * People are built at once (in memory); events are streamed and never held
 * all together. The same options always give the same people and the same
 * event sequence.
 *
 * @example
 * ```ts
 * import { generateShop } from "@kith/testkit"
 *
 * const shop = generateShop({ seed: 42, people: 1_000 })
 * shop.people[0]?.fullName // e.g. "Nguyễn Thị Lan"
 * for (const { record, event } of shop.events()) {
 *   // record.personId is the truth; event is the raw JSON to ingest
 * }
 * let n = 0
 * for (const record of shop.records()) n++ // cheap: no JSON
 * ```
 */
export const generateShop = (options: ShopOptions): Shop => {
  const resolved = resolveShopOptions(options)
  const population = buildPopulation(resolved)
  return {
    options: resolved,
    people: population.people,
    sessionCount: population.schedule.count,
    end: new Date(population.calendar.endMs),
    events: () => new EventIterator(population),
    records: () => new RecordIterator(population)
  }
}
