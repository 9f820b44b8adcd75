import type { PatchRoomRequest, RoomId, RoomListing } from '../../shared/protocol.ts';
import type { ApiClient } from './api-client.ts';

/** Rooms as records on the server: creating, changing and deleting them, and opening private conversations. */
export class RoomsService {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  /** Creates a room owned by the logged-in person; throws ApiRequestError (INVALID with fields, RATE_LIMITED…). */
  async create(name: string, topic = ''): Promise<RoomListing> {
    const { room } = await this.#api.call('rooms:create', { json: { name, topic } });
    return room;
  }

  /** Changes a room's name, topic or sharing (owner or administrator); throws ApiRequestError (FORBIDDEN, INVALID…). */
  async update(roomId: RoomId, changes: PatchRoomRequest): Promise<RoomListing> {
    const { room } = await this.#api.call('rooms:update', { params: { id: roomId }, json: changes });
    return room;
  }

  /** Deletes a room for everyone in it (owner or administrator). */
  async remove(roomId: RoomId): Promise<void> {
    await this.#api.call('rooms:delete', { params: { id: roomId } });
  }

  /**
   * Opens the private conversation with someone (the one the two of you already have, else a new one) and answers
   * its id; the caller shows it, and once this tab is inside, the other person is told (see CurrentRoom). Throws
   * ApiRequestError if it could not be opened.
   */
  async startConversation(other: { username: string }): Promise<RoomId> {
    const json = { username: other.username };
    const { room } = await this.#api.call('conversations:open', { json });
    return room.id;
  }
}
