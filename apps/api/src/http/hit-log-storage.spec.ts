import { HitLogStorage } from './hit-log-storage';

const MINUTE = 60_000;

describe('HitLogStorage', () => {
  let now: number;
  let storage: HitLogStorage;
  const hit = (key = 'person:p', limit = 3, blockDuration = MINUTE) =>
    storage.increment(key, MINUTE, limit, blockDuration, 'default');

  beforeEach(() => {
    now = Date.UTC(2026, 11, 3);
    storage = new HitLogStorage(() => now);
  });

  it('counts the hits of the last ttl and blocks the one over the limit, with the seconds the block has left', async () => {
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    now += 20_000;
    await hit();
    now += 20_000;
    expect(await hit()).toMatchObject({ totalHits: 3, timeToExpire: 20, isBlocked: false });
    now += 5_000;
    expect(await hit()).toEqual({ totalHits: 4, timeToExpire: 15, isBlocked: true, timeToBlockExpire: 60 });
  });

  it('lets hits expire one by one, a ttl after each was made', async () => {
    await hit();
    now += 30_000;
    await hit();
    now += 30_000;
    // The first hit has expired: two live, this one the third.
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: false });
  });

  it('counts nothing while blocked, and forgets the hits when the block ends', async () => {
    for (let i = 0; i < 4; i++) await hit();
    now += 30_000;
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 30 });
    now += 30_000;
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps each key apart', async () => {
    for (let i = 0; i < 4; i++) await hit('person:p');
    expect(await hit('person:q')).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
