/**
 * The browser's stores, fetched together with idb the first time one is used (`lazyStore`): nothing is read or kept
 * before someone logs in, so the Log in page carries none of them.
 */
export { IdbConversationNotes } from './conversation-notes.ts';
export { IdbFileStore } from './file-store.ts';
export { IdbHistoryStore } from './history-store.ts';
export { IdbOutboxStore } from './outbox-store.ts';
