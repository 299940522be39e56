import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApi, enrolNetwork, startApi } from '../support/running-api';
import { png } from '../fixtures/sample-files';

/** Every path under `dir` with its permission bits, folders and files alike. */
function modesUnder(dir: string): Array<{ path: string; mode: number }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const own = { path, mode: statSync(path).mode & 0o777 };
    return entry.isDirectory() ? [own, ...modesUnder(path)] : [own];
  });
}

describe('files under DATA_DIR (issue 9, finding 7)', () => {
  let parent: string;
  let api: RunningApi | undefined;
  beforeEach(() => (parent = mkdtempSync(join(tmpdir(), 'cns-storage-modes-'))));
  afterEach(async () => {
    await api?.close();
    api = undefined;
    rmSync(parent, { recursive: true, force: true });
  });

  it('are readable by the service’s user alone: DATA_DIR 0700, nothing under it open to group or others', async () => {
    // A DATA_DIR the service makes itself, under the default umask that leaves new files readable by all.
    const dataDir = join(parent, 'data');
    const umask = process.umask(0o022);
    try {
      const running = (api = await startApi('storage-modes', { DATA_DIR: dataDir }));
      const token = readFileSync(join(dataDir, 'bootstrap-token'), 'utf8').trim();
      const coordinator = await enrolNetwork({ call: running.call, dataDir }, token, 'wmha');
      // An attachment: the blob store's folders and files too.
      const uploaded = await fetch(`${running.base}/attachments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${coordinator.token}`,
          'content-type': 'image/png',
          'x-filename': 'a.png',
        },
        body: png(),
      });
      expect(uploaded.status).toBe(201);
      expect(
        (await running.call('POST', '/subscriptions', undefined, { email: 'sub@example.org' })).status,
      ).toBe(202);
    } finally {
      process.umask(umask);
    }

    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const modes = modesUnder(dataDir);
    expect(modes.map(({ path }) => path.slice(dataDir.length + 1))).toEqual(
      expect.arrayContaining([
        'events.sqlite',
        'events.sqlite-wal',
        'events.sqlite-shm',
        'keys.sqlite',
        'idempotency.sqlite',
        'subscriber-secret',
        'bootstrap-token',
        'ledger-key',
        expect.stringMatching(/^blobs\/.+\/[0-9a-f]{64}$/),
      ]),
    );
    expect(modes.filter(({ mode }) => (mode & 0o077) !== 0)).toEqual([]);
  });

  it('tightens a DATA_DIR left open to others before starting in it', async () => {
    const dataDir = mkdtempSync(join(parent, 'open-'));
    chmodSync(dataDir, 0o755);
    api = await startApi('storage-modes-open', { DATA_DIR: dataDir });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});
