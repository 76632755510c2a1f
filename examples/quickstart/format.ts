// Text formatting for the quickstart's console output: money, dates in the
// workspace timezone, bars and percent changes. Pure, so the test can use it.

/** `1250000` → `1.250.000 ₫` (Vietnamese grouping, whole đồng). */
export const vnd = (amount: number): string => `${Math.round(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".")} ₫`

/** `21883` → `21,883`. */
export const count = (n: number): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")

const partsFormatters = new Map<string, Intl.DateTimeFormat>()

/** An instant as `yyyy-MM-dd HH:mm` in `timeZone` (never the machine's zone). */
export const localTime = (at: Date, timeZone: string): string => {
  let format = partsFormatters.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    partsFormatters.set(timeZone, format)
  }
  const part = (type: string) => format.formatToParts(at).find((p) => p.type === type)?.value ?? "??"
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`
}

/** A percent change as `+12.5%`, `-3%`, `0%`, or `new` when there was nothing before. */
export const change = (percent: number | null): string => {
  if (percent === null) return "new"
  const rounded = Math.round(percent * 10) / 10
  return `${rounded > 0 ? "+" : ""}${rounded}%`
}

/** A horizontal bar of `value` against `max`, `width` cells wide, in eighths of a cell. */
export const bar = (value: number, max: number, width: number): string => {
  if (max <= 0 || value <= 0) return ""
  const eighths = Math.max(1, Math.round((value / max) * width * 8))
  const full = Math.floor(eighths / 8)
  const rest = eighths % 8
  return "█".repeat(full) + (rest === 0 ? "" : "▏▎▍▌▋▊▉"[rest - 1])
}

/** A progress bar: `[██████░░░░░░]  50%  10,941/21,883 events`. */
export const progressBar = (done: number, total: number, width = 30): string => {
  const ratio = total === 0 ? 1 : done / total
  const filled = Math.round(ratio * width)
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${count(done)}/${count(total)} events`
}

/** Strips Vietnamese diacritics the way a hurried user types: `Nguyễn Thị Đào` → `nguyen thi dao`. */
export const withoutAccents = (text: string): string =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
