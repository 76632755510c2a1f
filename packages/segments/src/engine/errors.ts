import { Schema } from "effect"

/**
 * A rule names a segment the context (or the set of segments checked) does
 * not hold. Nothing is evaluated or stored.
 *
 * @example
 * ```ts
 * new UnknownSegmentReference({ segmentId: "seg-vip", path: "rule.all[1]" }).message
 * // => "rule.all[1]: no segment \"seg-vip\" to refer to"
 * ```
 */
export class UnknownSegmentReference extends Schema.TaggedError<UnknownSegmentReference>("@kith/segments/UnknownSegmentReference")(
  "UnknownSegmentReference",
  { segmentId: Schema.String, path: Schema.String }
) {
  override get message(): string {
    return `${this.path}: no segment ${JSON.stringify(this.segmentId)} to refer to`
  }
}

/**
 * Segments refer to each other in a cycle (`a → b → a`), so none of them
 * has a meaning. `cycle` lists the ids around it, the first repeated last.
 *
 * @example
 * ```ts
 * new SegmentReferenceCycle({ cycle: ["a", "b", "a"] }).message // => "segments refer to each other in a cycle: a → b → a"
 * ```
 */
export class SegmentReferenceCycle extends Schema.TaggedError<SegmentReferenceCycle>("@kith/segments/SegmentReferenceCycle")(
  "SegmentReferenceCycle",
  { cycle: Schema.Array(Schema.String) }
) {
  override get message(): string {
    return `segments refer to each other in a cycle: ${this.cycle.join(" → ")}`
  }
}

/**
 * A rule has an `rfm` condition, but the context holds no RFM cut-offs to
 * score profiles against (see `rfmCutoffs`).
 *
 * @example
 * ```ts
 * new MissingRfmCutoffs({ path: "rule.any[0]" }).message // => "rule.any[0]: an rfm condition needs the workspace's RFM cut-offs in the context"
 * ```
 */
export class MissingRfmCutoffs extends Schema.TaggedError<MissingRfmCutoffs>("@kith/segments/MissingRfmCutoffs")("MissingRfmCutoffs", {
  path: Schema.String
}) {
  override get message(): string {
    return `${this.path}: an rfm condition needs the workspace's RFM cut-offs in the context`
  }
}
