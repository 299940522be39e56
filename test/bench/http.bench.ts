/**
 * HTTP pipeline benchmark: `npm run bench:http`. The built API (a fresh DATA_DIR, three enrolled seated networks)
 * beside a bare NestJS 11 app answering the same GET and a fixed POST (`bare-nest.ts`) on Express, the API's
 * platform, and on Fastify, each in its own process, all driven by autocannon in a process of its own. Targets
 * (issue 13): `GET /api/v1/themes` ≥ 80% of the bare app's GET on the same platform, `POST /api/v1/practices`
 * (SubmitPractice, durable) ≥ 50% of the bare app's POST. The runs are interleaved in rounds so that other work on
 * the machine weighs on each alike; rates are over all rounds, latencies the median of the rounds'. Beside each, the
 * server process's CPU time per request (median of the rounds), which other work on the machine moves less.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../support/built-process';
import {
  buildApi,
  cannon,
  CannonResult,
  cpuMicroseconds,
  figure,
  SUBMISSION,
  started,
  startSeatedApi,
  stop,
} from './bench-support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP_SECONDS = 2;
const CONNECTIONS = 32;

interface Target {
  name: string;
  /** The server's process, whose CPU time per request is measured beside the rate. */
  pid: number;
  url: string;
  expected: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The target whose rate this one's is a share of, and the share wanted. */
  of?: { name: string; wanted?: number };
}

async function bareNest(
  platform: 'express' | 'fastify',
): Promise<{ child: ChildProcess; pid: number; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'bare-nest.ts')], {
    env: { ...process.env, PLATFORM: platform, PORT: String(port) },
    stdio: 'inherit',
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  await started(child, `${base}/themes`);
  return { child, pid: child.pid!, base };
}

async function main() {
  buildApi();
  const express = await bareNest('express');
  const fastify = await bareNest('fastify');
  const api = await startSeatedApi(await freePort());
  try {
    const body = JSON.stringify(SUBMISSION);
    const json = { 'content-type': 'application/json' };
    const bearer = { authorization: `Bearer ${api.token}` };
    const targets: Target[] = [
      {
        name: 'bare Nest (Express): GET /themes',
        pid: express.pid,
        url: `${express.base}/themes`,
        expected: 200,
      },
      {
        name: 'API: GET /api/v1/themes',
        pid: api.pid,
        url: `${api.base}/themes`,
        expected: 200,
        of: { name: 'bare Nest (Express): GET /themes', wanted: 0.8 },
      },
      {
        name: 'API: GET /api/v1/me (bearer token)',
        pid: api.pid,
        url: `${api.base}/me`,
        expected: 200,
        headers: bearer,
        of: { name: 'bare Nest (Express): GET /themes' },
      },
      {
        name: 'bare Nest (Express): POST /practices',
        pid: express.pid,
        url: `${express.base}/practices`,
        expected: 201,
        method: 'POST',
        headers: json,
        body,
      },
      {
        name: 'API: POST /api/v1/practices',
        pid: api.pid,
        url: `${api.base}/practices`,
        expected: 201,
        method: 'POST',
        headers: { ...json, ...bearer },
        body,
        of: { name: 'bare Nest (Express): POST /practices', wanted: 0.5 },
      },
      {
        name: 'bare Nest (Fastify): GET /themes',
        pid: fastify.pid,
        url: `${fastify.base}/themes`,
        expected: 200,
        of: { name: 'bare Nest (Express): GET /themes' },
      },
      {
        name: 'bare Nest (Fastify): POST /practices',
        pid: fastify.pid,
        url: `${fastify.base}/practices`,
        expected: 201,
        method: 'POST',
        headers: json,
        body,
        of: { name: 'bare Nest (Express): POST /practices' },
      },
    ];
    // The server's CPU time per request, less moved by other work on the machine than the rate is.
    const drive = async (target: Target, seconds: number) => {
      await settled(target.pid);
      const cpuBefore = cpuMicroseconds(target.pid);
      const result = await cannon(target.url, target.expected, {
        ...target,
        connections: CONNECTIONS,
        seconds,
      });
      return { ...result, cpu: (cpuMicroseconds(target.pid) - cpuBefore) / (result.rate * seconds) };
    };

    for (const target of targets) await drive(target, WARM_UP_SECONDS);
    const results = new Map<string, Array<CannonResult & { cpu: number }>>(
      targets.map(({ name }) => [name, []]),
    );
    for (let round = 1; round <= ROUNDS; round++)
      for (const target of targets) results.get(target.name)!.push(await drive(target, SECONDS));

    const rate = (name: string) => mean(results.get(name)!.map((result) => result.rate));
    const cpu = (name: string) => median(results.get(name)!.map((result) => result.cpu));
    console.log(
      `\nHTTP pipeline benchmark: autocannon -c ${CONNECTIONS}, ${ROUNDS} rounds of ${SECONDS} s per figure ` +
        `(after ${WARM_UP_SECONDS} s of warm-up), node ${process.version}\n`,
    );
    for (const target of targets) {
      const runs = results.get(target.name)!;
      const share = target.of && rate(target.name) / rate(target.of.name);
      console.log(
        `${target.name.padEnd(40)} ${figure(rate(target.name)).padStart(7)} requests/s  ` +
          `p50 ${median(runs.map((run) => run.p50))} ms  p99 ${median(runs.map((run) => run.p99))} ms  ` +
          (share === undefined
            ? '(baseline)'
            : `${(100 * share).toFixed(0)}% of ${target.of!.name}` +
              (target.of!.wanted === undefined
                ? ''
                : ` (target ≥ ${100 * target.of!.wanted}%: ${share >= target.of!.wanted ? 'met' : 'NOT met'})`)),
      );
      console.log(
        `${''.padEnd(40)} rounds: ${runs.map((run) => figure(run.rate)).join(', ')} requests/s; ` +
          `server CPU ${figure(cpu(target.name))} µs a request` +
          (target.of ? ` (${(cpu(target.name) / cpu(target.of.name)).toFixed(2)}× ${target.of.name})` : ''),
      );
    }
  } finally {
    await api.close();
    await stop(express.child);
    await stop(fastify.child);
  }
}

/**
 * Resolves once `pid` has used under 5% of a core for a quarter of a second (at most 30 s): the API works on after a
 * run of POSTs (its projections, reactors and log verifier follow the events written), which would otherwise be
 * charged to the next route measured.
 */
async function settled(pid: number): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 250) {
    const before = cpuMicroseconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (cpuMicroseconds(pid) - before < 12_500) return;
  }
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
