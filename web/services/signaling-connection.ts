import type { ServerEvent, ServerListeners } from '../../shared/protocol.ts';
import { t } from '../i18n/locale.ts';
import { LazyModule } from './code-loader.ts';
import { Emitter } from './emitter.ts';
import { offersRelay } from './ice-servers.ts';
import type { SessionService } from './session-service.ts';
import type * as SignalingCode from './signaling-client.ts';
import type { SignalingClient } from './signaling-client.ts';

/**
 * `closed`: no socket (logged out, or the server ended it); `connecting`: a socket is coming up; `open`: up;
 * `reconnecting`: the server is out of reach and being retried — rooms stay open and their data channels keep
 * carrying the conversation, only new connections wait.
 */
export type ConnectionState =
  | { name: 'closed' }
  | { name: 'connecting' }
  | { name: 'open'; client: SignalingClient }
  | { name: 'reconnecting'; client: SignalingClient };

export interface SignalingConnectionEvents extends Record<string, unknown> {
  /** `state` changed. */
  change: undefined;
  /** A new socket came up (pushes sent before it were missed). */
  opened: SignalingClient;
  /** socket.io reconnected by itself after an outage: the server sees a new tab (rooms are entered again). */
  resumed: SignalingClient;
  /** The server ended the socket (logout elsewhere, account disabled…); the session has been checked again. */
  cut: { message: string };
  /** The logged-in person changed (logged out, or someone else): whatever was held for the previous one goes. */
  reset: undefined;
}

export interface SignalingConnectionOptions {
  /** Makes the socket.io connection. Default: a SignalingClient to the page's own origin. */
  signaling?: () => SignalingClient;
  /** The socket's code (socket.io), fetched for the first connection: the Log in page does not need it. Default:
   * fetched by itself. */
  code?: LazyModule<typeof SignalingCode>;
  /** Open the socket as soon as someone logs in (online, reachable by invitations). Default true. */
  connectOnLogin?: boolean;
}

/**
 * The logged-in person's one socket to the signal server, shared by the lobby, the invitations and the room. It is
 * opened on login (or on first use) and closed on logout; if the server cuts it, the session is checked again so
 * the app can send the person to Log in.
 */
export class SignalingConnection extends Emitter<SignalingConnectionEvents> {
  #state: ConnectionState = { name: 'closed' };
  readonly #session: SessionService;
  /** A new socket: at once, or once socket.io's code has arrived (the first time). */
  readonly #makeSignaling: () => SignalingClient | Promise<SignalingClient>;
  readonly #listeners: ServerListeners<ServerEvent>[] = [];
  #connecting: Promise<SignalingClient> | undefined;
  #username: string | undefined;

  constructor(session: SessionService, options: SignalingConnectionOptions = {}) {
    super();
    this.#session = session;
    const code = options.code ?? new LazyModule(() => import('./signaling-client.ts'));
    this.#makeSignaling =
      options.signaling ??
      (() => (code.module ? new code.module.SignalingClient() : code.load().then((m) => new m.SignalingClient())));
    this.#username = session.user?.username;
    session.on('change', () => {
      if (session.user?.username === this.#username) return;
      this.#username = session.user?.username;
      this.close();
      this.emit('reset', undefined);
      // Logged in means online: others see it, and invitations can reach this tab.
      if (session.user && options.connectOnLogin !== false) {
        this.connect().catch((err: unknown) => console.warn('dialog: signaling not reachable', err));
      }
    });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The socket while it is open (undefined while connecting, closed or reconnecting). */
  get client(): SignalingClient | undefined {
    return this.#state.name === 'open' ? this.#state.client : undefined;
  }

  /** Subscribes `listeners` to every socket this connection opens, from the next one on. */
  listen<E extends ServerEvent>(listeners: ServerListeners<E>): void {
    this.#listeners.push(listeners as unknown as ServerListeners<ServerEvent>);
  }

  /** The open socket, or a new one once it is up; rejects with a SignalingRefusedError if it does not come up. */
  connect(): Promise<SignalingClient> {
    const current = 'client' in this.#state ? this.#state.client : undefined;
    if (current?.connected) return Promise.resolve(current);
    if (this.#connecting) return this.#connecting;
    current?.close();
    const connecting: Promise<SignalingClient> = this.#open(() => this.#connecting === connecting).catch(
      (err: unknown) => {
        if (this.#connecting === connecting) this.#set({ name: 'closed' });
        throw err;
      },
    );
    this.#connecting = connecting;
    this.#set({ name: 'connecting' });
    const settled = () => {
      if (this.#connecting === connecting) this.#connecting = undefined;
    };
    connecting.then(settled, settled);
    return connecting;
  }

  /** Makes a socket and connects it, while `wanted` (not closed meanwhile: the person logged out). */
  async #open(wanted: () => boolean): Promise<SignalingClient> {
    /** A socket that belongs to nobody now. */
    const abandon = (signaling: SignalingClient) => {
      signaling.close();
      return new Error('The connection was closed.');
    };
    const made = this.#makeSignaling();
    // Made at once, a socket starts connecting at once; one made once socket.io's code arrived, only if still wanted.
    const signaling = made instanceof Promise ? await made : made;
    if (made instanceof Promise && !wanted()) throw abandon(signaling);
    this.#watch(signaling);
    try {
      await signaling.connect();
    } catch (err) {
      signaling.close();
      throw err;
    }
    if (!wanted()) throw abandon(signaling);
    this.#set({ name: 'open', client: signaling });
    this.emit('opened', signaling);
    return signaling;
  }

  /** Closes the socket, telling nobody (the person logged out or is someone else now). */
  close(): void {
    if ('client' in this.#state) this.#state.client.close();
    this.#connecting = undefined;
    this.#set({ name: 'closed' });
  }

  /** Whether the server offers a TURN relay (asked over signaling); undefined when it cannot be asked. */
  async relayAvailable(): Promise<boolean | undefined> {
    const signaling = await this.connect().catch((err: unknown) => {
      console.warn('dialog: signaling not reachable', err);
      return undefined;
    });
    const answer = await signaling?.iceServers();
    return answer?.ok ? offersRelay(answer.iceServers) : undefined;
  }

  #watch(signaling: SignalingClient): void {
    signaling.on('disconnected', ({ reason }) => {
      if (reason === 'io server disconnect') void this.#cut(signaling, t('notice.serverClosed'));
      else if (reason !== 'io client disconnect') this.#outage(signaling, true);
    });
    signaling.on('unreachable', () => this.#outage(signaling, true));
    signaling.on('refused', (err) => void this.#cut(signaling, err.message));
    signaling.on('reconnected', () => {
      if (!this.#owns(signaling)) return;
      this.#outage(signaling, false);
      this.emit('resumed', signaling);
    });
    for (const listeners of this.#listeners) signaling.listen(listeners);
  }

  #owns(signaling: SignalingClient): boolean {
    return 'client' in this.#state && this.#state.client === signaling;
  }

  #outage(signaling: SignalingClient, reconnecting: boolean): void {
    if (!this.#owns(signaling) || (this.#state.name === 'reconnecting') === reconnecting) return;
    this.#set({ name: reconnecting ? 'reconnecting' : 'open', client: signaling });
  }

  /**
   * The server ended our socket: the session is asked whether it is over, then everyone is told. In that order: if
   * the session is over, its change resets everything first and the app shows Log in, remembering the room the
   * person was in; told first, the room would fail and send them to the lobby before the session said why.
   */
  async #cut(signaling: SignalingClient, message: string): Promise<void> {
    if (!this.#owns(signaling)) return;
    signaling.close();
    this.#set({ name: 'closed' });
    try {
      await this.#session.load();
    } finally {
      this.emit('cut', { message });
    }
  }

  #set(state: ConnectionState): void {
    this.#state = state;
    this.emit('change', undefined);
  }
}
