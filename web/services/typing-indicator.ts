import type { UserSummary } from '../../shared/protocol.ts';

export interface TypingIndicatorOptions {
  /** The clock. Default Date.now. */
  now?: () => number;
  /** How long "typing" shows after the last signal. Default 4 s. */
  showsMs?: number;
  /** Least time between two typing signals sent. Default 2 s. */
  everyMs?: number;
}

/**
 * Who in a room is typing (their signals shown for a few seconds) and when this person's own typing may be told
 * again (at most every couple of seconds). `changed` runs when a name appears, and again once it has lapsed.
 */
export class TypingIndicator {
  readonly #typing = new Map<string, { user: UserSummary; until: number }>();
  readonly #now: () => number;
  readonly #showsMs: number;
  readonly #everyMs: number;
  readonly #changed: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastSent = 0;

  constructor(changed: () => void, options: TypingIndicatorOptions = {}) {
    this.#changed = changed;
    this.#now = options.now ?? Date.now;
    this.#showsMs = options.showsMs ?? 4000;
    this.#everyMs = options.everyMs ?? 2000;
  }

  /** Names of the people typing right now. */
  get names(): string[] {
    const now = this.#now();
    return [...this.#typing.values()].filter((t) => t.until > now).map((t) => t.user.displayName);
  }

  /** `user` signalled they are typing. */
  heard(user: UserSummary): void {
    this.#typing.set(user.username, { user, until: this.#now() + this.#showsMs });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#changed(), this.#showsMs + 50);
    this.#changed();
  }

  /** `username` sent their message, or left: they are not typing any more. */
  stopped(username: string): void {
    this.#typing.delete(username);
  }

  /** Someone typing changed their name or picture. */
  renamed(user: UserSummary): void {
    const typing = this.#typing.get(user.username);
    if (typing) this.#typing.set(user.username, { ...typing, user });
  }

  /** Whether this person's typing may be told now (it is then counted as told). */
  mayTell(): boolean {
    const now = this.#now();
    if (now - this.#lastSent < this.#everyMs) return false;
    this.#lastSent = now;
    return true;
  }

  /** This person sent a message: the next keystroke tells the others again at once. */
  sent(): void {
    this.#lastSent = 0;
  }

  /** Stops the timer (the room is over). */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}
