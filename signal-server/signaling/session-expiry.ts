import type { Sessions } from '../accounts/sessions.ts';
import type { Logger } from '../log.ts';
import type { DialogSocket } from './types.ts';

/** After a failed check (the store unreachable), the next try. */
const RETRY_MS = 60_000;

export interface SessionExpiryOptions {
  /** How precisely a check comes due: the wheel turns once per tick. Default 1 s. */
  tickMs?: number;
}

/**
 * Ends a socket when its session ends by the clock, as a logout would: it re-checks the session at its absolute
 * end (and every half idle period, which renews it: an open socket is use). Revoked sessions already cut their
 * sockets at once; this covers expiry, which happens without any request.
 *
 * One timer wheel for every socket, not a timer each: a socket sits in the bucket of the tick its check is due, and
 * one interval empties each bucket in turn (10,000 idle sockets cost set entries, not 10,000 timers and closures).
 */
export class SessionExpiry {
  readonly #buckets = new Map<number, Set<DialogSocket>>();
  /** Each watched socket's bucket, to take it out when it goes. */
  readonly #tickOf = new WeakMap<DialogSocket, number>();
  readonly #sessions: Sessions;
  readonly #log: Logger;
  readonly #tickMs: number;
  readonly #timer: NodeJS.Timeout;
  /** One disconnect listener for every socket (socket.io calls it with the socket as `this`). */
  readonly #onDisconnect: (this: DialogSocket) => void;
  /** The last tick whose bucket was emptied. */
  #turned: number;

  constructor(sessions: Sessions, log: Logger, options: SessionExpiryOptions = {}) {
    this.#sessions = sessions;
    this.#log = log;
    this.#tickMs = options.tickMs ?? 1000;
    this.#turned = this.#tick(Date.now());
    this.#timer = setInterval(() => this.#turn(), this.#tickMs);
    this.#timer.unref();
    const expiry = this;
    this.#onDisconnect = function (this: DialogSocket) {
      expiry.#forget(this);
    };
  }

  /** Checks a socket's session now and again whenever it comes due, until the socket disconnects. */
  watch(socket: DialogSocket): void {
    socket.on('disconnect', this.#onDisconnect);
    this.#check(socket);
  }

  #forget(socket: DialogSocket): void {
    const tick = this.#tickOf.get(socket);
    if (tick === undefined) return;
    this.#tickOf.delete(socket);
    const bucket = this.#buckets.get(tick);
    bucket?.delete(socket);
    if (bucket?.size === 0) this.#buckets.delete(tick);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#buckets.clear();
  }

  #tick(ms: number): number {
    return Math.ceil(ms / this.#tickMs);
  }

  #schedule(socket: DialogSocket, inMs: number): void {
    // Never the bucket being emptied now or one already passed: the next tick at the earliest.
    const tick = Math.max(this.#tick(Date.now() + inMs), this.#turned + 1);
    this.#tickOf.set(socket, tick);
    let bucket = this.#buckets.get(tick);
    if (!bucket) {
      bucket = new Set();
      this.#buckets.set(tick, bucket);
    }
    bucket.add(socket);
  }

  /** Empties every bucket up to now (a late interval catches up on the ticks it missed). */
  #turn(): void {
    const now = this.#tick(Date.now());
    for (; this.#turned < now; ) {
      this.#turned++;
      const bucket = this.#buckets.get(this.#turned);
      if (!bucket) continue;
      this.#buckets.delete(this.#turned);
      for (const socket of bucket) {
        this.#tickOf.delete(socket);
        if (socket.connected) this.#check(socket);
      }
    }
  }

  #check(socket: DialogSocket): void {
    this.#sessions.resolveId(socket.data.sessionId).then(
      (auth) => {
        if (!socket.connected) return;
        if (!auth) socket.disconnect(true);
        else this.#schedule(socket, this.#sessions.msUntilCheck(auth.session));
      },
      (err: unknown) => {
        this.#log.error('session check failed', { sessionId: socket.data.sessionId, error: String(err) });
        if (socket.connected) this.#schedule(socket, RETRY_MS); // the store may be back by then
      },
    );
  }
}
