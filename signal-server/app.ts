import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { type ServerOptions, Server as SocketServer } from 'socket.io';
import { type IceServer, LIMITS } from '../shared/protocol.ts';
import { authMiddleware } from './accounts/auth-middleware.ts';
import { authRoutes, type SocketControl } from './accounts/auth-routes.ts';
import type { PasswordHasher } from './accounts/password-hasher.ts';
import { type AuthRateLimitOptions, AuthRateLimits, DEFAULT_AUTH_RATE_LIMITS } from './accounts/rate-limits.ts';
import type { SessionStore } from './accounts/session-store.ts';
import { DEFAULT_SESSION_POLICY, type SessionPolicy, Sessions } from './accounts/sessions.ts';
import type { UserStore } from './accounts/user-store.ts';
import { toSummary } from './accounts/user-views.ts';
import { adminRoutes } from './admin/admin-routes.ts';
import { listenAdminSocket } from './admin/admin-socket.ts';
import { blockRoutes } from './blocks/block-routes.ts';
import type { BlockStore } from './blocks/block-store.ts';
import type { Database } from './db/open-db.ts';
import { errorMiddleware, HttpError } from './http/errors.ts';
import { requireSameOrigin } from './http/request.ts';
import { requestLog } from './http/request-log.ts';
import { SECURITY_HEADERS, securityHeaders } from './http/security-headers.ts';
import { staticFiles } from './http/static-files.ts';
import type { Logger } from './log.ts';
import { createMetrics } from './metrics.ts';
import type { PresenceStore } from './presence/presence-store.ts';
import { profileRoutes } from './profiles/profile-routes.ts';
import type { UploadSlotOptions } from './profiles/upload-slots.ts';
import type { RateLimiterFactory } from './rate-limiters.ts';
import { conversationRoutes } from './rooms/conversation-routes.ts';
import type { GraceMarks } from './rooms/grace-marks.ts';
import type { PendingStore } from './rooms/pending-store.ts';
import { DEFAULT_ROOM_QUOTA, type RoomQuotaOptions } from './rooms/room-quota.ts';
import { roomRoutes } from './rooms/room-routes.ts';
import { RoomService } from './rooms/room-service.ts';
import type { RoomStore } from './rooms/room-store.ts';
import { connectionCap } from './signaling/connection-cap.ts';
import { signaling } from './signaling/handlers.ts';
import { handshake, handshakeRequestRelease } from './signaling/handshake.ts';
import { holdings } from './signaling/holdings.ts';
import type { TurnOptions } from './signaling/ice-servers.ts';
import { PeerTabs } from './signaling/peer-tabs.ts';
import { SessionExpiry } from './signaling/session-expiry.ts';
import { socketAnnouncer } from './signaling/socket-announcer.ts';
import { type DialogServer, sessionChannel, userChannel } from './signaling/types.ts';

/** The concrete stores and services, chosen by main.ts (or a test). */
export interface AppDeps {
  /** Closed by app.close(). */
  db: Database;
  /**
   * Where `db` lives: `embedded` (files of this process: /healthz asks it too) or `couchdb` (a server: a failure is
   * readiness, not liveness, so only /readyz asks it). Default embedded.
   */
  dbKind?: 'embedded' | 'couchdb';
  users: UserStore;
  sessions: SessionStore;
  rooms: RoomStore;
  /** Who has blocked whom. */
  blocks: BlockStore;
  /** Who has messages waiting for whom in a conversation (a flag; the messages stay in browsers). */
  pending: PendingStore;
  presence: PresenceStore;
  /** Which grace periods (empty rooms, dropped people) are running. */
  marks: GraceMarks;
  /** Where per-person and per-IP rate limits count. */
  rateLimiter: RateLimiterFactory;
  /**
   * Several processes sharing socket.io rooms (redis-deps.ts): the socket.io adapter, a cheap request that
   * answers while the shared service does (/readyz), a way to hear that it is reachable again after being away
   * (it may have lost what it held), and what to close last. Default: none, one process.
   */
  cluster?: {
    adapter: ServerOptions['adapter'];
    ping(): Promise<unknown>;
    reconnected(listener: () => void): void;
    close(): Promise<void>;
  };
  /** Closed by app.close(). */
  hasher: PasswordHasher;
  log: Logger;
}

export interface AppOptions {
  /** Folder of the built web app (index.html + assets). */
  webRoot: string;
  /** Static ICE servers handed to browsers as they are. Default: none (host candidates only). */
  iceServers?: IceServer[];
  /** STUN URLs handed to browsers. Default: none. */
  stunUrls?: string[];
  /** A TURN relay: each socket gets its own short-lived credentials (signaling/ice-servers.ts). Default: none. */
  turn?: TurnOptions;
  /** People per room (a person's extra tabs take nobody's place). Default 16. */
  roomMaxMembers?: number;
  /** Tabs one person may have in one room. Default 3. */
  roomMaxTabsPerPerson?: number;
  /** Sockets one person may hold at once; the next is refused with TOO_MANY_CONNECTIONS. Default 10. */
  maxSocketsPerPerson?: number;
  /** Open rooms per person (administrators exempt) and creations per minute. Defaults 5 and 5 (room-quota.ts). */
  roomQuota?: Partial<RoomQuotaOptions>;
  /** Rooms in the lobby's list, the busiest first. Default LIMITS.lobbyRooms (100). */
  lobbyMaxRooms?: number;
  /** An empty room stays joinable this long. Default 30 s. */
  roomGraceMs?: number;
  /** A dropped connection counts as leaving after this long (a reload makes no noise). Default 10 s. */
  presenceGraceMs?: number;
  /** After a start, pages re-entering the rooms they were in are not announced as joining for this long. Default 15 s. */
  restartGraceMs?: number;
  /** Limits on joins and signals (per socket) and invitations (per person). Defaults in signaling/handlers.ts. */
  socketLimits?: { joinsPer10s?: number; signalsPerSecond?: number; invitesPer10s?: number };
  /** Origins besides the server's own that may call the API and open sockets. Default none. */
  allowedOrigins?: string[];
  /** Mark the session cookie Secure. Default false (set it when serving HTTPS). */
  secureCookies?: boolean;
  /** Trust X-Forwarded-* from a reverse proxy (client IP for rate limits, HTTPS detection). Default false. */
  trustProxy?: boolean;
  /**
   * Proxies in front of the server that append to X-Forwarded-For: the client address is read this many entries
   * from the right, so a client cannot choose it by sending its own header. Default 1.
   */
  trustProxyHops?: number;
  /** Avatar uploads in flight per person and overall. Defaults in profiles/upload-slots.ts (1 and 4). */
  avatarUploads?: Partial<UploadSlotOptions>;
  /** Serve the web app's source maps (`.map`), which hand out its unminified source. Default false. */
  sourceMaps?: boolean;
  /** Session lifetimes. Default 30 days absolute, 7 days idle, 20 per person. */
  sessionPolicy?: SessionPolicy;
  /** Login/registration limits. Defaults in rate-limits.ts. */
  authRateLimits?: Partial<AuthRateLimitOptions>;
  /** Unix socket for `npm run createsuperuser` while the server runs. Default: none. */
  adminSocketPath?: string;
  /** The bearer token GET /metrics asks for. Default: none, and /metrics answers 404. */
  metricsToken?: string;
}

/** A running-or-ready Dialog server. */
export interface DialogApp {
  http: HttpServer;
  io: DialogServer;
  /** Starts listening (and the admin socket, if configured); resolves with the bound address (port 0: any free). */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Ends every socket, stops HTTP, the password workers and the database. Safe to call twice. */
  close(): Promise<void>;
}

/** How often sessions past their expiry are deleted. */
const SESSION_SWEEP_MS = 3600_000;

/** How long /readyz waits for a store (or Redis) before calling it unreachable. */
const READY_TIMEOUT_MS = 2000;

/** Asks every store at once whether it answers: `ok`, or `unreachable` after an error or READY_TIMEOUT_MS. */
async function reachable(checks: Record<string, () => Promise<unknown>>): Promise<Record<string, string>> {
  const states = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), READY_TIMEOUT_MS);
      });
      const state = await Promise.race([check(), late]).then(
        () => 'ok',
        () => 'unreachable',
      );
      clearTimeout(timer);
      return [name, state] as const;
    }),
  );
  return Object.fromEntries(states);
}

/** Composition root: Koa + router + socket.io on one HTTP server, and the features wired to their stores. */
export function createApp(deps: AppDeps, options: AppOptions): DialogApp {
  const { db, users, presence, blocks, pending, hasher, log } = deps;
  const allowedOrigins = options.allowedOrigins ?? [];
  const policy = options.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const sessions = new Sessions(deps.sessions, users, policy);
  const limits = new AuthRateLimits({ ...DEFAULT_AUTH_RATE_LIMITS, ...options.authRateLimits }, deps.rateLimiter);

  const trustProxy = options.trustProxy ?? false;
  const koa = new Koa({ proxy: trustProxy, maxIpsCount: options.trustProxyHops ?? 1 });
  koa.on('error', (err: NodeJS.ErrnoException) => {
    // A client that stops reading (curl piped to head, a page navigating away) ends its response early: no error.
    if (err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
    log.error('koa error', { error: String(err) });
  });
  // koa.callback() composes the middleware registered so far, so the handler looks it up per request.
  const http = createServer((req, res) => handler(req, res));
  const io: DialogServer = new SocketServer(http, {
    maxHttpBufferSize: LIMITS.socketFrameBytes,
    serveClient: false,
    ...(deps.cluster && { adapter: deps.cluster.adapter }),
  });
  const announce = socketAnnouncer(io, deps.cluster !== undefined);
  const rooms = new RoomService(
    { rooms: deps.rooms, users, presence, marks: deps.marks, rateLimiter: deps.rateLimiter, announce, log },
    {
      roomGraceMs: options.roomGraceMs ?? 30_000,
      presenceGraceMs: options.presenceGraceMs ?? 10_000,
      restartGraceMs: options.restartGraceMs ?? 15_000,
      maxMembers: options.roomMaxMembers ?? 16,
      maxTabsPerPerson: options.roomMaxTabsPerPerson ?? 3,
      lobbyMaxRooms: options.lobbyMaxRooms ?? LIMITS.lobbyRooms,
      quota: { ...DEFAULT_ROOM_QUOTA, ...options.roomQuota },
    },
  );
  const metrics = createMetrics({
    sockets: () => io.of('/').sockets.size,
    peopleOnline: () => new Set([...io.of('/').sockets.values()].map((socket) => socket.data.user.username)).size,
    rooms: () => rooms.census(),
  });
  const { counters } = metrics;
  const sockets: SocketControl = {
    disconnectSessions: (ids) => ids.length > 0 && io.in(ids.map(sessionChannel)).disconnectSockets(true),
    disconnectUser: (username) => io.in(userChannel(username)).disconnectSockets(true),
  };

  const root = new Router();
  const dbKind = deps.dbKind ?? 'embedded';
  root.get('/healthz', async (ctx) => {
    if (dbKind === 'embedded') await db.info();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ok: true };
  });
  root.get('/readyz', async (ctx) => {
    const { cluster } = deps;
    const stores = await reachable({
      [dbKind === 'embedded' ? 'database' : 'couchdb']: () => db.info(),
      ...(cluster && { redis: () => cluster.ping() }),
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.status = Object.values(stores).every((state) => state === 'ok') ? 200 : 503;
    ctx.body = { ok: ctx.status === 200, stores };
  });
  root.get('/metrics', metrics.endpoint(options.metricsToken));
  const unknownApi = new Router();
  unknownApi.all('/api/{*rest}', () => {
    throw new HttpError('NOT_FOUND', 'No such API route.');
  });

  koa.use(requestLog(log));
  koa.use(metrics.countHttp);
  koa.use(errorMiddleware(log));
  koa.use(securityHeaders);
  koa.use(staticFiles(options.webRoot, { sourceMaps: options.sourceMaps ?? false }));
  koa.use(requireSameOrigin(allowedOrigins));
  koa.use(bodyParser({ enableTypes: ['json'], jsonLimit: '32kb', encoding: 'utf-8' }));
  koa.use(authMiddleware(sessions));
  for (const router of [
    root,
    authRoutes(
      { users, sessions, hasher, limits, presence, sockets, counters },
      { policy, secureCookies: options.secureCookies ?? false },
    ),
    profileRoutes({
      users,
      presence,
      profileChanged: (user) => rooms.userUpdated(toSummary(user)),
      uploadSlots: options.avatarUploads,
    }),
    adminRoutes({ users, sessions, presence, sockets }),
    roomRoutes(rooms),
    blockRoutes({ blocks, users }),
    conversationRoutes(rooms, blocks),
    unknownApi,
  ]) {
    koa.use(router.routes()).use(router.allowedMethods());
  }

  const handler = koa.callback();
  // socket.io answers long-polling requests itself, outside Koa.
  io.engine.on('headers', (headers: Record<string, string>) => Object.assign(headers, SECURITY_HEADERS));
  // Expired sessions are deleted when presented; the ones never presented again, by this sweep.
  const sweep = () => {
    sessions.sweep().catch((err) => log.error('session sweep failed', { error: String(err) }));
  };
  const sweeper = setInterval(sweep, SESSION_SWEEP_MS);
  sweeper.unref();

  io.use(handshake(sessions, allowedOrigins, trustProxy));
  const cap = connectionCap(presence, options.maxSocketsPerPerson ?? 10, log);
  io.use(cap.middleware);
  const tabs = new PeerTabs(options.presenceGraceMs ?? 10_000, log);
  const attach = signaling(
    { io, presence, rooms, blocks, pending, tabs, rateLimiter: deps.rateLimiter, counters, log },
    {
      ice: { static: options.iceServers ?? [], stunUrls: options.stunUrls, turn: options.turn },
      ...options.socketLimits,
    },
  );
  // Presence and grace marks this process holds are written back whenever Redis comes back (perhaps empty). The
  // grace timers and lost peers' leaves start over at once: a retried one must not act before the write-back.
  deps.cluster?.reconnected(() => {
    tabs.restart();
    Promise.all([presence.restore(holdings(io, tabs)), rooms.restoreMarks()]).catch(
      (err) => log.warn('restoring presence failed', { error: String(err) }), // Redis away again: next time
    );
  });
  const expiry = new SessionExpiry(sessions, log);
  const releaseRequest = handshakeRequestRelease(io);
  io.on('connection', (socket) => {
    releaseRequest(socket);
    cap.attach(socket);
    attach(socket);
    expiry.watch(socket);
  });

  let closing: Promise<void> | undefined;
  let adminSocket: NetServer | undefined;
  return {
    http,
    io,
    async listen(port, host) {
      await rooms.start(); // rooms stored before a restart are empty now: each gets its grace period
      sweep();
      if (options.adminSocketPath)
        adminSocket = await listenAdminSocket(options.adminSocketPath, { users, hasher, db, log });
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve(http.address() as AddressInfo));
      });
    },
    close() {
      closing ??= (async () => {
        adminSocket?.close();
        tabs.close();
        expiry.close();
        const roomsClosed = rooms.close();
        clearInterval(sweeper);
        // No disconnect packets: a restart is not a logout. Browsers see the transport close and reconnect.
        await new Promise<void>((resolve) => io.close(() => resolve()));
        http.closeAllConnections();
        await hasher.close();
        await roomsClosed; // a lobby push still reading rooms
        await db.close();
        await deps.cluster?.close();
      })();
      return closing;
    },
  };
}
