import type { CurrentRoom } from './current-room.ts';
import { Emitter } from './emitter.ts';
import type { ChatEntry, ConversationEntry, RoomSession } from './room-session.ts';
import type { Router } from './router.ts';

/** What the service reads of the page: whether the tab is hidden (Page Visibility), and when that changes. */
export interface PageVisibility {
  readonly hidden: boolean;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export interface AttentionEvents extends Record<string, unknown> {
  change: undefined;
  /** New lines from others in the open room (whether or not the person is looking), oldest first. */
  arrived: { room: RoomSession; lines: ChatEntry[] };
}

/**
 * Unread messages in the open room: lines from others that arrived while the person was not looking at it (the
 * tab hidden, or another page of the app shown beside the open room). Cleared once they look again. Emits
 * `change` when the count changes or the open room's description (its name) does, and `arrived` with each batch of
 * new lines from others (what alerts listen to); holds no DOM beyond `page`.
 */
export class Attention extends Emitter<AttentionEvents> {
  /** Messages from others the person has not seen yet. */
  unread = 0;
  readonly #rooms: CurrentRoom;
  readonly #router: Router;
  readonly #page: PageVisibility;
  #room: RoomSession | undefined;
  #offRoom: (() => void) | undefined;
  /** The newest line already counted (or seen), by key: a change is counted from the end back to it. */
  #newest: string | undefined;
  #described: unknown;
  /** When the room was opened: before its first line is known, only lines sent since then are new (see `#count`). */
  #since = 0;
  readonly #off: (() => void)[] = [];

  constructor(rooms: CurrentRoom, router: Router, page: PageVisibility = document) {
    super();
    this.#rooms = rooms;
    this.#router = router;
    this.#page = page;
    this.#off.push(
      rooms.on('change', () => this.#follow()),
      router.on('change', () => this.#look()),
    );
    page.addEventListener('visibilitychange', this.#look);
    this.#follow();
  }

  /** Whether the person sees the open room's conversation now. */
  get looking(): boolean {
    const route = this.#router.route;
    return !this.#page.hidden && route.name === 'room' && route.roomId === this.#room?.roomId;
  }

  /** Stops listening (tests; the app keeps one for the page's life). */
  dispose(): void {
    for (const off of this.#off.splice(0)) off();
    this.#offRoom?.();
    this.#page.removeEventListener('visibilitychange', this.#look);
  }

  /** Another room (or none) is open: its count starts at zero, from the lines it already has. */
  #follow(): void {
    const room = this.#rooms.current;
    if (room === this.#room) return;
    this.#offRoom?.();
    this.#room = room;
    this.#offRoom = room?.on('change', () => this.#count());
    this.#newest = newestKey(room?.conversation ?? []);
    this.#described = room?.room;
    this.#since = Date.now() - SKEW_MS;
    this.#set(0, true);
  }

  /** Counts the lines added since the last look at the conversation: only the new ones, from the end back. */
  #count(): void {
    const room = this.#room;
    if (!room) return;
    const lines = room.conversation;
    const described = room.room !== this.#described;
    this.#described = room.room;
    const arrived: ChatEntry[] = [];
    let i = lines.length - 1;
    for (; i >= 0 && key(lines[i] as ConversationEntry) !== this.#newest; i--) {
      const line = lines[i] as ConversationEntry;
      // With no line known yet, the first batch may be what this browser kept from before (read back on
      // joining): those were seen then, so only lines sent since the room was opened count.
      const fresh = this.#newest !== undefined || (line.kind === 'chat' && line.sentAt >= this.#since);
      if (line.kind === 'chat' && !line.own && fresh) arrived.unshift(line);
    }
    // The newest line seen is gone (the conversation was forgotten): nothing to count, start over from here.
    if (i < 0 && this.#newest !== undefined) arrived.length = 0;
    this.#newest = newestKey(lines);
    this.#set(this.looking ? 0 : this.unread + arrived.length, described);
    if (arrived.length) this.emit('arrived', { room, lines: arrived });
  }

  #look = (): void => {
    if (this.looking) this.#set(0, false);
  };

  #set(unread: number, described: boolean): void {
    if (unread === this.unread && !described) return;
    this.unread = unread;
    this.emit('change', undefined);
  }
}

/** How far another person's clock may run behind ours for a line to still count as new. */
const SKEW_MS = 60_000;

function key(line: ConversationEntry): string {
  return line.kind === 'chat' ? `${line.own ? 'own' : line.authorPeerId}\n${line.id}` : `notice\n${line.id}`;
}

function newestKey(lines: readonly ConversationEntry[]): string | undefined {
  const last = lines.at(-1);
  return last && key(last);
}
