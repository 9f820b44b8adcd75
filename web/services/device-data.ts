import type { ConversationNotes } from './conversation-notes.ts';
import type { FileStore } from './file-store.ts';
import type { HistoryStore } from './history-store.ts';
import type { OutboxStore } from './outbox-store.ts';

/**
 * What this browser keeps of a person's conversations: the lines of every room and private conversation (all
 * tabs), messages still waiting to be delivered, the Conversations list's notes and the files of their rooms. The
 * server has none of it.
 */
export class DeviceData {
  constructor(
    private readonly stores: { history: HistoryStore; outbox: OutboxStore; notes: ConversationNotes; files: FileStore },
  ) {}

  /** Forgets all of it for `username` (logging out with "forget on this device"); other people's stays. */
  async forget(username: string): Promise<void> {
    const { history, outbox, notes, files } = this.stores;
    await Promise.all([
      history.forgetPerson(username),
      outbox.forget(username),
      notes.forget(username),
      files.forgetPerson(username),
    ]);
  }
}
