/**
 * Child process of stored-responses.spec.ts: claims one key in DATA_DIR's stored responses, says "claimed", and
 * keeps the claim pending (its request never answers) until it is killed.
 */
import { StoredResponses } from '../stored-responses';

const [dataDir, secret, keepAliveMs, abandonedMs] = process.argv.slice(2);
const responses = new StoredResponses(dataDir, 3_600_000, () => Date.now(), {
  keepAliveMs: Number(keepAliveMs),
  abandonedMs: Number(abandonedMs),
});
console.log(responses.claim(secret, 'request-hash', 'token-of-the-holder').kind);
setInterval(() => undefined, 60_000);
