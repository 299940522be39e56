import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, SqliteEventStore, WrongExpectedVersionError } from '@app/event-store';
import { motionDecider, MotionCommand, WrongState } from '@app/domain';
import { anActor } from '@app/domain/testing/actors';
import { decideAndAppend, eventIdFor } from './decide-and-append';

const NOW = new Date('2026-11-23T10:00:00Z');
const seats = Array.from({ length: 20 }, (_, n) => `net-${n}`);
const propose: MotionCommand = {
  type: 'ProposeMotion',
  motionId: 'm1',
  closesAt: '2026-12-01T00:00:00.000Z',
  kind: 'set-priorities',
  payload: { period: '2027', themes: ['drainage'] },
};
const vote = (v: 'for' | 'against'): MotionCommand => ({ type: 'CastVote', motionId: 'm1', vote: v });

/** `command` on motion m1, issued by the representative of `networkId`, one of 20 filled seats. */
function run(
  store: EventStore,
  command: MotionCommand,
  networkId: string,
  commandId: string,
  maxAttempts?: number,
) {
  const personId = `${networkId}-rep`;
  return decideAndAppend({
    store,
    stream: 'motion-m1',
    decider: motionDecider,
    command,
    context: (_, now) => ({ now, actor: anActor({ personId, networkId, seat: true }), filledSeats: seats }),
    meta: { commandId, issuedBy: { personId, networkId } },
    now: () => NOW,
    maxAttempts,
  });
}

describe('decideAndAppend', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cns-app-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends the decided events with the command, actor and time in their metadata', async () => {
    const result = await run(store, propose, 'net-0', 'c1');
    expect(result).toMatchObject({ revision: 0n, events: [{ type: 'MotionProposed' }], replayed: false });
    const [event] = await store.readStream('motion-m1');
    expect(event.id).toBe(eventIdFor('c1', 0));
    expect(event.position).toBe(result.position);
    expect(event.metadata).toMatchObject({
      commandId: 'c1',
      correlationId: 'c1',
      causationId: 'c1',
      actor: { personId: 'net-0-rep', networkId: 'net-0' },
      occurredAt: NOW.toISOString(),
      schemaVersion: 1,
    });
  });

  it('derives event ids that are uuids, stable per command and place', () => {
    expect(eventIdFor('c1', 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(eventIdFor('c1', 0)).toBe(eventIdFor('c1', 0));
    expect(eventIdFor('c1', 1)).not.toBe(eventIdFor('c1', 0));
  });

  it('writes nothing when the decider refuses', async () => {
    await run(store, propose, 'net-0', 'c1');
    await expect(run(store, propose, 'net-1', 'c2')).rejects.toBeInstanceOf(WrongState);
    expect(await store.headPosition()).toBe(1n);
  });

  it('answers a retried command as it was, without deciding it again, even after the stream moved on', async () => {
    await run(store, propose, 'net-0', 'c0');
    const first = await run(store, vote('for'), 'net-1', 'v1');
    await run(store, vote('against'), 'net-2', 'v2');
    const head = await store.headPosition();

    // The same vote again would be a new VoteCast; as a retry of v1 it is recognised and nothing is written.
    const retried = await run(store, vote('for'), 'net-1', 'v1');
    expect(retried).toMatchObject({ replayed: true, events: [], position: first.position });
    expect(await store.headPosition()).toBe(head);
  });

  it('20 simultaneous votes end in a state the rules allow, with every acknowledged vote in the log', async () => {
    await run(store, propose, 'net-0', 'c0');
    const outcomes = await Promise.allSettled(
      // One attempt each: commands on one stream take turns in this process, so none loses a race.
      seats.map((networkId, n) => run(store, vote('for'), networkId, `v${n}`, 1)),
    );
    const acknowledged = outcomes.flatMap((outcome, n) => (outcome.status === 'fulfilled' ? [seats[n]] : []));
    // 11 of 20 filled seats carry it; votes decided after that find the motion carried.
    expect(acknowledged).toHaveLength(11);
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongState);

    const log = await store.readStream('motion-m1');
    const voters = log
      .filter((event) => event.type === 'VoteCast')
      .map((event) => (event.data as { networkId: string }).networkId);
    expect(voters.sort()).toEqual([...acknowledged].sort());
    expect(log.filter((event) => event.type === 'MotionCarried')).toHaveLength(1);
    expect(log.at(-1)!.type).toBe('MotionCarried');
  });

  it('gives up after the bounded number of attempts when another process wins the race', async () => {
    // Three stores on one file stand for three processes: their commands do not take turns with each other.
    const others = [
      new SqliteEventStore(join(dir, 'events.sqlite')),
      new SqliteEventStore(join(dir, 'events.sqlite')),
    ];
    await run(store, propose, 'net-0', 'c0');
    const outcomes = await Promise.allSettled(
      ['net-1', 'net-2', 'net-3'].map((networkId, n) =>
        run([store, ...others][n], vote('against'), networkId, networkId, 1),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
    }
    await Promise.all(others.map((other) => other.close()));
  });
});
