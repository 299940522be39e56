import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '@app/event-store';
import { networkDecider } from '@app/domain';
import { decideAndAppend } from '../decide-and-append';
import { PersonalData } from '../personal-data/personal-data';
import { newAccessToken } from './access-token';

export interface BootstrapSettings {
  dataDir: string;
  facilitatorNetworkId: string;
  facilitatorName: string;
  /** The token to give the first coordinator; unset, a random one is made and written to a 0600 file. */
  bootstrapToken?: string;
}

export type BootstrapOutcome =
  { bootstrapped: false } | { bootstrapped: true; personId: string; tokenFile?: string; token: string };

/** How long the first coordinator's token lasts: long enough to enrol the first networks and issue new tokens. */
const BOOTSTRAP_TOKEN_DAYS = 30;

/**
 * On an empty store, and only then, creates the facilitator network and its first coordinator: the one moment
 * without a rule-checked actor. A second process racing to do the same loses at the stream's expected revision.
 */
export async function bootstrapIfEmpty(
  store: EventStore,
  personalData: PersonalData,
  settings: BootstrapSettings,
  now: Date,
): Promise<BootstrapOutcome> {
  if ((await store.headPosition()) !== -1n) return { bootstrapped: false };
  const personId = randomUUID();
  const { token, ...issued } = newAccessToken(now, BOOTSTRAP_TOKEN_DAYS, settings.bootstrapToken);
  await decideAndAppend(
    store,
    `network-${settings.facilitatorNetworkId}`,
    networkDecider,
    {
      type: 'BootstrapFacilitator',
      networkId: settings.facilitatorNetworkId,
      name: settings.facilitatorName,
      coordinator: { personId, name: 'First coordinator', email: '' },
      token: { tokenId: issued.tokenId, tokenHash: issued.tokenHash, expiresAt: issued.expiresAt },
    },
    {
      now,
      facilitatorNetworkId: settings.facilitatorNetworkId,
      storeIsEmpty: true,
      currentPrinciplesVersion: '',
      isAuthorityCode: () => false,
    },
    { commandId: `bootstrap-${settings.facilitatorNetworkId}` },
    { now, personalData, maxAttempts: 1 },
  );
  if (settings.bootstrapToken) return { bootstrapped: true, personId, token };
  const tokenFile = join(settings.dataDir, 'bootstrap-token');
  // Created afresh so the mode is 0600 even if a stale file was left by an earlier, wiped store.
  rmSync(tokenFile, { force: true });
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { bootstrapped: true, personId, token, tokenFile };
}
