import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ResolvedActor } from '@app/read-models';
import { CurrentActor } from '../identity/bearer-auth.guard';
import { commandIdFor } from '../http/command-id';
import { MinPositionDto } from '../http/min-position.dto';
import { NetworkView } from './network-view.service';
import {
  AddAuthorityDto,
  AdoptPrinciplesDto,
  EnrolNetworkDto,
  IssueTokenDto,
  LeaveSchemeDto,
  NominateRepresentativeDto,
  RegisterMemberDto,
  RegisterWebhookDto,
  RolesDto,
} from './networks.dto';
import {
  AddMemberAuthorityCommand,
  AdoptPrinciplesCommand,
  ChangeMemberRolesCommand,
  EnrolNetworkCommand,
  IssueAccessTokenCommand,
  LeaveSchemeCommand,
  NominateRepresentativeCommand,
  RegisterMemberCommand,
  RegisterWebhookCommand,
  RemoveMemberCommand,
  RemoveWebhookCommand,
  RevokeAccessTokenCommand,
} from './networks.commands';

/** The network routes of API.md: writes put a command on the bus; reads come from the views. */
@Controller('networks')
export class NetworksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly networks: NetworkView,
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

  @Post()
  enrol(
    @CurrentActor() actor: ResolvedActor,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: EnrolNetworkDto,
  ) {
    const { networkId, ...rest } = body;
    return this.commands.execute(new EnrolNetworkCommand(actor, networkId, commandIdFor(actor, key), rest));
  }

  @Post(':networkId/principles')
  @HttpCode(200)
  adoptPrinciples(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: AdoptPrinciplesDto,
  ) {
    return this.commands.execute(
      new AdoptPrinciplesCommand(actor, networkId, commandIdFor(actor, key), body.principlesVersion),
    );
  }

  @Post(':networkId/members')
  registerMember(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RegisterMemberDto,
  ) {
    return this.commands.execute(new RegisterMemberCommand(actor, networkId, commandIdFor(actor, key), body));
  }

  @Patch(':networkId/members/:personId')
  changeRoles(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Param('personId') personId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RolesDto,
  ) {
    return this.commands.execute(
      new ChangeMemberRolesCommand(actor, networkId, commandIdFor(actor, key), personId, body.roles),
    );
  }

  @Delete(':networkId/members/:personId')
  removeMember(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Param('personId') personId: string,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.commands.execute(
      new RemoveMemberCommand(actor, networkId, commandIdFor(actor, key), personId),
    );
  }

  @Post(':networkId/members/:personId/tokens')
  issueToken(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Param('personId') personId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: IssueTokenDto,
  ) {
    return this.commands.execute(
      new IssueAccessTokenCommand(actor, networkId, commandIdFor(actor, key), personId, body.expiresInDays),
    );
  }

  @Delete(':networkId/members/:personId/tokens/:tokenId')
  revokeToken(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Param('personId') personId: string,
    @Param('tokenId') tokenId: string,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.commands.execute(
      new RevokeAccessTokenCommand(actor, networkId, commandIdFor(actor, key), personId, tokenId),
    );
  }

  @Put(':networkId/representative')
  nominate(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: NominateRepresentativeDto,
  ) {
    return this.commands.execute(
      new NominateRepresentativeCommand(actor, networkId, commandIdFor(actor, key), body.personId),
    );
  }

  @Post(':networkId/authorities')
  @HttpCode(200)
  addAuthority(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: AddAuthorityDto,
  ) {
    return this.commands.execute(
      new AddMemberAuthorityCommand(actor, networkId, commandIdFor(actor, key), body.authorityCode),
    );
  }

  /** Answers the signing secret once; the log keeps it sealed under the webhook's own key, for signing deliveries. */
  @Post(':networkId/webhooks')
  registerWebhook(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RegisterWebhookDto,
  ) {
    return this.commands.execute(
      new RegisterWebhookCommand(actor, networkId, commandIdFor(actor, key), randomUUID(), body.url),
    );
  }

  @Delete(':networkId/webhooks/:webhookId')
  removeWebhook(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.commands.execute(
      new RemoveWebhookCommand(actor, networkId, commandIdFor(actor, key), webhookId),
    );
  }

  @Post(':networkId/leave')
  @HttpCode(200)
  leave(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: LeaveSchemeDto,
  ) {
    return this.commands.execute(
      new LeaveSchemeCommand(actor, networkId, commandIdFor(actor, key), body.reason),
    );
  }
}
