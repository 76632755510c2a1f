import { type RuleNode, type SegmentContext, SegmentReferenceCycle, UnknownSegmentReference } from "@kith/segments"

/** What following a reference needs: the workspace's segments, and the ids being followed now (innermost last). */
export interface ReferenceState {
  readonly context: SegmentContext
  readonly compiling: Array<string>
}

/**
 * Follows a `segment` condition into the referenced segment's rule: refuses
 * a cycle (naming it) and an unknown id (with the condition's path), and
 * visits the rule with the referenced segment on the stack. The compiler and
 * the schedule scope walk references the same way, so this is their one rule.
 */
export const followReference = <A>(state: ReferenceState, segmentId: string, path: string, visit: (rule: RuleNode, path: string) => A): A => {
  const start = state.compiling.indexOf(segmentId)
  if (start >= 0) throw new SegmentReferenceCycle({ cycle: [...state.compiling.slice(start), segmentId] })
  const target = state.context.segments?.get(segmentId)
  if (target === undefined) throw new UnknownSegmentReference({ segmentId, path })
  state.compiling.push(segmentId)
  try {
    return visit(target.rule, `segments[${JSON.stringify(segmentId)}].rule`)
  } finally {
    state.compiling.pop()
  }
}
