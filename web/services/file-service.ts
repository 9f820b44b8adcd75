import * as z from 'zod/mini';
import type { BlockService } from './block-service.ts';
import type { CurrentRoom } from './current-room.ts';
import { Emitter } from './emitter.ts';
import type { FileTransferOptions, FileTransfers } from './file-transfer.ts';

export interface FileServiceEvents extends Record<string, unknown> {
  change: undefined;
}

/** Where the list of people whose files are refused is kept in this browser. */
const REFUSED_KEY = 'dialog.refuse-files';
const refusedSchema = z.array(z.string().check(z.maxLength(64))).check(z.maxLength(1000));

/**
 * Files in the open room (a `FileTransfers` per room session, made as the session opens, so a file offered at
 * once is not missed) and whose files this person refuses: those they chose, and anyone they blocked.
 */
export class FileService extends Emitter<FileServiceEvents> {
  /** The open room's transfers. */
  current: FileTransfers | undefined;
  readonly #rooms: CurrentRoom;
  readonly #blocks: BlockService;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  readonly #options: FileTransferOptions;
  #refused: Set<string>;

  constructor(
    rooms: CurrentRoom,
    blocks: BlockService,
    options: FileTransferOptions & { storage?: Pick<Storage, 'getItem' | 'setItem'> } = {},
  ) {
    super();
    this.#rooms = rooms;
    this.#blocks = blocks;
    this.#storage = options.storage ?? globalThis.localStorage;
    this.#options = { ...options, refuses: (username) => this.refuses(username) };
    this.#refused = this.#read();
    rooms.on('change', () => this.#follow());
    this.#follow();
  }

  /** Whether files from `username` are refused: the person said so, or blocked them. */
  refuses(username: string): boolean {
    return this.#refused.has(username) || this.#blocks.has(username);
  }

  /** Whether the person chose to refuse files from `username` (blocking aside). */
  refusing(username: string): boolean {
    return this.#refused.has(username);
  }

  /** Refuses (or takes again) files from `username`, in this browser. */
  setRefusing(username: string, refuse: boolean): void {
    if (refuse) this.#refused.add(username);
    else this.#refused.delete(username);
    try {
      this.#storage?.setItem(REFUSED_KEY, JSON.stringify([...this.#refused]));
    } catch (err) {
      console.warn('dialog: could not keep whose files you refuse; it lasts until this page closes', err);
    }
    this.emit('change', undefined);
  }

  /**
   * Lets go of the bytes of every file `username` received in this browser (any room); each card then says the
   * file is no longer kept here.
   */
  async forgetBytes(username: string): Promise<void> {
    await this.#options.store?.forgetBytes(username);
    this.current?.bytesForgotten();
  }

  #follow(): void {
    const session = this.#rooms.current;
    if (this.current?.session === session) return;
    this.current?.dispose();
    // A session is made by the room's code, so that code (which holds file transfer) is there.
    const code = this.#rooms.code.module;
    this.current = session && code && new code.FileTransfers(session, this.#options);
    this.emit('change', undefined);
  }

  #read(): Set<string> {
    try {
      const parsed = refusedSchema.safeParse(JSON.parse(this.#storage?.getItem(REFUSED_KEY) ?? '[]'));
      return new Set(parsed.success ? parsed.data : []);
    } catch {
      return new Set();
    }
  }
}
