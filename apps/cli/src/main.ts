import { parseArgs } from 'node:util';
import { loadConfig } from '@app/config';
import { createEventStore, EventStore, verifyAll, verifyStream } from '@app/event-store';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  verify [--stream <name>]   check the hash chain of the whole log (or one stream); exit 1 if it fails

The event store is chosen as the API chooses it: EVENTSTORE_CONNECTION_STRING, or DATA_DIR/events.sqlite.`;

const commands: Record<string, (store: EventStore, args: string[]) => Promise<number>> = {
  async verify(store, args) {
    const { values } = parseArgs({ args, options: { stream: { type: 'string' } } });
    const result = values.stream ? await verifyStream(store, values.stream) : await verifyAll(store);
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  const store = createEventStore(loadConfig());
  try {
    return await command(store, args);
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
