import { DEFAULT_RETRY, retryDelayMs } from './checkpointed-consumer';

describe('retryDelayMs', () => {
  it('waits 100 ms before the first retry, twice as long before each next one, and never more than 30 s', () => {
    expect([1, 2, 3, 4, 8, 9, 10, 1000].map((retries) => retryDelayMs(retries, DEFAULT_RETRY))).toEqual([
      100, 200, 400, 800, 12_800, 25_600, 30_000, 30_000,
    ]);
  });
});
