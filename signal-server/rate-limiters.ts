import type { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
} from 'rate-limiter-flexible';

/**
 * Makes the rate limiters whose counts must hold for a whole deployment (per person, per IP): in memory for one
 * process, in Redis for several. Per-socket limits stay in memory either way: a socket lives in one process.
 */
export type RateLimiterFactory = (options: IRateLimiterOptions) => RateLimiterAbstract;

/** Counts in this process. */
export const memoryRateLimiters: RateLimiterFactory = (options) => new RateLimiterMemory(options);

/**
 * Counts in Redis, shared by every process. While Redis is unreachable each process counts on its own (the
 * insurance limiter) rather than failing the request or letting everything through.
 */
export function redisRateLimiters(redis: Redis): RateLimiterFactory {
  return (options) =>
    new RateLimiterRedis({
      ...options,
      storeClient: redis,
      keyPrefix: `dialog:rl:${options.keyPrefix ?? ''}`,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
}
