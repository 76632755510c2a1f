// SLA (PIPE-8): business hours against an independent oracle, the issue's
// Friday example, the clock stopping when an item leaves its status, and
// calendar and business modes agreeing when every hour is open.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type BusinessHours,
  businessCalendar,
  createLead,
  createOpportunity,
  dueAt,
  moveLead,
  overdue,
  slaPolicy,
  slaStanding,
  statusStays,
  type Weekday
} from "../src/index.js"
import { DAY, failure, HOUR, MINUTE, ok, staff } from "./helpers.js"

const WEEKDAYS: ReadonlyArray<Weekday> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
const SLOT = 15 * MINUTE
const daily = (days: ReadonlyArray<Weekday>, from: string, to: string) => Object.fromEntries(days.map((d) => [d, [{ from, to }]]))

// The oracle: is an instant open? Read straight from Intl's local wall clock,
// sharing nothing with the implementation.
const oracle = (hours: { readonly timeZone: string; readonly weekly: Readonly<Record<string, ReadonlyArray<{ from: string; to: string }> | undefined>>; readonly closedDates?: ReadonlyArray<string> }) => {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: hours.timeZone, hourCycle: "h23", weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
  const closed = new Set(hours.closedDates ?? [])
  return (ms: number): boolean => {
    const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]))
    if (closed.has(`${parts["year"]}-${parts["month"]}-${parts["day"]}`)) return false
    const minutes = Number(parts["hour"]) * 60 + Number(parts["minute"])
    const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))
    return (hours.weekly[(parts["weekday"] ?? "").toLowerCase()] ?? []).some((i) => toMinutes(i.from) <= minutes && minutes < toMinutes(i.to))
  }
}

// Random weekly hours on a 15-minute grid: 0–2 intervals a day, some closed dates.
const arbInterval = fc.tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 96 })).filter(([a, b]) => a < b)
const hhmm = (slot: number) => `${String(Math.floor(slot / 4)).padStart(2, "0")}:${String((slot % 4) * 15).padStart(2, "0")}`
const arbDay = fc.oneof(
  fc.constant([] as Array<{ from: string; to: string }>),
  arbInterval.map(([a, b]) => [{ from: hhmm(a), to: hhmm(b) }]),
  fc.tuple(arbInterval, arbInterval)
    .filter(([[, b1], [a2]]) => b1 < a2)
    .map(([[a1, b1], [a2, b2]]) => [{ from: hhmm(a1), to: hhmm(b1) }, { from: hhmm(a2), to: hhmm(b2) }])
)
const ZONES = ["Asia/Ho_Chi_Minh", "America/New_York"] as const
// Instants around the 2025 daylight-saving changes of New York (and ordinary days), on the 15-minute grid.
const AROUND = [Date.parse("2025-03-09T07:00:00Z"), Date.parse("2025-11-02T06:00:00Z"), Date.parse("2025-06-15T00:00:00Z")]
const arbStart = fc.tuple(fc.constantFrom(...AROUND), fc.integer({ min: -4 * 96, max: 4 * 96 })).map(([base, slots]) => base + slots * SLOT)
const arbHours = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.array(arbDay, { minLength: 7, maxLength: 7 }),
    closed: fc.subarray(["2025-03-08", "2025-03-10", "2025-11-01", "2025-11-03", "2025-06-16"])
  })
  .filter((h) => h.days.some((d) => d.length > 0))
  .map((h): BusinessHours => ({ timeZone: h.timeZone, weekly: Object.fromEntries(WEEKDAYS.map((d, i) => [d, h.days[i]!])), closedDates: h.closed }))

describe("business hours (properties, against an Intl oracle)", () => {
  it("counts exactly the open time between two instants, never closed time", () => {
    fc.assert(
      fc.property(arbHours, arbStart, fc.integer({ min: 0, max: 3 * 96 }), (hours, start, slots) => {
        const calendar = ok(businessCalendar(hours))
        const isOpen = oracle(hours)
        let expected = 0
        for (let s = 0; s < slots; s++) if (isOpen(start + s * SLOT)) expected += SLOT
        expect(calendar.openTimeBetween(new Date(start), new Date(start + slots * SLOT))).toBe(expected)
        for (let s = 0; s < Math.min(slots, 8); s++) expect(calendar.isOpenAt(new Date(start + s * SLOT + 7 * MINUTE))).toBe(isOpen(start + s * SLOT))
      })
    )
  })

  it("a due instant is never inside closed hours, and exactly the limit of open time lies before it", () => {
    fc.assert(
      fc.property(arbHours, arbStart, fc.integer({ min: 1, max: 40 * 60 }), (hours, start, minutes) => {
        const calendar = ok(businessCalendar(hours))
        const due = calendar.addOpenTime(new Date(start), minutes * MINUTE)
        expect(oracle(hours)(due.getTime() - 1)).toBe(true)
        expect(due.getTime()).toBeGreaterThan(start)
        expect(calendar.openTimeBetween(new Date(start), due)).toBe(minutes * MINUTE)
      })
    )
  })

  it("calendar and business modes agree when every hour is open, across daylight-saving changes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), arbStart, fc.integer({ min: 1, max: 5 * 24 * 60 }), (timeZone, start, minutes) => {
        const always = { timeZone, weekly: daily(WEEKDAYS, "00:00", "24:00") }
        const business = ok(slaPolicy({ clock: { businessHours: always }, lead: { new: { minutes } } }))
        const calendar = ok(slaPolicy({ clock: "calendar", lead: { new: { minutes } } }))
        const lead = ok(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: new Date(start), actor: staff("s-1") }))
        expect(dueAt(lead, business)).toEqual(dueAt(lead, calendar))
        expect(dueAt(lead, calendar)!.getTime() - start).toBe(minutes * MINUTE)
        const asOf = new Date(start + minutes * 2 * MINUTE)
        expect(slaStanding(lead, business, { asOf })).toEqual(slaStanding(lead, calendar, { asOf }))
      })
    )
  })
})

describe("business hours (examples)", () => {
  const hcm = "Asia/Ho_Chi_Minh"
  const friday1630 = "2025-03-07T16:30:00+07:00"
  const newLead = (at: string) => ok(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "website_form", at, actor: { kind: "rule", id: "form_opens_lead" } }))

  it("a lead created Friday 16:30 with a 2-hour limit is due Monday 09:00 when Saturday is off", () => {
    const policy = ok(slaPolicy({ clock: { businessHours: { timeZone: hcm, weekly: daily(["mon", "tue", "wed", "thu", "fri"], "08:00", "17:30") } }, lead: { new: { hours: 2 } } }))
    expect(dueAt(newLead(friday1630), policy)).toEqual(new Date("2025-03-10T09:00:00+07:00"))
  })

  it("with Mon–Sat 08:00–17:30 the same lead is due Saturday 09:00; a closed Saturday moves it to Monday", () => {
    const monSat = daily(["mon", "tue", "wed", "thu", "fri", "sat"], "08:00", "17:30")
    const open = ok(slaPolicy({ clock: { businessHours: { timeZone: hcm, weekly: monSat } }, lead: { new: { hours: 2 } } }))
    expect(dueAt(newLead(friday1630), open)).toEqual(new Date("2025-03-08T09:00:00+07:00"))
    const holiday = ok(slaPolicy({ clock: { businessHours: { timeZone: hcm, weekly: monSat, closedDates: ["2025-03-08"] } }, lead: { new: { hours: 2 } } }))
    expect(dueAt(newLead(friday1630), holiday)).toEqual(new Date("2025-03-10T09:00:00+07:00"))
  })

  it("a limit ending exactly at closing time is due at closing, not the next morning", () => {
    const policy = ok(slaPolicy({ clock: { businessHours: { timeZone: hcm, weekly: daily(["mon", "tue", "wed", "thu", "fri"], "08:00", "17:30") } }, lead: { new: { hours: 1 } } }))
    expect(dueAt(newLead(friday1630), policy)).toEqual(new Date("2025-03-07T17:30:00+07:00"))
  })

  it("a lunch break and a lead created at night: the clock starts at the next opening and skips the break", () => {
    const weekly = daily(["mon", "tue", "wed", "thu", "fri"], "08:00", "12:00")
    for (const day of ["mon", "tue", "wed", "thu", "fri"]) (weekly[day] as Array<{ from: string; to: string }>).push({ from: "13:30", to: "17:30" })
    const policy = ok(slaPolicy({ clock: { businessHours: { timeZone: hcm, weekly } }, lead: { new: { hours: 5 } } }))
    expect(dueAt(newLead("2025-03-10T22:00:00+07:00"), policy)).toEqual(new Date("2025-03-11T14:30:00+07:00"))
  })

  it("on New York's spring-forward day, 01:00–04:00 local is two hours of open time", () => {
    const calendar = ok(businessCalendar({ timeZone: "America/New_York", weekly: { sun: [{ from: "01:00", to: "04:00" }] } }))
    expect(calendar.openTimeBetween(new Date("2025-03-09T00:00:00-05:00"), new Date("2025-03-10T00:00:00-04:00"))).toBe(2 * HOUR)
    expect(calendar.openTimeBetween(new Date("2025-11-02T00:00:00-04:00"), new Date("2025-11-03T00:00:00-05:00"))).toBe(4 * HOUR)
  })
})

describe("SLA", () => {
  const policy = ok(slaPolicy({ clock: "calendar", lead: { new: { hours: 2 }, received: { hours: 24 } }, opportunity: { open: { hours: 4 } } }))
  const t = (h: number) => new Date(Date.parse("2025-03-07T08:00:00+07:00") + h * HOUR)

  it("the clock stops when the item leaves the status: moved on before its due instant, it is never overdue for it", () => {
    const lead = ok(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: t(0), actor: staff("s-1") }))
    const received = ok(moveLead(lead, "receive", { at: t(1.5), actor: staff("s-1") }))
    expect(overdue([received], { asOf: t(10), policy })).toEqual([])
    expect(slaStanding(received, policy, { asOf: t(10) })).toMatchObject({ status: "received", since: t(1.5), dueAt: t(25.5), elapsedMs: 8.5 * HOUR, overdue: false, overdueByMs: 0 })
    expect(statusStays(received, policy, { asOf: t(10) }).map((s) => [s.status, s.elapsedMs, s.breached])).toEqual([
      ["new", 1.5 * HOUR, false],
      ["received", 8.5 * HOUR, false]
    ])
  })

  it("lists overdue items, most overdue first, with how long past due; items in statuses without a limit never appear", () => {
    const staffer = staff("s-1")
    const a = ok(createLead({ id: "l-a", profileId: "p-a", originRecordId: "a", source: "manual", at: t(0), actor: staffer }))
    const b = ok(createLead({ id: "l-b", profileId: "p-b", originRecordId: "b", source: "manual", at: t(-3), actor: staffer }))
    const c = ok(createOpportunity({ id: "o-c", profileId: "p-c", originRecordId: "c", at: t(-1), actor: staffer }))
    const draft = ok(createLead({ id: "l-d", profileId: "p-d", originRecordId: "d", source: "manual", draft: true, at: t(-100), actor: staffer }))
    const list = overdue([a, b, c, draft], { asOf: t(5), policy })
    expect(list.map((s) => [s.item.id, s.dueAt.toISOString(), s.overdueByMs])).toEqual([
      ["l-b", t(-1).toISOString(), 6 * HOUR],
      ["l-a", t(2).toISOString(), 3 * HOUR],
      ["o-c", t(3).toISOString(), 2 * HOUR]
    ])
    expect(overdue([a], { asOf: t(2), policy })).toEqual([])
  })

  it("refuses a bad policy with every problem named", () => {
    const error = failure(
      slaPolicy({
        clock: { businessHours: { timeZone: "Mars/Olympus", weekly: { mon: [{ from: "17:30", to: "08:00" }, { from: "25:00", to: "26:00" }] }, closedDates: ["2025-02-30"] } },
        lead: { new: { hours: 0 }, closed: { hours: 1 } } as never
      })
    )
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      "clock.businessHours.closedDates[0]",
      "clock.businessHours.timeZone",
      "clock.businessHours.weekly.mon[0].to",
      "clock.businessHours.weekly.mon[1].from",
      "clock.businessHours.weekly.mon[1].to",
      "lead.closed",
      "lead.new"
    ])
    expect(failure(businessCalendar({ timeZone: "Asia/Ho_Chi_Minh", weekly: { sun: [] } })).message).toContain("the week must have some open time")
  })

  it("stays are timed on business hours too", () => {
    const business = ok(slaPolicy({ clock: { businessHours: { timeZone: "Asia/Ho_Chi_Minh", weekly: daily(["mon", "tue", "wed", "thu", "fri"], "08:00", "17:30") } }, lead: { new: { hours: 2 } } }))
    const lead = ok(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T16:30:00+07:00", actor: staff("s-1") }))
    const received = ok(moveLead(lead, "receive", { at: "2025-03-10T08:30:00+07:00", actor: staff("s-1") }))
    expect(statusStays(received, business, { asOf: new Date("2025-03-10T09:00:00+07:00") })[0]).toMatchObject({ status: "new", elapsedMs: 1.5 * HOUR, breached: false })
    expect(statusStays(received, business, { asOf: new Date(Date.parse("2025-03-10T09:00:00+07:00") + DAY) })[0]!.breached).toBe(false)
  })
})
