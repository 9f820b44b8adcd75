import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { PasswordTask } from './password-worker.ts';

/** Hashes and checks passwords without blocking the event loop. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface BcryptOptions {
  /** bcrypt cost factor; ≥ 12 in production. */
  cost: number;
  /** Worker threads. Default: one less than the cores, so hashing never takes the event loop's core. */
  threads?: number;
}

/** The worker file: bundled next to this module in dist, or the TypeScript source under tsx. */
function workerFile(): URL {
  const built = new URL('./password-worker.js', import.meta.url);
  return existsSync(built) ? built : new URL('./password-worker.ts', import.meta.url);
}

/** bcryptjs in a piscina worker pool. */
export class BcryptHasher implements PasswordHasher {
  readonly #pool: Piscina;
  readonly #cost: number;

  constructor(options: BcryptOptions) {
    this.#cost = options.cost;
    const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
    this.#pool = new Piscina({ filename: workerFile().href, minThreads: 0, maxThreads: threads, idleTimeout: 60_000 });
  }

  hash(password: string): Promise<string> {
    return this.#pool.run({ op: 'hash', password, cost: this.#cost } satisfies PasswordTask);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.#pool.run({ op: 'verify', password, hash } satisfies PasswordTask);
  }

  close(): Promise<void> {
    return this.#pool.destroy();
  }
}
