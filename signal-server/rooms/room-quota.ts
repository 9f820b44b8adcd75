import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { type Failure, failure } from '../../shared/protocol.ts';
import type { UserRecord } from '../accounts/user-store.ts';
import { memoryRateLimiters, type RateLimiterFactory } from '../rate-limiters.ts';
import { KeyedQueue } from './keyed-queue.ts';

export interface RoomQuotaOptions {
  /**
   * Open rooms one person may own at once. Administrators are exempt (they may keep standing rooms open for a
   * group); the creation rate still applies to them. Default 5.
   */
  openRoomsPerPerson: number;
  /** Rooms one person may create per minute, administrators included. Default 5. */
  roomCreatesPerMinute: number;
}

export const DEFAULT_ROOM_QUOTA: RoomQuotaOptions = { openRoomsPerPerson: 5, roomCreatesPerMinute: 5 };

/** A refused creation; `retryAfterSeconds` when it was the rate (the HTTP answer sets Retry-After). */
export type QuotaFailure = Failure & { retryAfterSeconds?: number };

/**
 * How many rooms one person may open, and how fast: one account cannot flood the lobby. Creations by one person
 * run one at a time, so a burst of simultaneous requests cannot all pass the count before any room is stored.
 */
export class RoomQuota {
  readonly #options: RoomQuotaOptions;
  readonly #rate: RateLimiterAbstract;
  readonly #queue = new KeyedQueue();

  /** `limiter`: where creation counts are kept (in memory by default; Redis when several processes share them). */
  constructor(options: RoomQuotaOptions, limiter: RateLimiterFactory = memoryRateLimiters) {
    this.#options = options;
    this.#rate = limiter({
      keyPrefix: 'room_create',
      points: options.roomCreatesPerMinute,
      duration: 60,
    });
  }

  /**
   * Runs `create` if `owner` may open another room (`openRooms` counts the rooms they own now); otherwise answers
   * TOO_MANY_ROOMS or RATE_LIMITED without creating anything.
   */
  admit<T>(owner: UserRecord, openRooms: () => Promise<number>, create: () => Promise<T>): Promise<T | QuotaFailure> {
    return this.#queue.run(owner.username, async () => {
      const max = this.#options.openRoomsPerPerson;
      if (!owner.isAdmin && (await openRooms()) >= max) {
        return failure('TOO_MANY_ROOMS', `You have ${max} open rooms already: delete one or wait until one closes.`);
      }
      const waitSeconds = await this.#consume(owner.username);
      if (waitSeconds > 0) {
        return {
          ...failure('RATE_LIMITED', `You are opening rooms too fast. Try again in ${waitSeconds} seconds.`),
          retryAfterSeconds: waitSeconds,
        };
      }
      return create();
    });
  }

  /** Seconds to wait if `username` is over the creation rate, else 0 (and the creation is counted). */
  async #consume(username: string): Promise<number> {
    try {
      await this.#rate.consume(username, 1);
      return 0;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    }
  }
}
