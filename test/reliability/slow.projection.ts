import type { Projection } from '@app/read-models';

/**
 * Spends a little CPU on every event inside the batch's transaction and writes nothing: with it, the runner in the
 * crash test spends most of its time mid-transaction, where a SIGKILL is most telling.
 */
export const slowProjection: Projection = {
  name: 'slow',
  schema: '',
  apply() {
    const until = performance.now() + 0.3;
    while (performance.now() < until);
  },
};
