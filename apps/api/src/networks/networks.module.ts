import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { NetworksController } from './networks.controller';
import { NetworkCommands } from './network-commands.service';
import { NetworkFacts } from './network-facts.service';
import { NetworkView } from './network-view.service';
import { EnrolNetworkHandler } from './handlers/enrol-network.handler';
import { AdoptPrinciplesHandler } from './handlers/adopt-principles.handler';
import { RegisterMemberHandler } from './handlers/register-member.handler';
import { ChangeMemberRolesHandler } from './handlers/change-member-roles.handler';
import { RemoveMemberHandler } from './handlers/remove-member.handler';
import { IssueAccessTokenHandler } from './handlers/issue-access-token.handler';
import { RevokeAccessTokenHandler } from './handlers/revoke-access-token.handler';
import { NominateRepresentativeHandler } from './handlers/nominate-representative.handler';
import { AddMemberAuthorityHandler } from './handlers/add-member-authority.handler';
import { LeaveSchemeHandler } from './handlers/leave-scheme.handler';
import { RegisterWebhookHandler } from './handlers/register-webhook.handler';
import { RemoveWebhookHandler } from './handlers/remove-webhook.handler';

@Module({
  imports: [CqrsModule],
  controllers: [NetworksController],
  providers: [
    NetworkCommands,
    NetworkFacts,
    NetworkView,
    EnrolNetworkHandler,
    AdoptPrinciplesHandler,
    RegisterMemberHandler,
    ChangeMemberRolesHandler,
    RemoveMemberHandler,
    IssueAccessTokenHandler,
    RevokeAccessTokenHandler,
    NominateRepresentativeHandler,
    AddMemberAuthorityHandler,
    LeaveSchemeHandler,
    RegisterWebhookHandler,
    RemoveWebhookHandler,
  ],
  exports: [NetworkCommands],
})
export class NetworksModule {}
