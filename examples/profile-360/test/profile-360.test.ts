// The Profile 360 page in a real browser, from its production build served by the example server on a fresh demo
// database: search without accents, open the customer, and every figure checked against cdp.profiles.get at the
// same asOf; the chart's twelve months; a second timeline page; no console error or failed request anywhere.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { CdpClient } from "@kith/cdp"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { RunningServer } from "../../http-server/server.js"
import { buildPage, distDir } from "../build.js"
import { startPageServer } from "../server.js"
import { buildDemoShop, type DemoShop } from "../shop.js"
import { calendarDate, count, date, decimal, vnd } from "../web/format.js"
import { enumWord } from "../web/i18n.js"
import { launchChromium, runBrowserTests, screenshotDir, watchProblems } from "./chromium.js"

const SETUP_TIMEOUT = 900_000

describe.runIf(runBrowserTests)("the Profile 360 page in Chromium (DX-6, PRF-1 … PRF-12)", () => {
  let dir: string
  let shop: DemoShop
  let server: RunningServer
  let cdp: CdpClient
  let browser: Browser
  let page: Page
  let problems: ReadonlyArray<string>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kith-profile-360-"))
    await buildPage()
    shop = await buildDemoShop({ database: join(dir, "shop.sqlite") })
    server = await startPageServer(shop, { staticDir: distDir, hostname: "127.0.0.1", port: 0 })
    cdp = server.workspaces["wk_demo"]!
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    problems = watchProblems(page)
  }, SETUP_TIMEOUT)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  const text = (selector: string) => page.locator(selector).first().innerText()

  it("searches `le minh quynh` without accents and opens the customer, every figure as cdp.profiles.get gives it", async () => {
    await page.goto(server.url)
    await page.waitForSelector("body[data-ready=true]")
    for (const list of ["visitors", "leads", "buyers"] as const) {
      expect(await text(`[data-count=${list}]`)).toBe(`(${count(await cdp.profiles.count({ list }), "vi")})`)
    }
    await page.screenshot({ path: join(screenshotDir(), "lists.png") })

    await page.fill("#q", "le minh quynh")
    await page.click("#search-button")
    await page.waitForSelector("#search button.row")
    const hits = await cdp.profiles.search("le minh quynh")
    const quynh = hits.items.find((h) => h.fullName === "Lê Minh Quỳnh")!
    expect(quynh).toBeDefined()
    expect(await text("[data-count=search]")).toBe(`(${count(await cdp.profiles.count({ text: "le minh quynh" }), "vi")})`)
    await page.click(`#search button[data-profile="${quynh.profileId}"]`)
    await page.waitForSelector("#spend-chart")
    await page.screenshot({ path: join(screenshotDir(), "profile-360.png"), fullPage: true })
    // The README's picture (docs/images/profile-360.png): the customer's first screens.
    await page.screenshot({ path: join(screenshotDir(), "readme.png"), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1560 } })

    const year = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric" }).format(shop.asOf))
    const view = await cdp.profiles.get(quynh.profileId, { asOf: shop.asOf, year })
    const stored = await cdp.profiles.lookup(quynh.profileId)
    const tz = view.timeZone
    const field = (key: string) => text(`[data-field=${key}] .value`)
    const metric = (key: string) => text(`[data-metric=${key}] .value`)
    const t = view.fields.traits
    expect(await text("#customer-name")).toBe("Lê Minh Quỳnh")
    expect(await field("fullName")).toBe(t.fullName)
    expect(await field("birthday")).toBe(t.birthday === undefined ? "—" : calendarDate(t.birthday))
    expect(await field("age")).toBe(view.fields.age === null ? "—" : String(view.fields.age))
    expect(await field("gender")).toBe(t.gender === undefined ? "—" : enumWord("vi", t.gender))
    expect(await field("phone")).toBe(stored.identifiers.filter((i) => i.type === "phone").map((i) => i.value).join(", "))
    expect(await field("email")).toBe(stored.identifiers.filter((i) => i.type === "email").map((i) => i.value).join(", ") || "—")
    expect(await field("stage")).toBe(enumWord("vi", view.lifecycle.stage))
    expect(await field("account")).toBe(enumWord("vi", view.lifecycle.account.status))
    expect(await field("tier")).toBe(view.membership.tier ?? "—")
    expect(await field("points")).toBe(count(view.membership.points.balance, "vi"))
    const sources = await page.locator(".sources li strong").allInnerTexts()
    expect(sources).toEqual(view.sources.map((s) => s.channel ?? s.source ?? "?"))

    const p = view.purchases
    expect(p.totalSpend).toBeGreaterThan(0)
    expect(await metric("totalSpend")).toBe(vnd(p.totalSpend))
    expect(await metric("averageOrderValue")).toBe(p.averageOrderValue === null ? "—" : vnd(p.averageOrderValue))
    expect(await metric("ordersPlaced")).toBe(count(p.ordersPlaced, "vi"))
    expect(await metric("successfulOrders")).toBe(count(p.successfulOrders, "vi"))
    expect(await metric("failedOrders")).toBe(count(p.failedOrders, "vi"))
    expect(await metric("returnedOrders")).toBe(count(p.returnedOrders, "vi"))
    expect(await metric("itemsBought")).toBe(count(p.itemsBought, "vi"))
    expect(await metric("firstPurchaseAt")).toBe(date(p.firstPurchaseAt, tz))
    expect(await metric("lastPurchaseAt")).toBe(date(p.lastPurchaseAt, tz))
    expect(await metric("averageDaysBetweenOrders")).toBe(p.averageDaysBetweenOrders === null ? "—" : decimal(p.averageDaysBetweenOrders, "vi"))
    expect(await metric("spendLast3Months")).toBe(vnd(p.spendLast3Months))
    expect(await metric("outstandingReceivable")).toBe(vnd(p.outstandingReceivable))

    const asOfMonth = await page.locator("table.engagement").getAttribute("data-month")
    const month = view.engagement.months.find((m) => m.month === asOfMonth)!
    expect(month).toBeDefined()
    const cells = await page.locator("[data-engagement=minigamePlays] td").allInnerTexts()
    expect(cells[1]).toBe(count(month.minigamePlays.count, "vi"))

    // The chart: twelve months, this year's spend as bars, last year's as the line, exactly the Profile 360's.
    const chart = await page.evaluate(() => {
      const c = (globalThis as unknown as { profile360Chart: { data: { labels: Array<string>; datasets: Array<{ type: string; label: string; data: Array<number> }> } } }).profile360Chart
      return { labels: c.data.labels, datasets: c.data.datasets.map((d) => ({ type: d.type, label: d.label, data: d.data })) }
    })
    expect(chart.labels).toHaveLength(12)
    expect(view.spendChart.months).toHaveLength(12)
    expect(chart.datasets).toEqual([
      { type: "bar", label: String(year), data: view.spendChart.months.map((m) => m.spend) },
      { type: "line", label: String(year - 1), data: view.spendChart.months.map((m) => m.previousYearSpend) }
    ])
    expect(chart.datasets[0]!.data.reduce((s, n) => s + n, 0)).toBeGreaterThan(0)

    // The identity chain joins a browser or device to an account of the customer.
    expect(await page.locator("#identity .chain li").count()).toBeGreaterThan(1)

    // The segments panel: the demo's template segments the customer is in now and the entries and exits, as cdp.segments says.
    const current = await cdp.segments.of(quynh.profileId)
    expect(await page.locator("#segments .segments-now li").evaluateAll((els) => els.map((e) => e.getAttribute("data-segment")))).toEqual(current.map((m) => m.segmentId))
    const history = await cdp.segments.history(quynh.profileId)
    expect(await page.locator("#segments .segment-history li").count()).toBe(Math.min(history.length, 10))
  })

  it("loads a second timeline page, the facade's second page", async () => {
    const profileId = (await cdp.profiles.search("le minh quynh")).items.find((h) => h.fullName === "Lê Minh Quỳnh")!.profileId
    const first = await cdp.profiles.timeline(profileId, { limit: 8, asOf: shop.asOf })
    const second = await cdp.profiles.timeline(profileId, { limit: 8, asOf: shop.asOf, cursor: first.nextCursor! })
    expect(await page.locator("#timeline li").evaluateAll((els) => els.map((e) => e.getAttribute("data-timeline")))).toEqual(first.items.map((i) => i.id))
    await page.click("#timeline-more")
    await expect.poll(() => page.locator("#timeline li").count()).toBe(first.items.length + second.items.length)
    expect(await page.locator("#timeline li").evaluateAll((els) => els.map((e) => e.getAttribute("data-timeline")))).toEqual([...first.items, ...second.items].map((i) => i.id))
  })

  it("switches to English and to another year, and nothing went wrong in the page", async () => {
    await page.click("#lang")
    expect(await text("#title")).toBe("Customer Profile 360")
    expect(await text("[data-metric=totalSpend] .label")).toBe("Total spend")
    const before = await page.evaluate(() => (globalThis as unknown as { profile360Chart: { data: { datasets: Array<{ label: string }> } } }).profile360Chart.data.datasets[0]!.label)
    await page.selectOption("#year", String(Number(before) - 1))
    await page.waitForFunction((y) => (globalThis as unknown as { profile360Chart: { data: { datasets: Array<{ label: string }> } } }).profile360Chart.data.datasets[0]!.label === y, String(Number(before) - 1))
    await page.screenshot({ path: join(screenshotDir(), "profile-360-en.png"), fullPage: true })
    expect(problems).toEqual([])
  })

  it("runs with no server: kith itself in the tab, a testkit shop on the memory store (?mode=browser)", async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const tabProblems = watchProblems(tab)
    const requests: Array<string> = []
    tab.on("request", (r) => requests.push(new URL(r.url()).pathname))
    await tab.goto(`${server.url}/?mode=browser`)
    await tab.waitForSelector("body[data-ready=true]", { timeout: 300_000 })
    expect(await tab.locator("#mode").innerText()).toContain("không cần máy chủ")
    const buyers = Number((await tab.locator("[data-count=buyers]").innerText()).replace(/\D/g, ""))
    expect(buyers).toBeGreaterThan(0)
    await tab.locator("#buyers button.row").first().click()
    await tab.waitForSelector("#spend-chart")
    expect(await tab.locator("[data-metric=totalSpend] .value").innerText()).toMatch(/^[\d.]+ ₫$/)
    expect(await tab.evaluate(() => (globalThis as unknown as { profile360Chart: { data: { labels: Array<string> } } }).profile360Chart.data.labels.length)).toBe(12)
    await tab.screenshot({ path: join(screenshotDir(), "no-server.png"), fullPage: true })
    // Only the page's files were fetched: no read API, no config — every answer came from kith in the tab.
    expect(requests.filter((path) => path.startsWith("/read/") || path === "/config.json")).toEqual([])
    expect(tabProblems).toEqual([])
    await tab.close()
  })
})
