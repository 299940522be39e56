import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, PersonalData, RunCommand, SealedPersonal, uuidFrom } from '@app/application';
import { DomainError, WEBHOOK_DISABLED_AFTER_MS } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EffectsDone, once } from '../effects-done';
import { backoffDelayMs, JobHandler, JobRun, RetryPolicy } from '../job-queue';
import { DeliveryJob, WEBHOOK_DELIVERY } from './webhook-deliveries.source';
import { NewDelivery, SqliteWebhookDeliveryLog } from './sqlite-webhook-delivery-log';
import { WebhookSender } from './webhook-request';

export interface WebhookDeliveryPorts {
  log: SqliteWebhookDeliveryLog;
  effects: EffectsDone;
  sender: WebhookSender;
  personalData: PersonalData;
  store: EventStore;
  bus: CommandBus;
  clock: Clock;
  retry: RetryPolicy;
}

/**
 * Makes one attempt at a delivery: signed with the webhook's secret (opened from the log), recorded with its
 * outcome, thrown to be retried with backoff when it failed. A delivery recorded as made is not made again by a job
 * run again after a crash. A webhook whose every delivery has failed for three days is disabled, by a rule-checked
 * command its coordinators are mailed about.
 */
export class WebhookDeliveryHandler implements JobHandler<DeliveryJob> {
  readonly name = WEBHOOK_DELIVERY;
  private readonly logger = new Logger('WebhookDeliveries');
  /** Secrets by webhook: a removed webhook's is never asked for again (it gets no delivery). */
  private readonly secrets = new Map<string, string>();

  constructor(private readonly ports: WebhookDeliveryPorts) {}

  async run(delivery: DeliveryJob, run: JobRun): Promise<void> {
    const { deliveryId } = delivery;
    this.ports.log.add(delivery);
    const webhook = this.ports.log.webhook(delivery.webhookId);
    const secret = webhook?.active ? await this.secretOf(delivery) : undefined;
    if (!webhook || !secret) {
      this.ports.log.cancel(deliveryId);
      return;
    }
    await once(this.ports.effects, `${WEBHOOK_DELIVERY}:${run.id}`, () =>
      this.attempt(delivery, webhook.url, secret, run),
    );
  }

  private async attempt(delivery: NewDelivery, url: string, secret: string, run: JobRun): Promise<void> {
    const { log, sender, clock, retry } = this.ports;
    const at = clock.now();
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await sender.post(url, secret, {
        id: delivery.deliveryId,
        timestamp: at,
        body: delivery.body,
      });
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    const delivered = status !== null && status >= 200 && status < 300;
    if (!delivered) error ??= `answered ${status}`;
    const nextAttemptAt =
      delivered || run.last
        ? null
        : new Date(at.getTime() + backoffDelayMs(run.attempt, retry)).toISOString();
    const durationMs = Math.round(performance.now() - started);
    const failingSince = log.recordAttempt(
      delivery,
      { at: at.toISOString(), status, error, durationMs },
      { delivered, nextAttemptAt },
    );
    if (delivered) return;
    if (failingSince && at.getTime() - Date.parse(failingSince) >= WEBHOOK_DISABLED_AFTER_MS)
      await this.disable(delivery, failingSince);
    throw new Error(`Delivery ${delivery.deliveryId} to webhook ${delivery.webhookId} failed: ${error}`);
  }

  private async disable({ networkId, webhookId }: NewDelivery, failingSince: string): Promise<void> {
    const command = { type: 'DisableWebhook', networkId, webhookId, failingSince } as const;
    try {
      await this.ports.bus.execute(
        new RunCommand(command, { commandId: uuidFrom(`disable-webhook\n${webhookId}\n${failingSince}`) }),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.log(`Webhook ${webhookId} was not disabled: ${error.message}`);
    }
  }

  private async secretOf({ networkId, webhookId }: NewDelivery): Promise<string | undefined> {
    const known = this.secrets.get(webhookId);
    if (known) return known;
    const registered = (await this.ports.store.readStream(`network-${networkId}`)).find(
      (event) =>
        event.type === 'WebhookRegistered' && (event.data as { webhookId: string }).webhookId === webhookId,
    );
    if (!registered) return undefined;
    const personal = await this.ports.personalData.open<{ secret: string }>(
      (registered.data as { personal: SealedPersonal }).personal,
    );
    if ('forgotten' in personal) return undefined;
    this.secrets.set(webhookId, personal.secret);
    return personal.secret;
  }
}
