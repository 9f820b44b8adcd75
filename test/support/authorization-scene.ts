import type { Socket } from 'socket.io-client';
import type { ErrorCode } from '../../shared/protocol.ts';
import { solidPng } from './png.ts';
import { request, startTestServer, type TestServer } from './server.ts';

/** Who makes a request, as the authorization matrix has them. */
export const ROLES = ['anonymous', 'disabled', 'person', 'other', 'owner', 'admin'] as const;
/**
 * - anonymous: no session cookie.
 * - disabled: the cookie of a session still stored for an account since disabled (in the store, so that no revoked
 *   session hides a missing check).
 * - person: logged in, with nothing to do with the thing the route or event is about.
 * - other: logged in, and in the room (for room rows), but not its owner; for rows about a named person, someone else.
 * - owner: the room's creator (in it), or the person the route names; for one's own account, a person like any.
 * - admin: an administrator, not in the room.
 */
export type Role = (typeof ROLES)[number];

/** What one cell is answered: `'200'`, `'403 FORBIDDEN'` (HTTP), `'ok'`, `'NOT_MEMBER'` (acks), `'refused CODE'`. */
export type Outcome = `${number}` | `${number} ${ErrorCode}` | 'ok' | ErrorCode | `refused ${ErrorCode}`;

/** A registered person: their username and a session cookie. */
export interface Account {
  username: string;
  cookie: string;
}

/** A room (or conversation) with its owner and the other person inside, a tab each; `peers` are their peer ids. */
export interface SceneRoom {
  id: string;
  sockets: { owner: Socket; other: Socket };
  peers: { owner: string; other: string };
}

let made = 0;

/**
 * A server with one account for each role, and what a cell of the matrix needs on top: fresh rooms, throwaway
 * accounts, requests and events as a role. Sockets a cell opens are closed (and let go of by the server) in endCell.
 */
export class Scene {
  /** Sockets opened during the current cell. */
  readonly #sockets: Socket[] = [];

  private constructor(
    readonly server: TestServer,
    readonly accounts: Record<Exclude<Role, 'anonymous'>, Account>,
  ) {}

  /** Registers the cast: the disabled account is disabled in the store only, so its session is still stored. */
  static async start(): Promise<Scene> {
    const server = await startTestServer({
      roomQuota: { openRoomsPerPerson: 1000, roomCreatesPerMinute: 1000 },
      roomGraceMs: 600_000,
      metricsToken: 'a token no role is given',
    });
    const roles = ['disabled', 'person', 'other', 'owner', 'admin'] as const;
    const cookies = await Promise.all(roles.map((role) => server.register(`${role}-cast`)));
    const accounts = Object.fromEntries(
      roles.map((role, i) => [role, { username: `${role}-cast`, cookie: cookies[i] as string }]),
    ) as Scene['accounts'];
    await server.makeAdmin(accounts.admin.username);
    await server.users.update(accounts.disabled.username, { disabled: true });
    await server.client(accounts.person.cookie); // online throughout, so that it can be invited
    return new Scene(server, accounts);
  }

  /** The role's account; none for anonymous. */
  account(role: Role): Account | undefined {
    return role === 'anonymous' ? undefined : this.accounts[role];
  }

  /** The role's username; for anonymous, the person's (whose password anyone might know). */
  username(role: Role): string {
    return (this.account(role) ?? this.accounts.person).username;
  }

  /**
   * A new account of this role that a cell may use up (end its session, change its password): an administrator for
   * admin, disabled (its session still stored) for disabled, and none for anonymous.
   */
  async expendable(role: Role): Promise<Account | undefined> {
    if (role === 'anonymous') return undefined;
    const username = `${role}-spare-${++made}`;
    const account = { username, cookie: await this.server.register(username) };
    if (role === 'admin') await this.server.makeAdmin(username);
    if (role === 'disabled') await this.server.users.update(username, { disabled: true });
    return account;
  }

  /** A fresh room owned by the owner, with the owner and the other person in it. */
  async room(): Promise<SceneRoom> {
    return this.#enter(await this.server.createRoom(this.accounts.owner.cookie, `Room ${++made}`));
  }

  /** The owner's private conversation with the other person (the same one every time), both of them in it. */
  async inConversation(): Promise<SceneRoom> {
    return this.#enter(await this.conversation());
  }

  /** The owner and the other person, a new tab each, join room `id`. */
  async #enter(id: string): Promise<SceneRoom> {
    const [owner, other] = await Promise.all([
      this.#track(this.server.client(this.accounts.owner.cookie)),
      this.#track(this.server.client(this.accounts.other.cookie)),
    ]);
    const joins = await Promise.all([owner, other].map((s) => request<JoinAck>(s, 'room:join', { roomId: id })));
    const [ownerPeer, otherPeer] = joins.map((join) => join.self?.peerId);
    if (!ownerPeer || !otherPeer) throw new Error(`the cast could not join their room: ${JSON.stringify(joins)}`);
    return { id, sockets: { owner, other }, peers: { owner: ownerPeer, other: otherPeer } };
  }

  /** The direct conversation between the owner and the other person (opened by the owner); answers its id. */
  async conversation(): Promise<string> {
    const res = await this.server.api('/api/conversations', {
      cookie: this.accounts.owner.cookie,
      body: { username: this.accounts.other.username },
    });
    if (!res.ok) throw new Error(`the owner could not open a conversation: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { room: { id: string } }).room.id;
  }

  /** Uploads a picture as the owner's avatar. */
  async giveOwnerAnAvatar(): Promise<void> {
    const outcome = await this.http(this.accounts.owner, 'PUT', '/api/profile/avatar', avatarForm());
    if (outcome !== '200') throw new Error(`avatar upload: ${outcome}`);
  }

  /** Makes a request as `who` (no cookie for undefined) from the app's own page; JSON or multipart body. */
  async http(who: Account | undefined, method: string, path: string, body?: unknown): Promise<Outcome> {
    const headers: Record<string, string> = { Origin: this.server.url };
    if (who) headers.Cookie = who.cookie;
    if (body !== undefined && !(body instanceof FormData)) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${this.server.url}${path}`, {
      method,
      headers,
      body: body === undefined || body instanceof FormData ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.ok) return `${res.status}`;
    const { code } = JSON.parse(text) as { code?: ErrorCode };
    if (!code) throw new Error(`${method} ${path}: ${res.status} without an error code: ${text.slice(0, 200)}`);
    return `${res.status} ${code}`;
  }

  /** A socket for the role: in a room, the owner's or other's tab in it; else a new tab, or how it was refused. */
  async socket(role: Role, room?: SceneRoom): Promise<Socket | Outcome> {
    if (room && (role === 'owner' || role === 'other')) return room.sockets[role];
    const account = this.account(role);
    return this.#track(this.server.client(account?.cookie ?? '')).catch(
      (err: Error & { data?: { code?: ErrorCode } }) => `refused ${err.data?.code ?? 'INTERNAL'}` as const,
    );
  }

  /** Emits `event` as the role and answers the ack's outcome: `'ok'` or its code (or the handshake's refusal). */
  async emit(role: Role, event: string, payload: unknown, room?: SceneRoom): Promise<Outcome> {
    const socket = await this.socket(role, room);
    if (typeof socket === 'string') return socket;
    const ack = await request<{ ok: boolean; code?: ErrorCode }>(socket, event, payload);
    return ack.ok ? 'ok' : (ack.code ?? 'INTERNAL');
  }

  /** Closes the sockets the cell opened and waits until the server has let them go. */
  async endCell(): Promise<void> {
    await Promise.all(this.#sockets.splice(0).map((socket) => this.#close(socket)));
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  async #track(connecting: Promise<Socket>): Promise<Socket> {
    const socket = await connecting;
    this.#sockets.push(socket);
    return socket;
  }

  #close(client: Socket): Promise<void> {
    const socket = this.server.app.io.sockets.sockets.get(client.id as string);
    const gone = socket ? new Promise<void>((resolve) => socket.once('disconnect', () => resolve())) : undefined;
    client.disconnect();
    return gone ?? Promise.resolve();
  }
}

type JoinAck = { ok: boolean; self?: { peerId: string } };

/** A small picture as the avatar upload form sends it. */
export function avatarForm(): FormData {
  const form = new FormData();
  form.append('avatar', new Blob([Uint8Array.from(solidPng(16, 16, [40, 120, 200]))], { type: 'image/png' }), 'a.png');
  return form;
}
