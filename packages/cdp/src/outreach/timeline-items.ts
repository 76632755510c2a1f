import type { OutboxMessage } from "@kith/outreach"
import type { TimelineItem } from "@kith/profile"
import type { SentMessageRow } from "@kith/storage"

// The timeline item (PRF-6) of an outreach message a person was sent: kind `message`, action `sent`, at the instant a
// worker handed it to the sender, its id the outbox id — the `deliveryId` the host's `Message Delivered`, `Read` …
// events carry, which follow it on the timeline. Only the message's text is shown of what was stored.
export const timelineItemOfSent = (row: SentMessageRow): TimelineItem => ({
  id: row.outboxId,
  at: new Date(row.sentAt),
  kind: "message",
  action: "sent",
  channel: row.channel,
  details: { deliveryId: row.outboxId, planId: row.planId, text: (JSON.parse(row.message) as OutboxMessage).text }
})
