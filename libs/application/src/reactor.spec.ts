import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, RecordedEvent, SqliteEventStore } from '@app/event-store';
import { DroppingSubscriptionStore, statusWhen } from '@app/event-store/testing/dropping-subscription-store';
import { Reactor } from './reactor';

describe('Reactor', () => {
  let dir: string;
  let store: SqliteEventStore;
  const reactors: Reactor[] = [];
  const reactor = (following: EventStore, handle: (event: RecordedEvent) => Promise<void>) => {
    const created = new Reactor(following, join(dir, 'reactors.sqlite'), 'testing-policy', handle, {
      retry: { firstDelayMs: 10, maxDelayMs: 40 },
    });
    reactors.push(created);
    return created;
  };
  const append = (stream: string, type = 'Happened') =>
    store.appendToStream(stream, [{ id: randomUUID(), type, data: {} }]);
  const positionsUpTo = async (head: bigint) =>
    (await store.readAll()).map((event) => event.position).filter((p) => p <= head);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cns-reactor-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    for (const created of reactors.splice(0)) await created.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries a failing handler with backoff, never skipping its event, and carries on once it succeeds', async () => {
    const handled: bigint[] = [];
    let outage = true;
    const policy = reactor(store, async (event) => {
      if (event.type === 'NeedsMail' && outage) throw new Error('mail server unreachable');
      handled.push(event.position);
    });
    await append('a');
    const { position: needsMail } = await append('b', 'NeedsMail');
    await append('c');
    policy.start();

    const failing = await statusWhen(policy, (status) => status.retries >= 3);
    expect(failing).toMatchObject({
      name: 'testing-policy',
      state: 'failing',
      lastError: 'mail server unreachable',
    });
    // Saved after each handled event: the one before the failing event is behind the checkpoint already.
    expect(failing.checkpoint).toBe((needsMail - 1n).toString());

    outage = false;
    const head = await store.headPosition();
    expect(await statusWhen(policy, (status) => status.checkpoint === head.toString())).toMatchObject({
      state: 'running',
      retries: 0,
      lag: 0,
    });
    expect(handled).toEqual(await positionsUpTo(head));
  });

  it.each(['throws', 'ends'] as const)(
    'resumes from its checkpoint when its subscription %s, handling every event once',
    async (ending) => {
      for (let n = 0; n < 12; n++) await append(`s-${n % 3}`);
      const handled: bigint[] = [];
      const policy = reactor(new DroppingSubscriptionStore(store, 5, ending), async (event) => {
        handled.push(event.position);
      });
      policy.start();
      const { position } = await append('s-live');

      const resumed = await statusWhen(policy, (status) => status.checkpoint === position.toString());
      expect(resumed).toMatchObject({ state: 'running', retries: 0 });
      expect(resumed.lastError).toMatch(/lost|ended unexpectedly/);
      expect(handled).toEqual(await positionsUpTo(position));
    },
  );

  it('recovers from a dropped subscription that had nothing more to deliver', async () => {
    await append('a');
    const { position } = await append('b');
    const policy = reactor(new DroppingSubscriptionStore(store, 2, 'throws'), async () => undefined);
    policy.start();

    // No commit follows the drop, so being caught up once resumed is what shows the recovery.
    const recovered = await statusWhen(
      policy,
      (status) => status.lastError !== null && status.state !== 'failing',
    );
    expect(recovered).toMatchObject({ state: 'running', checkpoint: position.toString(), lag: 0 });
    expect(policy.failure).toBeUndefined();
  });

  it('carries on after a restart from the checkpoint it saved', async () => {
    const handled: bigint[] = [];
    const first = reactor(store, async (event) => void handled.push(event.position));
    first.start();
    const { position } = await append('a');
    await statusWhen(first, (status) => status.checkpoint === position.toString());
    await first.close();

    await append('b');
    const second = reactor(store, async (event) => void handled.push(event.position));
    expect(second.position).toBe(position);
    second.start();
    const head = await store.headPosition();
    await statusWhen(second, (status) => status.checkpoint === head.toString());
    expect(handled).toEqual(await positionsUpTo(head));
  });
});
