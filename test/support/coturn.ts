import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** How coturn checks credentials: the REST scheme's shared secret, or one static long-term user. */
export type CoturnAuth = { secret: string } | { user: string; password: string };

/**
 * Starts `turnserver` listening on `ip`:3478 (UDP and TCP), relaying from a small port range on the same address.
 * No TLS, no CLI, no database outside the temp dir; peers on documentation addresses are allowed (the lab's
 * public segment is one).
 */
export async function startCoturn(ip: string, auth: CoturnAuth): Promise<Coturn> {
  const dir = mkdtempSync(join(tmpdir(), 'dialog-coturn-'));
  const config = [
    `listening-ip=${ip}`,
    `relay-ip=${ip}`,
    'listening-port=3478',
    'min-port=49160',
    'max-port=49200',
    'realm=dialog.test',
    'fingerprint',
    ...('secret' in auth
      ? ['use-auth-secret', `static-auth-secret=${auth.secret}`]
      : ['lt-cred-mech', `user=${auth.user}:${auth.password}`]),
    'no-tls',
    'no-dtls',
    'no-cli',
    'no-multicast-peers',
    'no-software-attribute',
    `userdb=${join(dir, 'turndb')}`,
    `pidfile=${join(dir, 'turnserver.pid')}`,
    'log-file=stdout',
    'simple-log',
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
