import { ageOn, monthOfDay } from "@kith/profile"
import type { SegmentInputs } from "../../inputs/segment-inputs.js"
import { type GenerationBand, GenerationBands } from "../../rule/catalog.js"
import type { AgeCondition, BirthdayCondition, GenerationCondition } from "../../rule/conditions.js"
import { type Moment, dateOfDay, dayOfDate, describeBounds, inRange } from "../moment.js"
import { type ConditionProgram, type ConditionReport, noChanges } from "../program.js"

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/** The local day someone born on `birthday` (`yyyy-mm-dd`) celebrates in `year`: 29 February is 1 March in common years. */
const anniversaryDay = (birthday: string, year: number): number => {
  const month = birthday.slice(5, 7)
  const day = birthday.slice(8, 10)
  const y = String(year).padStart(4, "0")
  return month === "02" && day === "29" && !isLeap(year) ? dayOfDate(`${y}-03-01`) : dayOfDate(`${y}-${month}-${day}`)
}

const ageAt = (birthday: string | null, today: string): number | null => (birthday === null ? null : ageOn(birthday, today))

// The instants after m.asOf at which someone reaches one of `ages`.
const ageChanges = (birthday: string | null, ages: ReadonlyArray<number>, m: Moment, out: Array<number>): void => {
  if (birthday === null) return
  const born = Number(birthday.slice(0, 4))
  for (const age of ages) {
    if (!Number.isFinite(age)) continue
    const at = m.clock.startOfDay(age === 0 ? dayOfDate(birthday) : anniversaryDay(birthday, born + age))
    if (at > m.asOf) out.push(at)
  }
}

/** Compiles an {@link AgeCondition}. */
export const compileAge = (c: AgeCondition): ConditionProgram => {
  const report = (inputs: SegmentInputs, m: Moment): ConditionReport => {
    const age = ageAt(inputs.facts.birthday, dateOfDay(m.today))
    const verdict = age !== null && inRange(age, c)
    return { verdict, observed: age, text: `age: ${age === null ? "unknown" : age}, needs ${describeBounds(c)}` }
  }
  const ages = [0, ...(c.min === undefined ? [] : [c.min]), ...(c.max === undefined ? [] : [c.max + 1])]
  return {
    bind: (m) => {
      const today = dateOfDay(m.today)
      return (inputs) => {
        const age = ageAt(inputs.facts.birthday, today)
        return age !== null && inRange(age, c)
      }
    },
    report,
    changes: (inputs, m, out) => ageChanges(inputs.facts.birthday, ages, m, out)
  }
}

const bandOf = (age: number | null): GenerationBand | null => {
  if (age === null) return null
  for (const [band, range] of Object.entries(GenerationBands) as Array<[GenerationBand, { readonly min: number; readonly max: number }]>) {
    if (age >= range.min && age <= range.max) return band
  }
  return null
}

/** Compiles a {@link GenerationCondition}. */
export const compileGeneration = (c: GenerationCondition): ConditionProgram => {
  const bands = new Set<string>(c.in)
  const ages = [0]
  for (const band of c.in) ages.push(GenerationBands[band].min, GenerationBands[band].max + 1)
  return {
    bind: (m) => {
      const today = dateOfDay(m.today)
      return (inputs) => {
        const band = bandOf(ageAt(inputs.facts.birthday, today))
        return band !== null && bands.has(band)
      }
    },
    report: (inputs, m) => {
      const age = ageAt(inputs.facts.birthday, dateOfDay(m.today))
      const band = bandOf(age)
      return {
        verdict: band !== null && bands.has(band),
        observed: band,
        text: `generation: ${band ?? "none"} (age ${age ?? "unknown"}), needs ${c.in.join(" or ")}`
      }
    },
    changes: (inputs, m, out) => ageChanges(inputs.facts.birthday, ages, m, out)
  }
}

const monthOf = (birthday: string): number => Number(birthday.slice(5, 7))
const localMonthNumber = (m: Moment): number => (monthOfDay(m.today) % 12) + 1
const localYear = (day: number): number => Math.floor(monthOfDay(day) / 12)

// Days from `today` to the next anniversary on or after it.
const daysToBirthday = (birthday: string, today: number): number => {
  const year = localYear(today)
  const thisYear = anniversaryDay(birthday, year)
  return (thisYear >= today ? thisYear : anniversaryDay(birthday, year + 1)) - today
}

/** Compiles a {@link BirthdayCondition}. */
export const compileBirthday = (c: BirthdayCondition): ConditionProgram => {
  if (c.months !== undefined) {
    const months = new Set(c.months)
    return {
      bind: () => (inputs) => inputs.facts.birthday !== null && months.has(monthOf(inputs.facts.birthday)),
      report: (inputs) => {
        const birthday = inputs.facts.birthday
        return {
          verdict: birthday !== null && months.has(monthOf(birthday)),
          observed: birthday,
          text: `birthday: ${birthday ?? "unknown"}, needs a month in ${c.months?.join(", ")}`
        }
      },
      changes: noChanges
    }
  }
  if (c.thisMonth === true) {
    return {
      bind: (m) => {
        const month = localMonthNumber(m)
        return (inputs) => inputs.facts.birthday !== null && monthOf(inputs.facts.birthday) === month
      },
      report: (inputs, m) => {
        const birthday = inputs.facts.birthday
        const month = localMonthNumber(m)
        return { verdict: birthday !== null && monthOf(birthday) === month, observed: birthday, text: `birthday: ${birthday ?? "unknown"}, needs the month of asOf (${month})` }
      },
      changes: noChanges,
      // The verdict turns on at the first local midnight of the birthday's month and off at the next month's.
      periodicChanges: (inputs, m, horizon, out) => {
        const birthday = inputs.facts.birthday
        if (birthday === null) return
        const month = monthOf(birthday)
        for (let year = localYear(m.today); ; year++) {
          const start = m.clock.startOfDay(Date.UTC(year, month - 1, 1) / 86_400_000)
          if (start > horizon) return
          const end = m.clock.startOfDay(Date.UTC(year, month, 1) / 86_400_000)
          if (start > m.asOf) out.push(start)
          if (end > m.asOf && end <= horizon) out.push(end)
        }
      }
    }
  }
  const days = c.withinNextDays ?? 1
  return {
    bind: (m) => (inputs) => inputs.facts.birthday !== null && daysToBirthday(inputs.facts.birthday, m.today) < days,
    report: (inputs, m) => {
      const birthday = inputs.facts.birthday
      const until = birthday === null ? null : daysToBirthday(birthday, m.today)
      return {
        verdict: until !== null && until < days,
        observed: until,
        text: `days to the next birthday: ${until ?? "unknown"}, needs within the next ${days} days`
      }
    },
    changes: noChanges,
    // On from local midnight `days - 1` days before each anniversary, off at midnight after it.
    periodicChanges: (inputs, m, horizon, out) => {
      const birthday = inputs.facts.birthday
      if (birthday === null) return
      for (let year = localYear(m.today) - 1; ; year++) {
        const anniversary = anniversaryDay(birthday, year)
        const on = m.clock.startOfDay(anniversary - days + 1)
        if (on > horizon) return
        const off = m.clock.startOfDay(anniversary + 1)
        if (on > m.asOf) out.push(on)
        if (off > m.asOf && off <= horizon) out.push(off)
      }
    }
  }
}
