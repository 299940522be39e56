import type { ResolvedActor } from '@app/read-models';
import type { Role } from '@app/domain';

/** The commands the network routes send on the CommandBus; each has one handler named after it. */
abstract class NetworkRequest {
  constructor(
    readonly actor: ResolvedActor,
    readonly networkId: string,
    /** From the Idempotency-Key header, or new. */
    readonly commandId: string,
  ) {}
}

export class EnrolNetworkCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly body: {
      name: string;
      scope: 'regional' | 'national';
      region?: string;
      coordinator: { name: string; email: string };
    },
  ) {
    super(actor, networkId, commandId);
  }
}

export class AdoptPrinciplesCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly principlesVersion: string,
  ) {
    super(actor, networkId, commandId);
  }
}

export class RegisterMemberCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly body: { name: string; email: string; roles: Role[] },
  ) {
    super(actor, networkId, commandId);
  }
}

export class ChangeMemberRolesCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly personId: string,
    readonly roles: Role[],
  ) {
    super(actor, networkId, commandId);
  }
}

export class RemoveMemberCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly personId: string,
  ) {
    super(actor, networkId, commandId);
  }
}

export class IssueAccessTokenCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly personId: string,
    readonly expiresInDays?: number,
  ) {
    super(actor, networkId, commandId);
  }
}

export class RevokeAccessTokenCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly personId: string,
    readonly tokenId: string,
  ) {
    super(actor, networkId, commandId);
  }
}

export class NominateRepresentativeCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly personId: string,
  ) {
    super(actor, networkId, commandId);
  }
}

export class AddMemberAuthorityCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly authorityCode: string,
  ) {
    super(actor, networkId, commandId);
  }
}

export class LeaveSchemeCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly reason: string,
  ) {
    super(actor, networkId, commandId);
  }
}

export class RegisterWebhookCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly webhookId: string,
    readonly url: string,
  ) {
    super(actor, networkId, commandId);
  }
}

export class RemoveWebhookCommand extends NetworkRequest {
  constructor(
    actor: ResolvedActor,
    networkId: string,
    commandId: string,
    readonly webhookId: string,
  ) {
    super(actor, networkId, commandId);
  }
}
