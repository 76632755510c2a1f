import { dayKey } from "@kith/profile"
import { type AgeCondition, type BirthdayCondition, type GenerationCondition, GenerationBands } from "@kith/segments"
import { type SqlBool, sql } from "kysely"
import { type Predicate, allOf, anyOf, fact, known, oneOf } from "../sql-predicates.js"
import type { SqlMoment } from "../sql-moment.js"

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

// `@kith/profile`'s ageOn: none before birth, else whole years, a year more once the month-day is reached. So age ≥ A
// exactly when the birthday is at most the date A years before today (as text: yyyy-mm-dd compares like a date).
const bornBy = (m: SqlMoment, age: number): string => `${String(Number(m.todayKey.slice(0, 4)) - age).padStart(4, "0")}${m.todayKey.slice(4)}`

const ageIn = (m: SqlMoment, range: { readonly min?: number; readonly max?: number }): Predicate => {
  const birthday = fact("birthday")
  return known(
    allOf([
      sql<SqlBool>`${birthday} <= ${m.todayKey}`,
      ...(range.min === undefined ? [] : [sql<SqlBool>`${birthday} <= ${bornBy(m, range.min)}`]),
      ...(range.max === undefined || !Number.isFinite(range.max) ? [] : [sql<SqlBool>`${birthday} > ${bornBy(m, range.max + 1)}`])
    ])
  )
}

/** An `age` condition: the birthday between two dates computed from `asOf`'s local date. */
export const ageSql = (c: AgeCondition, m: SqlMoment): Predicate => ageIn(m, c)

/** A `generation` condition: the age in one of the bands. */
export const generationSql = (c: GenerationCondition, m: SqlMoment): Predicate => anyOf(c.in.map((band) => ageIn(m, GenerationBands[band])))

/**
 * A `birthday` condition on the month-day of the birthday: the months, the
 * month of `asOf`, or every month-day celebrated in the next N local days
 * (29 February on 1 March in common years).
 */
export const birthdaySql = (c: BirthdayCondition, m: SqlMoment): Predicate => {
  const birthday = fact("birthday")
  if (c.months !== undefined) return oneOf(sql`substr(${birthday}, 6, 2)`, c.months.map((month) => String(month).padStart(2, "0")))
  if (c.thisMonth === true) return oneOf(sql`substr(${birthday}, 6, 2)`, [m.todayKey.slice(5, 7)])
  const days = c.withinNextDays ?? 1
  const monthDays = new Set<string>()
  for (let d = m.today; d < m.today + days; d++) {
    const key = dayKey(d)
    monthDays.add(key.slice(5))
    if (key.slice(5) === "03-01" && !isLeap(Number(key.slice(0, 4)))) monthDays.add("02-29")
  }
  return oneOf(sql`substr(${birthday}, 6, 5)`, [...monthDays])
}
