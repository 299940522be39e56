/** A process's resident memory, read from Linux's /proc while a benchmark runs (issue 13, target 5). */
import { readFileSync } from 'node:fs';
import { percentile } from './bench-support';

export interface ResidentMemory {
  /** The most seen in a sample, in MiB. */
  peak: number;
  /** The median of the samples, in MiB: what the process holds while the work goes on. */
  steady: number;
  /** The kernel's high-water mark (VmHWM) when sampling stopped: the peak since the process started, in MiB. */
  highWater: number;
  samples: number;
}

/** VmRSS and VmHWM of `pid`, in MiB; undefined once it has exited (a zombie's status has neither). */
export function residentMemory(pid: number): { rss: number; highWater: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string) => new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  const [rss, highWater] = [kib('VmRSS'), kib('VmHWM')];
  return rss && highWater ? { rss: Number(rss) / 1024, highWater: Number(highWater) / 1024 } : undefined;
}

/** Samples `pid`'s resident memory every `everyMs` until `stop()`, which answers what was seen while it ran. */
export function sampleResidentMemory(pid: number, everyMs = 250): { stop(): ResidentMemory } {
  let highWater = 0;
  const seen: number[] = [];
  const sample = () => {
    const now = residentMemory(pid);
    if (!now) return;
    seen.push(now.rss);
    highWater = now.highWater;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const sorted = [...seen].sort((x, y) => x - y);
      return {
        peak: percentile(sorted, 1),
        steady: percentile(sorted, 0.5),
        highWater,
        samples: seen.length,
      };
    },
  };
}

export const mib = (value: number) => `${Math.round(value)} MiB`;
