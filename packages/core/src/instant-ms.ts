// The epoch milliseconds of an ISO instant whose shape the caller has already matched
// (`YYYY-MM-DDTHH:MM(:SS(.fff)?)?(Z|±HH:MM)`) and whose day, hour and minute it has checked: counted from the
// digits in place, since every event has an instant and parsing its text again with `new Date(s)` cost more than
// the rest of the instant's checks. Only the forms whose meaning is plain are counted (seconds 00-59, one to three
// fraction digits, an offset with a colon within ±23:59); for any other the answer is `undefined` and the caller
// asks a Date, so nothing a Date would read differently (leap seconds, rounding of longer fractions, offsets
// without a colon) is decided here.

const MS_PER_DAY = 86_400_000

// The number written by the decimal digits of s from `start` to `end` (the caller knows they are digits).
export const digitsAt = (s: string, start: number, end: number): number => {
  let n = 0
  for (let i = start; i < end; i++) n = n * 10 + s.charCodeAt(i) - 48
  return n
}

// Days from 1970-01-01 to day d of month m of year y in the proleptic Gregorian calendar (any year, so years
// 0001-0099 too, which Date.UTC would read as 19xx): counted in 400-year eras from a year starting in March.
const daysFromCivil = (y: number, m: number, d: number): number => {
  const year = m <= 2 ? y - 1 : y
  const era = Math.floor(year / 400)
  const yearOfEra = year - era * 400
  const dayOfYear = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57

/** The instant's epoch ms, as `Date.parse(s)` reads it, or `undefined` when its form is left to a Date. */
export const instantMsOf = (s: string): number | undefined => {
  let at = 16
  let seconds = 0
  let fraction = 0
  if (s.charCodeAt(at) === 58 /* : */) {
    seconds = digitsAt(s, 17, 19)
    if (seconds > 59) return undefined
    at = 19
    if (s.charCodeAt(at) === 46 /* . */) {
      const start = ++at
      while (isDigit(s.charCodeAt(at))) at++
      const count = at - start
      if (count > 3) return undefined
      fraction = digitsAt(s, start, at) * (count === 1 ? 100 : count === 2 ? 10 : 1)
    }
  }
  let offset = 0
  const zone = s.charCodeAt(at)
  if (zone !== 90 /* Z */) {
    if (s.length !== at + 6 || s.charCodeAt(at + 3) !== 58) return undefined
    const hours = digitsAt(s, at + 1, at + 3)
    const minutes = digitsAt(s, at + 4, at + 6)
    if (hours > 23 || minutes > 59) return undefined
    offset = (zone === 45 /* - */ ? -1 : 1) * (hours * 60 + minutes)
  } else if (s.length !== at + 1) return undefined
  const days = daysFromCivil(digitsAt(s, 0, 4), digitsAt(s, 5, 7), digitsAt(s, 8, 10))
  return days * MS_PER_DAY + (digitsAt(s, 11, 13) * 60 + digitsAt(s, 14, 16) - offset) * 60_000 + seconds * 1000 + fraction
}
