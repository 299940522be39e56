/** The event types webhooks receive, by the names deliveries carry (API.md "Webhooks"). */
export const WEBHOOK_EVENT_TYPES = [
  'practice.submitted',
  'practice.review_recorded',
  'practice.approved',
  'practice.published',
  'practice.withdrawn',
  'motion.proposed',
  'motion.carried',
  'motion.lapsed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
