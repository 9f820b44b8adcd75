import { randomUUID } from 'node:crypto';
import { type IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies } from 'cookie';
import {
  type ConnectErrorData,
  describeIssues,
  type ErrorCode,
  handshakeAuthSchema,
  PROTOCOL_VERSION,
} from '../../shared/protocol.ts';
import { SESSION_COOKIE, type Sessions } from '../accounts/sessions.ts';
import { toSummary } from '../accounts/user-views.ts';
import { originAllowed, ownOriginOf } from '../http/request.ts';
import { tabPeerId } from './peer-tabs.ts';
import type { DialogServer, DialogSocket } from './types.ts';

/** A refused handshake: the client sees `err.message` and `err.data.code`. */
export function refusal(code: ErrorCode, message: string): Error & { data: ConnectErrorData } {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * Accepts a socket only from an allowed Origin (CORS does not cover WebSockets) with a live session cookie; the
 * person is whoever the session belongs to. Each page is one peer, its id chosen by the server (see tabPeerId).
 * `trustProxy`: read the page's origin from X-Forwarded-Proto/-Host, as the HTTP side does.
 */
export function handshake(sessions: Sessions, allowedOrigins: readonly string[], trustProxy = false) {
  return (socket: DialogSocket, next: (err?: Error) => void): void => {
    const { headers } = socket.handshake;
    const ownOrigin = ownOriginOf(headers, socket.handshake.secure, trustProxy);
    if (!originAllowed(headers.origin, ownOrigin, allowedOrigins)) {
      next(refusal('FORBIDDEN', 'Connections are accepted only from Dialog pages.'));
      return;
    }
    const parsed = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) {
      next(refusal('INVALID', describeIssues(parsed.error)));
      return;
    }
    if (parsed.data.protocol !== PROTOCOL_VERSION) {
      next(refusal('PROTOCOL_MISMATCH', 'This page is out of date: reload it.'));
      return;
    }
    const token = parseCookies(headers.cookie ?? '')[SESSION_COOKIE];
    sessions.resolve(token).then(
      (auth) => {
        if (!auth) return next(refusal('UNAUTHENTICATED', 'Log in first.'));
        socket.data.user = toSummary(auth.user);
        socket.data.sessionId = auth.session.id;
        socket.data.peerId = parsed.data.tab ? tabPeerId(auth.session.id, parsed.data.tab) : randomUUID();
        next();
      },
      () => next(refusal('INTERNAL', 'Could not check your session; try again.')),
    );
  };
}

/**
 * Lets go of each accepted socket's handshake HTTP request, which engine.io would otherwise hold for the
 * connection's life twice over: as `conn.request` (socket.io's "Memory usage" guide), and, for a WebSocket, through
 * the upgrade's stand-in response, kept by its listener on the TCP socket. Every check that reads the request has
 * run once a socket is accepted, and `socket.handshake` keeps its headers. A second connection to the namespace
 * over the same transport would see no headers and be refused; Dialog's client opens a transport per connection.
 */
export function handshakeRequestRelease(io: DialogServer): (socket: DialogSocket) => void {
  const upgrades = new WeakMap<IncomingMessage, { req: unknown }>();
  io.engine.use((req: IncomingMessage, res: { req: unknown }, next: () => void) => {
    if (!(res instanceof ServerResponse)) upgrades.set(req, res); // a WebSocket upgrade has no real response
    next();
  });
  return (socket) => {
    const conn = socket.conn as { request: IncomingMessage | null };
    const upgrade = conn.request && upgrades.get(conn.request);
    if (upgrade) upgrade.req = null;
    conn.request = null;
  };
}
