import type {
  ConversationInvite,
  Invite,
  PatchRoomRequest,
  PresenceChanged,
  RoomEvent,
  RoomId,
  RoomListing,
  ServerEvent,
  ServerListeners,
  UserSummary,
} from '../../shared/protocol.ts';
import { t } from '../i18n/locale.ts';
import type { ApiClient } from './api-client.ts';
import { Emitter } from './emitter.ts';
import type { HistoryStore } from './history-store.ts';
import { offersRelay } from './ice-servers.ts';
import { LobbyRooms } from './lobby-rooms.ts';
import type { OutboxStore } from './outbox-store.ts';
import { RoomSession } from './room-session.ts';
import type { SessionService } from './session-service.ts';
import { SignalingClient, SignalingRefusedError } from './signaling-client.ts';

export interface RoomsEvents extends Record<string, unknown> {
  change: undefined;
  /** Someone came online or went offline (pushed by the server while the socket is up). */
  presence: PresenceChanged;
  /** The socket (re)connected: presence changes may have been missed, so an online list should be fetched again. */
  'presence-stale': undefined;
}

export interface RoomsServiceOptions {
  /** Makes the socket.io connection. Default: a SignalingClient to the page's own origin. */
  signaling?: () => SignalingClient;
  /** Keeps each room's conversation across reloads. Default: none. */
  history?: HistoryStore;
  /** Open the socket as soon as someone logs in (online, reachable by invitations). Default true. */
  connectOnLogin?: boolean;
  /** Whether the person blocked `username` (their personal messages in a room are refused). Default: nobody. */
  blocked?: (username: string) => boolean;
  /** Keeps direct conversations' messages until the other person's browser confirms them. Default: none. */
  outbox?: OutboxStore;
}

/**
 * The room this tab is in (at most one; it stays open while the person looks at other pages) and the logged-in
 * person's signaling connection behind it. The socket is opened on the first room and closed when the person logs
 * out; if the server cuts it (logout elsewhere, account disabled), the session is re-checked so the app can send the
 * person to Log in.
 */
export class RoomsService extends Emitter<RoomsEvents> {
  /** The room being joined or joined. */
  current: RoomSession | undefined;
  /** Why entering `failedRoomId` failed, for the lobby to show; '' when nothing failed. */
  error = '';
  failedRoomId = '';
  /** The room we were in that was deleted, and the sentence saying so (the lobby shows it). */
  deletedRoomId = '';
  notice = '';
  /** Invitations into rooms, newest last, until entered or dismissed. */
  invites: Invite[] = [];
  /** "Ann wants to talk": the other person of a conversation opened it; newest last, until opened or dismissed. */
  conversationInvites: ConversationInvite[] = [];
  lobbyError = '';
  /**
   * The signal server is out of reach and being retried: rooms stay open and their data channels keep carrying
   * the conversation; only new connections wait.
   */
  reconnecting = false;

  readonly #api: ApiClient;
  readonly #session: SessionService;
  readonly #makeSignaling: () => SignalingClient;
  readonly #history: HistoryStore | undefined;
  readonly #blocked: ((username: string) => boolean) | undefined;
  readonly #outbox: OutboxStore | undefined;
  #lobbyWatchers = 0;
  readonly #lobby = new LobbyRooms();
  #signaling: SignalingClient | undefined;
  #connecting: Promise<SignalingClient> | undefined;
  #username: string | undefined;
  /** The room asked for last, and how entering it went. */
  #target: RoomId | undefined;
  #entering: Promise<boolean> | undefined;
  /** A conversation entered in the background (the person did not open it): nobody is asked to talk. */
  #background: RoomId | undefined;

  constructor(api: ApiClient, session: SessionService, options: RoomsServiceOptions = {}) {
    super();
    this.#api = api;
    this.#session = session;
    this.#makeSignaling = options.signaling ?? (() => new SignalingClient());
    this.#history = options.history;
    this.#blocked = options.blocked;
    this.#outbox = options.outbox;
    this.#username = session.user?.username;
    session.on('change', () => {
      if (session.user?.username === this.#username) return;
      this.#username = session.user?.username;
      this.reset();
      // Logged in means online: others see it, and invitations can reach this tab.
      if (session.user && options.connectOnLogin !== false) {
        this.#connect().catch((err: unknown) => console.warn('dialog: signaling not reachable', err));
      }
    });
  }

  /** Creates a room owned by the logged-in person; throws ApiRequestError (INVALID with fields, RATE_LIMITED…). */
  async create(name: string, topic = ''): Promise<RoomListing> {
    const { room } = await this.#api.call('rooms:create', { json: { name, topic } });
    return room;
  }

  /** Changes a room's name, topic or sharing (owner or administrator); throws ApiRequestError (FORBIDDEN, INVALID…). */
  async update(roomId: RoomId, changes: PatchRoomRequest): Promise<RoomListing> {
    const { room } = await this.#api.call('rooms:update', { params: { id: roomId }, json: changes });
    return room;
  }

  /** Deletes a room for everyone in it (owner or administrator). */
  async remove(roomId: RoomId): Promise<void> {
    await this.#api.call('rooms:delete', { params: { id: roomId } });
  }

  /**
   * Opens the private conversation with someone (the one the two of you already have, else a new one) and answers
   * its id; the caller shows it, and once this tab is inside, the other person is told (see `#askToTalk`). Throws
   * ApiRequestError if it could not be opened.
   */
  async startConversation(other: { username: string }): Promise<RoomId> {
    const json = { username: other.username };
    const { room } = await this.#api.call('conversations:open', { json });
    return room.id;
  }

  /** The open rooms, busiest first, live while a lobby watches (undefined until the first answer). */
  get lobby(): RoomListing[] | undefined {
    return this.#lobby.rooms;
  }

  /** More rooms are open than `lobby` lists (it holds the busiest). */
  get lobbyHasMore(): boolean {
    return this.#lobby.more;
  }

  /** Forgets an invitation into a room or a conversation (entered, or declined on this page: nobody is told). */
  dismissInvite(roomId: RoomId): void {
    this.#dropInvites(roomId);
    this.#changed();
  }

  #dropInvites(roomId: RoomId): void {
    this.invites = this.invites.filter((i) => i.room.id !== roomId);
    this.conversationInvites = this.conversationInvites.filter((i) => i.roomId !== roomId);
  }

  /** Keeps `lobby` live (rooms opening, filling, emptying, changing, going) until the returned function is called. */
  watchLobby(): () => void {
    this.#lobbyWatchers++;
    if (this.#lobbyWatchers === 1) void this.#watchLobby();
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      this.#lobbyWatchers--;
      if (this.#lobbyWatchers === 0) void this.#signaling?.unwatchLobby();
    };
  }

  /** Enters `roomId` (leaving any other room); resolves false if that failed (see `error`) or was superseded. */
  enter(roomId: RoomId): Promise<boolean> {
    if (this.#target === roomId && this.#entering) return this.#entering;
    this.#target = roomId;
    this.#background = undefined;
    this.#entering = this.#enter(roomId);
    return this.#entering;
  }

  /**
   * Entering `roomId` would leave another room this tab is in (or entering): the app asks the person first.
   * Other pages never leave a room; only `leave`, `reset` (logging out) or entering another room do.
   */
  wouldLeave(roomId: RoomId): boolean {
    return !!this.current && this.current.roomId !== roomId && this.#target !== roomId;
  }

  /** The person went to another page: an entry still connecting, or one that failed, is given up; an open room stays. */
  giveUpEntry(): void {
    if (this.current) return;
    this.#target = undefined;
    this.#entering = undefined;
  }

  /** Leaves the current room, telling the server; the socket stays open for the next room. */
  async leave(): Promise<void> {
    this.#target = undefined;
    this.#entering = undefined;
    await this.#leaveCurrent();
  }

  /** Drops the room and the socket at once: the person logged out or is someone else now. */
  reset(): void {
    this.#target = undefined;
    this.#entering = undefined;
    this.error = '';
    this.failedRoomId = '';
    this.notice = '';
    this.deletedRoomId = '';
    this.#lobby.reset();
    this.invites = [];
    this.conversationInvites = [];
    this.reconnecting = false;
    const room = this.current;
    this.current = undefined;
    // Logging out leaves the room: nothing of it is kept in this browser but messages still waiting to be delivered
    // (they go once this person is back).
    if (room) void room.leave(true).finally(() => room.dispose());
    this.#signaling?.close();
    this.#signaling = undefined;
    this.#connecting = undefined;
    this.#changed();
  }

  async #watchLobby(): Promise<void> {
    try {
      const signaling = await this.#connect();
      this.#lobby.hold(); // pushes from here on wait for the list they change
      const result = await signaling.watchLobby();
      if (this.#lobbyWatchers === 0) return;
      if (result.ok) {
        this.#lobby.load(result.rooms, result.total);
        this.lobbyError = '';
      } else this.lobbyError = result.message;
    } catch (err) {
      this.lobbyError = (err as Error).message;
    }
    this.#changed();
  }

  async #enter(roomId: RoomId): Promise<boolean> {
    await this.#leaveCurrent();
    this.error = '';
    this.failedRoomId = '';
    this.notice = '';
    this.deletedRoomId = '';
    this.#dropInvites(roomId);
    let signaling: SignalingClient;
    try {
      signaling = await this.#connect();
    } catch (err) {
      if (this.#target !== roomId) return false;
      if (err instanceof SignalingRefusedError && err.code === 'UNAUTHENTICATED') await this.#session.load();
      return this.#fail(roomId, (err as Error).message);
    }
    if (this.#target !== roomId) return false;
    const relayOnly = this.#session.user?.relayOnly === true;
    const room = new RoomSession(signaling, roomId, {
      history: this.#history,
      relayOnly,
      blocked: this.#blocked,
      outbox: this.#outbox,
    });
    room.on('change', () => {
      if (room.status === 'deleted' && this.current === room) this.#deleted(room);
    });
    this.current = room;
    this.#changed();
    await room.join();
    if (this.#target !== roomId || this.current !== room) {
      await room.leave();
      room.dispose();
      return false;
    }
    if (room.status !== 'error') {
      if (this.#background !== roomId) this.#askToTalk(room, signaling);
      return true;
    }
    this.current = undefined;
    room.dispose();
    return this.#fail(roomId, room.error);
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
   * Someone has messages waiting for this person in a conversation. With no room open in this tab it is entered in
   * the background (the page stays where it is), so their browser connects and delivers; otherwise the person is
   * asked, as when the other opens it ("Ann wants to talk").
   */
  #knocked(roomId: RoomId, from: UserSummary): void {
    if (this.current?.roomId === roomId || this.#target === roomId) return;
    if (!this.current && !this.#target) {
      this.#enterInBackground(roomId);
      return;
    }
    this.conversationInvites = [...this.conversationInvites.filter((i) => i.roomId !== roomId), { roomId, from }];
    this.#changed();
  }

  /**
   * Messages this person wrote may still wait in a conversation no tab has open (the browser was closed): with no
   * room open here, the first such conversation is entered in the background, so they go once the other is there.
   */
  async #resumeWaiting(): Promise<void> {
    const username = this.#username;
    if (!username || !this.#outbox || this.current || this.#target) return;
    const waiting = await this.#outbox.rooms(username).catch((err: unknown) => {
      console.warn('dialog: could not read the messages waiting to be sent', err);
      return [];
    });
    const roomId = waiting[0];
    if (roomId && this.#username === username && !this.current && !this.#target) this.#enterInBackground(roomId);
  }

  #enterInBackground(roomId: RoomId): void {
    void this.enter(roomId);
    this.#background = roomId; // after enter(), which forgets any earlier one; #enter reads it only once inside
  }

  /** The room we are in was deleted: back to the lobby, which says who deleted it. */
  #deleted(room: RoomSession): void {
    this.current = undefined;
    this.#target = undefined;
    this.#entering = undefined;
    this.deletedRoomId = room.roomId;
    const name = room.room?.name ?? room.roomId;
    const by = room.deletedBy?.displayName;
    this.notice = by ? t('notice.deletedBy', name, by) : t('notice.deletedByOwner', name);
    room.dispose();
    this.#changed();
  }

  #fail(roomId: RoomId, message: string): false {
    this.error = message;
    this.failedRoomId = roomId;
    this.#changed();
    return false;
  }

  async #leaveCurrent(): Promise<void> {
    const room = this.current;
    if (!room) return;
    this.current = undefined;
    this.#changed();
    await room.leave();
    room.dispose();
  }

  /** Whether the server offers a TURN relay (asked over signaling); undefined when it cannot be asked. */
  async relayAvailable(): Promise<boolean | undefined> {
    const signaling = await this.#connect().catch((err: unknown) => {
      console.warn('dialog: signaling not reachable', err);
      return undefined;
    });
    const answer = await signaling?.iceServers();
    return answer?.ok ? offersRelay(answer.iceServers) : undefined;
  }

  #connect(): Promise<SignalingClient> {
    if (this.#signaling?.connected) return Promise.resolve(this.#signaling);
    if (this.#connecting) return this.#connecting;
    this.#signaling?.close();
    this.#signaling = undefined;
    const signaling = this.#makeSignaling();
    signaling.on('disconnected', ({ reason }) => {
      if (reason === 'io server disconnect') void this.#cut(signaling, t('notice.serverClosed'));
      else if (reason !== 'io client disconnect') this.#outage(signaling, true);
    });
    signaling.on('unreachable', () => this.#outage(signaling, true));
    signaling.on('refused', (err) => void this.#cut(signaling, err.message));
    signaling.on('reconnected', () => {
      this.emit('presence-stale', undefined);
      this.#outage(signaling, false);
      void this.#rejoin(signaling);
      if (this.#lobbyWatchers > 0) void this.#watchLobby();
    });
    // The events a room's page does not handle are handled here: a new server event is handled by one or the other.
    signaling.listen({
      'presence:changed': (change) => this.emit('presence', change),
      invite: (invite) => {
        if (this.current?.roomId === invite.room.id) return;
        this.invites = [...this.invites.filter((i) => i.room.id !== invite.room.id), invite];
        this.#changed();
      },
      'conversation:knock': ({ roomId, from }) => this.#knocked(roomId, from),
      'conversation:invite': (invite) => {
        if (this.current?.roomId === invite.roomId) return;
        this.conversationInvites = [...this.conversationInvites.filter((i) => i.roomId !== invite.roomId), invite];
        this.#changed();
      },
      'lobby:changed': (change) => {
        if (this.#lobbyWatchers === 0) return;
        this.#lobby.apply(change);
        this.#changed();
      },
    } satisfies ServerListeners<Exclude<ServerEvent, RoomEvent>>);
    const connecting = signaling.connect().then(
      () => {
        this.#signaling = signaling;
        this.emit('presence-stale', undefined);
        void this.#resumeWaiting();
        return signaling;
      },
      (err: unknown) => {
        signaling.close();
        throw err;
      },
    );
    this.#connecting = connecting;
    const settled = () => {
      if (this.#connecting === connecting) this.#connecting = undefined;
    };
    connecting.then(settled, settled);
    return connecting;
  }

  /**
   * socket.io reconnected by itself after a network blip: the server sees a new tab, so the room is entered afresh,
   * keeping the conversation (the server's presence grace keeps it quiet for everyone else).
   */
  async #rejoin(signaling: SignalingClient): Promise<void> {
    const room = this.current;
    if (signaling !== this.#signaling || !room) return;
    await room.rejoin();
    if (room.status !== 'error' || this.current !== room) return;
    this.current = undefined;
    room.dispose();
    this.#entering = Promise.resolve(this.#fail(room.roomId, room.error));
  }

  #outage(signaling: SignalingClient, reconnecting: boolean): void {
    if (signaling !== this.#signaling || this.reconnecting === reconnecting) return;
    this.reconnecting = reconnecting;
    this.#changed();
  }

  /** The server ended our socket: drop the room, then ask whether the session itself is over. */
  async #cut(signaling: SignalingClient, message: string): Promise<void> {
    if (signaling !== this.#signaling) return;
    this.#signaling = undefined;
    this.reconnecting = false;
    signaling.close();
    const room = this.current;
    this.current = undefined;
    room?.dispose();
    if (room) {
      this.error = message;
      this.failedRoomId = room.roomId;
      this.#entering = Promise.resolve(false);
    }
    // If the session is over, the session change resets everything and the app shows Log in.
    await this.#session.load();
    this.#changed();
  }

  #changed(): void {
    this.emit('change', undefined);
  }
}
