import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A coturn `turnserver` started by a test, on one address, with its config in a temp dir. */
export interface Coturn {
  /** `turn:<ip>:<port>?transport=udp`. */
  url: string;
  /** Every line coturn has logged so far. */
  log: string[];
  /** Waits for a log line matching `pattern` (already logged or still to come). */
  logged(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** The relay configuration Dialog documents, which the lab runs: docs/turnserver.conf.example. */
export const EXAMPLE_CONFIG = 'docs/turnserver.conf.example';

/** Settings the lab replaces in the example: its addresses, its secret, and TLS (no certificates here). */
const REPLACED = /^(listening-ip|relay-ip|static-auth-secret|tls-listening-port|cert|pkey|log-file|pidfile|userdb)=/;

/**
 * Starts `turnserver` with the documented example configuration (EXAMPLE_CONFIG) on `ip`:3478, UDP and TCP,
 * relaying from the same address, checking credentials against `secret` (the REST scheme); without TLS, and with
 * its database, pid file and log in a temp dir.
 */
export async function startCoturn(ip: string, secret: string): Promise<Coturn> {
  const dir = mkdtempSync(join(tmpdir(), 'dialog-coturn-'));
  const example = readFileSync(EXAMPLE_CONFIG, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !REPLACED.test(line));
  const config = [
    ...example,
    `listening-ip=${ip}`,
    `relay-ip=${ip}`,
    `static-auth-secret=${secret}`,
    'no-tls',
    `userdb=${join(dir, 'turndb')}`,
    `pidfile=${join(dir, 'turnserver.pid')}`,
    'log-file=stdout',
    'verbose',
  ];
  const file = join(dir, 'turnserver.conf');
  writeFileSync(file, `${config.join('\n')}\n`);
  const child: ChildProcess = spawn('turnserver', ['-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onLine = (line: string) => {
    log.push(line);
    for (const w of [...waiters]) {
      if (w.pattern.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', onLine);
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', onLine);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const logged = (pattern: RegExp, timeoutMs = 20_000) => {
    const seen = log.find((line) => pattern.test(line));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`coturn never logged ${pattern}:\n${log.join('\n')}`)),
        timeoutMs,
      );
      waiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      logged(new RegExp(`IPv4\\. (UDP|TCP) listener opened on : ${ip.replaceAll('.', '\\.')}:3478`)),
      exited.then(() => {
        throw new Error(`turnserver exited:\n${log.join('\n')}`);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `turn:${ip}:3478?transport=udp`, log, logged, stop };
}
