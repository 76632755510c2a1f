// Runs the quickstart as `npm run demo` does (a child process through tsx), on a smaller shop and a
// temporary database, and checks its exit code and the lines a newcomer reads.
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { bar, change, progressBar, vnd, withoutAccents } from "../format.js"

const root = join(import.meta.dirname, "..", "..", "..")
const dir = mkdtempSync(join(tmpdir(), "kith-quickstart-"))

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("examples/quickstart", () => {
  it("runs end to end on SQLite, exits 0 and prints the pipeline metrics and funnel, the Profile 360, the identity chain and both searches", () => {
    const run = spawnSync(
      join(root, "node_modules", ".bin", "tsx"),
      ["--conditions=@kith/source", join(root, "examples", "quickstart", "main.ts"), "--people", "300", "--db", join(dir, "demo.sqlite")],
      { cwd: root, encoding: "utf8", timeout: 120_000, env: { ...process.env, TZ: "America/Los_Angeles" } }
    )
    expect(run.stderr).toBe("")
    expect(run.status).toBe(0)
    const out = run.stdout
    expect(out).toMatch(/Generated 300 people and 1,702 events \(seed 42\), 2024-01-01 … 2025-12-31/)
    expect(out).toContain(`"now" for this run is the latest event: 2025-12-31 20:03 (Asia/Ho_Chi_Minh)`)
    expect(out).toContain("[██████████████████████████████] 100%  1,702/1,702 events")
    expect(out).toMatch(/1,702 raw events {2}→ {2}306 profiles: \d+ visitors, \d+ leads, \d+ buyers/)
    expect(out).toMatch(/1,702 events followed in \d+\.\d s: [1-9][\d,]* leads opened, [1-9][\d,]* opportunities opened, \d+ won by their order/)
    expect(out).toMatch(/Pipeline metrics, 2025 /)
    expect(out).toMatch(/opportunities {2}\d+: open \d+ · in progress \d+ · won \d+ · lost \d+; close rate/)
    expect(out).toMatch(/Funnel, 2025 /)
    expect(out).toMatch(/ buyer +█*[▏▎▍▌▋▊▉]? +\d+ {2}\d+\.\d% of the stage before/)
    expect(out).toContain("Segments: two templates of @kith/segments, refreshed at 2025-12-31 20:03")
    expect(out).toMatch(/ {2}Regular buyers +[1-9][\d,]* members? — /)
    expect(out).toMatch(/ {2}Lapsed buyers +[1-9][\d,]* members? — /)
    expect(out).toMatch(/Why .+ \(p_[^)]+\) is in "Regular buyers" \(explain\)\n +✓ successful orders in the last 90 days: \d+, needs ≥ 2/)
    expect(out).toMatch(/Outreach: a thank-you plan to "regular" \([1-9][\d,]* consented on Zalo\), 10 % held out, scheduled 2026-01-01 09:00/)
    expect(out).toMatch(/tick at 2026-01-01 09:00: started thank-you, [1-9][\d,]* outbox rows; a worker sent [1-9][\d,]*; plan completed \(outbox drained\)/)
    expect(out).toMatch(/e\.g\. \+84\d{9} \[ob_[0-9a-f]{32}\]: Cảm ơn .+ đã luôn ủng hộ shop! Tặng bạn mã CAMON10/)
    expect(out).toMatch(/performance: [1-9][\d,]* recipients, [1-9][\d,]* sent/)
    expect(out).toContain("Profile 360 of Bùi Thị My — found by TikTok Shop buyer id 7284346420425748745")
    expect(out).toMatch(/Spend per month, 2025 \(vs 2024\)/)
    expect(out).toContain("Last five timeline entries")
    expect(out).toMatch(/Identity chain: how the .* and the TikTok Shop account were joined/)
    expect(out).toContain("└─ shares ")
    expect(out).toContain(`Search "bui thi my" (typed without accents)`)
    expect(out).toContain("✓ Bùi Thị My (person-000157) is among them")
    expect(out).toMatch(/Search "0169\d{7}" \(the old eleven-digit form of \+8439\d{7}\): 1 profile/)
    expect(out).toMatch(/✓ .* \(person-\d+\) found/)
    expect(out).not.toContain("✗")
    expect(out).toMatch(/Done in \d+\.\d s\./)
  })

  it("formats money, changes, bars and names the way the demo prints them", () => {
    expect(vnd(1_250_000)).toBe("1.250.000 ₫")
    expect(change(12.345)).toBe("+12.3%")
    expect(change(-100)).toBe("-100%")
    expect(change(null)).toBe("new")
    expect(bar(50, 100, 4)).toBe("██")
    expect(bar(0, 100, 4)).toBe("")
    expect(progressBar(5, 10, 10)).toBe("[█████░░░░░]  50%  5/10 events")
    expect(withoutAccents("Nguyễn Thị Đào")).toBe("nguyen thi dao")
  })
})
