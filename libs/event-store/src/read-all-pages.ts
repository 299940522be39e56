import type { EventStore, ReadAllOptions, RecordedEvent } from './event-store';

/**
 * Reads `$all` forwards in pages from an inclusive position. Each next page starts at the last position seen
 * (and drops that event) rather than at `position + 1`: EventStoreDB positions are byte offsets, not counters.
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
    const page = await store.readAll({ fromPosition: from, maxCount: wanted });
    const fresh = last === undefined ? page : page.filter((event) => event.position > last!);
    if (fresh.length > 0) yield fresh;
    if (page.length < wanted) return;
    last = page[page.length - 1].position;
    from = last;
  }
}
