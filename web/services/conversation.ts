import type { ConversationEntry, UserSummary } from '../../shared/protocol.ts';
import { t } from '../i18n/locale.ts';
import type { HistoryStore } from './history-store.ts';
import { randomId } from './random-id.ts';

type ChatEntry = Extract<ConversationEntry, { kind: 'chat' }>;

export interface ConversationOptions {
  /** Keeps the lines across reloads. Default: none. */
  history?: HistoryStore;
  /** Where the lines are kept (the person and the room); undefined before joining, when nothing is kept. */
  key: () => string | undefined;
  now: () => number;
  /** The room was left or deleted: lines still being kept are not shown any more. */
  over: () => boolean;
  /** The lines changed. */
  changed: () => void;
}

/**
 * A room's conversation as this person sees it: every line once (a message that comes twice shows once), kept in the
 * browser before it shows (a receipt goes only for a kept line), own lines updated as receipts come, and what was
 * kept (or a member's browser sent) from before this page came in shown above.
 */
export class Conversation {
  readonly #options: ConversationOptions;
  /** Every line, oldest first: changed in place, handed out as a fresh array once per change (see `entries`). */
  readonly #lines: ConversationEntry[] = [];
  /** Where each chat line is in `#lines`, by `lineKey`: a flood of lines must not mean a search per line. */
  readonly #lineAt = new Map<string, number>();
  #view: readonly ConversationEntry[] | undefined;
  /** Lines being written, by id: a receipt is sent only once its line is on disk. */
  readonly #writing = new Map<string, Promise<void>>();
  /** Whether the kept conversation has been read back (once per session, not again on a rejoin). */
  #restored = false;

  constructor(options: ConversationOptions) {
    this.#options = options;
  }

  /** What the person sees, oldest first; a new array once the lines changed (components compare by identity). */
  get entries(): readonly ConversationEntry[] {
    this.#view ??= this.#lines.slice();
    return this.#view;
  }

  /**
   * Keeps a line, then shows it: what a person sees survives a reload, however soon it comes (an unload aborts
   * IndexedDB writes still under way). Lines show in the order they were added.
   */
  async append(entry: ConversationEntry): Promise<void> {
    await this.#keep(entry);
    if (this.#options.over() || this.#shows(entry)) return; // read back with the kept conversation meanwhile
    this.#lines.push(entry);
    if (entry.kind === 'chat')
      this.#lineAt.set(lineKey(entry.own, entry.author.username, entry.id), this.#lines.length - 1);
    this.#changed();
  }

  /** A line of the app's own (e.g. "Ann joined"). */
  notice(text: string): void {
    void this.append({ kind: 'notice', id: randomId(), text, at: this.#options.now() });
  }

  /** Another person's message: shown once however often it comes; `ack` runs once it is kept. */
  received(entry: ChatEntry, ack: () => void): void {
    const writing = this.#writing.get(entry.id);
    if (writing || this.#lineAt.has(lineKey(false, entry.author.username, entry.id))) {
      void (writing ?? Promise.resolve()).then(ack);
      return;
    }
    void this.append(entry).then(ack);
  }

  /** This person's line `id`, if shown. */
  own(id: string): ChatEntry | undefined {
    const at = this.#lineAt.get(lineKey(true, '', id));
    const entry = at === undefined ? undefined : this.#lines[at];
    return entry?.kind === 'chat' ? entry : undefined;
  }

  /** Changes one own line (its receipts) at once, then keeps the new version: changes build on each other. */
  replace(id: string, change: (entry: ChatEntry) => ChatEntry): void {
    const at = this.#lineAt.get(lineKey(true, '', id));
    const entry = at === undefined ? undefined : this.#lines[at];
    if (at === undefined || entry?.kind !== 'chat') return;
    const changed = change(entry);
    this.#lines[at] = changed;
    this.#changed();
    void this.#keep(changed);
  }

  /** Someone here changed their name or picture: their lines, and personal ones to them, show the new one. */
  userUpdated(user: UserSummary): void {
    const theirs = (u: UserSummary | undefined) => u?.username === user.username;
    const changed: ChatEntry[] = [];
    for (const [at, entry] of this.#lines.entries()) {
      if (entry.kind !== 'chat' || !(theirs(entry.author) || theirs(entry.personalTo))) continue;
      const line = {
        ...entry,
        ...(theirs(entry.author) && { author: user }),
        ...(theirs(entry.personalTo) && { personalTo: user }),
      };
      this.#lines[at] = line;
      changed.push(line);
    }
    if (changed.length) void this.#keep(...changed);
    this.#changed();
  }

  /** Puts what this browser kept of the room before anything said since joining; whether it kept anything. */
  async restore(): Promise<boolean> {
    const history = this.#options.history;
    const key = this.#options.key();
    if (!history || !key || this.#restored) return false;
    const kept = await history.load(key).catch((err: unknown) => {
      console.warn('dialog: could not read the kept conversation', err);
      return [];
    });
    this.#restored = true;
    const seen = new Set(this.#lines.map((e) => e.id));
    const earlier = kept.filter((e) => !seen.has(e.id));
    if (earlier.length) this.#lines.unshift(...earlier);
    this.#reindex();
    return kept.length > 0;
  }

  /** Shows (and keeps) a member's earlier room messages above everything else, with a line saying whose they are. */
  async prependEarlier(lines: ChatEntry[], from: UserSummary): Promise<void> {
    // A line may also have come live, from its author, and be shown or still being kept: it shows once.
    const shown = (l: ChatEntry) => this.#lineAt.has(lineKey(false, l.author.username, l.id));
    const fresh = lines.filter((l) => !shown(l) && !this.#writing.has(l.id));
    const key = this.#options.key();
    if (!fresh.length || !key) return;
    const separator: ConversationEntry = {
      kind: 'notice',
      id: randomId(),
      text: t('notice.earlier', from.displayName),
      at: this.#options.now(),
    };
    await this.#options.history
      ?.prepend(key, [...fresh, separator])
      .catch((err: unknown) => console.warn('dialog: could not keep the earlier messages', err));
    if (this.#options.over()) return;
    this.#lines.unshift(...fresh.filter((l) => !shown(l)), separator);
    this.#reindex();
  }

  /** Forgets what this browser kept of the conversation. */
  async forget(): Promise<void> {
    const key = this.#options.key();
    if (!key) return;
    await this.#options.history
      ?.clear(key)
      .catch((err: unknown) => console.warn('dialog: could not forget the conversation', err));
  }

  /** Writes lines to the browser's store; each is "being written" (no receipt yet) until it is on disk. */
  #keep(...entries: ConversationEntry[]): Promise<void> {
    const history = this.#options.history;
    const key = this.#options.key();
    if (!history || !key) return Promise.resolve();
    const written = history
      .put(key, entries)
      .catch((err: unknown) => console.warn('dialog: could not keep the conversation', err))
      .finally(() => {
        for (const { id } of entries) if (this.#writing.get(id) === written) this.#writing.delete(id);
      });
    for (const { id } of entries) this.#writing.set(id, written);
    return written;
  }

  #shows(entry: ConversationEntry): boolean {
    if (entry.kind === 'chat') return this.#lineAt.has(lineKey(entry.own, entry.author.username, entry.id));
    return this.#lines.some((line) => line.kind === 'notice' && line.id === entry.id);
  }

  #reindex(): void {
    this.#lineAt.clear();
    for (const [at, e] of this.#lines.entries())
      if (e.kind === 'chat') this.#lineAt.set(lineKey(e.own, e.author.username, e.id), at);
    this.#changed();
  }

  #changed(): void {
    this.#view = undefined;
    this.#options.changed();
  }
}

/**
 * How a chat line is found again: own ones by id (a receipt names only that), others by their author and id — not
 * the tab, so a message sent again after its sender reloaded (a new peer id) is still the same line.
 */
function lineKey(own: boolean, author: string, id: string): string {
  return own ? `own\n${id}` : `${author}\n${id}`;
}
