import { type ChildProcess, spawn } from 'node:child_process';
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
  /** SIGTERM (or `signal`) and wait; removes the data dir unless `keepData`. */
  stop(options?: { keepData?: boolean; signal?: NodeJS.Signals }): Promise<void>;
}

/**
 * The address the server binds and pages open. Inside the test namespace (DIALOG_IN_NETNS, see netns.ts) it is the
 * namespace's veth address, not loopback: a page on `http://<non-loopback address>` is not a secure context, as
 * on a LAN, so an API that works only on https/localhost fails a test. Outside a namespace, 127.0.0.1.
 */
export const APP_HOST = process.env.DIALOG_IN_NETNS ? VETH_ADDRESS : '127.0.0.1';

/** `entry` defaults to the build; pass `signal-server/main.ts` to run the sources through tsx. */
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
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    output.push(line);
    process.stderr.write(`${line}\n`);
    if (/^\{"level":"error"/.test(line)) errors.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output.push(line);
      const entry = /^\{/.test(line) ? (JSON.parse(line) as { message?: string; url?: string }) : {};
      if (entry.message === 'Dialog is listening' && entry.url) {
        clearTimeout(timer);
        resolve(entry.url);
      }
    });
  });
  return {
    url,
    dataDir: dir,
    child,
    errors,
    output,
    async stop({ keepData = false, signal = 'SIGTERM' } = {}) {
      if (child.exitCode === null) child.kill(signal);
      await exited;
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}
