import type { CommandBus } from '@nestjs/cqrs';
import { CommandMeta, hashToken, holderOfClaim, newAccessToken } from '@app/application';
import { send, shownOnce } from '../http/send-command';

/**
 * The first token a claim code gives, shown once: a new network's first coordinator's, or an auditor's appointed from
 * outside the networks (no network). For the API's `POST /claims` and the claim page alike.
 */
export async function redeemClaim(bus: CommandBus, now: Date, code: string, meta: CommandMeta) {
  const holder = holderOfClaim(code);
  const { token, ...issued } = newAccessToken(now);
  const codeHash = hashToken(code);
  const command =
    'networkId' in holder
      ? ({ type: 'RedeemClaim', networkId: holder.networkId, codeHash, token: issued } as const)
      : ({ type: 'RedeemAuditorClaim', personId: holder.auditorId, codeHash, token: issued } as const);
  const { events, position } = shownOnce(await send(bus, command, meta));
  const { personId } = events[0].data as { personId: string };
  const networkId = 'networkId' in holder ? holder.networkId : null;
  return { personId, networkId, tokenId: issued.tokenId, token, expiresAt: issued.expiresAt, position };
}
