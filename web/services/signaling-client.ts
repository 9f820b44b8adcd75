import { io, type Socket } from 'socket.io-client';
import type * as z from 'zod/mini';
import {
  type ClientToServerEvents,
  type ConversationInvite,
  type ConversationKnock,
  connectErrorDataSchema,
  conversationInviteSchema,
  conversationKnockSchema,
  failure,
  type HandshakeAuth,
  type IceServersResult,
  type Invite,
  iceServersResultSchema,
  inviteSchema,
  type LobbyChanged,
  type LobbyWatchResult,
  lobbyChangedSchema,
  lobbyWatchResultSchema,
  type MemberEvent,
  memberEventSchema,
  type OkResult,
  okResultSchema,
  type PeerJoined,
  type PeerLeft,
  PROTOCOL_VERSION,
  type PresenceChanged,
  peerJoinedSchema,
  peerLeftSchema,
  presenceChangedSchema,
  type RoomDeleted,
  type RoomId,
  type RoomJoinResult,
  type RoomUpdated,
  roomDeletedSchema,
  roomJoinResultSchema,
  roomUpdatedSchema,
  type ServerToClientEvents,
  type SignalRelay,
  signalRelaySchema,
  type UserUpdated,
  userUpdatedSchema,
} from '../../shared/protocol.ts';
import { Emitter } from './emitter.ts';
import { randomId } from './random-id.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SignalingEvents extends Record<string, unknown> {
  /** Another tab entered a room we are in: it will open a connection to us. */
  'peer-joined': PeerJoined;
  /** A tab left: drop its connection. */
  'peer-left': PeerLeft;
  /** A person arrived or left (not sent for a quick reload). */
  'member-joined': MemberEvent;
  'member-left': MemberEvent;
  signal: SignalRelay;
  /** A room we are in was renamed or re-topiced. */
  'room-updated': RoomUpdated;
  /** Someone asks us into a room. */
  invite: Invite;
  /** The other person of one of our conversations opened it and wants to talk. */
  'conversation-invite': ConversationInvite;
  /** Someone in a room we are in changed their name or picture. */
  'user-updated': UserUpdated;
  /** A room we are in was deleted: we are out of it. */
  'room-deleted': RoomDeleted;
  /** Rooms in the lobby were added, updated or removed (only while watching). */
  'lobby-changed': LobbyChanged;
  /** Someone came online or went offline. */
  'presence-changed': PresenceChanged;
  /** Someone has messages waiting for us in a conversation: open it and connect. */
  knock: ConversationKnock;
  /**
   * The connection dropped. `reason` is socket.io's: for `io server disconnect` (the server cut it, e.g. on logout)
   * nothing reconnects; for the others socket.io is reconnecting on its own.
   */
  disconnected: { reason: string };
  /** The server could not be reached; socket.io keeps trying, with backoff. Not a refusal. */
  unreachable: undefined;
  reconnected: undefined;
  /** The server refused a (re)connection, e.g. `UNAUTHENTICATED` once the session is over. */
  refused: SignalingRefusedError;
}

/** The server's refusal of a handshake (`connect_error` with `data.code`), or a connection that never came up. */
export class SignalingRefusedError extends Error {
  constructor(
    /** `UNAUTHENTICATED`, `FORBIDDEN`, `PROTOCOL_MISMATCH`…; `UNREACHABLE` when the server did not answer. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SignalingRefusedError';
  }

  static from(err: Error & { data?: unknown }): SignalingRefusedError {
    const data = connectErrorDataSchema.safeParse(err.data);
    if (data.success) return new SignalingRefusedError(data.data.code, data.data.message);
    return new SignalingRefusedError('UNREACHABLE', 'Could not reach the server. Check your connection and try again.');
  }
}

export interface SignalingOptions {
  /** Server origin; default: the page's own. */
  url?: string;
  /** Ack timeout in ms. Default 10 s. */
  timeoutMs?: number;
}

/**
 * The browser's socket.io connection to the signal server: joins, leaves and signal relay. Plain TypeScript.
 * Who the person is comes from the session cookie the browser sends with the handshake, never from the page.
 */
export class SignalingClient extends Emitter<SignalingEvents> {
  readonly #socket: ClientSocket;
  readonly #timeoutMs: number;
  #connecting = false;
  #closed = false;
  #connectedBefore = false;

  constructor(options: SignalingOptions = {}) {
    super();
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    // One tab key per page load: every reconnection of this page is the same peer to the server and to others.
    const auth: HandshakeAuth = { protocol: PROTOCOL_VERSION, tab: randomId() };
    // Retries never stop, and back off to at most 2 s: a restarted server is found again within a few seconds.
    const opts = { auth, transports: ['websocket'], autoConnect: false, reconnectionDelayMax: 2000 };
    this.#socket = options.url ? io(options.url, opts) : io(opts);
    this.#listen('room:peer-joined', peerJoinedSchema, (e) => this.emit('peer-joined', e));
    this.#listen('room:peer-left', peerLeftSchema, (e) => this.emit('peer-left', e));
    this.#listen('room:member-joined', memberEventSchema, (e) => this.emit('member-joined', e));
    this.#listen('room:member-left', memberEventSchema, (e) => this.emit('member-left', e));
    this.#listen('signal', signalRelaySchema, (e) => this.emit('signal', e));
    this.#listen('room:updated', roomUpdatedSchema, (e) => this.emit('room-updated', e));
    this.#listen('room:deleted', roomDeletedSchema, (e) => this.emit('room-deleted', e));
    this.#listen('room:user-updated', userUpdatedSchema, (e) => this.emit('user-updated', e));
    this.#listen('invite', inviteSchema, (e) => this.emit('invite', e));
    this.#listen('conversation:invite', conversationInviteSchema, (e) => this.emit('conversation-invite', e));
    this.#listen('lobby:changed', lobbyChangedSchema, (e) => this.emit('lobby-changed', e));
    this.#listen('presence:changed', presenceChangedSchema, (e) => this.emit('presence-changed', e));
    this.#listen('conversation:knock', conversationKnockSchema, (e) => this.emit('knock', e));
    this.#socket.on('disconnect', (reason) => this.emit('disconnected', { reason }));
    // Every connection after the first is a return (socket.io's own retry, or ours after a transient refusal).
    this.#socket.on('connect', () => {
      if (this.#connectedBefore) this.emit('reconnected', undefined);
      this.#connectedBefore = true;
    });
    // The network is back, or the person is back at the tab: try at once instead of after the backoff.
    globalThis.addEventListener?.('online', this.#retryNow);
    globalThis.document?.addEventListener('visibilitychange', this.#retryNow);
    this.#socket.on('connect_error', (err) => {
      if (this.#connecting) return;
      const refusal = SignalingRefusedError.from(err);
      // Only the server's own answer is a refusal; a failed attempt to reach it is an outage, retried.
      if (refusal.code === 'UNREACHABLE') this.emit('unreachable', undefined);
      else if (refusal.code === 'INTERNAL') {
        // The server is up but could not check the session yet (e.g. still starting): try again shortly.
        this.emit('unreachable', undefined);
        setTimeout(() => this.#closed || this.#socket.connected || this.#socket.connect(), 2000);
      } else this.emit('refused', refusal);
    });
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  /** Connects; rejects with a SignalingRefusedError (e.g. `UNAUTHENTICATED` without a valid session). */
  connect(): Promise<void> {
    if (this.#socket.connected) return Promise.resolve();
    this.#connecting = true;
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        this.#connecting = false;
        this.#socket.off('connect', onConnect);
        this.#socket.off('connect_error', onError);
      };
      const onConnect = () => {
        cleanup();
        resolve();
      };
      const onError = (err: Error) => {
        cleanup();
        this.#socket.disconnect();
        reject(SignalingRefusedError.from(err));
      };
      this.#socket.on('connect', onConnect);
      this.#socket.on('connect_error', onError);
      this.#socket.connect();
    });
  }

  /** `resume`: the page was in the room before the connection dropped. */
  join(roomId: RoomId, resume = false): Promise<RoomJoinResult> {
    return this.#request('room:join', { roomId, ...(resume && { resume }) }, roomJoinResultSchema);
  }

  leave(roomId: RoomId): Promise<OkResult> {
    return this.#request('room:leave', { roomId }, okResultSchema);
  }

  signal(roomId: RoomId, to: string, data: object): Promise<OkResult> {
    return this.#request('signal', { roomId, to, data: data as Record<string, unknown> }, okResultSchema);
  }

  /** Asks an online person into a room we are in. */
  invite(roomId: RoomId, username: string): Promise<OkResult> {
    return this.#request('invite', { roomId, username }, okResultSchema);
  }

  /** Tells the server this person has messages waiting in a conversation (or no longer), so the other is prompted. */
  pending(roomId: RoomId, pending: boolean): Promise<OkResult> {
    return this.#request('conversation:pending', { roomId, pending }, okResultSchema);
  }

  /** Tells the other person of a conversation we are in that we want to talk (on every page they have open). */
  inviteToConversation(roomId: RoomId): Promise<OkResult> {
    return this.#request('conversation:invite', { roomId }, okResultSchema);
  }

  /** Starts `lobby-changed` events; answers the current list (the busiest rooms, capped). */
  watchLobby(): Promise<LobbyWatchResult> {
    return this.#request('lobby:watch', {}, lobbyWatchResultSchema);
  }

  unwatchLobby(): Promise<OkResult> {
    return this.#request('lobby:unwatch', {}, okResultSchema);
  }

  /** Fresh ICE servers (TURN credentials expire; the room asks again before they do). */
  iceServers(): Promise<IceServersResult> {
    return this.#request('ice:servers', {}, iceServersResultSchema);
  }

  close(): void {
    this.#closed = true;
    globalThis.removeEventListener?.('online', this.#retryNow);
    globalThis.document?.removeEventListener('visibilitychange', this.#retryNow);
    this.#socket.disconnect();
    this.removeAllListeners();
  }

  #retryNow = (): void => {
    const hidden = globalThis.document?.visibilityState === 'hidden';
    if (this.#closed || this.#connecting || !this.#connectedBefore || this.#socket.connected || hidden) return;
    // socket.io has no "retry now": a fresh connect() replaces the pending backoff wait.
    this.#socket.disconnect().connect();
  };

  /** Emits with an ack and checks the answer against the shared schema; a silence or garbage is a failure. */
  #request<S extends z.ZodMiniType>(
    event: keyof ClientToServerEvents,
    payload: object,
    schema: S,
  ): Promise<z.infer<S>> {
    return new Promise((resolve) => {
      (this.#socket.timeout(this.#timeoutMs) as unknown as Socket).emit(
        event,
        payload,
        (err: Error | null, result: unknown) => {
          const parsed = err ? undefined : schema.safeParse(result);
          if (parsed?.success) return resolve(parsed.data);
          const message = err ? 'The server did not answer.' : 'The server sent an unreadable answer.';
          resolve(failure('INTERNAL', message) as z.infer<S>);
        },
      );
    });
  }

  #listen<S extends z.ZodMiniType>(event: keyof ServerToClientEvents, schema: S, handler: (e: z.infer<S>) => void) {
    (this.#socket as unknown as Socket).on(event, (payload: unknown) => {
      const parsed = schema.safeParse(payload);
      if (parsed.success) handler(parsed.data);
      else console.warn(`dialog: ignored malformed ${event} from server`, parsed.error.issues);
    });
  }
}
