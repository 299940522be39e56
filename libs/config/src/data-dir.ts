import { chmodSync, mkdirSync, statSync } from 'node:fs';

/**
 * Makes DATA_DIR, owner only (0700): it holds the log, the personal-data keys and the server's secrets. A folder
 * left looser by an earlier version or by hand is tightened; answers the mode it had then, so it can be said.
 */
export function preparePrivateDataDir(dir: string): { tightenedFrom?: number } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return {};
  chmodSync(dir, mode & 0o700);
  return { tightenedFrom: mode };
}
