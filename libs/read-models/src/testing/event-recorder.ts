import type { RecordedEvent } from '@app/event-store';

/**
 * For projections' specs: a function that records events as the log would, each at the next position.
 * `occurredAt` is the command's time, which projections time things by; the store's own `createdAt` is set far
 * from it on purpose, so a projection that used it would be caught.
 */
export function eventRecorder() {
  let position = 0n;
  return (
    type: string,
    data: Record<string, unknown>,
    occurredAt = '2026-11-23T10:00:00.000Z',
  ): RecordedEvent => {
    position++;
    return {
      id: `e${position}`,
      type,
      data,
      metadata: { occurredAt, prevHash: '', hash: '' },
      stream: 's',
      revision: position,
      position,
      createdAt: new Date('2030-01-01T00:00:00Z'),
    };
  };
}
