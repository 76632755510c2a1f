import { describe, expect, it } from "vitest"
import { condensedScheduleOf } from "../src/segments/condensed-schedule.js"

// A schedule of a rule of the last order alone shares one next change among the profiles whose settled last orders
// fall on one local day: which days it shares by, in the zone's time.
const sharedDayIn = (timeZone: string) => {
  const condensed = condensedScheduleOf(
    { version: 1, rule: { not: { kind: "last_order", during: { withinLastDays: 30 } } } },
    { workspaceId: "shop-1", engine: "sqlite", asOf: new Date("2011-01-01T00:00:00Z"), context: { timeZone } }
  )
  if (condensed?.form !== "edge") throw new Error("a rule of the last order alone is read in the edge form")
  return (iso: string) => condensed.sharedDay(Date.parse(iso))
}

describe("the edge form of a condensed schedule", () => {
  it("shares by the zone's local day, not the UTC one", () => {
    const sharedDay = sharedDayIn("Asia/Ho_Chi_Minh")
    // 00:30 and 23:59 on 5 June in Ho Chi Minh time (UTC+7): two UTC days, one local day.
    expect(sharedDay("2010-06-04T17:30:00Z")).toBe(sharedDay("2010-06-05T16:59:00Z"))
    // 23:59 on 5 June and 00:00 on 6 June: one UTC day, two local days.
    expect(sharedDay("2010-06-05T17:00:00Z")).toBe(sharedDay("2010-06-05T16:59:00Z")! + 1)
  })

  it("shares no day whose first instant, as the clock finds it, comes after some of its instants", () => {
    // St John's fell back at one minute past midnight on 7 November 2010 (UTC−2:30 to UTC−3:30): 02:30Z is midnight
    // starting the 7th, 02:31Z–03:30Z is the last hour of the 6th again, and the 7th starts anew at 03:30Z.
    const sharedDay = sharedDayIn("America/St_Johns")
    expect(sharedDay("2010-11-07T02:29:00Z")).toBeDefined()
    expect(sharedDay("2010-11-07T03:00:00Z")).toBeUndefined()
    expect(sharedDay("2010-11-07T04:00:00Z")).toBe(sharedDay("2010-11-07T02:29:00Z")! + 1)
  })
})
