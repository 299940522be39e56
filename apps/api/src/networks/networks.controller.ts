import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, newAccessToken, newClaim } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { ResolvedActor } from '@app/read-models';
import { CurrentActor } from '../identity/bearer-auth.guard';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { MinPositionDto } from '../http/min-position.dto';
import { send, sendForPosition, shownOnce } from '../http/send-command';
import { ValidationFailed } from '../http/problem-details';
import { NetworkView } from './network-view.service';
import {
  AddAuthorityDto,
  AdoptPrinciplesDto,
  AutomaticPublicationDto,
  EnrolNetworkDto,
  IssueTokenDto,
  LeaveSchemeDto,
  NominateRepresentativeDto,
  RegisterMemberDto,
  RegisterWebhookDto,
  RolesDto,
  WitnessKeyDto,
} from './networks.dto';
import { newWebhookSecret, webhookUrlAllowed } from './webhook-registration';

/** The network routes of API.md: writes put a command on the bus; reads come from the views. */
@Controller('networks')
export class NetworksController {
  constructor(
    private readonly bus: CommandBus,
    private readonly networks: NetworkView,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every enrolled network with its seat, principles and authorities; no members. */
  @Get()
  list(@Query() _query: MinPositionDto) {
    return this.networks.list();
  }

  /** One network; its members, with their names, only for the network's own members. */
  @Get(':networkId')
  view(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Query() _query: MinPositionDto,
  ) {
    return this.networks.view(networkId, actor);
  }

  /** The answer carries no credential: the first coordinator is mailed a one-time claim link (POST /claims). */
  @Post()
  async enrol(@Meta() meta: HttpCommandMeta, @Body() body: EnrolNetworkDto) {
    const { networkId, name, scope, region, coordinator } = body;
    const personId = meta.idFor('person');
    const { code, claim } = newClaim({ networkId }, meta.idFor('claim'), this.clock.now());
    const command = {
      type: 'EnrolNetwork',
      networkId,
      name,
      scope,
      region,
      coordinator: { personId, ...coordinator },
      claim,
    } as const;
    const { position } = await send(this.bus, command, meta, { code });
    return { networkId, coordinator: { personId }, position };
  }

  @Post(':networkId/principles')
  @HttpCode(200)
  adoptPrinciples(
    @Param('networkId') networkId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { principlesVersion }: AdoptPrinciplesDto,
  ) {
    return sendForPosition(this.bus, { type: 'AdoptPrinciples', networkId, principlesVersion }, meta);
  }

  @Post(':networkId/members')
  async registerMember(
    @Param('networkId') networkId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { name, email, roles }: RegisterMemberDto,
  ) {
    const personId = meta.idFor('person');
    const command = {
      type: 'RegisterMember',
      networkId,
      personId,
      roles,
      personal: { name, email },
    } as const;
    return { personId, ...(await sendForPosition(this.bus, command, meta)) };
  }

  @Patch(':networkId/members/:personId')
  changeRoles(
    @Param('networkId') networkId: string,
    @Param('personId') personId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { roles }: RolesDto,
  ) {
    return sendForPosition(this.bus, { type: 'ChangeMemberRoles', networkId, personId, roles }, meta);
  }

  @Delete(':networkId/members/:personId')
  removeMember(
    @Param('networkId') networkId: string,
    @Param('personId') personId: string,
    @Meta() meta: HttpCommandMeta,
  ) {
    return sendForPosition(this.bus, { type: 'RemoveMember', networkId, personId }, meta);
  }

  @Post(':networkId/members/:personId/tokens')
  async issueToken(
    @Param('networkId') networkId: string,
    @Param('personId') personId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() body: IssueTokenDto,
  ) {
    const { token, ...issued } = newAccessToken(this.clock.now(), body.expiresInDays);
    const { position } = shownOnce(
      await send(this.bus, { type: 'IssueAccessToken', networkId, personId, token: issued }, meta, { token }),
    );
    return { tokenId: issued.tokenId, token, expiresAt: issued.expiresAt, position };
  }

  @Delete(':networkId/members/:personId/tokens/:tokenId')
  revokeToken(
    @Param('networkId') networkId: string,
    @Param('personId') personId: string,
    @Param('tokenId') tokenId: string,
    @Meta() meta: HttpCommandMeta,
  ) {
    return sendForPosition(this.bus, { type: 'RevokeAccessToken', networkId, personId, tokenId }, meta);
  }

  @Put(':networkId/representative')
  nominate(
    @Param('networkId') networkId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { personId }: NominateRepresentativeDto,
  ) {
    return sendForPosition(this.bus, { type: 'NominateRepresentative', networkId, personId }, meta);
  }

  @Post(':networkId/authorities')
  @HttpCode(200)
  addAuthority(
    @Param('networkId') networkId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { authorityCode }: AddAuthorityDto,
  ) {
    return sendForPosition(this.bus, { type: 'AddMemberAuthority', networkId, authorityCode }, meta);
  }

  /** Whether the network's approved material is published at once, without a contributor publishing it. */
  @Put(':networkId/automatic-publication')
  setAutomaticPublication(
    @Param('networkId') networkId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { enabled }: AutomaticPublicationDto,
  ) {
    return sendForPosition(this.bus, { type: 'SetAutomaticPublication', networkId, enabled }, meta);
  }

  /** The key the network's witness co-signs the ledger's checkpoints with; replaces any earlier one. */
  @Put(':networkId/witness-key')
  registerWitnessKey(
    @Param('networkId') networkId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { publicKey }: WitnessKeyDto,
  ) {
    return sendForPosition(this.bus, { type: 'RegisterWitnessKey', networkId, publicKey }, meta);
  }

  /** Answers the signing secret once; the log keeps it sealed under the webhook's own key, for signing deliveries. */
  @Post(':networkId/webhooks')
  async registerWebhook(
    @Param('networkId') networkId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { url, events }: RegisterWebhookDto,
  ) {
    if (!webhookUrlAllowed(url, this.config))
      throw new ValidationFailed([
        { field: 'url', rule: 'isUrl', message: 'url must be an https:// URL on a public name' },
      ]);
    const webhookId = meta.idFor('webhook');
    const secret = newWebhookSecret();
    const { position } = shownOnce(
      await send(this.bus, { type: 'RegisterWebhook', networkId, webhookId, url, secret, events }, meta),
    );
    return { webhookId, secret, position };
  }

  @Delete(':networkId/webhooks/:webhookId')
  removeWebhook(
    @Param('networkId') networkId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Meta() meta: HttpCommandMeta,
  ) {
    return sendForPosition(this.bus, { type: 'RemoveWebhook', networkId, webhookId }, meta);
  }

  @Post(':networkId/leave')
  @HttpCode(200)
  leave(
    @Param('networkId') networkId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { reason }: LeaveSchemeDto,
  ) {
    return sendForPosition(this.bus, { type: 'LeaveScheme', networkId, reason }, meta);
  }
}
