import { InvalidEventError } from '../errors';
import { anEvent, eventStoreContract } from '../testing/event-store.contract';
import { EventStoreDbEventStore } from './event-store-db-event-store';

const url = process.env.EVENTSTORE_CONNECTION_STRING;

if (url) {
  eventStoreContract('EventStoreDbEventStore', async () => new EventStoreDbEventStore(url));
} else {
  console.log('EventStoreDB contract suite did not run: EVENTSTORE_CONNECTION_STRING is not set');

  describe('EventStoreDbEventStore without a server', () => {
    it('refuses a malformed connection string, and invalid events before any network call', async () => {
      expect(() => new EventStoreDbEventStore('http://localhost:2113')).toThrow();

      // Nothing listens on port 1: an append that reached the network would fail otherwise, and later.
      const store = new EventStoreDbEventStore('esdb://127.0.0.1:1?tls=false');
      const append = store.appendToStream('s', [anEvent(), { ...anEvent(), id: 'not-a-uuid' }]);
      await expect(append).rejects.toBeInstanceOf(InvalidEventError);
      await store.close();
    });
  });
}
