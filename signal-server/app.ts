import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { Server as SocketServer } from 'socket.io';
import { type IceServer, LIMITS } from '../shared/protocol.ts';
import type { Database } from './db/open-db.ts';
import { errorMiddleware, HttpError } from './http/errors.ts';
import { securityHeaders } from './http/security-headers.ts';
import { staticFiles } from './http/static-files.ts';
import type { Logger } from './log.ts';
import type { PresenceStore } from './presence/presence-store.ts';
import { registerSignaling } from './signaling/handlers.ts';
import { handshake } from './signaling/handshake.ts';
import type { DialogServer } from './signaling/types.ts';

/** The concrete stores and services, chosen by main.ts (or a test). */
export interface AppDeps {
  db: Database;
  presence: PresenceStore;
  log: Logger;
}

export interface AppOptions {
  /** Folder of the built web app (index.html + assets). */
  webRoot: string;
  /** ICE servers handed to browsers. Default: none (host candidates only). */
  iceServers?: IceServer[];
  /** Peers per room. Default 16. */
  roomMaxMembers?: number;
}

/** A running-or-ready Dialog server. */
export interface DialogApp {
  http: HttpServer;
  io: DialogServer;
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Ends every socket, stops HTTP and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

/** Composition root: Koa + router + socket.io on one HTTP server. */
export function createApp(deps: AppDeps, options: AppOptions): DialogApp {
  const { db, presence, log } = deps;
  const koa = new Koa();
  koa.on('error', (err) => log.error('koa error', { error: String(err) }));

  const api = new Router({ prefix: '/api' });
  api.all('/{*rest}', () => {
    throw new HttpError(404, 'NOT_FOUND', 'No such API route.');
  });

  const root = new Router();
  root.get('/healthz', async (ctx) => {
    await db.info();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ok: true };
  });

  koa.use(errorMiddleware(log));
  koa.use(securityHeaders);
  koa.use(staticFiles(options.webRoot));
  koa.use(root.routes()).use(root.allowedMethods());
  koa.use(api.routes());

  const http = createServer(koa.callback());
  const io: DialogServer = new SocketServer(http, {
    maxHttpBufferSize: LIMITS.socketFrameBytes,
    serveClient: false,
  });
  io.use(handshake);
  const signaling = { iceServers: options.iceServers ?? [], maxMembers: options.roomMaxMembers ?? 16 };
  io.on('connection', (socket) => registerSignaling(socket, { io, presence, log }, signaling));

  let closing: Promise<void> | undefined;
  return {
    http,
    io,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve(http.address() as AddressInfo));
      }),
    close() {
      closing ??= (async () => {
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        http.closeAllConnections();
        await db.close();
      })();
      return closing;
    },
  };
}
