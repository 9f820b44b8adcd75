import type { RegisterRequest, SelfUser } from '../../shared/protocol.ts';
import { type ApiClient, ApiRequestError } from './api-client.ts';
import { Emitter } from './emitter.ts';

export interface SessionEvents extends Record<string, unknown> {
  change: undefined;
}

/** `loading`: asking the server who we are; `ready`: `user` is known (null: logged out); `error`: could not ask. */
export type SessionStatus = 'loading' | 'ready' | 'error';

/**
 * Who is logged in. The session itself is an HttpOnly cookie the page cannot read, so the server is asked
 * (`GET /api/auth/me`) on boot and whenever a socket or request says the session is gone.
 */
export class SessionService extends Emitter<SessionEvents> {
  status: SessionStatus = 'loading';
  user: SelfUser | null = null;
  /** Why `status` is `error`. */
  error = '';
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    super();
    this.#api = api;
    api.on('unauthenticated', () => this.#set(null));
  }

  /** Asks the server who is logged in (on boot, and after a socket was cut). */
  async load(): Promise<void> {
    try {
      const { user } = await this.#api.call('auth:me', {});
      this.#set(user);
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 'UNAUTHENTICATED') return this.#set(null);
      this.status = 'error';
      this.error = (err as Error).message;
      this.emit('change', undefined);
    }
  }

  /** Logs in; throws ApiRequestError (BAD_CREDENTIALS, ACCOUNT_DISABLED, RATE_LIMITED, INVALID…). */
  async login(username: string, password: string): Promise<SelfUser> {
    const { user } = await this.#api.call('auth:login', { json: { username, password } });
    this.#set(user);
    return user;
  }

  /** Creates an account and logs in; throws ApiRequestError (INVALID with fields, USERNAME_TAKEN, RATE_LIMITED…). */
  async register(request: RegisterRequest): Promise<SelfUser> {
    const { user } = await this.#api.call('auth:register', { json: request });
    this.#set(user);
    return user;
  }

  /** Ends the session on the server (which also cuts its sockets). A session that was already over counts as done. */
  async logout(): Promise<void> {
    try {
      await this.#api.call('auth:logout', {});
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.code === 'UNAUTHENTICATED')) throw err;
    }
    this.#set(null);
  }

  /** Changes the password; the server ends every other session of this person. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await this.#api.call('auth:password', { json: { currentPassword, newPassword } });
  }

  /** Takes the server's newer copy of the logged-in person (after a profile edit). */
  replaceUser(user: SelfUser): void {
    this.#set(user);
  }

  #set(user: SelfUser | null): void {
    this.status = 'ready';
    this.error = '';
    this.user = user;
    this.emit('change', undefined);
  }
}
