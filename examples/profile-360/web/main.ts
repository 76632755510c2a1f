// The Profile 360 page: a search box and the three lists, then one customer's fields, status, sources, purchase
// metrics, the monthly spend chart against last year, engagement, the timeline and the identity chain — all read
// from @kith/http's read API. `?mode=browser` runs kith itself in this tab on a small generated shop instead.
import type { Chart } from "chart.js"
import { type Fetcher, type ListRow, type Profile360Json, type ReadApi, readApi } from "./api.js"
import { drawSpendChart } from "./chart.js"
import { calendarDate, change, count, date, dateTime, decimal, monthOf, vnd, yearOf } from "./format.js"
import { enumWord, type Lang, t, type Word } from "./i18n.js"

type Child = Node | string | null | undefined | false
const h = (tag: string, attrs: Readonly<Record<string, string>> = {}, ...children: ReadonlyArray<Child | ReadonlyArray<Child>>): HTMLElement => {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) el.append(child)
  return el
}
const $ = (id: string): HTMLElement => document.getElementById(id)!

type ListName = "visitors" | "leads" | "buyers"
interface Rows {
  readonly rows: Array<ListRow>
  total: number
  next: string | null
}
interface Opened {
  readonly profileId: string
  year: number
  view: Profile360Json
  identifiers: ReadonlyArray<{ readonly type: string; readonly value: string }>
  timeline: Array<{ readonly id: string; readonly at: string; readonly kind: string; readonly action: string; readonly channel: string | null; readonly details: Readonly<Record<string, unknown>> }>
  timelineNext: string | null
  explain: Awaited<ReturnType<ReadApi["explain"]>> | null
  pipeline: Awaited<ReturnType<ReadApi["pipeline"]>>["items"] | null
  segments: Awaited<ReturnType<ReadApi["segments"]>> | null
}

const PAGE = 10
const TIMELINE_PAGE = 8
const state: {
  lang: Lang
  api: ReadApi
  asOf: string
  timeZone: string
  features: { readonly pipeline: boolean; readonly segments: boolean }
  query: string
  search: Rows | null
  lists: Record<ListName, Rows>
  opened: Opened | null
  chart: Chart | null
} = {
  lang: new URLSearchParams(location.search).get("lang") === "en" ? "en" : "vi",
  api: readApi(fetch.bind(globalThis), "", location.origin),
  asOf: "",
  timeZone: "Asia/Ho_Chi_Minh",
  features: { pipeline: false, segments: false },
  query: "",
  search: null,
  lists: { visitors: { rows: [], total: 0, next: null }, leads: { rows: [], total: 0, next: null }, buyers: { rows: [], total: 0, next: null } },
  opened: null,
  chart: null
}
const w = (word: Word) => t(state.lang, word)

// ——— lists and search ———

const rowItem = (row: ListRow) =>
  h(
    "li",
    {},
    h("button", { class: "row", "data-profile": row.profileId }, h("strong", {}, row.fullName ?? row.emails[0] ?? row.profileId), h("span", { class: "muted" }, row.phones[0] ?? row.emails[0] ?? ""))
  )

const listBlock = (id: string, title: string, rows: Rows) =>
  h(
    "div",
    { class: "list", id },
    h("h2", {}, title, " ", h("span", { class: "count", "data-count": id }, `(${count(rows.total, state.lang)})`)),
    rows.rows.length === 0 ? h("p", { class: "muted" }, w("noResults")) : h("ul", {}, rows.rows.map(rowItem)),
    rows.next === null ? null : h("button", { class: "more", "data-more": id }, w("loadMore"))
  )

const renderLists = () => {
  const el = $("lists")
  el.replaceChildren(
    state.search === null ? "" : listBlock("search", `${w("results")} “${state.query}”`, state.search),
    h("div", { class: "columns" }, listBlock("visitors", w("visitors"), state.lists.visitors), listBlock("leads", w("leads"), state.lists.leads), listBlock("buyers", w("buyers"), state.lists.buyers))
  )
}

const loadList = async (name: ListName) => {
  const rows = state.lists[name]
  const page = await state.api.list(name, PAGE, rows.next)
  rows.rows.push(...page.items)
  rows.total = page.total
  rows.next = page.nextCursor
}

const runSearch = async (text: string, more: boolean) => {
  if (!more) {
    state.query = text
    state.search = { rows: [], total: 0, next: null }
  }
  const rows = state.search!
  const page = await state.api.search(state.query, PAGE, more ? rows.next : null)
  rows.rows.push(...page.items)
  rows.total = page.total
  rows.next = page.nextCursor
  renderLists()
}

// ——— one profile ———

const field = (key: string, label: string, value: string) => h("div", { class: "field", "data-field": key }, h("span", { class: "label" }, label), h("span", { class: "value" }, value))
const metric = (key: string, label: string, value: string) => h("div", { class: "metric", "data-metric": key }, h("span", { class: "label" }, label), h("span", { class: "value" }, value))

const addressOf = (view: Profile360Json) => {
  const a = view.fields.traits.address
  return a === undefined ? "—" : [a.street, a.ward, a.district, a.province].filter((x) => x !== undefined).join(", ")
}

const ENGAGEMENT = ["campaignsJoined", "messagesReceived", "urlClicks", "surveyParticipations", "minigamePlays"] as const

const engagementTable = (view: Profile360Json) => {
  const months = view.engagement.months
  const asOfMonth = monthOf(state.asOf, state.timeZone)
  const month = months.find((m) => m.month === asOfMonth) ?? months[months.length - 1]
  if (month === undefined) return null
  const share = (n: number | null) => (n === null ? "—" : `${decimal(n, state.lang)}%`)
  return h(
    "table",
    { class: "engagement", "data-month": month.month },
    h("thead", {}, h("tr", {}, h("th", {}, w("metric")), h("th", {}, `${w("thisMonth")} ${month.month.slice(5)}/${month.month.slice(0, 4)}`), h("th", {}, w("mom")), h("th", {}, w("share")))),
    h(
      "tbody",
      {},
      ENGAGEMENT.map((key) =>
        h(
          "tr",
          { "data-engagement": key },
          h("td", {}, w(key)),
          h("td", { class: "num" }, count(month[key].count, state.lang)),
          h("td", { class: "num" }, change(month[key].changeVsPreviousMonth, state.lang, w("newValue"))),
          h("td", { class: "num" }, share(month[key].shareOfWorkspace))
        )
      )
    )
  )
}

const timelineItem = (item: Opened["timeline"][number]) => {
  const d = item.details
  const detail = [
    typeof d["orderId"] === "string" ? d["orderId"] : null,
    typeof d["total"] === "number" ? vnd(d["total"]) : null,
    typeof d["title"] === "string" ? d["title"] : typeof d["url"] === "string" ? d["url"] : null
  ]
    .filter((x) => x !== null)
    .join(" · ")
  return h(
    "li",
    { "data-timeline": item.id },
    h("time", {}, dateTime(item.at, state.timeZone)),
    " ",
    h("strong", {}, enumWord(state.lang, item.kind)),
    ` ${item.action}${item.channel === null ? "" : ` · ${item.channel}`}`,
    detail === "" ? null : h("span", { class: "muted" }, ` — ${detail}`)
  )
}

const identityBlock = (opened: Opened) => {
  const x = opened.explain
  if (x === null) return null
  const recordOf = new Map(x.records.map((r) => [r.messageId, r]))
  const describe = (id: string) => {
    const r = recordOf.get(id)
    return r === undefined || r.at === "" ? id : `${dateTime(r.at, state.timeZone)} · ${r.what} · ${r.channel ?? r.source ?? "?"}`
  }
  if (!x.joined) return h("p", {}, `${w("keptApart")}: ${x.reasons.map((r) => r.kind).join(", ")}`)
  const first = x.chain[0]
  return h(
    "ol",
    { class: "chain" },
    first === undefined ? null : h("li", {}, describe(first.from)),
    x.chain.map((link) =>
      h("li", {}, h("span", { class: "link" }, `↳ ${w("sharesWith")} ${link.identifier === undefined ? w("manualMerge") : `${link.identifier.type} ${link.identifier.value}`}`), h("br"), describe(link.to))
    )
  )
}

const renderProfile = () => {
  const el = $("profile")
  const opened = state.opened
  el.hidden = opened === null
  $("lists").hidden = opened !== null
  $("searchbar").hidden = opened !== null
  if (opened === null) return
  const { view } = opened
  const tr = view.fields.traits
  const tz = state.timeZone
  const p = view.purchases
  const phones = opened.identifiers.filter((i) => i.type === "phone").map((i) => i.value)
  const emails = opened.identifiers.filter((i) => i.type === "email").map((i) => i.value)
  const asOfYear = yearOf(state.asOf, tz)
  const years = [asOfYear, asOfYear - 1, asOfYear - 2]
  const yearSelect = h("select", { id: "year" }, years.map((y) => h("option", y === opened.year ? { value: String(y), selected: "" } : { value: String(y) }, String(y))))
  el.replaceChildren(
    h("button", { id: "back", class: "more" }, w("back")),
    h("h2", { id: "customer-name" }, tr.fullName ?? opened.profileId),
    h(
      "div",
      { class: "grid" },
      h(
        "section",
        { class: "card" },
        h("h3", {}, w("fields")),
        field("fullName", w("fullName"), tr.fullName ?? "—"),
        field("gender", w("gender"), tr.gender === undefined ? "—" : enumWord(state.lang, tr.gender)),
        field("birthday", w("birthday"), tr.birthday === undefined ? "—" : calendarDate(tr.birthday)),
        field("age", w("age"), view.fields.age === null ? "—" : String(view.fields.age)),
        field("phone", w("phone"), phones.join(", ") || "—"),
        field("email", w("email"), emails.join(", ") || "—"),
        field("address", w("address"), addressOf(view)),
        field("company", w("company"), tr.companyName ?? "—")
      ),
      h(
        "section",
        { class: "card" },
        h("h3", {}, w("status")),
        field("stage", w("stage"), enumWord(state.lang, view.lifecycle.stage)),
        field("account", w("account"), enumWord(state.lang, view.lifecycle.account.status)),
        field("tier", w("tier"), view.membership.tier ?? "—"),
        field("points", w("points"), count(view.membership.points.balance, state.lang)),
        h("h3", {}, w("sources")),
        h(
          "ol",
          { class: "sources" },
          view.sources.map((s) =>
            h("li", {}, h("strong", {}, s.channel ?? s.source ?? "?"), s.campaign?.name == null ? "" : ` · ${s.campaign.name}`, h("span", { class: "muted" }, ` — ${w("firstSeen")} ${date(s.firstSeenAt as unknown as string, tz)}`))
          )
        )
      )
    ),
    h(
      "section",
      { class: "card" },
      h("h3", {}, w("purchases")),
      h(
        "div",
        { class: "metrics" },
        metric("totalSpend", w("totalSpend"), vnd(p.totalSpend)),
        metric("averageOrderValue", w("averageOrderValue"), p.averageOrderValue === null ? "—" : vnd(p.averageOrderValue)),
        metric("ordersPlaced", w("ordersPlaced"), count(p.ordersPlaced, state.lang)),
        metric("successfulOrders", w("successfulOrders"), count(p.successfulOrders, state.lang)),
        metric("failedOrders", w("failedOrders"), count(p.failedOrders, state.lang)),
        metric("returnedOrders", w("returnedOrders"), count(p.returnedOrders, state.lang)),
        metric("itemsBought", w("itemsBought"), count(p.itemsBought, state.lang)),
        metric("firstPurchaseAt", w("firstPurchaseAt"), date(p.firstPurchaseAt as unknown as string | null, tz)),
        metric("lastPurchaseAt", w("lastPurchaseAt"), date(p.lastPurchaseAt as unknown as string | null, tz)),
        metric("averageDaysBetweenOrders", w("averageDaysBetweenOrders"), p.averageDaysBetweenOrders === null ? "—" : decimal(p.averageDaysBetweenOrders, state.lang)),
        metric("spendLast3Months", w("spendLast3Months"), vnd(p.spendLast3Months)),
        metric("outstandingReceivable", w("outstandingReceivable"), vnd(p.outstandingReceivable)),
        metric("mostBoughtProduct", w("mostBoughtProduct"), p.mostBoughtProduct === null ? "—" : `${p.mostBoughtProduct.name ?? p.mostBoughtProduct.productId} ×${p.mostBoughtProduct.quantity}`)
      )
    ),
    h(
      "section",
      { class: "card" },
      h("h3", {}, `${w("spendChart")} ${view.spendChart.year} / ${view.spendChart.year - 1} `, h("label", {}, `${w("year")} `, yearSelect)),
      h("div", { class: "chart" }, h("canvas", { id: "spend-chart", "aria-label": `${w("spendChart")} ${view.spendChart.year}`, role: "img" }))
    ),
    h("section", { class: "card" }, h("h3", {}, `${w("engagement")} ${view.engagement.year}`), engagementTable(view)),
    h(
      "div",
      { class: "grid" },
      h(
        "section",
        { class: "card" },
        h("h3", {}, w("timeline")),
        h("ol", { id: "timeline", class: "timeline" }, opened.timeline.map(timelineItem)),
        opened.timelineNext === null ? null : h("button", { id: "timeline-more", class: "more" }, w("loadMore"))
      ),
      h(
        "section",
        { class: "card" },
        h("h3", {}, w("identity")),
        h("p", { class: "muted" }, w("identityIntro")),
        h("div", { id: "identity" }, identityBlock(opened)),
        h("h3", {}, w("identifiers")),
        h("ul", { class: "identifiers" }, opened.identifiers.map((i) => h("li", {}, h("code", {}, i.type), ` ${i.value}`)))
      )
    ),
    opened.pipeline === null
      ? ""
      : h(
          "section",
          { class: "card", id: "pipeline" },
          h("h3", {}, w("pipeline")),
          opened.pipeline.length === 0 ? h("p", { class: "muted" }, "—") : h("ul", {}, opened.pipeline.slice(0, 10).map((e) => h("li", {}, h("time", {}, dateTime(e.at, tz)), ` ${e.item.kind} ${e.item.id}: ${e.detail}`)))
        ),
    opened.segments === null ? "" : segmentsPanel(opened.segments, tz)
  )
  state.chart = drawSpendChart($("spend-chart") as HTMLCanvasElement, view, state.lang)
  ;(globalThis as { profile360Chart?: Chart }).profile360Chart = state.chart
}

// The segments the customer is in now, and every entry and exit, newest first.
const segmentsPanel = (segments: NonNullable<Opened["segments"]>, tz: string): HTMLElement =>
  h(
    "section",
    { class: "card", id: "segments" },
    h("h3", {}, w("segments")),
    h("h4", {}, w("segmentsNow")),
    segments.current.length === 0
      ? h("p", { class: "muted" }, w("none"))
      : h("ul", { class: "segments-now" }, segments.current.map((m) => h("li", { "data-segment": m.segmentId }, h("strong", {}, m.name ?? m.segmentId), ` ${w("since")} ${date(m.enteredAt, tz)}`))),
    h("h4", {}, w("segmentHistory")),
    segments.history.length === 0
      ? h("p", { class: "muted" }, w("none"))
      : h("ul", { class: "segment-history" }, [...segments.history].reverse().slice(0, 10).map((c) => h("li", {}, h("time", {}, date(c.at, tz)), ` ${w(c.change)} ${c.name ?? c.segmentId}`)))
  )

// The pair the identity chain explains: a device or browser against the strongest account the profile holds.
const explainPair = (identifiers: Opened["identifiers"]): readonly [string, string] | null => {
  const device = identifiers.find((i) => i.type === "anonymous_id" || i.type === "device_id")
  const account = identifiers.find((i) => i.type.endsWith("_buyer_id")) ?? identifiers.find((i) => i.type === "phone") ?? identifiers.find((i) => i.type === "email")
  return device === undefined || account === undefined ? null : [`${device.type}:${device.value}`, `${account.type}:${account.value}`]
}

const openProfile = async (profileId: string) => {
  const year = yearOf(state.asOf, state.timeZone)
  const [view, stored, timeline] = await Promise.all([
    state.api.profile(profileId, state.asOf, year),
    state.api.identifiers(profileId),
    state.api.timeline(profileId, state.asOf, TIMELINE_PAGE, null)
  ])
  const pair = explainPair(stored.identifiers)
  state.opened = {
    profileId,
    year,
    view,
    identifiers: stored.identifiers,
    timeline: [...timeline.items],
    timelineNext: timeline.nextCursor,
    explain: pair === null ? null : await state.api.explain(pair[0], pair[1]),
    pipeline: state.features.pipeline ? (await state.api.pipeline(profileId)).items : null,
    segments: state.features.segments ? await state.api.segments(profileId) : null
  }
  renderProfile()
  window.scrollTo(0, 0)
}

// ——— wiring ———

const renderAll = () => {
  document.documentElement.lang = state.lang
  document.title = w("title")
  $("title").textContent = w("title")
  $("lang").textContent = state.lang === "vi" ? "English" : "Tiếng Việt"
  $("asof").textContent = `${w("asOf")} ${dateTime(state.asOf, state.timeZone)}`
  ;($("q") as HTMLInputElement).placeholder = w("searchPlaceholder")
  $("search-button").textContent = w("search")
  renderLists()
  renderProfile()
}

const busy = async (work: () => Promise<void>) => {
  document.body.classList.add("busy")
  try {
    await work()
  } catch (error) {
    $("error").textContent = error instanceof Error ? error.message : String(error)
    $("error").hidden = false
  } finally {
    document.body.classList.remove("busy")
  }
}

const wire = () => {
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "vi" ? "en" : "vi"
    renderAll()
  })
  $("searchbar").addEventListener("submit", (e) => {
    e.preventDefault()
    const text = ($("q") as HTMLInputElement).value.trim()
    void busy(() => runSearch(text, false))
  })
  document.addEventListener("click", (e) => {
    const target = (e.target as HTMLElement).closest("button")
    if (target === null) return
    const profile = target.getAttribute("data-profile")
    const more = target.getAttribute("data-more")
    if (profile !== null) void busy(() => openProfile(profile))
    else if (more === "search") void busy(() => runSearch(state.query, true))
    else if (more !== null)
      void busy(async () => {
        await loadList(more as ListName)
        renderLists()
      })
    else if (target.id === "back") {
      state.opened = null
      renderAll()
    } else if (target.id === "timeline-more" && state.opened !== null) {
      const opened = state.opened
      void busy(async () => {
        const page = await state.api.timeline(opened.profileId, state.asOf, TIMELINE_PAGE, opened.timelineNext)
        opened.timeline.push(...page.items)
        opened.timelineNext = page.nextCursor
        renderProfile()
      })
    }
  })
  document.addEventListener("change", (e) => {
    const target = e.target as HTMLElement
    if (target.id !== "year" || state.opened === null) return
    const opened = state.opened
    opened.year = Number((target as HTMLSelectElement).value)
    void busy(async () => {
      opened.view = await state.api.profile(opened.profileId, state.asOf, opened.year)
      renderProfile()
    })
  })
}

/** Where the page reads from: the example server, or kith running in this tab. */
interface Source {
  readonly fetcher: Fetcher
  readonly readKey: string
  readonly origin: string
  readonly asOf: string
  readonly timeZone: string
}

const serverSource = async (): Promise<Source> => {
  const config = (await (await fetch("/config.json")).json()) as { readonly readKey: string; readonly asOf: string; readonly timeZone: string }
  return { fetcher: (request) => fetch(request), origin: location.origin, ...config }
}

const start = async () => {
  wire()
  const inBrowser = new URLSearchParams(location.search).get("mode") === "browser"
  $("mode").textContent = inBrowser ? t(state.lang, "noServer") : ""
  $("asof").textContent = t(state.lang, "loading")
  const source = inBrowser ? await (await import("./in-browser.js")).inBrowserSource() : await serverSource()
  state.api = readApi(source.fetcher, source.readKey, source.origin)
  state.asOf = source.asOf
  state.timeZone = source.timeZone
  state.features = await state.api.features()
  await Promise.all((["visitors", "leads", "buyers"] as const).map(loadList))
  document.body.dataset["ready"] = "true"
  renderAll()
}

void busy(start)
