import {
  Body,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Render,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Response } from 'express';
import { Clock, newAccessToken, StreamFacts } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import { NotAllowed, type Role, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@app/domain';
import type { ResolvedActor } from '@app/read-models';
import { AuthorityRegister } from '@app/reference-data';
import { HttpCommandMeta, Meta } from '../../http/command-meta';
import { send, shownOnce } from '../../http/send-command';
import { CurrentActor } from '../../identity/bearer-auth.guard';
import { NetworkView } from '../../networks/network-view.service';
import { RegisterMemberDto, RegisterWebhookDto } from '../../networks/networks.dto';
import { WebhookDeliveries } from '../../networks/webhook-deliveries.service';
import { newWebhookSecret, webhookUrlAllowed } from '../../networks/webhook-registration';
import { formErrors } from '../form-errors';
import { PageController, SignedIn } from '../page-controller';

type Form = Record<string, string | string[] | undefined>;

const ROLE_ITEMS = [
  {
    value: 'contributor',
    text: 'Contributor',
    hint: { text: 'Submits, revises, publishes and withdraws material' },
  },
  {
    value: 'coordinator',
    text: 'Coordinator',
    hint: { text: 'Manages members, tokens, the seat and authorities' },
  },
];

/** What each type of event a webhook may receive is, in the form's words (API.md "Webhooks"). */
const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'practice.submitted': 'Material submitted for review',
  'practice.review_recorded': 'A review recorded',
  'practice.approved': 'Material approved',
  'practice.published': 'Material published',
  'practice.withdrawn': 'Material withdrawn',
  'motion.proposed': 'A motion proposed',
  'motion.carried': 'A motion carried',
  'motion.lapsed': 'A motion lapsed',
};

const asList = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value : value ? [value] : [];
const field = (value: string | string[] | undefined) => (typeof value === 'string' ? value.trim() : '');

/**
 * The coordinator's page: members and their roles, access tokens, the Steering Group seat, authorities, webhooks
 * and their deliveries.
 */
@PageController('network')
export class NetworkPages {
  constructor(
    private readonly bus: CommandBus,
    private readonly networks: NetworkView,
    private readonly facts: StreamFacts,
    private readonly register: AuthorityRegister,
    private readonly clock: Clock,
    private readonly deliveries: WebhookDeliveries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @UseGuards(SignedIn)
  @Render('network/network')
  page(@CurrentActor() actor: ResolvedActor) {
    return this.networkPage(actor);
  }

  @Post('members')
  @UseGuards(SignedIn)
  async addMember(
    @CurrentActor() actor: ResolvedActor,
    @Meta() meta: HttpCommandMeta,
    @Body() body: Form,
    @Res() response: Response,
  ) {
    const values = { name: field(body.name), email: field(body.email), roles: asList(body.roles) };
    const errors: Record<string, string> = {};
    for (const error of validateSync(plainToInstance(RegisterMemberDto, values)))
      errors[error.property] = MEMBER_MESSAGES[error.property as keyof typeof MEMBER_MESSAGES];
    if (Object.keys(errors).length > 0) return this.refused(response, actor, errors, { values });
    const { networkId } = this.coordinator(actor);
    const personId = meta.idFor('person');
    const { name, email, roles } = values;
    await send(
      this.bus,
      { type: 'RegisterMember', networkId, personId, roles: roles as Role[], personal: { name, email } },
      meta,
    );
    response.redirect(303, '/network#members');
  }

  /** The token is shown on this page once, never again (it is also mailed to its holder). */
  @Post('members/:personId/tokens')
  @HttpCode(200)
  @UseGuards(SignedIn)
  @Render('network/token')
  async issueToken(
    @CurrentActor() actor: ResolvedActor,
    @Param('personId') personId: string,
    @Meta() meta: HttpCommandMeta,
  ) {
    const { networkId } = this.coordinator(actor);
    const { token, ...issued } = newAccessToken(this.clock.now());
    await send(this.bus, { type: 'IssueAccessToken', networkId, personId, token: issued }, meta, { token });
    const member = (await this.members(actor)).find((candidate) => candidate.personId === personId);
    return { title: 'Access token issued', token, expiresAt: issued.expiresAt, member };
  }

  @Post('members/:personId/tokens/:tokenId/revoke')
  @UseGuards(SignedIn)
  async revokeToken(
    @CurrentActor() actor: ResolvedActor,
    @Param('personId') personId: string,
    @Param('tokenId') tokenId: string,
    @Meta() meta: HttpCommandMeta,
    @Res() response: Response,
  ) {
    const { networkId } = this.coordinator(actor);
    await send(this.bus, { type: 'RevokeAccessToken', networkId, personId, tokenId }, meta);
    response.redirect(303, '/network#members');
  }

  @Post('members/:personId/roles')
  @UseGuards(SignedIn)
  async changeRoles(
    @CurrentActor() actor: ResolvedActor,
    @Param('personId') personId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() body: Form,
    @Res() response: Response,
  ) {
    const { networkId } = this.coordinator(actor);
    const roles = asList(body.roles).filter((role): role is Role =>
      ['coordinator', 'contributor'].includes(role),
    );
    if (roles.length === 0)
      return this.refused(response, actor, { [`roles-${personId}`]: 'Select at least one role' });
    await send(this.bus, { type: 'ChangeMemberRoles', networkId, personId, roles }, meta);
    response.redirect(303, '/network#members');
  }

  @Post('representative')
  @UseGuards(SignedIn)
  async nominate(
    @CurrentActor() actor: ResolvedActor,
    @Meta() meta: HttpCommandMeta,
    @Body() body: Form,
    @Res() response: Response,
  ) {
    const { networkId } = this.coordinator(actor);
    const personId = field(body.representative);
    if (!personId) return this.refused(response, actor, { representative: 'Select a member' });
    await send(this.bus, { type: 'NominateRepresentative', networkId, personId }, meta);
    response.redirect(303, '/network#seat');
  }

  @Post('authorities')
  @UseGuards(SignedIn)
  async addAuthority(
    @CurrentActor() actor: ResolvedActor,
    @Meta() meta: HttpCommandMeta,
    @Body() body: Form,
    @Res() response: Response,
  ) {
    const { networkId } = this.coordinator(actor);
    const authorityCode = field(body.authorityCode);
    if (!this.register.has(authorityCode))
      return this.refused(response, actor, { authorityCode: 'Select an authority from the register' });
    await send(this.bus, { type: 'AddMemberAuthority', networkId, authorityCode }, meta);
    response.redirect(303, '/network#authorities');
  }

  /** The signing secret is shown on this page once, never again, as the API answers it once. */
  @Post('webhooks')
  @HttpCode(200)
  @UseGuards(SignedIn)
  async registerWebhook(
    @CurrentActor() actor: ResolvedActor,
    @Meta() meta: HttpCommandMeta,
    @Body() body: Form,
    @Res() response: Response,
  ) {
    const { networkId } = this.coordinator(actor);
    const url = field(body.webhookUrl);
    const events = asList(body.webhookEvents);
    const errors: Record<string, string> = {};
    for (const error of validateSync(
      plainToInstance(RegisterWebhookDto, { url, events: events.length ? events : undefined }),
    ))
      errors[error.property === 'url' ? 'webhookUrl' : 'webhookEvents'] =
        WEBHOOK_MESSAGES[error.property as keyof typeof WEBHOOK_MESSAGES];
    if (!errors.webhookUrl && !webhookUrlAllowed(url, this.config)) errors.webhookUrl = WEBHOOK_MESSAGES.url;
    if (Object.keys(errors).length > 0)
      return this.refused(response, actor, errors, { webhookValues: { url, events } });
    const webhookId = meta.idFor('webhook');
    const secret = newWebhookSecret();
    shownOnce(
      await send(
        this.bus,
        {
          type: 'RegisterWebhook',
          networkId,
          webhookId,
          url,
          secret,
          events: events.length ? (events as WebhookEventType[]) : undefined,
        },
        meta,
      ),
    );
    response.render('network/webhook-secret', { title: 'Webhook registered', url, secret });
  }

  @Post('webhooks/:webhookId/remove')
  @UseGuards(SignedIn)
  async removeWebhook(
    @CurrentActor() actor: ResolvedActor,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Meta() meta: HttpCommandMeta,
    @Res() response: Response,
  ) {
    const { networkId } = this.coordinator(actor);
    await send(this.bus, { type: 'RemoveWebhook', networkId, webhookId }, meta);
    response.redirect(303, '/network#webhooks');
  }

  /** One webhook's deliveries, newest first, each with a button to make it again. */
  @Get('webhooks/:webhookId')
  @UseGuards(SignedIn)
  @Render('network/webhook')
  async webhook(
    @CurrentActor() actor: ResolvedActor,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Query('redelivered') redelivered?: string,
  ) {
    const deliveries = await this.deliveries.list(actor, actor.networkId, webhookId);
    const webhook = (await this.facts.network(actor.networkId)).webhooks[webhookId];
    return {
      title: `Deliveries to ${webhook.url}`,
      webhookId,
      webhook: { ...webhook, eventLabels: eventLabels(webhook.events) },
      deliveries: deliveries.map((delivery) => ({
        ...delivery,
        label: WEBHOOK_EVENT_LABELS[delivery.type as WebhookEventType] ?? delivery.type,
        lastError: delivery.attempts.at(-1)?.error ?? null,
      })),
      redelivered: deliveries.find((delivery) => delivery.deliveryId === redelivered),
    };
  }

  @Post('webhooks/:webhookId/deliveries/:deliveryId/redeliver')
  @UseGuards(SignedIn)
  async redeliver(
    @CurrentActor() actor: ResolvedActor,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
    @Meta() meta: HttpCommandMeta,
    @Res() response: Response,
  ) {
    await this.deliveries.redeliver(actor, actor.networkId, webhookId, deliveryId, meta);
    response.redirect(303, `/network/webhooks/${webhookId}?redelivered=${deliveryId}`);
  }

  /** The page again, with each field's error and the input kept: nothing was sent. */
  private async refused(
    response: Response,
    actor: ResolvedActor,
    errors: Record<string, string>,
    form: object = {},
  ) {
    response
      .status(422)
      .render('network/network', await this.networkPage(actor, { ...form, ...formErrors(errors) }));
  }

  /** Only the network's coordinators manage it (the deciders check it again). */
  private coordinator(actor: ResolvedActor): ResolvedActor {
    if (!actor.roles.includes('coordinator'))
      throw new NotAllowed("Only the network's coordinators manage it");
    return actor;
  }

  private async members(actor: ResolvedActor) {
    const view = (await this.networks.view(actor.networkId, actor)) as {
      members: Array<{
        personId: string;
        roles: string[];
        name?: string;
        email?: string;
        forgotten?: boolean;
      }>;
    };
    return view.members;
  }

  private async networkPage(actor: ResolvedActor, form: object = {}) {
    this.coordinator(actor);
    const state = await this.facts.network(actor.networkId);
    const now = this.clock.now().toISOString();
    const members = (await this.members(actor)).map((member) => ({
      ...member,
      representative: state.representative === member.personId,
      roleItems: ROLE_ITEMS.map((item) => ({
        ...item,
        hint: undefined,
        checked: member.roles.includes(item.value),
      })),
      tokens: Object.entries(state.tokens)
        .filter(([, token]) => token.personId === member.personId && !token.revoked && token.expiresAt > now)
        .map(([tokenId, token]) => ({ tokenId, expiresAt: token.expiresAt })),
    }));
    return {
      title: `${state.profile?.name ?? actor.networkId}: members and settings`,
      networkName: state.profile?.name ?? actor.networkId,
      members,
      roleItems: ROLE_ITEMS,
      representativeItems: members.map((member) => ({
        value: member.personId,
        text: member.name ?? 'Forgotten person',
        checked: member.representative,
      })),
      authorities: state.authorities.map((code) => ({ code, name: this.register.get(code)?.name ?? code })),
      authorityItems: [
        { value: '', text: 'Choose an authority' },
        ...this.register
          .all()
          .filter((authority) => !state.authorities.includes(authority.code))
          .map((authority) => ({ value: authority.code, text: authority.name })),
      ],
      webhooks: Object.entries(state.webhooks).map(([webhookId, webhook]) => ({
        webhookId,
        ...webhook,
        eventLabels: eventLabels(webhook.events),
      })),
      webhookEventItems: WEBHOOK_EVENT_TYPES.map((type) => ({
        value: type,
        text: WEBHOOK_EVENT_LABELS[type],
        hint: { text: type },
      })),
      webhookValues: { url: '', events: [] },
      witnessKey: state.witnessKey,
      values: {},
      ...form,
    };
  }
}

const MEMBER_MESSAGES = {
  name: 'Enter the member’s full name',
  email: 'Enter an email address in the correct format, like name@example.com',
  roles: 'Select at least one role',
};

const WEBHOOK_MESSAGES = {
  url: 'Enter the address deliveries go to, an https:// URL like https://example.org/connect-and-share',
  events: 'Select only the events listed',
};

/** The events a webhook receives, in words: all of them when it was registered without a list. */
function eventLabels(events: readonly WebhookEventType[] | undefined): string[] {
  return events ? events.map((type) => WEBHOOK_EVENT_LABELS[type] ?? type) : ['Every event'];
}
