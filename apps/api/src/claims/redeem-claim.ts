import type { CommandBus } from '@nestjs/cqrs';
import { CommandMeta, hashToken, networkOfClaim, newAccessToken } from '@app/application';
import { send, shownOnce } from '../http/send-command';

/** The first token a claim code gives, shown once: for the API's `POST /claims` and the claim page alike. */
export async function redeemClaim(bus: CommandBus, now: Date, code: string, meta: CommandMeta) {
  const networkId = networkOfClaim(code);
  const { token, ...issued } = newAccessToken(now);
  const command = { type: 'RedeemClaim', networkId, codeHash: hashToken(code), token: issued } as const;
  const { events, position } = shownOnce(await send(bus, command, meta));
  const { personId } = events[0].data as { personId: string };
  return { personId, networkId, tokenId: issued.tokenId, token, expiresAt: issued.expiresAt, position };
}
