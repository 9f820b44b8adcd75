import type { AdminUser } from '../../shared/protocol.ts';
import type { ApiClient } from './api-client.ts';

/** What administrators may do to accounts; the server answers 403 FORBIDDEN to anyone else. */
export class AdminService {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async list(signal?: AbortSignal): Promise<AdminUser[]> {
    const { users } = await this.#api.call('admin:users', { signal });
    return users;
  }

  /** Disables (which also ends their sessions and sockets) or re-enables an account. */
  async setDisabled(username: string, disabled: boolean): Promise<AdminUser> {
    const { user } = await this.#api.call(disabled ? 'admin:disable' : 'admin:enable', { params: { username } });
    return user;
  }
}
