import type { Context, Next } from 'koa';
import { type AuthState, requireUser } from '../accounts/auth-middleware.ts';
import { HttpError } from '../http/errors.ts';

export interface UploadSlotOptions {
  /** Uploads one person may have in flight. Default 1. */
  perPerson: number;
  /** Uploads in flight on the whole server (each holds up to 5 MB and a decode). Default 4. */
  overall: number;
}

export const DEFAULT_UPLOAD_SLOTS: UploadSlotOptions = { perPerson: 1, overall: 4 };

/** Counts uploads in flight, per person and overall; a slot is taken before any byte of the body is read. */
export class UploadSlots {
  readonly #options: UploadSlotOptions;
  readonly #perPerson = new Map<string, number>();
  #overall = 0;

  constructor(options: UploadSlotOptions) {
    this.#options = options;
  }

  /** Takes a slot for `username`: a release function, or why there is none. */
  take(username: string): (() => void) | 'person-busy' | 'server-busy' {
    const mine = this.#perPerson.get(username) ?? 0;
    if (mine >= this.#options.perPerson) return 'person-busy';
    if (this.#overall >= this.#options.overall) return 'server-busy';
    this.#perPerson.set(username, mine + 1);
    this.#overall++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#overall--;
      const left = (this.#perPerson.get(username) ?? 1) - 1;
      if (left > 0) this.#perPerson.set(username, left);
      else this.#perPerson.delete(username);
    };
  }
}

/**
 * Middleware in front of an upload: 401 for nobody logged in and 429 when the person or the server has too many
 * uploads in flight, all before the body is read, so an anonymous or excess upload is never buffered. A refusal
 * also closes the connection: the server would otherwise read (and discard) the rest of the body.
 */
export function uploadSlot(slots: UploadSlots) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const username = (ctx.state as AuthState).auth?.user.username;
    const release = username === undefined ? 'anonymous' : slots.take(username);
    if (typeof release === 'string') {
      ctx.set('Connection', 'close');
      if (release === 'anonymous') requireUser(ctx);
      ctx.set('Retry-After', '5');
      throw new HttpError(
        'RATE_LIMITED',
        release === 'person-busy'
          ? 'You are already uploading a picture; wait for it to finish.'
          : 'The server is busy with other pictures. Try again in 5 seconds.',
      );
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}
