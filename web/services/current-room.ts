import type { RoomId, UserSummary } from '../../shared/protocol.ts';
import { t } from '../i18n/locale.ts';
import { LazyModule } from './code-loader.ts';
import { Emitter } from './emitter.ts';
import type { HistoryStore } from './history-store.ts';
import type { InvitationInbox } from './invitation-inbox.ts';
import type { OutboxStore } from './outbox-store.ts';
import type * as RoomCode from './room-code.ts';
import type { RoomSession, RoomSessionOptions } from './room-session.ts';
import type { SessionService } from './session-service.ts';
import type { SignalingClient } from './signaling-client.ts';
import type { SignalingConnection } from './signaling-connection.ts';
import { SignalingRefusedError } from './signaling-refusal.ts';

/**
 * Where this tab is. `out`: in no room (`error`: why the last one was lost, for the lobby to show); `entering`:
 * connecting, then joining (`session` once joining); `in`: in the room; `failed`: entering `roomId` failed, and
 * asking for it again answers false until the person goes to another page; `deleted`: the room we were in was
 * deleted (its address leads to the lobby, which shows `notice`).
 */
export type RoomState =
  | { name: 'out'; error?: string }
  | { name: 'entering'; roomId: RoomId; session?: RoomSession }
  | { name: 'in'; session: RoomSession }
  | { name: 'failed'; roomId: RoomId; error: string }
  | { name: 'deleted'; roomId: RoomId; notice: string };

export interface CurrentRoomEvents extends Record<string, unknown> {
  /** `state` changed. */
  change: undefined;
}

export interface CurrentRoomOptions {
  /** Keeps each room's conversation across reloads. Default: none. */
  history?: HistoryStore;
  /** Whether the person blocked `username` (their personal messages in a room are refused). Default: nobody. */
  blocked?: (username: string) => boolean;
  /** Keeps direct conversations' messages until the other person's browser confirms them. Default: none. */
  outbox?: OutboxStore;
  /** Passed to every room (tests pass `iceServers: []` and a clock). Default: none. */
  room?: Pick<RoomSessionOptions, 'iceServers' | 'now'>;
  /** The room's code (`room-code.ts`), fetched when a room is first entered. Default: fetched by itself. */
  code?: LazyModule<typeof RoomCode>;
}

/**
 * The room this tab is in (at most one; it stays open while the person looks at other pages). Entering another
 * room leaves it; so do `leave`, and the person logging out. A room lost to the server (deleted, or the socket cut)
 * becomes a state the lobby explains.
 */
export class CurrentRoom extends Emitter<CurrentRoomEvents> {
  #state: RoomState = { name: 'out' };
  readonly #connection: SignalingConnection;
  readonly #session: SessionService;
  readonly #invites: InvitationInbox;
  readonly #options: CurrentRoomOptions;
  /** The code a room runs on (the WebRTC mesh, file transfer): `code.module` is there once a room was entered. */
  readonly code: LazyModule<typeof RoomCode>;
  /** How entering the room asked for last went (false: failed or superseded). */
  #entering: Promise<boolean> | undefined;
  /** A conversation entered in the background (the person did not open it): nobody is asked to talk. */
  #background: RoomId | undefined;

  constructor(
    connection: SignalingConnection,
    session: SessionService,
    invites: InvitationInbox,
    options: CurrentRoomOptions = {},
  ) {
    super();
    this.#connection = connection;
    this.#session = session;
    this.#invites = invites;
    this.#options = options;
    this.code = options.code ?? new LazyModule(() => import('./room-code.ts'));
    connection.on('opened', () => void this.#resumeWaiting());
    connection.on('resumed', (signaling) => void this.#rejoin(signaling));
    connection.on('cut', ({ message }) => this.#cut(message));
    connection.on('reset', () => this.#reset());
  }

  get state(): RoomState {
    return this.#state;
  }

  /** The room being joined or joined. */
  get current(): RoomSession | undefined {
    return 'session' in this.#state ? this.#state.session : undefined;
  }

  /** Enters `roomId` (leaving any other room); resolves false if that failed (see `state`) or was superseded. */
  enter(roomId: RoomId): Promise<boolean> {
    return this.#start(roomId);
  }

  /**
   * The person went to another page: an entry still connecting, or one that failed, is given up; an open room, and a
   * conversation entered in the background, stay.
   */
  giveUpEntry(): void {
    const state = this.#state;
    if (state.name === 'failed') this.#set({ name: 'out', error: state.error });
    else if (state.name === 'entering' && !state.session && this.#background !== state.roomId)
      this.#set({ name: 'out' });
  }

  /** `background`: entered for messages waiting in it, not because the person opened it (nobody is asked to talk). */
  #start(roomId: RoomId, background = false): Promise<boolean> {
    if (this.#target() === roomId && this.#entering) return this.#entering;
    this.#background = background ? roomId : undefined;
    const left = this.current;
    // Told once `#entering` is set: a listener may ask for the same room again, and must get this entry.
    this.#state = { name: 'entering', roomId };
    this.#entering = this.#enter(roomId, left);
    this.emit('change', undefined);
    return this.#entering;
  }

  /**
   * Entering `roomId` would leave another room this tab is in (or entering): the app asks the person first.
   * Other pages never leave a room; only `leave`, logging out or entering another room do.
   */
  wouldLeave(roomId: RoomId): boolean {
    return !!this.current && this.current.roomId !== roomId;
  }

  /** Leaves the current room, telling the server; the socket stays open for the next room. */
  async leave(): Promise<void> {
    const room = this.current;
    this.#set({ name: 'out' });
    await this.#dispose(room);
  }

  /** A `conversation:knock` push: someone has messages waiting for this person in a conversation. */
  knocked({ roomId, from }: { roomId: RoomId; from: UserSummary }): void {
    if (this.#target() === roomId) return;
    // With no room open in this tab it is entered in the background (the page stays where it is), so their browser
    // connects and delivers; otherwise the person is asked, as when the other opens it ("Ann wants to talk").
    if (!this.#target()) this.#enterInBackground(roomId);
    else this.#invites.asked({ roomId, from });
  }

  /** Whether `room` is still the one being joined or joined (a call: TypeScript would keep a check of `current` made before an await). */
  #holds(room: RoomSession): boolean {
    return this.current === room;
  }

  /** The room being entered or in, if any. */
  #target(): RoomId | undefined {
    const state = this.#state;
    if (state.name === 'in') return state.session.roomId;
    return state.name === 'entering' || state.name === 'failed' ? state.roomId : undefined;
  }

  async #enter(roomId: RoomId, left: RoomSession | undefined): Promise<boolean> {
    this.#invites.dismiss(roomId);
    await this.#dispose(left);
    // Fetched while connecting (the first room brings it); a failure is told by the code loader too.
    const code = this.code.load().catch(() => undefined);
    let signaling: SignalingClient;
    try {
      signaling = await this.#connection.connect();
    } catch (err) {
      if (this.#target() !== roomId) return false;
      if (err instanceof SignalingRefusedError && err.code === 'UNAUTHENTICATED') await this.#session.load();
      return this.#fail(roomId, (err as Error).message);
    }
    const loaded = await code;
    if (this.#target() !== roomId || this.current) return false;
    if (!loaded) return this.#fail(roomId, t('app.codeFailed'));
    const room = new loaded.RoomSession(signaling, roomId, {
      ...this.#options.room,
      history: this.#options.history,
      relayOnly: this.#session.user?.relayOnly === true,
      blocked: this.#options.blocked,
      outbox: this.#options.outbox,
    });
    room.on('deleted', (by) => this.#deleted(room, by));
    this.#set({ name: 'entering', roomId, session: room });
    await room.join();
    if (!this.#holds(room)) {
      await this.#dispose(room);
      return false;
    }
    if (room.status === 'error') {
      room.dispose();
      return this.#fail(roomId, room.error);
    }
    this.#set({ name: 'in', session: room });
    if (this.#background !== roomId) this.#askToTalk(room, signaling);
    return true;
  }

  /**
   * This tab opened a conversation the other person is not in: they are told on every page they have open
   * ("Ann wants to talk"). The conversation says whether that reached them.
   */
  #askToTalk(room: RoomSession, signaling: SignalingClient): void {
    const me = this.#session.user?.username;
    const other = room.room?.kind === 'direct' ? room.room.people?.find((p) => p.username !== me) : undefined;
    if (!other || room.people.some((p) => p.user.username === other.username)) return;
    const name = other.displayName;
    signaling.inviteToConversation(room.roomId).then(
      (result) => {
        if (result.ok) room.note(t('notice.invited', name));
        else if (result.code === 'NOT_FOUND') room.note(t('notice.notOnline', name));
        else room.note(t('notice.inviteFailed', name, result.message));
      },
      (err: unknown) => room.note(t('notice.inviteFailed', name, (err as Error).message)),
    );
  }

  /**
   * Messages this person wrote may still wait in a conversation no tab has open (the browser was closed): with no
   * room open here, the first such conversation is entered in the background, so they go once the other is there.
   */
  async #resumeWaiting(): Promise<void> {
    const username = this.#session.user?.username;
    if (!username || !this.#options.outbox || this.#target()) return;
    const waiting = await this.#options.outbox.rooms(username).catch((err: unknown) => {
      console.warn('dialog: could not read the messages waiting to be sent', err);
      return [];
    });
    const roomId = waiting[0];
    if (roomId && this.#session.user?.username === username && !this.#target()) this.#enterInBackground(roomId);
  }

  #enterInBackground(roomId: RoomId): void {
    void this.#start(roomId, true);
  }

  /** The room we are in was deleted: back to the lobby, which says who deleted it. */
  #deleted(room: RoomSession, by: UserSummary): void {
    if (!this.#holds(room)) return;
    this.#entering = undefined;
    const notice = t('notice.deletedBy', room.room?.name ?? room.roomId, by.displayName);
    room.dispose();
    this.#set({ name: 'deleted', roomId: room.roomId, notice });
  }

  /**
   * socket.io reconnected by itself after a network blip: the server sees a new tab, so the room is entered afresh,
   * keeping the conversation (the server's presence grace keeps it quiet for everyone else).
   */
  async #rejoin(signaling: SignalingClient): Promise<void> {
    const room = this.current;
    if (signaling !== this.#connection.client || !room) return;
    await room.rejoin();
    if (room.status !== 'error' || !this.#holds(room)) return;
    room.dispose();
    this.#entering = Promise.resolve(this.#fail(room.roomId, room.error));
  }

  /** The server ended the socket: the room is lost with it. */
  #cut(message: string): void {
    const room = this.current;
    if (!room) return;
    room.dispose();
    this.#entering = Promise.resolve(false);
    this.#set({ name: 'failed', roomId: room.roomId, error: message });
  }

  /** The person logged out or is someone else now: the room goes at once. */
  #reset(): void {
    const room = this.current;
    this.#entering = undefined;
    this.#set({ name: 'out' });
    // Logging out leaves the room: nothing of it is kept in this browser but messages still waiting to be delivered
    // (they go once this person is back).
    if (room) void room.leave(true).finally(() => room.dispose());
  }

  #fail(roomId: RoomId, error: string): false {
    this.#set({ name: 'failed', roomId, error });
    return false;
  }

  /** Leaves `room` (one no longer current), telling the server. */
  async #dispose(room: RoomSession | undefined): Promise<void> {
    if (!room) return;
    await room.leave();
    room.dispose();
  }

  #set(state: RoomState): void {
    this.#state = state;
    this.emit('change', undefined);
  }
}
