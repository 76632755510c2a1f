// How the writer processes share a shop's events: the events in batches, each process writing the batches of
// its part (batch i goes to part i mod parts), and every process writing the batches whose index is a multiple
// of `overlap` (when set), starting at another batch (`rotate`) so that overlapping writers meet in a
// different order.

/** What one writer process writes. */
export interface WriterOptions {
  readonly people: number
  readonly perPerson: number
  readonly seed: number
  readonly batch: number
  readonly part: number
  readonly parts: number
  readonly rotate: number
  /** Batches whose index is a multiple of this are written by every part (0: none). */
  readonly overlap: number
}

/** The batches a writer sends, in order, each with its index in the whole shop's batches. */
export const batchesOf = <E>(events: ReadonlyArray<E>, options: Pick<WriterOptions, "batch" | "part" | "parts" | "rotate" | "overlap">) => {
  const all: Array<{ readonly index: number; readonly events: ReadonlyArray<E> }> = []
  for (let i = 0; i * options.batch < events.length; i++) all.push({ index: i, events: events.slice(i * options.batch, (i + 1) * options.batch) })
  const start = options.rotate % Math.max(all.length, 1)
  const shared = (index: number) => options.overlap > 0 && index % options.overlap === 0
  return [...all.slice(start), ...all.slice(0, start)].filter((b) => b.index % options.parts === options.part || shared(b.index))
}
