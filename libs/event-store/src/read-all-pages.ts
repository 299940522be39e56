import type { EventStore, ReadAllOptions, RecordedEvent } from './event-store';
import { TamperedStreamError } from './errors';

/**
 * Reads `$all` forwards in pages from an inclusive position. Each next page starts at the last position seen
 * (and drops that event) rather than at `position + 1`: EventStoreDB positions are byte offsets, not counters.
 * A page holding an event the store cannot read is read again one event at a time, so every event before that
 * one is given before the error is thrown: a verifier names the very event, an export ends just before it.
 */
export async function* readAllInPages(
  store: EventStore,
  {
    fromPosition = 'start',
    pageSize = 1000,
  }: { fromPosition?: ReadAllOptions['fromPosition']; pageSize?: number } = {},
): AsyncGenerator<RecordedEvent[]> {
  let from = fromPosition;
  let last: bigint | undefined;
  for (;;) {
    const wanted = last === undefined ? pageSize : pageSize + 1;
    let page: RecordedEvent[];
    try {
      page = await store.readAll({ fromPosition: from, maxCount: wanted });
    } catch (error) {
      if (!(error instanceof TamperedStreamError) || pageSize === 1) throw error;
      for await (const single of readAllInPages(store, { fromPosition: from, pageSize: 1 })) {
        const fresh = single.filter((event) => last === undefined || event.position > last);
        if (fresh.length > 0) yield fresh;
      }
      return;
    }
    const fresh = last === undefined ? page : page.filter((event) => event.position > last!);
    if (fresh.length > 0) yield fresh;
    if (page.length < wanted) return;
    last = page[page.length - 1].position;
    from = last;
  }
}
