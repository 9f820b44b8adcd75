import type {
  ClientEvent,
  ClientResult,
  Failure,
  RoomId,
  ServerEvent,
  ServerListeners,
} from '../../shared/protocol.ts';
import { Emitter } from '../../web/services/emitter.ts';
import type { SessionService } from '../../web/services/session-service.ts';
import { SignalingClient, type SignalingEvents } from '../../web/services/signaling-client.ts';

type Answer<E extends ClientEvent> = ClientResult<E> | Failure;

/**
 * Stands in for a SignalingClient: no socket. A test decides how `connect` and each request are answered, pushes
 * server events and connection events with `fire`, and reads what was asked in `calls`.
 */
export class FakeSignaling extends Emitter<SignalingEvents> {
  connected = false;
  closed = false;
  /** Every request made, e.g. `['room:join', 'r1']`. */
  readonly calls: unknown[][] = [];
  /** How `connect` ends: resolves, or rejects with this error. */
  refuse: Error | undefined;
  join: (roomId: RoomId, resume?: boolean) => Promise<Answer<'room:join'>> = async (roomId, resume) => {
    this.calls.push(['room:join', roomId, ...(resume ? [resume] : [])]);
    return joined(roomId);
  };
  watchLobby: () => Promise<Answer<'lobby:watch'>> = async () => {
    this.calls.push(['lobby:watch']);
    return { ok: true, rooms: [], total: 0 };
  };

  async connect(): Promise<void> {
    if (this.refuse) throw this.refuse;
    this.connected = true;
  }

  async leave(roomId: RoomId): Promise<{ ok: true }> {
    this.calls.push(['room:leave', roomId]);
    return { ok: true };
  }

  async unwatchLobby(): Promise<{ ok: true }> {
    this.calls.push(['lobby:unwatch']);
    return { ok: true };
  }

  async inviteToConversation(roomId: RoomId): Promise<Answer<'conversation:invite'>> {
    this.calls.push(['conversation:invite', roomId]);
    return { ok: true };
  }

  async signal(): Promise<{ ok: true }> {
    return { ok: true };
  }

  async pending(): Promise<{ ok: true }> {
    return { ok: true };
  }

  /** The real client's: it only subscribes through `on`. */
  listen<E extends ServerEvent>(listeners: ServerListeners<E>): () => void {
    return SignalingClient.prototype.listen.call<SignalingClient, [ServerListeners<E>], () => void>(
      this.asClient(),
      listeners,
    );
  }

  close(): void {
    this.closed = true;
    this.connected = false;
    this.removeAllListeners();
  }

  /** What the server or socket.io would make the real client emit. */
  fire<K extends keyof SignalingEvents>(event: K, payload: SignalingEvents[K]): void {
    if (event === 'disconnected' || event === 'unreachable') this.connected = false;
    if (event === 'reconnected') this.connected = true;
    this.emit(event, payload);
  }

  asClient(): SignalingClient {
    return this as unknown as SignalingClient;
  }
}

export const person = (username: string) => ({
  username,
  displayName: username[0]?.toUpperCase() + username.slice(1),
  avatarUrl: null,
});

/** A room as the server lists it. */
export const listing = (id: RoomId, name = id, owner = 'ann') => ({
  id,
  name,
  topic: '',
  owner: person(owner),
  createdAt: '2026-01-01T00:00:00.000Z',
  memberCount: 1,
  members: [person(owner)],
});

/** The server's answer to joining `roomId` alone. */
export function joined(roomId: RoomId): ClientResult<'room:join'> {
  return {
    ok: true,
    room: listing(roomId),
    self: { peerId: 'p-self', user: person('bob') },
    peers: [],
    iceServers: [],
  };
}

/** Stands in for the SessionService: who is logged in, changed by the test; `loads` counts re-checks. */
export class FakeSession extends Emitter<{ change: undefined }> {
  status = 'ready' as const;
  user: { username: string; relayOnly?: boolean } | null = null;
  loads = 0;
  /** What the server answers a re-check with: by default the same person, still logged in. */
  onLoad = () => {};

  async load(): Promise<void> {
    this.loads++;
    this.onLoad();
  }

  logIn(username: string | null): void {
    this.user = username ? { username } : null;
    this.emit('change', undefined);
  }

  asSession(): SessionService {
    return this as unknown as SessionService;
  }
}
