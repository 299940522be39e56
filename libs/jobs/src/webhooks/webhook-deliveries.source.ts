import type { WebhookEventType } from '@app/domain';
import { uuidFrom } from '@app/application';
import type { RecordedEvent } from '@app/event-store';
import type { Job } from '../job-queue';
import { jobIdFor, JobSource } from '../job-source';
import { NewDelivery, SqliteWebhookDeliveryLog } from './sqlite-webhook-delivery-log';

/** The job handler that makes a delivery. */
export const WEBHOOK_DELIVERY = 'webhook-delivery';

/** The whole delivery: the job makes it even if the log's row was lost (the log is kept `normal`, not `full`). */
export type DeliveryJob = NewDelivery;

/** The events webhooks receive (API.md), by the type name they carry there. */
const WEBHOOK_TYPES: Record<string, WebhookEventType> = {
  PracticeSubmitted: 'practice.submitted',
  ReviewRecorded: 'practice.review_recorded',
  PracticeApproved: 'practice.approved',
  PracticePublished: 'practice.published',
  PracticeWithdrawn: 'practice.withdrawn',
  MotionProposed: 'motion.proposed',
  MotionCarried: 'motion.carried',
  MotionLapsed: 'motion.lapsed',
};

type WebhookEventData = {
  networkId: string;
  webhookId: string;
  url: string;
  events?: string[];
  deliveryId: string;
};

/**
 * Follows the log in order: keeps the webhooks (registered, removed, disabled) and the owner network of each
 * practice, and adds a delivery for each event webhooks receive to each active webhook of the network it concerns
 * (the owner network for practice material, every network for motions, as each holds a seat), and a redelivery
 * when a coordinator asks. The delivery (its body fixed then) is logged before its job is added.
 */
export class WebhookDeliveriesSource extends JobSource {
  readonly name = 'webhook-deliveries';

  constructor(private readonly log: SqliteWebhookDeliveryLog) {
    super();
  }

  jobsFor(event: RecordedEvent): Job<DeliveryJob>[] {
    const data = event.data as WebhookEventData & { practiceId?: string };
    switch (event.type) {
      case 'WebhookRegistered':
        this.log.registered(data, event.position);
        return [];
      case 'WebhookRemoved':
      case 'WebhookDisabled':
        this.log.deactivated(data.webhookId, event.position);
        return [];
      case 'WebhookRedeliveryRequested': {
        const delivery = this.log.delivery(data.deliveryId);
        return delivery
          ? [{ handler: WEBHOOK_DELIVERY, id: jobIdFor(WEBHOOK_DELIVERY, event), data: delivery }]
          : [];
      }
      case 'PracticeSubmitted':
        this.log.practiceSubmitted(data.practiceId!, data.networkId);
    }
    const type = WEBHOOK_TYPES[event.type];
    if (!type) return [];
    const networkId = data.practiceId === undefined ? undefined : this.log.networkOf(data.practiceId);
    if (data.practiceId !== undefined && networkId === undefined) return [];
    const { personal: _personal, ...payload } = event.data as Record<string, unknown>;
    const timestamp = (event.metadata.occurredAt as string | undefined) ?? event.createdAt.toISOString();
    const body = JSON.stringify({ type, timestamp, data: payload });
    return this.log.targets(networkId, type, event.position).map((target) => {
      const delivery: NewDelivery = {
        deliveryId: uuidFrom(`webhook-delivery\n${event.id}\n${target.webhookId}`),
        webhookId: target.webhookId,
        networkId: target.networkId,
        eventId: event.id,
        type,
        body,
        createdAt: event.createdAt.toISOString(),
      };
      this.log.add(delivery);
      return {
        handler: WEBHOOK_DELIVERY,
        id: jobIdFor(WEBHOOK_DELIVERY, event, target.webhookId),
        data: delivery,
      };
    });
  }
}
