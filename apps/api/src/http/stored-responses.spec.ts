import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoredResponses } from './stored-responses';

/** Short enough for a test, long enough that a loaded machine's late timers do not make a live claim look left. */
const LIVENESS = { keepAliveMs: 100, abandonedMs: 1_500 };

describe('StoredResponses: a claim left by a process that stopped mid-request', () => {
  let dataDir: string;
  let holder: ChildProcess;
  let responses: StoredResponses;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cns-stored-responses-'));
    holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, 'testing/claim-holder.ts'),
        dataDir,
        'caller\nkey-1',
        String(LIVENESS.keepAliveMs),
        String(LIVENESS.abandonedMs),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [said] = (await once(holder.stdout!, 'data')) as [Buffer];
    expect(said.toString().trim()).toBe('claimed');
    responses = new StoredResponses(dataDir, 3_600_000, () => Date.now(), LIVENESS);
  });

  afterEach(() => {
    holder.kill('SIGKILL');
    responses.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stays in flight while its process lives, however long the request takes', async () => {
    await sleep(LIVENESS.abandonedMs * 2);
    expect(responses.claim('caller\nkey-1', 'request-hash', 'token').kind).toBe('in-flight');
  });

  it('is taken over soon after its process is killed, not a minute later', async () => {
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    expect(responses.claim('caller\nkey-1', 'request-hash', 'token').kind).toBe('in-flight');

    await sleep(LIVENESS.abandonedMs + 500);
    expect(responses.claim('caller\nkey-1', 'request-hash', 'token').kind).toBe('claimed');
    // Now this process's claim: kept alive, so a second retry waits for it.
    await sleep(LIVENESS.abandonedMs * 2);
    expect(responses.claim('caller\nkey-1', 'request-hash', 'token').kind).toBe('in-flight');
  });
});
