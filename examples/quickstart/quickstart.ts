// The kith quickstart: a synthetic Vietnamese shop ingested into SQLite through
// @kith/cdp, the leads and opportunities its events open with the year's
// pipeline metrics and funnel, two template segments with their counts and one
// member's explanation, then one customer's Profile 360, the identity
// chain that joined their records, and two searches, each checked against the
// testkit's truth.
import { mkdirSync, rmSync } from "node:fs"
import { dirname } from "node:path"
import { createCdp, type CdpClient } from "@kith/cdp"
import type { Profile360 } from "@kith/profile"
import type { StoredProfile } from "@kith/storage"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { type GeneratedPerson, generateShop, type Shop, truthComponents, writePhone } from "@kith/testkit"
import { bar, change, count, localTime, progressBar, vnd, withoutAccents } from "./format.js"
import { printSegments } from "./segments.js"
import { printOutreach } from "./outreach.js"

/** What {@link runQuickstart} needs. */
export interface QuickstartOptions {
  /** People in the synthetic shop (the demo uses 4,000: ~22,000 events). */
  readonly people: number
  readonly seed: number
  /** The SQLite file; deleted and recreated on every run. */
  readonly database: string
  /** Where lines go. */
  readonly print: (line: string) => void
  /** Redraw one progress line in place (a terminal); otherwise print a line every quarter. */
  readonly liveProgress: boolean
  /** Writes a progress redraw without a newline (used when `liveProgress`). */
  readonly redraw?: (line: string) => void
}

/** What the run found, for the caller (and the test) to check. */
export interface QuickstartResult {
  readonly events: number
  readonly profiles: number
  readonly customerFound: boolean
  readonly nameSearchFound: boolean
  readonly oldPhoneSearchFound: boolean
  /** Leads and opportunities the event rules opened from the shop's events. */
  readonly leadsOpened: number
  readonly opportunitiesOpened: number
  /** Members of the two template segments (regular, lapsed) at the run's "now". */
  readonly segmentMembers: ReadonlyArray<number>
  /** Messages of the thank-you plan the demo's recording sender received. */
  readonly outreachSent: number
}

const MARKETPLACES = [
  { key: "shopeeBuyerId", type: "shopee_buyer_id", label: "Shopee" },
  { key: "lazadaBuyerId", type: "lazada_buyer_id", label: "Lazada" },
  { key: "tiktokShopBuyerId", type: "tiktok_shop_buyer_id", label: "TikTok Shop" }
] as const

const marketplaceOf = (person: GeneratedPerson) => {
  for (const m of MARKETPLACES) {
    const value = person[m.key]
    if (value !== undefined) return { ...m, value }
  }
  return undefined
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

// The demo's customer, chosen from the ground truth: a marketplace account and (preferably) several own-store
// devices, all their records truly connected (one truth group), orders last year and the most this year.
const pickCustomer = (shop: Shop, completed: ReadonlyMap<string, { thisYear: number; lastYear: number }>, groups: ReadonlyMap<string, number>) => {
  const candidates = shop.people.filter((p) => marketplaceOf(p) !== undefined && p.householdId === undefined && groups.get(p.personId) === 1)
  const score = (p: GeneratedPerson) => {
    const orders = completed.get(p.personId) ?? { thisYear: 0, lastYear: 0 }
    return (p.devices.length >= 2 ? 10_000 : 0) + (orders.lastYear > 0 ? 1_000 : 0) + orders.thisYear
  }
  return [...candidates].sort((a, b) => score(b) - score(a) || (a.personId < b.personId ? -1 : 1))[0]
}

// Someone who still writes the old eleven-digit form of a number from the 2018 remap.
const pickOldPhoneWriter = (shop: Shop, exclude: string | undefined) =>
  shop.people.find((p) => p.writesOldPhoneForm && p.householdId === undefined && p.personId !== exclude && writePhone(p.phones[0]!, "old") !== `0${p.phones[0]!.slice(3)}`)

const countList = async (list: CdpClient["profiles"]["visitors"]): Promise<number> => {
  let total = 0
  let cursor: string | undefined
  do {
    const page = await list({ limit: 1000, cursor })
    total += page.items.length
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return total
}

// One line per record of an explanation: when, where from, and the event.
const describeRecord = async (cdp: CdpClient, messageId: string, timeZone: string): Promise<string> => {
  const stored = await cdp.events.get(messageId)
  if (stored === undefined) return messageId
  const e = stored.event
  const what = e.type === "track" ? e.event : e.type
  const where = e.context?.source ?? e.context?.channel ?? "?"
  return `${localTime(e.timestamp, timeZone)}  ${what} via ${where} (${messageId})`
}

const printProfile360 = (print: (line: string) => void, view: Profile360, stored: StoredProfile, customer: GeneratedPerson) => {
  const tz = view.timeZone
  const t = view.fields.traits
  const address = t.address === undefined ? "—" : [t.address.street, t.address.ward, t.address.district, t.address.province].filter((x) => x !== undefined).join(", ")
  const phones = stored.identifiers.filter((i) => i.type === "phone").map((i) => i.value)
  const emails = stored.identifiers.filter((i) => i.type === "email").map((i) => i.value)
  const devices = stored.identifiers.filter((i) => i.type === "device_id").length
  print(`  Name        ${t.fullName ?? "—"}${t.gender === undefined ? "" : ` (${t.gender})`}${view.fields.age === null ? "" : `, ${view.fields.age} years old`}`)
  print(`  Phones      ${phones.join(", ") || "—"}`)
  print(`  Emails      ${emails.join(", ") || "—"}`)
  print(`  Address     ${address}`)
  print(`  Stage       ${view.lifecycle.stage}, account ${view.lifecycle.account.status}; tier ${view.membership.tier ?? "none"}, ${count(view.membership.points.balance)} points`)
  print(`  Joined      ${stored.identifiers.length} identifiers: ${devices} devices, ${stored.identifiers.map((i) => i.type).filter((t, i, all) => all.indexOf(t) === i).join(", ")}`)
  print(`  Sources     ${view.sources.map((s) => s.channel ?? s.source ?? "?").filter((c, i, all) => all.indexOf(c) === i).join(" → ")}  (first touch first)`)
  print(`  Truth       ${customer.personId}: ${customer.devices.length} devices, ${marketplaceOf(customer)?.label ?? "no"} marketplace account`)
  const p = view.purchases
  print("")
  print("  Purchases")
  print(`    total spend ${vnd(p.totalSpend)} · ${p.successfulOrders} delivered of ${p.ordersPlaced} orders (${p.failedOrders} failed, ${p.returnedOrders} returned)`)
  print(`    average order ${p.averageOrderValue === null ? "—" : vnd(p.averageOrderValue)} · ${p.itemsBought} items · every ${p.averageDaysBetweenOrders ?? "—"} days`)
  print(`    first ${p.firstPurchaseAt === null ? "—" : localTime(p.firstPurchaseAt, tz).slice(0, 10)} · last ${p.lastPurchaseAt === null ? "—" : localTime(p.lastPurchaseAt, tz).slice(0, 10)} · last 3 months ${vnd(p.spendLast3Months)} · owes ${vnd(p.outstandingReceivable)}`)
  print(`    most bought ${p.mostBoughtProduct === null ? "—" : `${p.mostBoughtProduct.name ?? p.mostBoughtProduct.productId} ×${p.mostBoughtProduct.quantity}`}`)
  print("")
  const chart = view.spendChart
  const max = Math.max(...chart.months.map((m) => Math.max(m.spend, m.previousYearSpend)))
  const totalThis = chart.months.reduce((s, m) => s + m.spend, 0)
  const totalLast = chart.months.reduce((s, m) => s + m.previousYearSpend, 0)
  print(`  Spend per month, ${chart.year} (vs ${chart.year - 1}): ${vnd(totalThis)} vs ${vnd(totalLast)}`)
  chart.months.forEach((m, i) => {
    const cells = bar(m.spend, max, 24).padEnd(24)
    const vs = m.spend === 0 && m.previousYearSpend === 0 ? "" : `${change(m.spendChange)} vs ${vnd(m.previousYearSpend)}`
    print(`    ${MONTHS[i]} ${cells} ${m.spend === 0 ? "".padStart(12) : vnd(m.spend).padStart(12)}  ${(m.orders > 0 ? `${m.orders} order${m.orders > 1 ? "s" : ""}` : "").padEnd(8)}  ${vs}`.trimEnd())
  })
  print("")
  const e = view.engagement
  const sum = (pick: (m: (typeof e.months)[number]) => number) => e.months.reduce((s, m) => s + pick(m), 0)
  print(`  Engagement ${e.year}: ${sum((m) => m.campaignsJoined.count)} campaigns joined, ${sum((m) => m.messagesReceived.count)} messages received, ${sum((m) => m.urlClicks.count)} link clicks, ${sum((m) => m.surveyParticipations.count)} surveys, ${e.minigames.totalPlays} minigame plays`)
  const active = [...e.months].reverse().find((m) => m.messagesReceived.count > 0)
  if (active !== undefined) {
    const share = active.messagesReceived.shareOfWorkspace
    const n = active.messagesReceived.count
    print(`    latest, ${active.month}: ${n} message${n === 1 ? "" : "s"} received (${change(active.messagesReceived.changeVsPreviousMonth)} vs previous month, ${share === null ? "—" : `${share}%`} of the shop's)`)
  }
}

// Leads and opportunities from the shop's own events (forms, reviews, carts, checkouts, orders), then the year's
// pipeline metrics and funnel.
const printPipeline = async (cdp: CdpClient, print: (line: string) => void, asOf: Date, timeZone: string) => {
  const started = performance.now()
  const followed = await cdp.pipeline.follow()
  const happened = new Map<string, number>()
  for (const h of followed.happened) happened.set(h.kind, (happened.get(h.kind) ?? 0) + 1)
  const leadsOpened = happened.get("lead_opened") ?? 0
  const opportunitiesOpened = happened.get("opportunity_opened") ?? 0
  print("Leads and opportunities from the shop's events (@kith/pipeline's event rules, each event once)")
  print(`  ${count(followed.applied)} events followed in ${((performance.now() - started) / 1000).toFixed(1)} s: ${count(leadsOpened)} leads opened, ${count(opportunitiesOpened)} opportunities opened, ${count(happened.get("opportunity_won") ?? 0)} won by their order, ${count(happened.get("opportunity_lost") ?? 0)} lost`)
  const year = localTime(asOf, timeZone).slice(0, 4)
  const period = { from: new Date(`${year}-01-01T00:00:00+07:00`), to: new Date(asOf.getTime() + 1) }
  const metrics = await cdp.pipeline.metrics(period)
  const nonZero = (counts: Readonly<Record<string, number>>) =>
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([key, n]) => `${key} ${count(n)}`)
      .join(" · ")
  const o = metrics.opportunities
  print(`  Pipeline metrics, ${year} (items created from ${localTime(period.from, timeZone).slice(0, 10)} to now)`)
  print(`    leads          ${count(metrics.leads.total)}: ${nonZero(metrics.leads.byStatus)}; by source ${nonZero(metrics.leads.bySource)}`)
  print(`    opportunities  ${count(o.total)}: open ${count(o.open)} · in progress ${count(o.inProgress)} · won ${count(o.won)} · lost ${count(o.lost)}; close rate ${o.closeRate === null ? "—" : `${(o.closeRate * 100).toFixed(1)}%`}`)
  print(`    value          won ${vnd(o.value.won["VND"] ?? 0)} · still open ${vnd((o.value.open["VND"] ?? 0) + (o.value.in_progress["VND"] ?? 0))} · lost ${vnd(o.value.lost["VND"] ?? 0)}`)
  const steps = await cdp.pipeline.funnel(period)
  const widest = Math.max(...steps.map((step) => step.customers))
  print(`  Funnel, ${year} (distinct customers; each stage holds the next)`)
  for (const step of steps) {
    print(`    ${step.stage.padEnd(12)} ${bar(step.customers, widest, 24).padEnd(24)} ${count(step.customers).padStart(6)}${step.conversion === null ? "" : `  ${(step.conversion * 100).toFixed(1)}% of the stage before`}`)
  }
  return { leadsOpened, opportunitiesOpened }
}

/**
 * Runs the quickstart end to end and prints it. Time comes from the data:
 * "now" is the instant of the shop's latest event.
 */
export const runQuickstart = async (options: QuickstartOptions): Promise<QuickstartResult> => {
  const { print } = options
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(options.database + suffix, { force: true })
  mkdirSync(dirname(options.database), { recursive: true })

  const shop = generateShop({ seed: options.seed, people: options.people })
  const events: Array<unknown> = []
  const byChannel = new Map<string, number>()
  let now = 0
  for (const { record, event } of shop.events()) {
    events.push(event)
    byChannel.set(record.channel, (byChannel.get(record.channel) ?? 0) + 1)
    if (record.observedAt.getTime() > now) now = record.observedAt.getTime()
  }
  const asOf = new Date(now)
  const timeZone = "Asia/Ho_Chi_Minh"
  const year = Number(localTime(asOf, timeZone).slice(0, 4))
  const completed = new Map<string, { thisYear: number; lastYear: number }>()
  for (const record of shop.records()) {
    if (record.event !== "Order Completed") continue
    const orders = completed.get(record.personId) ?? { thisYear: 0, lastYear: 0 }
    const recordYear = Number(localTime(record.observedAt, timeZone).slice(0, 4))
    if (recordYear === year) orders.thisYear++
    else if (recordYear === year - 1) orders.lastYear++
    completed.set(record.personId, orders)
  }
  const truth = truthComponents(shop.records())
  const groups = new Map([...truth].map(([person, components]) => [person, components.length]))
  const perfectProfiles = [...groups.values()].reduce((s, n) => s + n, 0)

  print(`kith quickstart — a synthetic Vietnamese shop on SQLite (${options.database})`)
  print("")
  print(`Generated ${count(shop.people.length)} people and ${count(events.length)} events (seed ${options.seed}), ${localTime(shop.options.start, timeZone).slice(0, 10)} … ${localTime(asOf, timeZone).slice(0, 10)}:`)
  print(`  ${[...byChannel].sort((a, b) => b[1] - a[1]).map(([channel, n]) => `${channel} ${count(n)}`).join(" · ")}`)
  print(`  "now" for this run is the latest event: ${localTime(asOf, timeZone)} (${timeZone})`)
  print("")

  const store = await openSqliteStorage({ filename: options.database })
  const cdp = await createCdp({ storage: store, workspace: { id: shop.options.workspaceId, name: "Demo shop" } })
  try {
    print("Ingesting through @kith/cdp (identity resolution, raw events and summaries, 1,000 events per transaction)")
    const ingestStart = performance.now()
    let nextQuarter = 0.25
    const outcome = await cdp.batch(events, {
      onProgress: (p) => {
        if (options.liveProgress) options.redraw?.(`  ${progressBar(p.processed, p.total)}`)
        else if (p.processed / p.total >= nextQuarter || p.processed === p.total) {
          print(`  ${progressBar(p.processed, p.total)}`)
          while (nextQuarter <= p.processed / p.total) nextQuarter += 0.25
        }
      }
    })
    if (options.liveProgress) options.redraw?.("\n")
    const seconds = (performance.now() - ingestStart) / 1000
    print(`  ${count(outcome.appended)} events appended in ${outcome.chunks} transactions, ${seconds.toFixed(1)} s (${count(Math.round(outcome.appended / seconds))} events/s)`)
    print("")

    const stored = await cdp.events.count()
    const visitors = await countList(cdp.profiles.visitors)
    const leads = await countList(cdp.profiles.leads)
    const buyers = await countList(cdp.profiles.buyers)
    const profiles = visitors + leads + buyers
    print("Raw records vs unified profiles")
    print(`  ${count(stored)} raw events  →  ${count(profiles)} profiles: ${count(visitors)} visitors, ${count(leads)} leads, ${count(buyers)} buyers`)
    print(`  ground truth: ${count(shop.people.length)} real people; a perfect resolver reaches ${count(perfectProfiles)} profiles (some devices are never tied to their owner by any identifier)`)
    print("")

    const { leadsOpened, opportunitiesOpened } = await printPipeline(cdp, print, asOf, timeZone)
    print("")
    const segmentMembers = await printSegments(cdp, print, asOf, timeZone)
    print("")
    const outreachSent = await printOutreach(cdp, print, asOf, timeZone)
    print("")

    const customer = pickCustomer(shop, completed, groups)
    let customerFound = false
    let nameSearchFound = false
    if (customer === undefined) {
      print("No customer with a marketplace account in this shop; use more people.")
    } else {
      const market = marketplaceOf(customer)!
      const record = await cdp.profiles.lookup({ type: market.type, value: market.value })
      const view = await cdp.profiles.get(record.profileId, { asOf })
      // Found means unified: every phone and every device of the person in the one profile the marketplace id leads to.
      const holds = (type: string, value: string) => record.identifiers.some((i) => i.type === type && i.value === value)
      customerFound =
        customer.phones.length > 0 &&
        customer.phones.every((phone) => holds("phone", phone)) &&
        customer.devices.every((device) => holds("anonymous_id", device.anonymousId))
      print(`Profile 360 of ${customer.fullName} — found by ${market.label} buyer id ${market.value} at ${localTime(asOf, timeZone)}`)
      printProfile360(print, view, record, customer)
      print("")
      const timeline = await cdp.profiles.timeline(record.profileId, { limit: 5, asOf })
      print("  Last five timeline entries")
      for (const item of timeline.items) {
        const detail = Object.entries(item.details)
          .filter(([k]) => ["orderId", "total", "title", "url", "summary", "planId", "ticketKind", "csat"].includes(k))
          .map(([k, v]) => (k === "total" && typeof v === "number" ? vnd(v) : `${k} ${String(v)}`))
          .slice(0, 3)
          .join(", ")
        print(`    ${localTime(item.at, timeZone)}  ${item.kind} ${item.action}${item.channel === null ? "" : ` on ${item.channel}`}${detail === "" ? "" : ` — ${detail}`}`)
      }
      const pipelineEntries = await cdp.pipeline.timeline(record.profileId)
      if (pipelineEntries.length > 0) {
        print("  Latest pipeline entries (leads, opportunities, notes)")
        for (const entry of pipelineEntries.slice(0, 4)) print(`    ${localTime(entry.at, timeZone)}  ${entry.item.kind} ${entry.item.id}: ${entry.detail} (${entry.actor})`)
      }
      print("")
      const device = customer.devices.find((d) => record.identifiers.some((i) => i.type === "anonymous_id" && i.value === d.anonymousId))
      if (device !== undefined) {
        const explanation = await cdp.identity.explain({ type: "anonymous_id", value: device.anonymousId }, { type: market.type, value: market.value })
        print(`  Identity chain: how the ${device.type} ${device.channel === "app" ? "app" : "browser"} (${device.manufacturer} ${device.model}) and the ${market.label} account were joined (explain)`)
        if (explanation.joined) {
          const first = explanation.chain[0]
          if (first !== undefined) print(`    ${await describeRecord(cdp, first.from, timeZone)}`)
          for (const link of explanation.chain) {
            print(`      └─ shares ${link.identifier === undefined ? "a manual merge" : `${link.identifier.type} ${link.identifier.value}`} with`)
            print(`    ${await describeRecord(cdp, link.to, timeZone)}`)
          }
        } else {
          print(`    kept apart: ${explanation.reasons.map((r) => r.kind).join(", ")}`)
        }
        print("")
      }

      const query = withoutAccents(customer.fullName)
      const hits = await cdp.profiles.search(query, { limit: 50 })
      nameSearchFound = hits.items.some((h) => h.profileId === record.profileId)
      print(`Search "${query}" (typed without accents): ${hits.items.length} profile${hits.items.length === 1 ? "" : "s"}`)
      for (const hit of hits.items.slice(0, 3)) print(`    ${hit.profileId}  ${hit.fullName ?? "—"}  ${hit.phones.join(", ")}`)
      print(`  ${nameSearchFound ? "✓" : "✗"} ${customer.fullName} (${customer.personId}) ${nameSearchFound ? "is" : "is NOT"} among them`)
    }

    let oldPhoneSearchFound = false
    const writer = pickOldPhoneWriter(shop, customer?.personId)
    if (writer !== undefined) {
      const phone = writer.phones[0]!
      const old = writePhone(phone, "old")
      const hits = await cdp.profiles.search(old, { limit: 10 })
      oldPhoneSearchFound = hits.items.length > 0 && hits.items.every((h) => h.phones.includes(phone))
      print(`Search "${old}" (the old eleven-digit form of ${phone}): ${hits.items.length} profile${hits.items.length === 1 ? "" : "s"}`)
      for (const hit of hits.items.slice(0, 3)) print(`    ${hit.profileId}  ${hit.fullName ?? "—"}  ${hit.phones.join(", ")}`)
      print(`  ${oldPhoneSearchFound ? "✓" : "✗"} ${writer.fullName} (${writer.personId}) ${oldPhoneSearchFound ? "found" : "NOT found"}`)
    }
    return { events: stored, profiles, customerFound, nameSearchFound, oldPhoneSearchFound, leadsOpened, opportunitiesOpened, segmentMembers, outreachSent }
  } finally {
    await cdp.close()
    await store.close()
  }
}
