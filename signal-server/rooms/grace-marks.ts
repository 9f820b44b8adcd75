import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Marks that a grace period is running (an empty room waiting to vanish, a dropped person waiting to be announced
 * as gone), shared by every process: whoever ends the grace early (someone joins) removes the mark, and when the
 * grace is over exactly one process — the one whose mark is still there — acts on it. Each process keeps its own
 * timer; the mark says whether that timer still counts.
 */
export interface GraceMarks {
  /** Marks `key` (replacing an earlier mark) for at least `ttlMs`; answers the new mark's token. */
  mark(key: string, ttlMs: number): Promise<string>;
  /** Removes the mark on `key`; answers whether there was one. */
  unmark(key: string): Promise<boolean>;
  /** Removes the mark on `key` if it is still `token`; answers whether it was: then the caller, alone, acts on it. */
  claim(key: string, token: string): Promise<boolean>;
  /**
   * Puts back a mark the store may have lost (Redis restarted empty) for `ttlMs`, unless `key` has a mark: a
   * newer one (another process's) must keep winning.
   */
  restore(key: string, token: string, ttlMs: number): Promise<void>;
}

/** GraceMarks for a single process. Every mark is claimed or replaced by its timer's end, so none is left behind. */
export class MemoryGraceMarks implements GraceMarks {
  readonly #marks = new Map<string, string>();

  async mark(key: string): Promise<string> {
    const token = randomUUID();
    this.#marks.set(key, token);
    return token;
  }

  async unmark(key: string): Promise<boolean> {
    return this.#marks.delete(key);
  }

  async claim(key: string, token: string): Promise<boolean> {
    if (this.#marks.get(key) !== token) return false;
    this.#marks.delete(key);
    return true;
  }

  async restore(key: string, token: string): Promise<void> {
    if (!this.#marks.has(key)) this.#marks.set(key, token);
  }
}

/** Deletes the key only if it still holds the caller's token: check and delete in one step. */
const CLAIM = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** GraceMarks in Redis, as expiring keys: a mark whose process died goes away by itself. */
export class RedisGraceMarks implements GraceMarks {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async mark(key: string, ttlMs: number): Promise<string> {
    const token = randomUUID();
    await this.#redis.set(markKey(key), token, 'PX', Math.max(1, ttlMs));
    return token;
  }

  async unmark(key: string): Promise<boolean> {
    return (await this.#redis.del(markKey(key))) > 0;
  }

  async claim(key: string, token: string): Promise<boolean> {
    return (await this.#redis.eval(CLAIM, 1, markKey(key), token)) === 1;
  }

  async restore(key: string, token: string, ttlMs: number): Promise<void> {
    await this.#redis.set(markKey(key), token, 'PX', Math.max(1, ttlMs), 'NX');
  }
}

const markKey = (key: string) => `dialog:grace:${key}`;
