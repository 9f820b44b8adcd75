/** The bench's view of the machine it runs on: how busy it is, and deadlines for work that has none. */
import { readFileSync } from 'node:fs';
import { sleep } from './stats.ts';

/** Busy and total jiffies of the whole machine, from /proc/stat (Linux); undefined elsewhere. */
function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/**
 * Waits (at most `maxMs`) until the machine has been mostly idle for a second: fresh pages and new connections
 * keep Chromium busy for several seconds, and a figure taken then measures that instead. Answers the busy share
 * of the last second (1 = every core busy).
 */
export async function settle(maxMs: number, threshold = 0.35): Promise<number> {
  const deadline = Date.now() + maxMs;
  let busy = 1;
  while (Date.now() < deadline) {
    const a = cpuTimes();
    await sleep(1000);
    const b = cpuTimes();
    if (!a || !b) return Number.NaN;
    busy = (b.busy - a.busy) / Math.max(1, b.total - a.total);
    if (busy < threshold) break;
  }
  return Math.round(busy * 100) / 100;
}

/** Bounds a promise that has no deadline of its own (page.evaluate has none). */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
