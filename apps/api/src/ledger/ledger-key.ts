import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@app/config';
import { generateSigner, NoteSigner, parseSignerKey } from '@app/ledger';

export type LedgerSigner = NoteSigner & { readonly verifierKey: string };

/**
 * The key that signs checkpoints: from configuration, or made on first start and kept in `DATA_DIR/ledger-key`
 * (0600). Two processes starting at once: the first file written wins, and both read it.
 */
export function ledgerSigner(config: AppConfig): LedgerSigner {
  if (config.ledgerSignerKey) return parseSignerKey(config.ledgerSignerKey);
  const file = join(config.dataDir, 'ledger-key');
  try {
    writeFileSync(file, `${generateSigner(config.ledgerOrigin).signerKey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseSignerKey(readFileSync(file, 'utf8').trim());
}
