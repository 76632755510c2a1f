import type { SegmentContext, SegmentRule } from "@kith/segments"
import { type Kysely, sql } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { compileRuleToJoinedSql } from "./compile-rule.js"

/**
 * The one query that lists a rule's members in a workspace: the profiles of
 * `segment_facts` whose inputs match the compiled rule
 * (`compileRuleToSql`, with the aggregate conditions of a rule read in one grouped pass). Order it, count it or page it as needed.
 *
 * @param db - Kysely over the kith schema
 * @param dialect - the engine (its `name` picks the form of conditions on aggregates)
 * @param workspaceId - the workspace
 * @param rule - a decoded rule
 * @param evaluation - `asOf` and the context
 * @returns a select of `profile_id` from `segment_facts as f`
 *
 * @example
 * ```ts
 * const members = await segmentMembersQuery(db, { name: "sqlite" }, "shop-1", rule, { asOf }).orderBy("f.profile_id").execute()
 * ```
 */
export const segmentMembersQuery = (
  db: Kysely<KithDatabase>,
  dialect: Pick<SqlDialectSpecifics, "name">,
  workspaceId: string,
  rule: SegmentRule,
  evaluation: { readonly asOf: Date; readonly context?: SegmentContext | undefined }
) => {
  const { where, grouped } = compileRuleToJoinedSql(rule, { ...evaluation, workspaceId, engine: dialect.name })
  const facts = db.selectFrom("segment_facts as f")
  const from = grouped === null ? facts : facts.leftJoin(sql<{ profile_id: string }>`(${grouped})`.as("g"), (join) => join.onRef("g.profile_id", "=", "f.profile_id"))
  return from.select("f.profile_id").where("f.workspace_id", "=", workspaceId).where(where)
}
