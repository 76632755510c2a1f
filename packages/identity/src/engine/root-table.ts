/**
 * A table indexed by component root (a record index): a dense array instead of
 * a `Map<number, T>`, because the incremental resolver reads and writes it for
 * every record and an array slot is a single memory access. Internal.
 *
 * @example
 * ```ts
 * const table = new RootTable<Array<number>>()
 * table.set(3, [3, 7])
 * table.get(3) // => [3, 7]
 * table.has(4) // => false
 * ```
 */
export class RootTable<T> {
  private readonly slots: Array<T | undefined> = []

  get(root: number): T | undefined {
    return this.slots[root]
  }

  has(root: number): boolean {
    return this.slots[root] !== undefined
  }

  set(root: number, value: T): void {
    // Fill up to `root` so the array stays dense (never a dictionary).
    while (this.slots.length < root) this.slots.push(undefined)
    this.slots[root] = value
  }

  delete(root: number): void {
    if (root < this.slots.length) this.slots[root] = undefined
  }

  *keys(): IterableIterator<number> {
    for (let root = 0; root < this.slots.length; root++) if (this.slots[root] !== undefined) yield root
  }
}
