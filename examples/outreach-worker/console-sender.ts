// A sender that prints each message instead of calling a provider: swap `send` for your Zalo, SMS or email API,
// passing `idempotencyKey` to it so a message handed over again after a crash is not sent twice.
import type { OutboundMessage, OutreachSender, SendOptions } from "@kith/outreach"

/** One printed line per message: channel, address, idempotency key, attempt and text. */
export const describeMessage = (message: OutboundMessage, options: Pick<SendOptions, "idempotencyKey" | "attempt">): string =>
  `${message.channel} → ${message.to} [${options.idempotencyKey}, attempt ${options.attempt}]: ${message.text}`

/** A sender that prints every message, remembering the keys it sent so a repeated key is printed once. */
export const consoleSender = (print: (line: string) => void = console.log): OutreachSender & { readonly sent: ReadonlySet<string> } => {
  const sent = new Set<string>()
  return {
    sent,
    send: async (message, options) => {
      if (sent.has(options.idempotencyKey)) return
      sent.add(options.idempotencyKey)
      print(describeMessage(message, options))
    }
  }
}
