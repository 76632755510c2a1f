// The quickstart's segments: two templates of @kith/segments stored through cdp.segments, refreshed at the run's
// "now" by the store's segment engine, with their member counts and why one member is in the first.
import type { CdpClient } from "@kith/cdp"
import { type Explanation, segmentTemplate } from "@kith/segments"
import { count, localTime } from "./format.js"

const TEMPLATES = ["regular", "lapsed"] as const

// The explanation tree, one line per node, indented by depth.
const explanationLines = (node: Explanation, depth = 0): Array<string> => [
  `${"  ".repeat(depth)}${node.verdict ? "✓" : "✗"} ${node.text}`,
  ...node.children.flatMap((child) => explanationLines(child, depth + 1))
]

/**
 * Creates the two template segments, refreshes them at `asOf` and prints their counts and one member's explanation.
 * Returns the member counts, in template order.
 */
export const printSegments = async (cdp: CdpClient, print: (line: string) => void, asOf: Date, timeZone: string): Promise<ReadonlyArray<number>> => {
  print(`Segments: two templates of @kith/segments, refreshed at ${localTime(asOf, timeZone)}`)
  const counts: Array<number> = []
  for (const id of TEMPLATES) {
    const template = segmentTemplate(id)
    await cdp.segments.create({ id, name: template.name.en, template: id, actor: "demo", at: asOf })
    const outcome = await cdp.segments.refresh(id, { asOf })
    counts.push(outcome.members)
    print(`  ${template.name.en.padEnd(16)} ${count(outcome.members).padStart(6)} member${outcome.members === 1 ? "" : "s"} — ${template.description.en}`)
  }
  const [first] = (await cdp.segments.members(TEMPLATES[0], { limit: 1 })).items
  if (first !== undefined) {
    const view = await cdp.profiles.lookup(first.profileId)
    const name = typeof view.traits["fullName"]?.value === "string" ? view.traits["fullName"].value : first.profileId
    print(`  Why ${name} (${first.profileId}) is in "${segmentTemplate(TEMPLATES[0]).name.en}" (explain)`)
    for (const line of explanationLines(await cdp.segments.explain(first.profileId, TEMPLATES[0], { asOf }))) print(`    ${line}`)
  }
  return counts
}
