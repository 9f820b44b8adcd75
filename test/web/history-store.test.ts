import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import type { ConversationEntry } from '../../shared/protocol.ts';
import { historyKey, IdbHistoryStore } from '../../web/services/history-store.ts';

const ann = { username: 'ann', displayName: 'Ann', avatarUrl: null };
const entries: ConversationEntry[] = [
  { kind: 'notice', id: 'n1', text: 'Bob joined', at: 1 },
  {
    kind: 'chat',
    id: 'm1',
    author: ann,
    authorPeerId: 'p1',
    own: true,
    text: 'hi',
    sentAt: 2,
    sentTo: ['p2'],
    deliveredTo: ['p2'],
  },
];

describe('IdbHistoryStore', () => {
  const dbName = () => `dialog-test-${crypto.randomUUID()}`;

  it('keeps a conversation per person and room, and forgets it on request', async () => {
    const store = new IdbHistoryStore(dbName());
    await store.save(historyKey('ann', 'room1'), 'room1', entries);
    expect(await store.load(historyKey('ann', 'room1'))).to.deep.equal(entries);
    expect(await store.load(historyKey('bob', 'room1'))).to.deep.equal([]);
    await store.clear(historyKey('ann', 'room1'));
    expect(await store.load(historyKey('ann', 'room1'))).to.deep.equal([]);
  });

  it('survives a new store on the same database (a reload)', async () => {
    const name = dbName();
    await new IdbHistoryStore(name).save('ann/r', 'r', entries);
    expect(await new IdbHistoryStore(name).load('ann/r')).to.deep.equal(entries);
  });

  it('drops a damaged or foreign record instead of showing it', async () => {
    const name = dbName();
    const store = new IdbHistoryStore(name);
    await store.save('ann/r', 'r', entries);
    const db = await openDB(name, 1);
    await db.put(
      'conversations',
      { version: 1, roomId: 'r', savedAt: 1, entries: [{ kind: 'chat', text: '<script>' }] },
      'ann/r',
    );
    db.close();
    expect(await store.load('ann/r')).to.deep.equal([]);
  });
});
