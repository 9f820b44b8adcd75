import { type ConversationListing, type ConversationNote, PREVIEW_CHARS, type RoomId } from '../../shared/protocol.ts';
import type { ApiClient } from './api-client.ts';
import type { Attention } from './attention.ts';
import type { ConversationNotes } from './conversation-notes.ts';
import type { CurrentRoom } from './current-room.ts';
import { Emitter } from './emitter.ts';
import type { InvitationInbox } from './invitation-inbox.ts';
import type { PresenceFeed } from './presence-feed.ts';
import type { RoomSession } from './room-session.ts';
import type { SessionService } from './session-service.ts';

/** One row of the Conversations list: with whom (from the server), what was said last and unread (this browser). */
export interface Conversation extends ConversationListing {
  last?: ConversationNote['last'];
  unread: number;
}

export interface ConversationsEvents extends Record<string, unknown> {
  change: undefined;
}

/**
 * The logged-in person's private conversations. The server says only with whom each is; this browser notes the last
 * message and the unread count of the conversation open in this tab as they change (kept in `ConversationNotes`),
 * and the other people's presence follows the server's pushes.
 */
export class ConversationsService extends Emitter<ConversationsEvents> {
  /** Newest first (by last message); undefined until loaded. */
  list: Conversation[] | undefined;
  error = '';

  readonly #api: ApiClient;
  readonly #session: SessionService;
  readonly #rooms: CurrentRoom;
  readonly #invites: InvitationInbox;
  readonly #attention: Attention;
  readonly #notes: ConversationNotes;
  #listed: ConversationListing[] | undefined;
  /** This person's notes by room id, once read back. */
  #noted = new Map<RoomId, ConversationNote>();
  #room: RoomSession | undefined;
  #offRoom: (() => void) | undefined;
  #loading: Promise<void> | undefined;
  #username: string | undefined;

  constructor(
    api: ApiClient,
    session: SessionService,
    live: { rooms: CurrentRoom; invites: InvitationInbox; presence: PresenceFeed },
    attention: Attention,
    notes: ConversationNotes,
  ) {
    super();
    this.#api = api;
    this.#session = session;
    this.#rooms = live.rooms;
    this.#invites = live.invites;
    this.#attention = attention;
    this.#notes = notes;
    this.#username = session.user?.username;
    session.on('change', () => {
      if (session.user?.username === this.#username) return;
      this.#username = session.user?.username;
      this.#forget();
      // Read at once (this browser only, no request): the navigation shows the unread count on every page.
      if (this.#username) void this.#readNotes(this.#username);
    });
    live.rooms.on('change', () => this.#follow());
    live.invites.on('change', () => this.#askWhom());
    attention.on('change', () => this.#note());
    live.presence.on('changed', ({ username, online }) => {
      if (!this.#listed?.some((c) => c.with.username === username)) return;
      this.#listed = this.#listed.map((c) =>
        c.with.username === username ? { ...c, with: { ...c.with, online } } : c,
      );
      this.#changed();
    });
    // Pushes may have been missed while the socket was down: the list is asked for again, if anyone shows it.
    live.presence.on('stale', () => {
      if (this.#listed) void this.load();
    });
  }

  /** All unread messages over every conversation. */
  get unread(): number {
    let sum = 0;
    for (const note of this.#noted.values()) sum += note.unread;
    return sum;
  }

  /** Asks the server for the list again and reads this browser's notes; `error` says why if that failed. */
  load(): Promise<void> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #load(): Promise<void> {
    const username = this.#session.user?.username;
    if (!username) return;
    try {
      const [{ conversations }] = await Promise.all([
        this.#api.call('conversations:list', {}),
        this.#readNotes(username),
      ]);
      if (this.#session.user?.username !== username) return;
      this.#listed = conversations;
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
    this.#changed();
  }

  /** Reads back what this browser noted of `username`'s conversations. */
  async #readNotes(username: string): Promise<void> {
    const notes = await this.#notes.list(username).catch((err: unknown) => {
      console.warn('dialog: could not read the conversations kept in this browser', err);
      return [];
    });
    if (this.#session.user?.username !== username) return;
    // Notes written since the read began are newer than what it found.
    this.#noted = new Map([...notes.map((n) => [n.roomId, n] as const), ...this.#noted]);
    this.#changed();
  }

  /** Someone wants to talk in a conversation the list does not have yet: the server is asked who it is with. */
  #askWhom(): void {
    const listed = this.#listed;
    if (listed && this.#invites.conversations.some((i) => !listed.some((c) => c.roomId === i.roomId))) void this.load();
  }

  /** Another room (or none) is open in this tab: its lines are followed from now on. */
  #follow(): void {
    const room = this.#rooms.current;
    if (room !== this.#room) {
      this.#offRoom?.();
      this.#room = room;
      this.#offRoom = room?.on('change', () => this.#note());
    }
    this.#note();
  }

  /** Notes the open conversation's last message and unread count, when either changed. */
  #note(): void {
    const room = this.#room;
    const username = this.#session.user?.username;
    if (room?.room?.kind !== 'direct' || !username) return;
    const line = room.conversation.findLast((e) => e.kind === 'chat');
    const before = this.#noted.get(room.roomId);
    const last =
      line?.kind === 'chat'
        ? { text: line.text.slice(0, PREVIEW_CHARS), own: line.own, at: line.sentAt }
        : before?.last;
    const unread = this.#attention.unread;
    if (before && before.unread === unread && before.last?.text === last?.text && before.last?.at === last?.at) return;
    const note: ConversationNote = { username, roomId: room.roomId, ...(last && { last }), unread };
    this.#noted.set(room.roomId, note);
    this.#notes.put(note).catch((err: unknown) => console.warn('dialog: could not note the conversation', err));
    // A conversation the list does not have yet (just opened): the server is asked who it is with.
    if (this.#listed && !this.#listed.some((c) => c.roomId === room.roomId)) void this.load();
    this.#changed();
  }

  /** Someone else logged in (or nobody is): nothing of the last person's list stays. */
  #forget(): void {
    this.#loading = undefined;
    this.#listed = undefined;
    this.#noted = new Map();
    this.error = '';
    this.#changed();
  }

  #changed(): void {
    this.list = this.#listed
      ?.map((c) => ({ ...c, last: this.#noted.get(c.roomId)?.last, unread: this.#noted.get(c.roomId)?.unread ?? 0 }))
      .sort((a, b) => (b.last?.at ?? 0) - (a.last?.at ?? 0) || a.with.displayName.localeCompare(b.with.displayName));
    this.emit('change', undefined);
  }
}
