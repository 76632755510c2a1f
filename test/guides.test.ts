// The guides in docs/guides show code that runs: each ```ts block that names a file under docs/guides/code is that
// file, word for word, and each file is run here and gives what its guide says.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { customerScreen } from "../docs/guides/code/customer-screen.js"
import { moveToPostgres } from "../docs/guides/code/move-to-postgres.js"
import { deliverThankYou } from "../docs/guides/code/outreach-delivery.js"
import { quickstart } from "../docs/guides/code/quickstart-sqlite.js"
import { sendFromSdks } from "../docs/guides/code/segment-sdk.js"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "../packages/storage-postgres/test/pg-test-schema.js"

const guides = join(import.meta.dirname, "..", "docs", "guides")
const dir = mkdtempSync(join(tmpdir(), "kith-guides-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("the guides (DX-6)", () => {
  it("show each code file whole, and every code file is in a guide", () => {
    const shown = new Set<string>()
    for (const guide of readdirSync(guides).filter((f) => f.endsWith(".md"))) {
      const text = readFileSync(join(guides, guide), "utf8")
      for (const [, block] of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
        const named = /^\/\/ (docs\/guides\/code\/[\w-]+\.ts)/.exec(block!)
        if (named === null) continue
        expect(block, `${guide} shows ${named[1]}`).toBe(readFileSync(join(guides, "..", "..", named[1]!), "utf8"))
        shown.add(named[1]!)
      }
    }
    expect([...shown].sort()).toEqual(
      readdirSync(join(guides, "code"))
        .map((f) => `docs/guides/code/${f}`)
        .sort()
    )
  })

  it("quickstart on SQLite: the customer found by another form of her phone and by her name without accents", async () => {
    expect(await quickstart(join(dir, "quickstart.sqlite"))).toEqual({ name: "Nguyễn Thị Lan", stage: "buyer", totalSpend: 450_000, found: 1 })
  })

  it("moving to Postgres: every raw event replayed, the same profiles", async (ctx) => {
    const unreachable = await probePostgres()
    if (unreachable !== undefined) return ctx.skip(unreachable)
    const file = join(dir, "to-move.sqlite")
    await quickstart(file)
    const schema = freshSchemaName()
    try {
      expect(await moveToPostgres(file, pgUrl, schema)).toEqual({ sqlite: 1, postgres: 1, replayed: 3 })
      // A second run finds every event already there.
      expect((await moveToPostgres(file, pgUrl, schema)).replayed).toBe(0)
    } finally {
      await dropSchema(schema)
    }
  })

  it("sending from a Segment or RudderStack SDK: the calls land as kith events on one profile", async () => {
    const { profileId, events } = await sendFromSdks()
    expect(profileId).toMatch(/^p_/)
    expect(events).toBe(3)
  })

  it("a customer screen on the read API: search, Profile 360, timeline, a list with its count", async () => {
    expect(await customerScreen()).toEqual({ total: 1, spend: 1_250_000, months: 12, timeline: ["order"], buyers: 1 })
  })

  it("outreach delivery: a thank-you plan scheduled, started by tick, delivered once by a worker, its order attributed", async () => {
    expect(await deliverThankYou(join(dir, "outreach.sqlite"))).toEqual({
      started: ["thank-you"],
      delivered: [expect.stringMatching(/^\+84912345678 \[ob_[0-9a-f]{32}\]: Cảm ơn Lan đã mua ở Tiệm Áo Lan! Mã giảm giá: CAMON10$/)],
      status: "sent",
      orders: 1,
      revenue: 300_000,
      vouchersUsed: 1
    })
  })
})
