import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURRENT_PRINCIPLES } from '@app/reference-data';
import { EventStore, SqliteEventStore } from '@app/event-store';
import { build, BuiltProcess, freePort, runBuilt } from './support/built-process';
import { eventually } from './support/eventually';
import { sample } from './support/metrics-sample';
import { enrolNetwork, httpClient } from './support/running-api';
import { practiceContent } from './fixtures/practice-content';

const FACILITATOR = 'facilitator-token-for-the-replicas-test-0123456789';
const content = practiceContent();

/**
 * Two API processes and the worker, built as `npm start` builds them, on one SQLite DATA_DIR: a command through
 * either is read on the other, a retry reaches either, an erasure is seen by both, and the worker carries out
 * what motions decide. REDIS_URL is set as in production so that the policies run in the worker, not the APIs
 * (nothing connects to Redis yet: the job queue comes with the jobs issue).
 */
describe('replicas on one DATA_DIR', () => {
  let dataDir: string;
  let processes: BuiltProcess[] = [];
  let one: ReturnType<typeof httpClient>;
  let two: ReturnType<typeof httpClient>;
  let log: EventStore;
  let workerPort: string;

  beforeAll(async () => {
    build('api');
    build('worker');
    dataDir = mkdtempSync(join(tmpdir(), 'cns-replicas-'));
    const env = {
      DATA_DIR: dataDir,
      BOOTSTRAP_TOKEN: FACILITATOR,
      REDIS_URL: 'redis://127.0.0.1:6379',
      RATE_LIMIT_PER_MINUTE: '10000',
      // Its own queues on the shared Redis, and a health port of its own.
      JOB_QUEUE_PREFIX: `test-replicas-${process.pid}`,
      WORKER_HEALTH_PORT: (workerPort = String(await freePort())),
    };
    const ports = [await freePort(), await freePort()];
    // Both start on the empty store at once: one of them bootstraps, the other is refused by the rules.
    const apis = ports.map((port) => runBuilt('api', { ...env, PORT: String(port) }));
    processes = [...apis, runBuilt('worker', env)];
    await Promise.all(apis.map((api) => api.printed(/listening on port/)));
    await processes[2].printed(
      /worker started: policies apply-carried-motions, publish-on-approval, erase-contacts-of-forgotten/,
    );
    [one, two] = ports.map((port) => httpClient(`http://127.0.0.1:${port}/api/v1`));
    log = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  }, 180_000);
  afterAll(async () => {
    const codes = await Promise.all(processes.map((process) => process.stop()));
    await log?.close();
    rmSync(dataDir, { recursive: true, force: true });
    expect(codes).toEqual([0, 0, 0]);
  });

  /** Network `networkId`, enrolled through `via`, its coordinator seated, principles adopted. */
  async function seatedNetwork(via: typeof one, networkId: string) {
    const { token, personId } = await enrolNetwork({ call: via, dataDir }, FACILITATOR, networkId);
    await via('PUT', `/networks/${networkId}/representative`, token, { personId });
    const adopted = await via('POST', `/networks/${networkId}/principles`, token, {
      principlesVersion: CURRENT_PRINCIPLES.version,
    });
    return { token, personId, position: adopted.body.position as number };
  }

  it('bootstraps the facilitator once, however many processes start on the empty store', async () => {
    const facilitator = (await log.readStream('network-nht-network')).filter(
      (event) => event.type === 'NetworkEnrolled' || event.type === 'MemberRegistered',
    );
    expect(facilitator.map((event) => event.type)).toEqual(['NetworkEnrolled', 'MemberRegistered']);
    for (const api of [one, two]) expect((await api('GET', '/me', FACILITATOR)).status).toBe(200);
  });

  it('a command through one is read on the other with minPosition', async () => {
    const { token, position } = await seatedNetwork(one, 'north');
    const read = await two('GET', `/networks/north?minPosition=${position}`, token);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ networkId: 'north', principlesVersion: CURRENT_PRINCIPLES.version });

    const member = await two('POST', '/networks/north/members', token, {
      name: 'Nia',
      email: 'nia@example.org',
      roles: ['contributor'],
    });
    const members = await one('GET', `/networks/north?minPosition=${member.body.position}`, token);
    expect(members.body.members).toContainEqual(expect.objectContaining({ personId: member.body.personId }));
  });

  it('a retry carrying the Idempotency-Key is answered the same by the other, writing nothing', async () => {
    const { token } = await seatedNetwork(two, 'east');
    const key = { 'idempotency-key': 'submit-forecast' };
    const first = await one('POST', '/practices', token, content, key);
    expect(first.status).toBe(201);
    const head = await log.headPosition();
    const retried = await two('POST', '/practices', token, content, key);
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 201, body: first.body });
    expect(await log.headPosition()).toBe(head);
  });

  it('an erasure through one is seen by both', async () => {
    const { token } = await seatedNetwork(one, 'west');
    const member = await one('POST', '/networks/west/members', token, {
      name: 'Wyn',
      email: 'wyn@example.org',
      roles: ['contributor'],
    });
    const erased = await two('DELETE', `/people/${member.body.personId}/personal-data`, token);
    expect(erased.status).toBe(200);
    for (const api of [one, two]) {
      const network = await api('GET', `/networks/west?minPosition=${erased.body.position}`, token);
      expect(network.body.members).toContainEqual({
        personId: member.body.personId,
        roles: ['contributor'],
        forgotten: true,
      });
    }
  });

  it('the worker carries out a motion carried through the APIs', async () => {
    // More new seats than the filled seats other tests left, so that their votes alone are a majority.
    const filled = (
      await one('GET', `/networks?minPosition=${await log.headPosition()}`, FACILITATOR)
    ).body.filter((network: { seat: { filled: boolean } }) => network.seat.filled).length;
    const seats = [];
    for (let n = 0; n <= filled; n++) seats.push(await seatedNetwork(n % 2 === 0 ? one : two, `seat-${n}`));
    const proposed = await one('POST', '/motions', seats[0].token, {
      kind: 'set-priorities',
      payload: { period: '2027-replicas', themes: ['drainage'] },
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(proposed.status).toBe(201);
    // Every seat holder votes for it, through either API: a majority of the filled seats carries it.
    for (const [n, seat] of seats.entries()) {
      const via = n % 2 === 0 ? two : one;
      expect(
        (await via('POST', `/motions/${proposed.body.motionId}/votes`, seat.token, { vote: 'for' })).status,
      ).toBe(200);
    }
    await eventually('the worker to apply the carried motion', async () =>
      (await log.readStream('steering-group').catch(() => [])).some(
        (event) =>
          event.type === 'CollectionPrioritiesSet' &&
          (event.data as { period: string }).period === '2027-replicas',
      ),
    );
  });

  it("the worker's /metrics shows the commands its policies sent and how far its reactors are behind the log", async () => {
    const scraped = await fetch(`http://127.0.0.1:${workerPort}/metrics`);
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(
      sample(text, 'cns_commands_total{type="SetCollectionPriorities",outcome="ok"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cns_consumer_lag_positions{consumer="apply-carried-motions"}')).toEqual(
      expect.any(Number),
    );
    expect(text).toMatch(/^cns_jobs\{queue="[^"]+",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});
