import type { TimelineItem } from "@kith/profile"
import type { OutboxRecord } from "@kith/storage"

// The timeline item (PRF-6) of an outreach message a person was sent: kind `message`, action `sent`, at the instant a
// worker handed it to the sender, its id the outbox id — the `deliveryId` the host's `Message Delivered`, `Read` …
// events carry, which follow it on the timeline.
export const timelineItemOfSent = (record: OutboxRecord): TimelineItem => ({
  id: record.outboxId,
  at: record.sentAt ?? record.createdAt,
  kind: "message",
  action: "sent",
  channel: record.channel,
  details: { deliveryId: record.outboxId, planId: record.planId, text: record.message.text }
})
