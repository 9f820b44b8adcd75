/** Options of a `TokenBucket`. */
export interface TokenBucketOptions {
  /** Tokens added back per second. */
  perSecond: number;
  /** Most tokens held at once: how many events may come in one burst. */
  burst: number;
  /** Milliseconds, monotonic. Default `performance.now`. */
  now?: () => number;
}

/** A rate limit: up to `burst` events at once, then `perSecond` on average; each event takes one token. */
export class TokenBucket {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(options: TokenBucketOptions) {
    this.#perMs = options.perSecond / 1000;
    this.#burst = options.burst;
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = options.burst;
    this.#at = this.#now();
  }

  /** Whether a token is there to take. */
  ready(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#perMs);
    this.#at = now;
    return this.#tokens >= 1;
  }

  /** Takes a token if there is one; false means the event comes too fast. */
  take(): boolean {
    if (!this.ready()) return false;
    this.#tokens -= 1;
    return true;
  }
}
