import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { describeIssues, iceServerSchema } from '../shared/protocol.ts';
import { LOG_LEVELS, type LogLevel } from './log.ts';
import type { TurnOptions } from './signaling/ice-servers.ts';

const int = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);
const text = (fallback: string) => z._default(z.string().check(z.minLength(1)), fallback);
const iceServersJson = z.pipe(
  text('[]'),
  z.transform((value, ctx) => {
    try {
      return z.array(iceServerSchema).parse(JSON.parse(value));
    } catch {
      ctx.issues.push({ code: 'custom', input: value, message: 'must be a JSON array of RTCIceServer objects' });
      return z.NEVER;
    }
  }),
);

const HOST_PORT = String.raw`(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?`;
const TURN_URL = new RegExp(`^turns?:${HOST_PORT}(\\?transport=(udp|tcp))?$`, 'i');
const STUN_URL = new RegExp(`^stuns?:${HOST_PORT}$`, 'i');
/** A comma-separated list of URLs each matching `pattern`, or one sentence naming the first that does not. */
const urlList = (pattern: RegExp, example: string) =>
  z.pipe(
    z._default(z.string(), ''),
    z.transform((value, ctx) => {
      const urls = value
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
      const bad = urls.find((url) => !pattern.test(url));
      if (bad === undefined) return urls;
      ctx.issues.push({ code: 'custom', input: value, message: `"${bad}" is not a URL like ${example}` });
      return z.NEVER;
    }),
  );

/** An optional URL whose scheme is one of `schemes` (e.g. `redis:`). */
const serviceUrl = (schemes: string[], example: string) =>
  z.optional(
    z
      .string()
      .check(
        z.refine(
          (value) => URL.canParse(value) && schemes.includes(new URL(value).protocol),
          `must be a URL like ${example}`,
        ),
      ),
  );

const envSchema = z.object({
  PORT: int(0, 65535, 3000),
  HOST: text('127.0.0.1'),
  DATA_DIR: text('./data'),
  ICE_SERVERS: iceServersJson,
  TURN_URLS: urlList(TURN_URL, 'turn:turn.example.org:3478 or turns:turn.example.org:5349'),
  TURN_SECRET: z.optional(z.string().check(z.minLength(16, 'must be at least 16 characters'))),
  TURN_TTL_S: int(60, 7 * 24 * 3600, 3600),
  STUN_URLS: urlList(STUN_URL, 'stun:stun.example.org:3478'),
  ROOM_MAX_MEMBERS: int(2, 64, 16),
  ROOM_TABS_PER_PERSON: int(1, 16, 3),
  ROOMS_PER_PERSON: int(1, 1000, 5),
  ROOM_CREATES_PER_MINUTE: int(1, 10_000, 5),
  SOCKETS_PER_PERSON: int(1, 100_000, 10),
  ROOM_GRACE_MS: int(0, 24 * 3600_000, 30_000),
  PRESENCE_GRACE_MS: int(0, 600_000, 10_000),
  ALLOWED_ORIGINS: z._default(z.string(), ''),
  COOKIE_SECURE: z._default(z.enum(['true', 'false', '1', '0']), 'false'),
  TRUST_PROXY: z._default(z.enum(['true', 'false', '1', '0']), 'false'),
  TRUST_PROXY_HOPS: int(1, 10, 1),
  SOURCE_MAPS: z._default(z.enum(['true', 'false', '1', '0']), 'false'),
  BCRYPT_COST: int(12, 15, 12),
  REDIS_URL: serviceUrl(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  COUCHDB_URL: serviceUrl(['http:', 'https:'], 'http://user:password@127.0.0.1:5984'),
  LOG_LEVEL: z._default(z.enum(LOG_LEVELS), 'info'),
  METRICS_TOKEN: z.optional(z.string().check(z.minLength(16, 'must be at least 16 characters'))),
});
const flag = (value: string) => value === 'true' || value === '1';

/** Typed server configuration; only main.ts builds it from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Static ICE servers (ICE_SERVERS), handed out as they are. */
  iceServers: z.infer<typeof iceServerSchema>[];
  /** STUN_URLS. */
  stunUrls: string[];
  /** A TURN relay with short-lived credentials (TURN_URLS + TURN_SECRET), or none. */
  turn?: TurnOptions;
  /** People per room (a person's extra tabs take nobody's place). */
  roomMaxMembers: number;
  /** Tabs one person may have in one room. */
  roomMaxTabsPerPerson: number;
  /** Open rooms one person may own (administrators exempt), and rooms one person may create per minute. */
  roomQuota: { openRoomsPerPerson: number; roomCreatesPerMinute: number };
  /** Sockets one person may hold at once. */
  maxSocketsPerPerson: number;
  roomGraceMs: number;
  presenceGraceMs: number;
  allowedOrigins: string[];
  secureCookies: boolean;
  trustProxy: boolean;
  /** Proxies that append to X-Forwarded-For; the client address is this many entries from the right. */
  trustProxyHops: number;
  /** Serve the web app's source maps (they hand out its unminified source). */
  sourceMaps: boolean;
  bcryptCost: number;
  /** Redis shared by several processes (socket.io rooms, presence, grace periods, rate limits), or none. */
  redisUrl?: string;
  /** CouchDB holding the stores instead of the embedded database, or none. */
  couchUrl?: string;
  /** The lowest level logged. */
  logLevel: LogLevel;
  /** The bearer token /metrics asks for; without one, /metrics is not served. */
  metricsToken?: string;
}

/** Reads `env` into a Config, or throws one readable error naming every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Bad configuration: ${describeIssues(parsed.error)}`);
  const e = parsed.data;
  if (e.TURN_URLS.length > 0 && !e.TURN_SECRET)
    throw new Error(
      'Bad configuration: TURN_URLS is set but TURN_SECRET is not (the static-auth-secret of the relay).',
    );
  if (e.TURN_URLS.length === 0 && e.TURN_SECRET)
    throw new Error('Bad configuration: TURN_SECRET is set but TURN_URLS is not (the relay to hand out).');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    iceServers: e.ICE_SERVERS,
    stunUrls: e.STUN_URLS,
    ...(e.TURN_SECRET && { turn: { urls: e.TURN_URLS, secret: e.TURN_SECRET, ttlS: e.TURN_TTL_S } }),
    roomMaxMembers: e.ROOM_MAX_MEMBERS,
    roomMaxTabsPerPerson: e.ROOM_TABS_PER_PERSON,
    roomQuota: { openRoomsPerPerson: e.ROOMS_PER_PERSON, roomCreatesPerMinute: e.ROOM_CREATES_PER_MINUTE },
    maxSocketsPerPerson: e.SOCKETS_PER_PERSON,
    roomGraceMs: e.ROOM_GRACE_MS,
    presenceGraceMs: e.PRESENCE_GRACE_MS,
    allowedOrigins: e.ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    secureCookies: flag(e.COOKIE_SECURE),
    trustProxy: flag(e.TRUST_PROXY),
    trustProxyHops: e.TRUST_PROXY_HOPS,
    sourceMaps: flag(e.SOURCE_MAPS),
    bcryptCost: e.BCRYPT_COST,
    ...(e.REDIS_URL && { redisUrl: e.REDIS_URL }),
    ...(e.COUCHDB_URL && { couchUrl: e.COUCHDB_URL }),
    logLevel: e.LOG_LEVEL,
    ...(e.METRICS_TOKEN && { metricsToken: e.METRICS_TOKEN }),
  };
}
