/**
 * The read models' projection runner in a process of its own, for the crash test: it follows the log in
 * `events.sqlite` into the read-model file given, printing each checkpoint it commits, and exits once caught up.
 */
import { SqliteEventStore } from '@app/event-store';
import { ProjectionRunner, READ_MODEL_PROJECTIONS } from '@app/read-models';
import { slowProjection } from './slow.projection';

async function main([eventsFile, readModelFile]: string[]): Promise<void> {
  const store = new SqliteEventStore(eventsFile);
  const runner = new ProjectionRunner(store, readModelFile, [...READ_MODEL_PROJECTIONS, slowProjection], {
    batchSize: 25,
  });
  process.stdout.write(`from ${runner.position ?? 'start'}\n`);
  runner.start();
  const head = await store.headPosition();
  while (!(await runner.waitFor(head, 50))) {
    if (runner.failure) throw runner.failure;
    process.stdout.write(`at ${runner.position ?? 'start'}\n`);
  }
  process.stdout.write(`done ${runner.position}\n`);
  await runner.close();
  await store.close();
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
