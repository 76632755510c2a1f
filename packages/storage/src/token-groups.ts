/**
 * Groups items that share a token, transitively (union–find): items
 * `0 … count - 1`, each with its tokens (identifier keys, profile ids, ...);
 * two items with a token in common end in the same group. Groups come out in
 * the order of their first item, their items in index order.
 *
 * @param count - how many items
 * @param tokensOf - the tokens of item `index`
 * @returns the groups, as lists of item indexes
 *
 * @example
 * ```ts
 * groupsSharingTokens(4, (i) => [["a"], ["b"], ["a", "c"], ["c"]][i]!) // => [[0, 2, 3], [1]]
 * ```
 */
export const groupsSharingTokens = (count: number, tokensOf: (index: number) => Iterable<string>): Array<Array<number>> => {
  const parent = Array.from({ length: count }, (_, i) => i)
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
    return i
  }
  const firstWith = new Map<string, number>()
  for (let i = 0; i < count; i++) {
    for (const token of tokensOf(i)) {
      const j = firstWith.get(token)
      if (j === undefined) firstWith.set(token, i)
      else {
        const [a, b] = [find(i), find(j)]
        // The smaller root wins, so a group's root is its first item and groups come out in first-item order.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b)
      }
    }
  }
  const groups = new Map<number, Array<number>>()
  for (let i = 0; i < count; i++) {
    const root = find(i)
    const list = groups.get(root)
    if (list === undefined) groups.set(root, [i])
    else list.push(i)
  }
  return [...groups.values()]
}
