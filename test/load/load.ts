/**
 * `npm run load`: the mixed workload with faults of issue 13 (load-run.ts), 200 people for 60 s and two SIGKILLs of
 * the API by default (LOAD_PEOPLE, LOAD_SECONDS, LOAD_KILLS, LOAD_THINK_MS to change); prints per-route figures and
 * the checks, and exits 1 if any check fails.
 */
import { failures, report, runLoad } from './load-run';

async function main() {
  const result = await runLoad({
    people: Number(process.env.LOAD_PEOPLE ?? 200),
    seconds: Number(process.env.LOAD_SECONDS ?? 60),
    kills: Number(process.env.LOAD_KILLS ?? 2),
    thinkMs: Number(process.env.LOAD_THINK_MS ?? 1000),
    say: (line) => console.log(line),
  });
  console.log(`\n${report(result).join('\n')}`);
  const failed = failures(result);
  console.log(failed.length === 0 ? '\nAll checks hold.' : `\nFAILED:\n${failed.join('\n')}`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
