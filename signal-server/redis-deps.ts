import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { AppDeps } from './app.ts';
import type { Logger } from './log.ts';
import { RedisPresenceStore } from './presence/redis-presence-store.ts';
import { redisRateLimiters } from './rate-limiters.ts';
import { RedisGraceMarks } from './rooms/grace-marks.ts';

/**
 * Several signal-server processes behind one load balancer: on top of `base` (whose stores must be shared too —
 * CouchDB), socket.io rooms, presence, grace periods and the per-person and per-IP rate limits move to the Redis at
 * `redisUrl`. While Redis is away each process keeps serving what it can and reconnects by itself.
 */
export function withRedis(base: AppDeps, redisUrl: string, log: Logger): AppDeps {
  // While Redis is away a command waits for one reconnection attempt, then fails: that request fails, not the process.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let down = false;
  redis.on('error', (err) => {
    if (!down) log.error('redis unreachable', { error: String(err) });
    down = true;
  });
  const reconnected: (() => void)[] = [];
  let connectedBefore = false;
  redis.on('ready', () => {
    if (down) log.info('redis reachable again');
    down = false;
    // Redis may have restarted empty (it needs no persistence): each process writes back what it holds.
    if (connectedBefore) for (const listener of reconnected) listener();
    connectedBefore = true;
  });
  const presence = new RedisPresenceStore(redis);
  return {
    ...base,
    presence,
    marks: new RedisGraceMarks(redis),
    rateLimiter: redisRateLimiters(redis),
    cluster: {
      adapter: createAdapter(redis),
      ping: () => redis.ping(),
      reconnected: (listener) => reconnected.push(listener),
      async close() {
        await presence.close().catch(() => undefined); // Redis away: its heartbeat expires by itself
        redis.disconnect();
      },
    },
  };
}
