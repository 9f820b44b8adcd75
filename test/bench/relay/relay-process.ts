import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The baseline relay server in its own process, as Dialog's server runs in its own. */
export interface RelayProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startRelayProcess(): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/relay/server.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('relay did not start within 60 s')), 60_000);
      child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const entry = /^\{/.test(line) ? (JSON.parse(line) as { message?: string; url?: string }) : {};
        if (entry.message === 'relay is listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      });
    });
    return { url, child, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
