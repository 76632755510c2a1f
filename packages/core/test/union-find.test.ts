import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { UnionFind, groupsSharingTokens } from "../src/index.js"

// The reference: a label per element, relabelled in full on every union (the
// smaller label wins). Quadratic, and obviously right.
class NaiveSets {
  readonly label: Array<number>
  constructor(size: number) {
    this.label = Array.from({ length: size }, (_, i) => i)
  }
  add(): number {
    this.label.push(this.label.length)
    return this.label.length - 1
  }
  union(a: number, b: number): number {
    const [keep, drop] = [Math.min(this.label[a]!, this.label[b]!), Math.max(this.label[a]!, this.label[b]!)]
    for (let i = 0; i < this.label.length; i++) if (this.label[i] === drop) this.label[i] = keep
    return keep
  }
  groups(): Array<Array<number>> {
    const byLabel = new Map<number, Array<number>>()
    this.label.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]))
    return [...byLabel.values()].sort((x, y) => x[0]! - y[0]!)
  }
}

// A size and unions over it.
const arbUnions = fc.integer({ min: 1, max: 40 }).chain((size) =>
  fc.tuple(fc.constant(size), fc.array(fc.tuple(fc.nat({ max: size - 1 }), fc.nat({ max: size - 1 })), { maxLength: 60 }))
)

const build = (size: number, unions: ReadonlyArray<readonly [number, number]>): UnionFind => {
  const sets = new UnionFind(size)
  for (const [a, b] of unions) sets.union(a, b)
  return sets
}

describe("UnionFind", () => {
  it("gives the same groups as the naive reference, in order of first element (property)", () => {
    fc.assert(
      fc.property(arbUnions, ([size, unions]) => {
        const naive = new NaiveSets(size)
        for (const [a, b] of unions) naive.union(a, b)
        expect(build(size, unions).groups()).toEqual(naive.groups())
      })
    )
  })

  it("find is idempotent and gives the smallest element of the set (property)", () => {
    fc.assert(
      fc.property(arbUnions, ([size, unions]) => {
        const sets = build(size, unions)
        for (const group of sets.groups()) {
          for (const element of group) {
            expect(sets.find(element)).toBe(group[0])
            expect(sets.find(sets.find(element))).toBe(sets.find(element))
          }
        }
      })
    )
  })

  it("connected is an equivalence: reflexive, symmetric, transitive (property)", () => {
    fc.assert(
      fc.property(arbUnions, fc.nat(), fc.nat(), fc.nat(), ([size, unions], x, y, z) => {
        const sets = build(size, unions)
        const [a, b, c] = [x % size, y % size, z % size]
        expect(sets.connected(a, a)).toBe(true)
        expect(sets.connected(a, b)).toBe(sets.connected(b, a))
        if (sets.connected(a, b) && sets.connected(b, c)) expect(sets.connected(a, c)).toBe(true)
      })
    )
  })

  it("union returns the smaller root, and the result does not depend on the order of unions (property)", () => {
    fc.assert(
      fc.property(
        arbUnions.chain(([size, unions]) => fc.tuple(fc.constant(size), fc.constant(unions), fc.shuffledSubarray(unions, { minLength: unions.length }))),
        ([size, unions, shuffled]) => {
          const sets = new UnionFind(size)
          for (const [a, b] of unions) {
            const expected = Math.min(sets.find(a), sets.find(b))
            expect(sets.union(a, b)).toBe(expected)
            expect(sets.connected(a, b)).toBe(true)
          }
          const flipped = shuffled.map(([a, b]) => [b, a] as const)
          expect(build(size, flipped).groups()).toEqual(sets.groups())
        }
      )
    )
  })

  it("grows one element at a time, interleaved with unions, like the reference (model-based)", () => {
    type Model = { sets: NaiveSets }
    type Real = { sets: UnionFind }
    class Add implements fc.Command<Model, Real> {
      check = () => true
      run(model: Model, real: Real) {
        expect(real.sets.add()).toBe(model.sets.add())
        expect(real.sets.size).toBe(model.sets.label.length)
      }
      toString = () => "add"
    }
    class Union implements fc.Command<Model, Real> {
      constructor(
        readonly x: number,
        readonly y: number
      ) {}
      check = (model: Readonly<Model>) => model.sets.label.length > 0
      run(model: Model, real: Real) {
        const size = model.sets.label.length
        const [a, b] = [this.x % size, this.y % size]
        expect(real.sets.union(a, b)).toBe(model.sets.union(a, b))
        expect(real.sets.groups()).toEqual(model.sets.groups())
      }
      toString = () => `union(${this.x}, ${this.y})`
    }
    class Find implements fc.Command<Model, Real> {
      constructor(readonly x: number) {}
      check = (model: Readonly<Model>) => model.sets.label.length > 0
      run(model: Model, real: Real) {
        const element = this.x % model.sets.label.length
        expect(real.sets.find(element)).toBe(model.sets.label[element])
      }
      toString = () => `find(${this.x})`
    }
    const commands = [
      fc.constant(new Add()),
      fc.tuple(fc.nat(), fc.nat()).map(([x, y]) => new Union(x, y)),
      fc.nat().map((x) => new Find(x))
    ]
    fc.assert(
      fc.property(fc.nat({ max: 3 }), fc.commands(commands, { maxCommands: 80 }), (size, cmds) => {
        fc.modelRun(() => ({ model: { sets: new NaiveSets(size) }, real: { sets: new UnionFind(size) } }), cmds)
      })
    )
  })

  it("keeps its sets while its storage grows past the initial capacity", () => {
    const sets = new UnionFind()
    for (let i = 0; i < 1000; i++) sets.add()
    for (let i = 1; i < 1000; i += 2) sets.union(i, i - 1)
    sets.union(999, 500)
    expect(sets.size).toBe(1000)
    expect(sets.find(999)).toBe(500)
    expect(sets.find(501)).toBe(500)
    expect(sets.groups().length).toBe(499)
  })

  it("rejects elements it does not hold and sizes it cannot have, naming the value", () => {
    const sets = new UnionFind(3)
    expect(() => sets.find(3)).toThrow(new RangeError("UnionFind: element must be an integer from 0 to 2, got 3"))
    expect(() => sets.find(-1)).toThrow(RangeError)
    expect(() => sets.union(0, 1.5)).toThrow("got 1.5")
    expect(() => sets.connected(Number.NaN, 0)).toThrow("got NaN")
    expect(() => new UnionFind(-1)).toThrow(new RangeError("UnionFind: size must be an integer from 0 to 2147483647, got -1"))
    expect(() => new UnionFind(2.5)).toThrow(RangeError)
    expect(() => new UnionFind(0).find(0)).toThrow("from 0 to -1, got 0")
  })
})

describe("groupsSharingTokens", () => {
  // Items are joined when they share a token, until nothing changes.
  const naiveGroups = (tokens: ReadonlyArray<ReadonlyArray<string>>): Array<Array<number>> => {
    const sets = new NaiveSets(tokens.length)
    for (let changed = true; changed; ) {
      changed = false
      for (let i = 0; i < tokens.length; i++) {
        for (let j = i + 1; j < tokens.length; j++) {
          if (sets.label[i] !== sets.label[j] && tokens[i]!.some((t) => tokens[j]!.includes(t))) {
            sets.union(i, j)
            changed = true
          }
        }
      }
    }
    return sets.groups()
  }

  it("groups items sharing a token transitively, in first-item order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 3 }), { maxLength: 12 }), (tokens) => {
        expect(groupsSharingTokens(tokens.length, (i) => tokens[i]!)).toEqual(naiveGroups(tokens))
      })
    )
  })

  it("keeps items without tokens alone and reads each item's tokens once", () => {
    const tokens = [["a"], [], ["a", "c"], ["c"], []]
    const reads: Array<number> = []
    expect(
      groupsSharingTokens(tokens.length, (i) => {
        reads.push(i)
        return tokens[i]!
      })
    ).toEqual([[0, 2, 3], [1], [4]])
    expect(reads).toEqual([0, 1, 2, 3, 4])
    expect(groupsSharingTokens(0, () => [])).toEqual([])
  })
})
