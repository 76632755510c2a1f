/**
 * Disjoint sets over the elements `0 … size - 1` (union–find), for grouping
 * things that are transitively connected: records sharing identifiers,
 * items sharing a token.
 *
 * The root of a set is always its **smallest** element, whatever order the
 * unions came in. Callers rely on that: identity resolution names a profile
 * after its earliest record and keys its per-component tables by root, and
 * {@link UnionFind.groups} lists sets in order of their first element. Union
 * by rank or size would give faster worst cases but roots that depend on the
 * history of unions; with full path compression the smaller-root rule stays
 * fast on real data (amortized logarithmic at worst).
 *
 * Elements are kept in a typed array that grows by doubling, so a resolver
 * can add one element per record without reallocating each time.
 *
 * @example
 * ```ts
 * import { UnionFind } from "@kith/core"
 *
 * const sets = new UnionFind(5)
 * sets.union(3, 1) // => 1
 * sets.union(4, 3) // => 1
 * sets.find(4) // => 1
 * sets.connected(0, 4) // => false
 * sets.groups() // => [[0], [1, 3, 4], [2]]
 * const added = sets.add() // => 5
 * ```
 */
export class UnionFind {
  private parent: Int32Array<ArrayBuffer>
  private count: number

  /**
   * @param size - how many elements to start with, each in a set of its own (default 0)
   * @throws RangeError when `size` is not a non-negative integer
   */
  constructor(size = 0) {
    if (!Number.isSafeInteger(size) || size < 0 || size > maxElements) {
      throw new RangeError(`UnionFind: size must be an integer from 0 to ${maxElements}, got ${String(size)}`)
    }
    this.parent = new Int32Array(Math.max(size, initialCapacity))
    for (let i = 0; i < size; i++) this.parent[i] = i
    this.count = size
  }

  /** How many elements there are. */
  get size(): number {
    return this.count
  }

  /**
   * Adds an element in a set of its own.
   *
   * @returns the new element (the previous `size`)
   *
   * @example
   * ```ts
   * const sets = new UnionFind()
   * sets.add() // => 0
   * sets.add() // => 1
   * sets.size // => 2
   * ```
   */
  add(): number {
    const element = this.count
    if (element === this.parent.length) {
      if (element === maxElements) throw new RangeError(`UnionFind: cannot hold more than ${maxElements} elements`)
      const grown = new Int32Array(Math.min(maxElements, element * 2))
      grown.set(this.parent)
      this.parent = grown
    }
    this.parent[element] = element
    this.count = element + 1
    return element
  }

  /**
   * The root of the set holding `element`: its smallest element. Compresses
   * the path it walked, so later finds are near constant.
   *
   * @throws RangeError when `element` is not one of `0 … size - 1`
   *
   * @example
   * ```ts
   * const sets = new UnionFind(3)
   * sets.union(2, 1)
   * sets.find(2) // => 1
   * ```
   */
  find(element: number): number {
    // `>>> 0` changes negatives, fractions and NaN, so they fail the first test.
    if (element >>> 0 !== element || element >= this.count) throw outOfRange(element, this.count)
    const parent = this.parent
    let root = element
    while (parent[root]! !== root) root = parent[root]!
    let node = element
    while (parent[node]! !== root) {
      const next = parent[node]!
      parent[node] = root
      node = next
    }
    return root
  }

  /**
   * Joins the sets holding `a` and `b`.
   *
   * @returns the root of the joined set: the smaller of the two roots
   * @throws RangeError when `a` or `b` is not one of `0 … size - 1`
   *
   * @example
   * ```ts
   * const sets = new UnionFind(4)
   * sets.union(3, 2) // => 2
   * sets.union(0, 3) // => 0
   * ```
   */
  union(a: number, b: number): number {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra === rb) return ra
    if (ra < rb) {
      this.parent[rb] = ra
      return ra
    }
    this.parent[ra] = rb
    return rb
  }

  /**
   * Are `a` and `b` in the same set?
   *
   * @throws RangeError when `a` or `b` is not one of `0 … size - 1`
   *
   * @example
   * ```ts
   * const sets = new UnionFind(3)
   * sets.union(0, 2)
   * sets.connected(2, 0) // => true
   * sets.connected(1, 0) // => false
   * ```
   */
  connected(a: number, b: number): boolean {
    return this.find(a) === this.find(b)
  }

  /**
   * Every set, as its elements in increasing order; sets in order of their
   * smallest element.
   *
   * @example
   * ```ts
   * const sets = new UnionFind(4)
   * sets.union(1, 3)
   * sets.groups() // => [[0], [1, 3], [2]]
   * ```
   */
  groups(): Array<Array<number>> {
    const groups: Array<Array<number>> = []
    // A root is its set's smallest element, so it is met before its other
    // elements: the set's slot is made there, in order of first elements.
    const slotOfRoot = new Int32Array(this.count)
    for (let element = 0; element < this.count; element++) {
      const root = this.find(element)
      if (root === element) {
        slotOfRoot[element] = groups.length
        groups.push([element])
      } else groups[slotOfRoot[root]!]!.push(element)
    }
    return groups
  }
}

// Out of the hot path: building the message would keep `find` from being inlined.
const outOfRange = (element: number, count: number): RangeError =>
  new RangeError(`UnionFind: element must be an integer from 0 to ${count - 1}, got ${String(element)}`)

const initialCapacity = 16
// Int32Array indexes: parents are stored as 32-bit integers.
const maxElements = 2 ** 31 - 1

/**
 * Groups items that share a token, transitively: items `0 … count - 1`, each
 * with its tokens (identifier keys, profile ids, ...); two items with a token
 * in common end in the same group, and so do items linked through a chain of
 * such items. An item without tokens is a group of its own. Groups come out in
 * the order of their first item, their items in increasing order.
 *
 * @param count - how many items
 * @param tokensOf - the tokens of item `index`
 * @returns the groups, as lists of item indexes
 * @throws RangeError when `count` is not a non-negative integer
 *
 * @example
 * ```ts
 * import { groupsSharingTokens } from "@kith/core"
 *
 * const tokens = [["a"], ["b"], ["a", "c"], ["c"]]
 * groupsSharingTokens(tokens.length, (i) => tokens[i]!) // => [[0, 2, 3], [1]]
 * ```
 */
export const groupsSharingTokens = (count: number, tokensOf: (index: number) => Iterable<string>): Array<Array<number>> => {
  const sets = new UnionFind(count)
  const firstWith = new Map<string, number>()
  for (let item = 0; item < count; item++) {
    for (const token of tokensOf(item)) {
      const first = firstWith.get(token)
      if (first === undefined) firstWith.set(token, item)
      else sets.union(first, item)
    }
  }
  return sets.groups()
}
