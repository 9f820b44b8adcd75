import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { UserStore } from '../../signal-server/accounts/user-store.ts';
import { type AppDeps, type AppOptions, createApp, type DialogApp } from '../../signal-server/app.ts';
import { embeddedDeps } from '../../signal-server/embedded-deps.ts';
import { silentLogger } from '../../signal-server/log.ts';
import { checkAck, checkHttpAnswer, checkServerEvent } from './wire-check.ts';

export const PASSWORD = 'correct horse battery';

/** A registered person with a connected socket. */
export interface Person {
  username: string;
  cookie: string;
  socket: Socket;
}

/** A real app on port 0 with a temporary on-disk database and real bcrypt (cost 12). */
export interface TestServer {
  app: DialogApp;
  url: string;
  dataDir: string;
  users: UserStore;
  /**
   * fetch against the app, sending the app's own Origin (as a browser page would) and JSON bodies; throws when the
   * answer drifts from its route in the wire table.
   */
  api(
    path: string,
    init?: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  /** Registers a person; returns their session cookie (`name=value`). */
  register(username: string, password?: string): Promise<string>;
  /** Makes someone an administrator directly in the store. */
  makeAdmin(username: string): Promise<void>;
  /** A connected socket.io client for a session cookie. */
  client(cookie: string): Promise<Socket>;
  /** Registers `username` and connects a socket for them. */
  person(username: string): Promise<Person>;
  /** Creates a room as `cookie`'s owner; answers its id. */
  createRoom(cookie: string, name?: string, topic?: string): Promise<string>;
  /** Closes the app and deletes its data, or with `keepData` leaves it for a restart on the same folder. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** The session cookie a response set, as `name=value`. */
export function cookieOf(res: Response): string {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('dialog_session='));
  if (!header) throw new Error(`no session cookie (status ${res.status})`);
  return header.split(';')[0] as string;
}

/**
 * Boots the app on the embedded wiring main.ts uses; `reuseDir` reuses the folder of an earlier server (a
 * restart), else a fresh temporary one; `deps` replaces some of the embedded stores (a failing one, a logger).
 */
export async function startTestServer(
  options: Partial<AppOptions> = {},
  reuseDir?: string,
  deps: Partial<Omit<AppDeps, 'db'>> = {},
): Promise<TestServer> {
  const dataDir = reuseDir ?? mkdtempSync(join(tmpdir(), 'dialog-test-'));
  const wired = { ...embeddedDeps({ dataDir, bcryptCost: 12, log: silentLogger }), ...deps };
  const { users } = wired;
  const app = createApp(wired, {
    webRoot: join(dataDir, 'web'),
    authRateLimits: { registrationsPerIp: 1000 },
    ...options,
    // Relative to the temporary data dir, as main.ts puts it in DATA_DIR.
    adminSocketPath: options.adminSocketPath && join(dataDir, options.adminSocketPath),
  });
  const address = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  const sockets: Socket[] = [];

  const api: TestServer['api'] = async (path, init = {}) => {
    const headers: Record<string, string> = { Origin: url, ...init.headers };
    if (init.cookie) headers.Cookie = init.cookie;
    if (init.body !== undefined) headers['Content-Type'] ??= 'application/json';
    const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const json = res.headers.get('content-type')?.includes('json');
    checkHttpAnswer(
      method,
      path,
      res.status,
      json
        ? await res
            .clone()
            .json()
            .catch(() => undefined)
        : undefined,
    );
    return res;
  };
  const client = async (cookie: string) => {
    const socket = await socketAt(url, cookie);
    sockets.push(socket);
    return socket;
  };
  const register = async (username: string, password = PASSWORD) => {
    const res = await api('/api/auth/register', { body: { username, password } });
    if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
    return cookieOf(res);
  };
  return {
    app,
    url,
    dataDir,
    users,
    api,
    register,
    client,
    async person(username) {
      const cookie = await register(username);
      return { username, cookie, socket: await client(cookie) };
    },
    async createRoom(cookie, name = 'Test room', topic) {
      const res = await api('/api/rooms', { cookie, body: { name, topic } });
      if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { room: { id: string } }).room.id;
    },
    async makeAdmin(username) {
      await users.update(username, { isAdmin: true });
    },
    async stop({ keepData = false } = {}) {
      for (const socket of sockets) socket.disconnect();
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A socket.io client as the web app opens it, for `cookie`'s person at the server at `url`; `tab` is the tab key a
 * page sends (default: none). Rejects when the server refuses the handshake, closing the socket.
 */
export async function socketAt(url: string, cookie: string, { tab }: { tab?: string } = {}): Promise<Socket> {
  const socket = connect(url, {
    auth: { protocol: PROTOCOL_VERSION, ...(tab !== undefined && { tab }) },
    extraHeaders: { Cookie: cookie, Origin: url },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
  return socket;
}

/** Emits with an ack and resolves with the ack's result; rejects when the result drifts from the wire table. */
export async function request<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  ...args: unknown[]
): Promise<T> {
  const result: unknown = await socket.timeout(5000).emitWithAck(event, ...args);
  checkAck(event, result);
  return result as T;
}

/** Resolves with the next `event` payload on `socket`; rejects when it drifts from the wire table. */
export function nextEvent<T = Record<string, unknown>>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      try {
        checkServerEvent(event, payload);
        resolve(payload);
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** Collects every `event` payload on `socket` from now on; one that drifts from the wire table is thrown (uncaught). */
export function collect<T = Record<string, unknown>>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => {
    checkServerEvent(event, payload);
    seen.push(payload);
  });
  return seen;
}
