import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { memoryRateLimiters, type RateLimiterFactory } from '../rate-limiters.ts';

export interface AuthRateLimitOptions {
  /** Failed logins per IP per hour, any usernames. Default 50. */
  failuresPerIp: number;
  /** Consecutive failed logins for one username from one IP before a 15-minute pause. Default 10. */
  failuresPerUserAndIp: number;
  /** Registrations per IP per hour. Default 10. */
  registrationsPerIp: number;
  /** Wrong current passwords when changing one, per account, before a 15-minute pause. Default 10. */
  passwordFailuresPerUser: number;
}

export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimitOptions = {
  failuresPerIp: 50,
  failuresPerUserAndIp: 10,
  registrationsPerIp: 10,
  passwordFailuresPerUser: 10,
};

/**
 * Brute-force limits for login and registration. Failures are counted per IP and per username+IP, never per
 * username alone, so a stranger's failed attempts cannot lock the real owner out from their own address.
 */
export class AuthRateLimits {
  readonly #perIp: RateLimiterAbstract;
  readonly #perUserIp: RateLimiterAbstract;
  readonly #registrations: RateLimiterAbstract;
  readonly #passwordChanges: RateLimiterAbstract;

  /** `limiter`: where counts are kept (in memory by default; Redis when several processes share them). */
  constructor(options: AuthRateLimitOptions, limiter: RateLimiterFactory = memoryRateLimiters) {
    this.#perIp = limiter({ keyPrefix: 'login_ip', points: options.failuresPerIp, duration: 3600 });
    this.#perUserIp = limiter({
      keyPrefix: 'login_user_ip',
      points: options.failuresPerUserAndIp,
      duration: 900,
      blockDuration: 900,
    });
    this.#registrations = limiter({
      keyPrefix: 'register_ip',
      points: options.registrationsPerIp,
      duration: 3600,
    });
    this.#passwordChanges = limiter({
      keyPrefix: 'password_user',
      points: options.passwordFailuresPerUser,
      duration: 900,
      blockDuration: 900,
    });
  }

  /** Seconds to wait before this login may be tried, or 0. */
  async loginBlockedFor(username: string, ip: string): Promise<number> {
    const [ipRes, userRes] = await Promise.all([this.#perIp.get(ip), this.#perUserIp.get(`${username}|${ip}`)]);
    const blocked = [ipRes, userRes].filter((r): r is RateLimiterRes => r !== null && r.remainingPoints <= 0);
    return blocked.length ? Math.max(1, ...blocked.map((r) => Math.ceil(r.msBeforeNext / 1000))) : 0;
  }

  async loginFailed(username: string, ip: string): Promise<void> {
    await Promise.all([
      this.#perIp.penalty(ip, 1),
      this.#perUserIp.consume(`${username}|${ip}`, 1).catch(() => undefined), // over the limit: it is now blocked
    ]);
  }

  async loginSucceeded(username: string, ip: string): Promise<void> {
    await this.#perUserIp.delete(`${username}|${ip}`);
  }

  /**
   * Seconds before `username` may try changing their password again, or 0. Keyed on the account: only someone
   * holding its session gets this far, so a stolen session cannot guess the password at bcrypt speed.
   */
  async passwordChangeBlockedFor(username: string): Promise<number> {
    const res = await this.#passwordChanges.get(username);
    return res !== null && res.remainingPoints <= 0 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
  }

  async passwordChangeFailed(username: string): Promise<void> {
    await this.#passwordChanges.consume(username, 1).catch(() => undefined); // over the limit: it is now blocked
  }

  /** Counts a registration attempt; seconds to wait if over the limit, else 0. */
  async registration(ip: string): Promise<number> {
    try {
      await this.#registrations.consume(ip, 1);
      return 0;
    } catch (res) {
      return Math.max(1, Math.ceil((res as RateLimiterRes).msBeforeNext / 1000));
    }
  }
}
