import { describe, expect, it } from "vitest"
import { engagementReport, makeSummarizer, workspaceSummaryOf } from "../src/index.js"
import { VN, track } from "./fixtures.js"

// Two profiles of one workspace, hand-computed. Profile A joins a campaign at
// 00:30 on 1 March local time (still 28 February in UTC).
const a = [
  track("Campaign Joined", { campaignId: "c1" }, { at: "2025-02-10T10:00:00+07:00" }),
  track("Campaign Joined", { campaignId: "c2" }, { at: "2025-03-01T00:30:00+07:00" }),
  track("Campaign Joined", { campaignId: "c3" }, { at: "2025-03-15T10:00:00+07:00" }),
  track("Message Delivered", { deliveryId: "d1", channel: "zalo" }, { at: "2025-02-20T10:00:00+07:00" }),
  ...["d2", "d3", "d4"].map((deliveryId) => track("Message Delivered", { deliveryId, channel: "zalo" }, { at: "2025-03-10T10:00:00+07:00" })),
  track("Message Sent", { deliveryId: "d2", channel: "zalo" }, { at: "2025-03-10T09:59:00+07:00" }),
  track("Message Clicked", { deliveryId: "d2", channel: "zalo", url: "https://shop.vn/sale" }, { at: "2025-03-10T11:00:00+07:00" }),
  track("Survey Submitted", { surveyId: "s1" }, { at: "2025-03-12T10:00:00+07:00" }),
  track("Minigame Played", { gameId: "g1", plays: 2 }, { at: "2025-01-05T10:00:00+07:00" }),
  track("Minigame Played", { gameId: "g1", plays: 3 }, { at: "2025-03-05T10:00:00+07:00" }),
  track("Minigame Played", { gameId: "g2" }, { at: "2025-03-06T10:00:00+07:00" })
]
const b = [
  track("Campaign Joined", { campaignId: "c2" }, { at: "2025-03-02T10:00:00+07:00" }),
  track("Campaign Joined", { campaignId: "c3" }, { at: "2025-03-16T10:00:00+07:00" }),
  track("Message Delivered", { deliveryId: "d9", channel: "zalo" }, { at: "2025-03-10T10:00:00+07:00" }),
  track("Minigame Played", { gameId: "g1" }, { at: "2025-03-07T10:00:00+07:00" })
]
const asOf = new Date("2025-03-31T23:59:59+07:00")

describe("engagementReport (PRF-5)", () => {
  const summarizer = makeSummarizer({ timeZone: VN })
  const [sa, sb] = [summarizer.summarize(a), summarizer.summarize(b)]
  const workspace = workspaceSummaryOf([sa, sb])
  const report = engagementReport(sa, workspace, { year: 2025, asOf, timeZone: VN })

  it("reports January to the month of asOf", () => {
    expect(report.months.map((m) => m.month)).toEqual(["2025-01", "2025-02", "2025-03"])
  })

  it("gives count, change against last month and workspace share, as hand-computed", () => {
    expect(report.months[2]).toEqual({
      month: "2025-03",
      campaignsJoined: { count: 2, changeVsPreviousMonth: 100, shareOfWorkspace: 50 },
      messagesReceived: { count: 3, changeVsPreviousMonth: 200, shareOfWorkspace: 75 },
      urlClicks: { count: 1, changeVsPreviousMonth: null, shareOfWorkspace: 100 },
      surveyParticipations: { count: 1, changeVsPreviousMonth: null, shareOfWorkspace: 100 },
      minigamePlays: { count: 4, changeVsPreviousMonth: null, shareOfWorkspace: 80 }
    })
    expect(report.months[1]?.campaignsJoined).toEqual({ count: 1, changeVsPreviousMonth: null, shareOfWorkspace: 100 })
    // Nothing anywhere in January: 0 → 0 is 0%, and a share of nothing is null.
    expect(report.months[0]?.campaignsJoined).toEqual({ count: 0, changeVsPreviousMonth: 0, shareOfWorkspace: null })
    expect(report.months[0]?.minigamePlays).toEqual({ count: 2, changeVsPreviousMonth: null, shareOfWorkspace: 100 })
  })

  it("counts minigames joined and total plays", () => {
    expect(report.minigames).toEqual({ joined: 2, totalPlays: 6, sessions: 3 })
  })

  it("stops the minigame totals at the month of asOf", () => {
    const s = summarizer.summarize([
      track("Minigame Played", { gameId: "g1", plays: 3 }, { at: "2025-01-10T10:00:00+07:00" }),
      track("Minigame Played", { gameId: "g1", plays: 5 }, { at: "2025-09-10T10:00:00+07:00" })
    ])
    const r = engagementReport(s, workspaceSummaryOf([s]), { year: 2025, asOf: new Date("2025-02-01T00:00:00Z"), timeZone: VN })
    expect(r.minigames).toEqual({ joined: 1, totalPlays: 3, sessions: 1 })
  })

  it("takes months in the workspace timezone: in UTC the 00:30 campaign is February", () => {
    const utc = makeSummarizer({ timeZone: "UTC" })
    const r = engagementReport(utc.summarize(a), workspaceSummaryOf([utc.summarize(a)]), { year: 2025, asOf, timeZone: "UTC" })
    expect(r.months[1]?.campaignsJoined.count).toBe(2)
    expect(r.months[2]?.campaignsJoined.count).toBe(1)
  })

  it("compares January with December of the year before", () => {
    const s = summarizer.summarize([
      track("Survey Submitted", { surveyId: "s" }, { at: "2024-12-31T23:30:00+07:00" }),
      track("Survey Submitted", { surveyId: "s" }, { at: "2025-01-01T00:30:00+07:00" }),
      track("Survey Submitted", { surveyId: "s" }, { at: "2025-01-02T00:30:00+07:00" })
    ])
    const r = engagementReport(s, workspaceSummaryOf([s]), { year: 2025, asOf: new Date("2025-01-31T00:00:00Z"), timeZone: VN })
    expect(r.months).toHaveLength(1)
    expect(r.months[0]?.surveyParticipations).toEqual({ count: 2, changeVsPreviousMonth: 100, shareOfWorkspace: 100 })
  })

  it("reports all twelve months of a past year", () => {
    const r = engagementReport(sa, workspace, { year: 2024, asOf, timeZone: VN })
    expect(r.months).toHaveLength(12)
    expect(r.months.every((m) => m.campaignsJoined.count === 0 && m.campaignsJoined.shareOfWorkspace === null)).toBe(true)
  })
})
