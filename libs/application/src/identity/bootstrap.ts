import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandBus } from '@nestjs/cqrs';
import { DomainError } from '@app/domain';
import { EventStore } from '@app/event-store';
import { RunCommand } from '../run-command';
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
 * without a rule-checked actor. A second process racing to do the same is refused by the decider (the store is no
 * longer empty), so only one token ever works.
 */
export async function bootstrapIfEmpty(
  bus: CommandBus,
  store: EventStore,
  settings: BootstrapSettings,
  now: Date,
): Promise<BootstrapOutcome> {
  if ((await store.headPosition()) !== -1n) return { bootstrapped: false };
  const personId = randomUUID();
  const { token, ...issued } = newAccessToken(now, BOOTSTRAP_TOKEN_DAYS, settings.bootstrapToken);
  try {
    await bus.execute(
      new RunCommand(
        {
          type: 'BootstrapFacilitator',
          networkId: settings.facilitatorNetworkId,
          name: settings.facilitatorName,
          coordinator: { personId, name: 'First coordinator', email: '' },
          token: issued,
        },
        // Each process's attempt is its own command: a process that lost the race must not take the winner's
        // command for its own.
        { commandId: `bootstrap-${randomUUID()}` },
      ),
    );
  } catch (error) {
    if (error instanceof DomainError) return { bootstrapped: false };
    throw error;
  }
  if (settings.bootstrapToken) return { bootstrapped: true, personId, token };
  const tokenFile = join(settings.dataDir, 'bootstrap-token');
  // Created afresh so the mode is 0600 even if a stale file was left by an earlier, wiped store.
  rmSync(tokenFile, { force: true });
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { bootstrapped: true, personId, token, tokenFile };
}
