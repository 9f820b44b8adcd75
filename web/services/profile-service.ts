import type { ProfilePatch, SelfUser } from '../../shared/protocol.ts';
import type { ApiClient } from './api-client.ts';
import type { SessionService } from './session-service.ts';

/** Edits to the logged-in person's own profile; each success updates the session's copy of them. */
export class ProfileService {
  readonly #api: ApiClient;
  readonly #session: SessionService;

  constructor(api: ApiClient, session: SessionService) {
    this.#api = api;
    this.#session = session;
  }

  /** Saves display name, email and about; throws ApiRequestError INVALID with `fields`. */
  async update(patch: ProfilePatch): Promise<SelfUser> {
    const { user } = await this.#api.call('profile:update', { json: patch });
    this.#session.replaceUser(user);
    return user;
  }

  /** Uploads a new avatar picture (the server re-encodes it); throws ApiRequestError INVALID or TOO_LARGE. */
  async uploadAvatar(file: File): Promise<SelfUser> {
    const form = new FormData();
    form.append('avatar', file, file.name);
    const { user } = await this.#api.call('profile:avatar', { form });
    this.#session.replaceUser(user);
    return user;
  }

  /** Removes the avatar; people see initials again. */
  async removeAvatar(): Promise<void> {
    await this.#api.call('profile:avatar-delete', {});
    const user = this.#session.user;
    if (user) this.#session.replaceUser({ ...user, avatarUrl: null });
  }
}
