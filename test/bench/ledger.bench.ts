/**
 * Ledger benchmark: `npm run bench:ledger`. Appends 1,000,000 leaves (32-byte event hashes) to the RFC 9162 tree
 * beside raw SHA-256 of the same inputs, in this one process so the ratio holds on a noisy machine; then proves and
 * verifies inclusion and consistency in the 1,000,000-leaf tree, and reports the memory the tree holds.
 */
import { createHash, hash, randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MerkleTree, verifyConsistency, verifyInclusion } from '../../libs/ledger/src';
import { figure, percentile } from './bench-support';

const LEAVES = Number(process.env.BENCH_LEAVES ?? 1_000_000);
const PROOFS = Number(process.env.BENCH_PROOFS ?? 1000);
const ROUNDS = 3;
// `npm run bench:ledger` runs tsx without --expose-gc: turn it on here, so the tree's memory is measured alone.
setFlagsFromString('--expose-gc');
const fullGc = runInNewContext('gc') as () => void;
// Buffers' memory is released after the collection, off the main task: let that happen before measuring.
const gc = async () => {
  fullGc();
  await new Promise((resolve) => setImmediate(resolve));
  fullGc();
};
const memory = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const inputs = randomBytes(LEAVES * 32);
const input = (i: number) => inputs.subarray(i * 32, (i + 1) * 32);

/** Hashes per second of `work` over every input. */
function rate(work: (i: number) => unknown): number {
  const started = performance.now();
  for (let i = 0; i < LEAVES; i++) work(i);
  return LEAVES / ((performance.now() - started) / 1000);
}

/** Median and p95 in ms of `work` over PROOFS random picks. */
function timings(work: () => void): { p50: number; p95: number } {
  const samples: number[] = [];
  for (let n = 0; n < PROOFS; n++) {
    const started = performance.now();
    work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const randomBelow = (n: number) => Math.floor(Math.random() * n);

async function main(): Promise<void> {
  console.log(
    `Ledger benchmark: ${figure(LEAVES)} leaves of 32 bytes, best of ${ROUNDS} rounds, node ${process.version}\n`,
  );

  let raw = 0;
  let rawCreateHash = 0;
  let appends = 0;
  let tree = new MerkleTree();
  let treeMemory = 0;
  for (let round = 0; round < ROUNDS; round++) {
    raw = Math.max(
      raw,
      rate((i) => hash('sha256', input(i), 'buffer')),
    );
    rawCreateHash = Math.max(
      rawCreateHash,
      rate((i) => createHash('sha256').update(input(i)).digest()),
    );
    tree = new MerkleTree();
    await gc();
    const before = memory();
    const built = tree;
    appends = Math.max(
      appends,
      rate((i) => built.append(input(i))),
    );
    await gc();
    // Measured while this is the only tree made: a dropped one's buffers are not reliably freed by then.
    if (round === 0) treeMemory = memory() - before;
  }
  console.log(`raw SHA-256, crypto.hash (baseline)      ${figure(raw)} hashes/s`);
  console.log(`raw SHA-256, createHash().digest()       ${figure(rawCreateHash)} hashes/s`);
  console.log(
    `tree appends                             ${figure(appends)} leaves/s (${((appends / raw) * 100).toFixed(0)}% of raw; ` +
      `${figure((LEAVES / appends) * 1000)} ms to build ${figure(LEAVES)})`,
  );
  // A tree of n leaves hashes 2n - 1 times (each leaf, then each interior node): half the raw rate is its ceiling.
  const treeHashes = (appends * (2 * LEAVES - 1)) / LEAVES;
  console.log(
    `  SHA-256 calls inside the tree          ${figure(treeHashes)} hashes/s (${((treeHashes / raw) * 100).toFixed(0)}% of raw)`,
  );
  console.log(
    `tree memory                              ${mib(tree.bytesUsed)} of hashes held, ${mib(treeMemory)} ` +
      `more heap and buffers after building (${(tree.bytesUsed / LEAVES).toFixed(0)} bytes a leaf)\n`,
  );

  const size = tree.size;
  const root = tree.root();
  const indices = Array.from({ length: PROOFS }, () => randomBelow(size));
  let next = 0;
  const inclusion = timings(() => void tree.inclusionProof(indices[next++ % PROOFS], size));
  next = 0;
  const inclusionVerified = timings(() => {
    const index = indices[next++ % PROOFS];
    if (!verifyInclusion(tree.leafHash(index), index, size, tree.inclusionProof(index, size), root)) {
      throw new Error(`Inclusion of ${index} did not verify`);
    }
  });
  const earlier = Array.from({ length: PROOFS }, () => 1 + randomBelow(size - 1));
  next = 0;
  const inclusionEarlier = timings(() => {
    const at = earlier[next++ % PROOFS];
    tree.inclusionProof(randomBelow(at), at);
  });
  next = 0;
  const consistency = timings(() => void tree.consistencyProof(earlier[next++ % PROOFS], size));
  next = 0;
  const consistencyVerified = timings(() => {
    const from = earlier[next++ % PROOFS];
    if (!verifyConsistency(from, size, tree.consistencyProof(from, size), tree.root(from), root)) {
      throw new Error(`Consistency from ${from} did not verify`);
    }
  });
  const rootEarlier = timings(() => void tree.root(earlier[next++ % PROOFS]));

  const line = (what: string, { p50, p95 }: { p50: number; p95: number }) =>
    console.log(`${what.padEnd(41)}p50 ${ms(p50)}, p95 ${ms(p95)}`);
  console.log(`${figure(PROOFS)} proofs each in the tree of ${figure(size)} leaves:`);
  line('inclusion proof at the full size', inclusion);
  line('  … proved and verified', inclusionVerified);
  line('inclusion proof at an earlier size', inclusionEarlier);
  line('consistency proof, earlier -> full', consistency);
  line('  … proved, both roots, verified', consistencyVerified);
  line('root at an earlier size', rootEarlier);
}

void main();
