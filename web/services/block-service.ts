import type { BlockList } from '../../shared/protocol.ts';
import type { ApiClient } from './api-client.ts';
import { Emitter } from './emitter.ts';
import type { SessionService } from './session-service.ts';

export interface BlockEvents extends Record<string, unknown> {
  change: undefined;
}

/**
 * Whom the logged-in person has blocked. The server refuses invitations, conversations and their signals between a
 * blocked pair; this list lets the page itself drop a blocked person's personal messages in a shared room.
 */
export class BlockService extends Emitter<BlockEvents> {
  #blocked = new Set<string>();
  readonly #api: ApiClient;
  #username: string | undefined;

  /** `loadOnLogin`: read the list as soon as someone logs in (default true; component tests turn it off). */
  constructor(api: ApiClient, session: SessionService, { loadOnLogin = true } = {}) {
    super();
    this.#api = api;
    session.on('change', () => {
      const username = session.user?.username;
      if (username === this.#username) return;
      this.#username = username;
      this.#use({ blocked: [] });
      if (username && loadOnLogin)
        this.load().catch((err: unknown) => console.warn('dialog: could not read your block list', err));
    });
  }

  /** Whether the logged-in person has blocked `username`. */
  has(username: string): boolean {
    return this.#blocked.has(username);
  }

  /** Reads the list from the server. */
  async load(): Promise<void> {
    this.#use(await this.#api.call('blocks:list', {}));
  }

  /** Blocks `username`; throws ApiRequestError (NOT_FOUND, INVALID…). */
  async block(username: string): Promise<void> {
    this.#use(await this.#api.call('blocks:block', { params: { username } }));
  }

  /** Lifts the block on `username`. */
  async unblock(username: string): Promise<void> {
    this.#use(await this.#api.call('blocks:unblock', { params: { username } }));
  }

  #use(list: BlockList): void {
    this.#blocked = new Set(list.blocked);
    this.emit('change', undefined);
  }
}
