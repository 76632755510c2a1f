import { type FieldCondition, FactFields, type TraitCondition } from "@kith/segments"
import { type RawBuilder, type SqlBool, sql } from "kysely"
import { type Predicate, FALSE, allOf, between, fact, known, not, oneOf, storableValues } from "../sql-predicates.js"

// The column of each scalar fact field: the catalog names the field, this map the column (no name comes from input).
const COLUMNS = {
  gender: "gender",
  country: "country",
  province: "province",
  district: "district",
  region: "region",
  stage: "stage",
  accountStatus: "account_status",
  tier: "tier",
  points: "points",
  firstChannel: "first_channel",
  firstSource: "first_source",
  assigneeId: "assignee_id",
  collaboratorId: "collaborator_id",
  leadStatus: "lead_status",
  careStatus: "care_status"
} as const

const listRows = (field: string, where: ReadonlyArray<Predicate>): RawBuilder<SqlBool> =>
  sql<SqlBool>`exists (select 1 from segment_fact_lists l where l.workspace_id = f.workspace_id and l.profile_id = f.profile_id and l.list = ${field} and ${allOf(where)})`

/** A `field` condition: a column of the facts row, or the rows of a list fact. */
export const fieldSql = (c: FieldCondition): Predicate => {
  const spec = FactFields[c.field]
  if (spec.type === "list") {
    if (c.hasAny !== undefined) {
      const values = storableValues(c.hasAny)
      return values.length === 0 ? FALSE : listRows(c.field, [sql<SqlBool>`l.value in (${sql.join(values)})`])
    }
    if (c.hasAll !== undefined) {
      const values = [...new Set(c.hasAll)]
      if (storableValues(values).length < values.length) return FALSE
      return allOf(values.map((value) => listRows(c.field, [sql<SqlBool>`l.value = ${value}`])))
    }
    const present = listRows(c.field, [])
    return c.isSet === true ? present : not(present)
  }
  const column = fact(COLUMNS[c.field as keyof typeof COLUMNS])
  if (spec.type === "number") return between(column, c)
  if (c.in !== undefined) return oneOf(column, c.in)
  return known(c.isSet === true ? sql`${column} is not null` : sql`${column} is null`)
}

const traitRows = (name: string, where: ReadonlyArray<Predicate>): Predicate =>
  sql<SqlBool>`exists (select 1 from segment_traits t where t.workspace_id = f.workspace_id and t.profile_id = f.profile_id and t.name = ${name} and ${allOf(where)})`

/** A `trait` condition: the profile's row of that trait, with a value of the operator's type. */
export const traitSql = (c: TraitCondition): Predicate => {
  // No stored trait has a name a store refuses: such a trait is never set.
  if (storableValues([c.name]).length === 0) return c.isSet === false ? sql<SqlBool>`true` : FALSE
  if (c.in !== undefined) {
    const values = storableValues(c.in)
    return values.length === 0 ? FALSE : traitRows(c.name, [sql<SqlBool>`t.text_value in (${sql.join(values)})`])
  }
  if (c.min !== undefined || c.max !== undefined) return traitRows(c.name, [between(sql.ref("t.number_value"), c)])
  if (c.is !== undefined) return traitRows(c.name, [sql<SqlBool>`t.boolean_value = ${c.is ? 1 : 0}`])
  const present = traitRows(c.name, [])
  return c.isSet === true ? present : not(present)
}
