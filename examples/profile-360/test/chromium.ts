// Debian's Chromium driven by playwright-core, for the browser tests. Missing locally, the tests are skipped and say
// so; missing in CI (CI=true), they fail — `.ci/run` installs it.
import { existsSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import { type Browser, chromium, type Page } from "playwright-core"

/** Where Debian's `chromium` package puts the browser; `CHROMIUM_PATH` overrides it. */
export const chromiumPath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium"

/** Whether the browser tests run: Chromium is there, or this is CI (where its absence is a failure, not a skip). */
export const runBrowserTests = existsSync(chromiumPath) || process.env["CI"] === "true"

/** Launches headless Chromium with flags for a container: no sandbox, no GPU, no background traffic. */
export const launchChromium = (): Promise<Browser> => {
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`)
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"]
  })
}

/** Everything that went wrong in a page: console errors, uncaught exceptions, failed requests, HTTP errors. */
export const watchProblems = (page: Page): ReadonlyArray<string> => {
  const problems: Array<string> = []
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`)
  })
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`))
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`))
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`)
  })
  return problems
}

/** The folder the tests save screenshots in for review (ignored by git). */
export const screenshotDir = (): string => {
  const dir = join(import.meta.dirname, "screenshots")
  mkdirSync(dir, { recursive: true })
  return dir
}
