import { Schema } from "effect"
import { Channel } from "../channel.js"
import { Count, Labels, OneToFive, Ref, Text } from "./fields.js"

/** A review of a product or an order, rated 1–5. */
export const ReviewProperties = Schema.Struct({
  reviewId: Schema.optionalKey(Ref),
  productId: Schema.optionalKey(Ref),
  orderId: Schema.optionalKey(Ref),
  rating: OneToFive,
  text: Schema.optionalKey(Text(10_000))
})
/** {@link ReviewProperties} after decoding. */
export type ReviewProperties = typeof ReviewProperties.Type

/**
 * A conversation with the AI assistant or a staff member, on any chat channel,
 * with its summary, labels and customer satisfaction score (CSAT 1–5).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(ConversationProperties)({ conversationId: "c-77", agent: "ai", channel: "zalo", summary: "Hỏi size áo", labels: ["tư vấn"], csat: 5 })
 * ```
 */
export const ConversationProperties = Schema.Struct({
  conversationId: Ref,
  agent: Schema.Literals(["ai", "staff"]),
  staffId: Schema.optionalKey(Ref),
  channel: Schema.optionalKey(Channel),
  summary: Schema.optionalKey(Text(10_000)),
  labels: Schema.optionalKey(Labels),
  csat: Schema.optionalKey(OneToFive),
  messageCount: Schema.optionalKey(Count(0))
})
/** {@link ConversationProperties} after decoding. */
export type ConversationProperties = typeof ConversationProperties.Type

/** The kind of a support ticket. */
export const TicketKind = Schema.Literals(["request", "complaint", "warranty"])
/** A {@link TicketKind} after decoding. */
export type TicketKind = typeof TicketKind.Type

/** A support ticket opened or resolved. */
export const TicketProperties = Schema.Struct({
  ticketId: Ref,
  kind: TicketKind,
  subject: Schema.optionalKey(Text(1000)),
  orderId: Schema.optionalKey(Ref),
  resolution: Schema.optionalKey(Text(10_000))
})
/** {@link TicketProperties} after decoding. */
export type TicketProperties = typeof TicketProperties.Type

/** Following or unfollowing the shop's account (Zalo OA, marketplace shop, TikTok). */
export const FollowProperties = Schema.Struct({
  channel: Schema.optionalKey(Channel),
  accountId: Schema.optionalKey(Ref)
})
/** {@link FollowProperties} after decoding. */
export type FollowProperties = typeof FollowProperties.Type

/** Watching a LIVE stream, or clicking a product shown in it. */
export const LiveProperties = Schema.Struct({
  liveId: Ref,
  title: Schema.optionalKey(Text(500)),
  productId: Schema.optionalKey(Ref),
  watchSeconds: Schema.optionalKey(Count(0))
})
/** {@link LiveProperties} after decoding. */
export type LiveProperties = typeof LiveProperties.Type

/** Viewing, liking or clicking a product in a short video. */
export const VideoProperties = Schema.Struct({
  videoId: Ref,
  productId: Schema.optionalKey(Ref)
})
/** {@link VideoProperties} after decoding. */
export type VideoProperties = typeof VideoProperties.Type

/** Joining a marketing campaign. */
export const CampaignJoinedProperties = Schema.Struct({
  campaignId: Ref,
  name: Schema.optionalKey(Text(500))
})
/** {@link CampaignJoinedProperties} after decoding. */
export type CampaignJoinedProperties = typeof CampaignJoinedProperties.Type

/** Answering a survey (for example a Zalo survey). */
export const SurveySubmittedProperties = Schema.Struct({
  surveyId: Ref,
  answers: Schema.optionalKey(Schema.Record(Schema.String, Schema.Json))
})
/** {@link SurveySubmittedProperties} after decoding. */
export type SurveySubmittedProperties = typeof SurveySubmittedProperties.Type

/** Playing a minigame; `plays` counts the rounds in this session (1 when absent). */
export const MinigamePlayedProperties = Schema.Struct({
  gameId: Ref,
  plays: Schema.optionalKey(Count(1)),
  result: Schema.optionalKey(Text(200))
})
/** {@link MinigamePlayedProperties} after decoding. */
export type MinigamePlayedProperties = typeof MinigamePlayedProperties.Type

/** Where a form was filled in (PIPE-1). */
export const FormKind = Schema.Literals(["chatbot", "website", "landing_page", "review", "other"])
/** A {@link FormKind} after decoding. */
export type FormKind = typeof FormKind.Type

/** A chatbot or website form sent: the answers by field name. */
export const FormSubmittedProperties = Schema.Struct({
  formId: Ref,
  kind: FormKind,
  fields: Schema.Record(Schema.String, Text(10_000))
})
/** {@link FormSubmittedProperties} after decoding. */
export type FormSubmittedProperties = typeof FormSubmittedProperties.Type
