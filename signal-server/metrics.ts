import { createHash } from 'node:crypto';
import type { Context, Next } from 'koa';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { HttpError } from './http/errors.ts';

/** What the features count for /metrics. */
export interface Counters {
  /** A signal went from one tab to another. */
  signalRelayed(): void;
  /** A request or a socket event was refused with RATE_LIMITED. */
  rateLimited(via: 'http' | 'socket'): void;
  /** A login named an unknown person or gave a wrong password. */
  loginFailed(): void;
}

/** What the gauges read at each scrape. */
export interface Census {
  /** Sockets this process holds. */
  sockets(): number;
  /** People with a socket on this process. */
  peopleOnline(): number;
  /** Rooms in the lobby's list, and people in rooms (conversations too), from the stores every process shares. */
  rooms(): Promise<{ open: number; members: number }>;
}

export interface Metrics {
  counters: Counters;
  /** Counts every HTTP answer 429 (RATE_LIMITED) as rate limited; goes outside the error middleware. */
  countHttp(ctx: Context, next: Next): Promise<void>;
  /**
   * GET /metrics: the Prometheus text format, only for `Authorization: Bearer <token>` (401 otherwise); without a
   * token configured, 404 as if there were no such route.
   */
  endpoint(token: string | undefined): (ctx: Context) => Promise<void>;
}

/** The counters, the gauges read from `census`, and Node's defaults (event-loop lag, heap, CPU, GC), in a registry of their own. */
export function createMetrics(census: Census): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const signals = new Counter({
    name: 'dialog_signals_relayed_total',
    help: 'Signals relayed between tabs',
    registers,
  });
  const limited = new Counter({
    name: 'dialog_rate_limited_total',
    help: 'Requests (via="http") and socket events (via="socket") refused as too many',
    labelNames: ['via'] as const,
    registers,
  });
  const logins = new Counter({
    name: 'dialog_login_failures_total',
    help: 'Logins with a wrong name or password',
    registers,
  });
  gauge(registry, 'dialog_sockets_connected', 'Sockets this process holds', census.sockets);
  gauge(registry, 'dialog_people_online', 'People with a socket on this process', census.peopleOnline);
  // Both room gauges come from one read of the stores per scrape (the registry collects every metric at once).
  let counting: Promise<{ open: number; members: number }> | undefined;
  const rooms = () => {
    counting ??= census.rooms().finally(() => {
      counting = undefined;
    });
    return counting;
  };
  gauge(registry, 'dialog_rooms_open', "Rooms in the lobby's list", async () => (await rooms()).open);
  gauge(
    registry,
    'dialog_room_members',
    'People in rooms, conversations included',
    async () => (await rooms()).members,
  );

  return {
    counters: {
      signalRelayed: () => signals.inc(),
      rateLimited: (via) => limited.inc({ via }),
      loginFailed: () => logins.inc(),
    },
    async countHttp(ctx, next) {
      await next();
      if (ctx.status === 429) limited.inc({ via: 'http' });
    },
    endpoint: (token) => async (ctx) => {
      if (token === undefined) throw new HttpError('NOT_FOUND', 'No such route.');
      if (!sameSecret(ctx.get('Authorization'), `Bearer ${token}`)) {
        ctx.set('WWW-Authenticate', 'Bearer');
        throw new HttpError('UNAUTHENTICATED', 'Send the metrics token as Authorization: Bearer <token>.');
      }
      ctx.set('Cache-Control', 'no-store');
      ctx.type = registry.contentType;
      ctx.body = await registry.metrics();
    },
  };
}

/** A gauge set from `read` at each scrape. */
function gauge(registry: Registry, name: string, help: string, read: () => number | Promise<number>): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.set(await read());
    },
  });
}

/** Compares digests: how long that takes says nothing about how much of the token a guess got right. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest('hex');
  return digest(given) === digest(expected);
}
