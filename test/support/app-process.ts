import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { VETH_ADDRESS } from './netns.ts';

/** The built server (`dist/server/main.js`, as `npm start` runs it) in its own process. */
export interface AppProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Error-level log lines the server has written to stderr so far (every stderr line is also passed through). */
  errors: string[];
  /** Every line the server has written so far, stdout and stderr. */
  output: string[];
  /** The lines it has written to stdout so far. */
  stdout: string[];
  /** The first line (stdout or stderr, written so far or later) that `match` accepts. */
  line(match: (line: string) => boolean): Promise<string>;
  /** SIGTERM (or `signal`) and wait; removes the data dir unless `keepData`. */
  stop(options?: { keepData?: boolean; signal?: NodeJS.Signals }): Promise<void>;
}

/**
 * The address the server binds and pages open. Inside the test namespace (DIALOG_IN_NETNS, see netns.ts) it is the
 * namespace's veth address, not loopback: a page on `http://<non-loopback address>` is not a secure context, as
 * on a LAN, so an API that works only on https/localhost fails a test. Outside a namespace, 127.0.0.1.
 */
export const APP_HOST = process.env.DIALOG_IN_NETNS ? VETH_ADDRESS : '127.0.0.1';

/**
 * `entry` defaults to the build; pass `signal-server/main.ts` to run the sources through tsx. Ready when it logs
 * that it is listening, or (with a PORT of its own, for a LOG_LEVEL that hides that line) when /healthz answers.
 */
export async function startAppProcess(
  env: Record<string, string> = {},
  dataDir?: string,
  entry = 'dist/server/main.js',
): Promise<AppProcess> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'dialog-e2e-'));
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: '0', HOST: APP_HOST, DATA_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  const output: string[] = [];
  const stdout: string[] = [];
  const lines = new EventEmitter<{ line: [string] }>();
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    output.push(line);
    process.stderr.write(`${line}\n`);
    if (/^\{"level":"error"/.test(line)) errors.push(line);
    lines.emit('line', line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let started = false;
    const ready = (url: string) => {
      started = true;
      clearTimeout(timer);
      resolve(url);
    };
    const timer = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
    child.once('exit', (code) => {
      started = true;
      reject(new Error(`server exited with ${code}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output.push(line);
      stdout.push(line);
      lines.emit('line', line);
      const entry = /^\{/.test(line) ? (JSON.parse(line) as { message?: string; url?: string }) : {};
      if (entry.message === 'Dialog is listening' && entry.url) ready(entry.url);
    });
    const own = `http://${APP_HOST}:${env.PORT}`;
    if (env.PORT && env.PORT !== '0') void healthy(own, () => started).then((up) => up && ready(own));
  });
  return {
    url,
    dataDir: dir,
    child,
    errors,
    output,
    stdout,
    line(match) {
      const seen = output.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const check = (line: string) => {
          if (!match(line)) return;
          lines.off('line', check);
          resolve(line);
        };
        lines.on('line', check);
      });
    },
    async stop({ keepData = false, signal = 'SIGTERM' } = {}) {
      if (child.exitCode === null) child.kill(signal);
      await exited;
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether `url`'s /healthz came to answer 200, asking every 100 ms until then or `done()`. */
async function healthy(url: string, done: () => boolean): Promise<boolean> {
  while (!done()) {
    const status = await fetch(`${url}/healthz`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
