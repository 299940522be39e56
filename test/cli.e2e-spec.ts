import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { exportLog, SqliteEventStore } from '@app/event-store';

const root = join(__dirname, '..');

function cli(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'apps/cli/src/main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: '' },
    encoding: 'utf8',
  });
}

describe('cli verify', () => {
  const dataDirs: string[] = [];
  /** A DATA_DIR holding a log of three events in two streams: network-a twice, practice-1 once. */
  async function givenLog(): Promise<string> {
    const dataDir = mkdtempSync(join(tmpdir(), 'cns-cli-'));
    dataDirs.push(dataDir);
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    for (const stream of ['network-a', 'practice-1', 'network-a']) {
      await store.appendToStream(stream, [{ id: randomUUID(), type: 'Something', data: { stream } }]);
    }
    await store.close();
    return dataDir;
  }
  /** The log the tests that only read it share; a test that tampers makes its own. */
  let dataDir: string;
  beforeAll(async () => (dataDir = await givenLog()));
  afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('checks the whole log and exits 0 when it verifies', () => {
    const run = cli(dataDir, 'verify');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, eventsChecked: 3, streamsChecked: 2 });
  });

  it('checks one stream', () => {
    const run = cli(dataDir, 'verify', '--stream', 'network-a');
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, eventsChecked: 2, streamsChecked: 1 });
  });

  it('names the tampered event and exits 1', async () => {
    const dataDir = await givenLog();
    const db = new Database(join(dataDir, 'events.sqlite'));
    db.prepare(
      `UPDATE events SET data = '{"stream":"network-b"}' WHERE stream = 'network-a' AND revision = 1`,
    ).run();
    db.close();
    const run = cli(dataDir, 'verify');
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      firstFailure: { stream: 'network-a', revision: '1' },
    });
  });

  it('prints its usage and exits 2 for an unknown command', () => {
    const run = cli(dataDir, 'frobnicate');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Usage: npm run cli -- <command>/);
  });
});

describe('cli on a DATA_DIR without an event store', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'cns-cli-empty-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each(['verify', 'rebuild'])('%s refuses it, exits 2 and leaves the directory empty', (command) => {
    const run = cli(dataDir, command);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`No event store at ${join(dataDir, 'events.sqlite')}`);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('refuses a DATA_DIR that does not exist, without creating it', () => {
    const missing = join(dataDir, 'no-such-dir');
    const run = cli(missing, 'verify');
    expect(run.status).toBe(2);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('cli audit verify-export', () => {
  let dir: string;
  let exported: string;
  /** `DATA_DIR` names a folder with no event store: the command must not need one. */
  const verifyExport = (...args: string[]) =>
    cli(join(dir, 'no-data-dir'), 'audit', 'verify-export', ...args);
  const fileOf = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-cli-export-'));
    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    for (const stream of ['network-a', 'practice-1', 'network-a', 'practice-1'])
      await store.appendToStream(stream, [{ id: randomUUID(), type: 'Something', data: { stream } }]);
    let text = '';
    for await (const line of exportLog(store, new Date('2026-12-02T10:00:00Z'))) text += line;
    await store.close();
    exported = fileOf('export.ndjson', text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checks an export without a server or an event store, and exits 0 when it holds', () => {
    const run = verifyExport(exported);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      eventsChecked: 4,
      streamsChecked: 2,
      headPosition: '4',
    });
    expect(run.status).toBe(0);
    expect(existsSync(join(dir, 'no-data-dir'))).toBe(false);
  });

  it('names the first failure (index, stream, revision, reason) and exits 1', () => {
    const lines = readFileSync(exported, 'utf8').split('\n');
    lines[4] = lines[4].replace('"data":{"stream":"practice-1"}', '"data":{"stream":"practice-2"}');
    const run = verifyExport(fileOf('changed.ndjson', lines.join('\n')));
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      firstFailure: {
        line: 5,
        index: 3,
        stream: 'practice-1',
        revision: '1',
        reason: expect.stringMatching(/hash/),
      },
    });
    expect(run.status).toBe(1);
  });

  it.each([
    ['no file', []],
    ['a file that does not exist', ['no-such-export.ndjson']],
    ['two files', ['a.ndjson', 'b.ndjson']],
    ['a folder', ['.']],
    ['a key without a file', ['--key', 'log.pub']],
    ['an option it does not know', ['export.ndjson', '--frobnicate']],
    ['a witness key without the log key', ['export.ndjson', '--witness-key', 'w.pub']],
  ])('exits 2 on bad usage: %s', (_case, args) => {
    const run = verifyExport(...args.map((arg) => (arg.startsWith('-') ? arg : join(dir, arg))));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
  });

  it('says in its usage how witness cosignatures are checked', () => {
    expect(cli(dir, 'frobnicate').stderr).toContain('[--witness-key <key or file>]... [--witnesses <n>]');
  });
});
