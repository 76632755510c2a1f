import { describe, expect, it } from "vitest"
import { consoleSender } from "../console-sender.js"

describe("examples/outreach-worker", () => {
  it("prints each message once per idempotency key, with its address and text", async () => {
    const lines: Array<string> = []
    const sender = consoleSender((line) => lines.push(line))
    const message = { outboxId: "ob_1", planId: "thank-you", profileId: "p_1", occurrence: "", channel: "zalo", purpose: "care", text: "Cảm ơn Lan!", locale: "vi", to: "+84912345678", products: [], voucher: { kind: "none" } } as const
    const signal = new AbortController().signal
    await sender.send(message, { idempotencyKey: "ob_1", attempt: 1, signal })
    await sender.send(message, { idempotencyKey: "ob_1", attempt: 2, signal })
    expect(lines).toEqual(["zalo → +84912345678 [ob_1, attempt 1]: Cảm ơn Lan!"])
  })
})
