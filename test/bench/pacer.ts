/** Keeps a stream of requests within a server's rate limit, so the bench measures the product, not its refusals. */
import { sleep } from './stats.ts';

/**
 * At most `limit` events in any `windowMs`: a sliding window, which also keeps every fixed window of that length
 * (rate-limiter-flexible's) within the limit. Answers how long each event had to wait.
 */
export class Pacer {
  readonly #times: number[] = [];
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;

  /** `now` defaults to Date.now; tests pass a clock of their own. */
  constructor(options: { limit: number; windowMs: number; now?: () => number }) {
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
  }

  /** Milliseconds before one more event keeps every window within the limit; 0 when it may go now. */
  delay(): number {
    const now = this.#now();
    while (this.#times.length > 0 && (this.#times[0] as number) <= now - this.#windowMs) this.#times.shift();
    if (this.#times.length < this.#limit) return 0;
    return (this.#times[0] as number) + this.#windowMs - now;
  }

  /** Notes an event that goes now. */
  record(): void {
    this.#times.push(this.#now());
  }

  /** Waits until one more event fits, notes it, and answers the milliseconds waited. */
  async take(): Promise<number> {
    let waited = 0;
    for (let ms = this.delay(); ms > 0; ms = this.delay()) {
      await sleep(ms);
      waited += ms;
    }
    this.record();
    return waited;
  }
}
