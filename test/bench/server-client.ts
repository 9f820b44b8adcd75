import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';

/** RSS of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** JSON POST from the app's own origin, as its pages send. */
export function post(
  url: string,
  path: string,
  body: unknown,
  cookie?: string,
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { Origin: url, 'Content-Type': 'application/json', ...(cookie && { Cookie: cookie }) },
    body: JSON.stringify(body),
    ...(signal && { signal }),
  });
}

export function cookieOf(res: Response): string {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('dialog_session='));
  if (!header) throw new Error(`no session cookie (status ${res.status})`);
  return header.split(';')[0] as string;
}

/** Registers `username` and answers a session cookie. */
export async function registerUser(url: string, username: string, password: string): Promise<string> {
  const res = await post(url, '/api/auth/register', { username, password });
  if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
  return cookieOf(res);
}

/** An authenticated socket.io client, connected. */
export function connectSocket(url: string, cookie: string): Promise<Socket> {
  const socket = io(url, {
    auth: { protocol: PROTOCOL_VERSION },
    extraHeaders: { Cookie: cookie, Origin: url },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Emits and resolves with the ack and its round-trip time in ms. */
export async function timedAck(socket: Socket, event: string, payload: unknown): Promise<{ ms: number; result: any }> {
  const started = performance.now();
  const result = await socket.timeout(10_000).emitWithAck(event, payload);
  return { ms: performance.now() - started, result };
}
