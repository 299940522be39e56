import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkEvent, NotFound } from '@app/domain';
import { left, registered, seated, suspended } from '@app/domain/network/testing/network-events';
import { SqliteEventStore } from '@app/event-store';
import { NetworkDirectory } from './network-directory';

describe('NetworkDirectory', () => {
  let dir: string;
  let store: SqliteEventStore;
  let directory: NetworkDirectory;
  let appended = 0;
  const append = (networkId: string, events: NetworkEvent[]) =>
    store.appendToStream(
      `network-${networkId}`,
      events.map((event) => ({
        id: `00000000-0000-4000-8000-${String(++appended).padStart(12, '0')}`,
        type: event.type,
        data: event.data,
      })),
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cns-directory-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    directory = new NetworkDirectory(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the seats of active networks with a representative, from the log as it is when asked', async () => {
    await append('a', seated('a'));
    await append('b', seated('b'));
    expect(await directory.filledSeats()).toEqual(['a', 'b']);

    // Written after the first question: the next one catches up.
    await append('c', seated('c'));
    await append('a', [suspended('a')]);
    await append('b', left('b'));
    expect(await directory.filledSeats()).toEqual(['c']);
  });

  it('finds the network a person was registered in, removed members included, and refuses a stranger', async () => {
    await append('a', seated('a'));
    await append('a', [registered('a', 'ann', ['contributor'])]);
    expect(await directory.networkOf('ann')).toBe('a');
    await expect(directory.networkOf('nobody')).rejects.toBeInstanceOf(NotFound);
  });

  it('reads past its page size when catching up', async () => {
    for (let n = 0; n < 170; n++) await append(`n${n}`, seated(`n${n}`));
    // 170 networks of 6 events: more than one page of $all.
    expect(await directory.filledSeats()).toHaveLength(170);
  });
});
