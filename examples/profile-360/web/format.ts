// Display formats: money as Vietnamese đồng (the quickstart's `vnd`, `1.250.000 ₫`), dates `dd/mm/yyyy` in the
// workspace timezone (never the browser's), percent changes.
export { vnd } from "../../quickstart/format.js"

const formatters = new Map<string, Intl.DateTimeFormat>()

const partsIn = (at: Date, timeZone: string) => {
  let format = formatters.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    formatters.set(timeZone, format)
  }
  const parts = format.formatToParts(at)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "??"
  return { day: part("day"), month: part("month"), year: part("year"), hour: part("hour"), minute: part("minute") }
}

/** An instant (Date or ISO string) as `dd/mm/yyyy` in `timeZone`; `—` for none. */
export const date = (at: Date | string | null | undefined, timeZone: string): string => {
  if (at === null || at === undefined || at === "") return "—"
  const p = partsIn(new Date(at), timeZone)
  return `${p.day}/${p.month}/${p.year}`
}

/** An instant as `dd/mm/yyyy HH:mm` in `timeZone`. */
export const dateTime = (at: Date | string, timeZone: string): string => {
  const p = partsIn(new Date(at), timeZone)
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`
}

/** A calendar date `yyyy-mm-dd` (a birthday) as `dd/mm/yyyy`. */
export const calendarDate = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`

/** The local year of an instant in `timeZone`. */
export const yearOf = (at: Date | string, timeZone: string): number => Number(partsIn(new Date(at), timeZone).year)

/** The local month `yyyy-mm` of an instant in `timeZone`. */
export const monthOf = (at: Date | string, timeZone: string): string => {
  const p = partsIn(new Date(at), timeZone)
  return `${p.year}-${p.month}`
}

/** A percent change, `+12,5%` / `-3%` (Vietnamese decimal comma when `lang` is vi), or `newLabel` when there was nothing before. */
export const change = (percent: number | null, lang: "vi" | "en", newLabel: string): string => {
  if (percent === null) return newLabel
  return `${Math.round(percent * 10) > 0 ? "+" : ""}${decimal(percent, lang)}%`
}

/** A count with the language's grouping: `1.234` in Vietnamese, `1,234` in English. */
export const count = (n: number, lang: "vi" | "en"): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, lang === "vi" ? "." : ",")

/** A number to one decimal, with the decimal comma in Vietnamese: `61,8` / `61.8`. */
export const decimal = (n: number, lang: "vi" | "en"): string => {
  const text = String(Math.round(n * 10) / 10)
  return lang === "vi" ? text.replace(".", ",") : text
}
