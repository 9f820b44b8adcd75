import type { PublicUser } from '../../shared/protocol.ts';
import type { ApiClient } from './api-client.ts';

/** The people directory and other people's profiles. */
export class PeopleService {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  /** Registered people whose username or display name contains `query` (everyone for ''). */
  async search(query: string, signal?: AbortSignal): Promise<PublicUser[]> {
    const q = query.trim();
    const { users } = await this.#api.call('users:search', { query: q ? { q } : {}, signal });
    return users;
  }

  /** One person's profile; throws ApiRequestError NOT_FOUND if nobody has that username. */
  async get(username: string, signal?: AbortSignal): Promise<PublicUser> {
    const { user } = await this.#api.call('users:get', { params: { username }, signal });
    return user;
  }
}
