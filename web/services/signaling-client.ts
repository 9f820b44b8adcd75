import { io, type Socket } from 'socket.io-client';
import {
  type ClientEvent,
  type ClientPayload,
  type ClientResult,
  type ClientToServerEvents,
  clientEvents,
  type ErrorCode,
  type Failure,
  failure,
  type HandshakeAuth,
  PROTOCOL_VERSION,
  type RoomId,
  type ServerEvent,
  type ServerListeners,
  type ServerPayload,
  type ServerToClientEvents,
  serverEvents,
} from '../../shared/protocol.ts';
import { locale, t } from '../i18n/locale.ts';
import { Emitter } from './emitter.ts';
import { randomId } from './random-id.ts';
import { SignalingRefusedError } from './signaling-refusal.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/**
 * The socket as requests and listeners use it, event by event from the table: what arrives is unknown until it is
 * checked against the table's schemas, and a request's ack gets socket.io's time-out error first.
 */
interface WireSocket {
  on(event: ServerEvent, listener: (payload: unknown) => void): unknown;
  timeout(ms: number): { emit(...args: TimedRequest): unknown };
}
/** A request's arguments, for any event of the table. */
type TimedRequest = {
  [E in ClientEvent]: [event: E, payload: ClientPayload<E>, ack: (err: Error | null, result: unknown) => void];
}[ClientEvent];

/** Every server event under its wire name (checked against the wire table), and the connection's own events. */
export type SignalingEvents = { [E in ServerEvent]: ServerPayload<E> } & {
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
};

/** A refusal's sentence in the page's language (the server writes English; other languages go by its code). */
function localizedResult<R>(result: R): R {
  const answer = result as { ok?: unknown; code?: ErrorCode; message?: string };
  if (answer.ok !== false || !answer.code || answer.message === undefined) return result;
  return { ...result, message: locale.error({ code: answer.code, message: answer.message }) };
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
    for (const event of Object.keys(serverEvents) as ServerEvent[]) this.#listen(event);
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
  join(roomId: RoomId, resume = false): Promise<ClientResult<'room:join'> | Failure> {
    return this.#request('room:join', { roomId, ...(resume && { resume }) });
  }

  leave(roomId: RoomId): Promise<ClientResult<'room:leave'> | Failure> {
    return this.#request('room:leave', { roomId });
  }

  signal(roomId: RoomId, to: string, data: object): Promise<ClientResult<'signal'> | Failure> {
    return this.#request('signal', { roomId, to, data: data as Record<string, unknown> });
  }

  /** Asks an online person into a room we are in. */
  invite(roomId: RoomId, username: string): Promise<ClientResult<'invite'> | Failure> {
    return this.#request('invite', { roomId, username });
  }

  /** Tells the server this person has messages waiting in a conversation (or no longer), so the other is prompted. */
  pending(roomId: RoomId, pending: boolean): Promise<ClientResult<'conversation:pending'> | Failure> {
    return this.#request('conversation:pending', { roomId, pending });
  }

  /** Tells the other person of a conversation we are in that we want to talk (on every page they have open). */
  inviteToConversation(roomId: RoomId): Promise<ClientResult<'conversation:invite'> | Failure> {
    return this.#request('conversation:invite', { roomId });
  }

  /** Starts `lobby:changed` events; answers the current list (the busiest rooms, capped). */
  watchLobby(): Promise<ClientResult<'lobby:watch'> | Failure> {
    return this.#request('lobby:watch', {});
  }

  unwatchLobby(): Promise<ClientResult<'lobby:unwatch'> | Failure> {
    return this.#request('lobby:unwatch', {});
  }

  /** Fresh ICE servers (TURN credentials expire; the room asks again before they do). */
  iceServers(): Promise<ClientResult<'ice:servers'> | Failure> {
    return this.#request('ice:servers', {});
  }

  /**
   * Subscribes a listener to each of the server events `E`; returns the function that unsubscribes them all.
   * Typed as a map over the events, so a caller declaring the events it handles (e.g. `ServerListeners<RoomEvent>`)
   * cannot leave one out.
   */
  listen<E extends ServerEvent>(listeners: ServerListeners<E>): () => void {
    const offs = (Object.keys(listeners) as E[]).map((event) =>
      this.on(event, listeners[event] as (payload: SignalingEvents[E]) => void),
    );
    return () => {
      for (const off of offs) off();
    };
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

  /** Emits with an ack and checks the answer against the table's result schema; a silence or garbage is a failure. */
  #request<E extends ClientEvent>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E> | Failure> {
    const schema = clientEvents[event].result;
    return new Promise((resolve) => {
      // The server's answer is checked, not trusted: the ack takes an unknown.
      const ack = (err: Error | null, result: unknown) => {
        const parsed = err ? undefined : schema.safeParse(result);
        if (parsed?.success) return resolve(localizedResult(parsed.data as ClientResult<E>));
        const message = err ? t('api.noAnswer') : t('api.badAnswer');
        resolve(failure('INTERNAL', message));
      };
      const socket: WireSocket = this.#socket;
      // HACK: TypeScript cannot tie a generic event to its own payload in a union (microsoft/TypeScript#30581).
      socket.timeout(this.#timeoutMs).emit(...([event, payload, ack] as TimedRequest));
    });
  }

  /** Re-emits one server event once its payload passed the table's schema; a malformed one is logged and dropped. */
  #listen<E extends ServerEvent>(event: E): void {
    const schema = serverEvents[event].payload;
    const socket: WireSocket = this.#socket;
    socket.on(event, (payload) => {
      const parsed = schema.safeParse(payload);
      if (parsed.success) this.emit(event, parsed.data as SignalingEvents[E]);
      else console.warn(`dialog: ignored malformed ${event} from server`, parsed.error.issues);
    });
  }
}
