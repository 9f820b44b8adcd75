import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import { type ConversationEntry, HISTORY_LIMIT } from '../../shared/protocol.ts';
import { historyKey, IdbHistoryStore } from '../../web/services/history-store.ts';
import { randomId } from '../../web/services/random-id.ts';

const ann = { username: 'ann', displayName: 'Ann', avatarUrl: null };
const notice: ConversationEntry = { kind: 'notice', id: 'n1', text: 'Bob joined', at: 1 };
const chat = (id: string, deliveredTo: string[] = []): ConversationEntry => ({
  kind: 'chat',
  id,
  author: ann,
  authorPeerId: 'p1',
  own: true,
  text: `message ${id}`,
  sentAt: 2,
  sentTo: ['p2', 'p3'],
  deliveredTo,
});

describe('IdbHistoryStore', () => {
  const dbName = () => `dialog-test-${randomId()}`;

  it('keeps lines per person and room in the order written, and forgets them on request', async () => {
    const store = new IdbHistoryStore({ name: dbName() });
    await store.put(historyKey('ann', 'room1'), [notice]);
    await Promise.all([store.put(historyKey('ann', 'room1'), [chat('m1')]), store.put('ann/room1', [chat('m2')])]);
    expect(await store.load(historyKey('ann', 'room1'))).to.deep.equal([notice, chat('m1'), chat('m2')]);
    expect(await store.load(historyKey('bob', 'room1'))).to.deep.equal([]);
    await store.clear(historyKey('ann', 'room1'));
    expect(await store.load(historyKey('ann', 'room1'))).to.deep.equal([]);
  });

  it('replaces a line by id in its place (a receipt arrived)', async () => {
    const store = new IdbHistoryStore({ name: dbName() });
    await store.put('ann/r', [chat('m1'), chat('m2')]);
    await store.put('ann/r', [chat('m1', ['p2'])]);
    expect(await store.load('ann/r')).to.deep.equal([chat('m1', ['p2']), chat('m2')]);
  });

  it('survives a new store on the same database (a reload), later lines still after earlier ones', async () => {
    const name = dbName();
    await new IdbHistoryStore({ name, tabId: 't1', now: () => 5_000 }).put('ann/r', [chat('m1')]);
    const reloaded = new IdbHistoryStore({ name, tabId: 't1', now: () => 1_000 });
    expect(await reloaded.load('ann/r')).to.deep.equal([chat('m1')]);
    await reloaded.put('ann/r', [chat('m2')]);
    expect(await reloaded.load('ann/r')).to.deep.equal([chat('m1'), chat('m2')]);
  });

  it("keeps each tab apart: one tab forgetting a room leaves another tab's conversation", async () => {
    const name = dbName();
    const first = new IdbHistoryStore({ name, tabId: 't1' });
    const second = new IdbHistoryStore({ name, tabId: 't2' });
    await first.put('ann/r', [chat('m1')]);
    await second.put('ann/r', [chat('m1')]);
    await first.clear('ann/r');
    expect(await first.load('ann/r')).to.deep.equal([]);
    expect(await second.load('ann/r')).to.deep.equal([chat('m1')]);
  });

  it('keeps only the newest lines beyond the limit', async () => {
    const store = new IdbHistoryStore({ name: dbName() });
    const many = Array.from({ length: HISTORY_LIMIT + 5 }, (_, i) => chat(`m${i}`));
    await store.put('ann/r', many);
    const kept = await store.load('ann/r');
    expect(kept.length).to.equal(HISTORY_LIMIT);
    expect(kept[0]).to.deep.equal(many[5]);
  });

  it('sweeps the conversations of tabs not seen for a week', async () => {
    const name = dbName();
    await new IdbHistoryStore({ name, tabId: 'old', now: () => 0 }).put('ann/r', [chat('m1')]);
    const later = new IdbHistoryStore({ name, tabId: 'old', now: () => 8 * 24 * 3600_000 });
    expect(await later.load('ann/r')).to.deep.equal([]);
  });

  it('drops a damaged or foreign record instead of showing it', async () => {
    const name = dbName();
    const store = new IdbHistoryStore({ name, tabId: 't1' });
    await store.put('ann/r', [chat('m1'), chat('m2')]);
    const db = await openDB(name);
    await db.put('entries', { key: 't1/ann/r', id: 'm1', order: 1, entry: { kind: 'chat', text: '<script>' } });
    db.close();
    expect(await store.load('ann/r')).to.deep.equal([chat('m2')]);
  });

  it('takes over what the first version kept (one record per room) when upgrading', async () => {
    const name = dbName();
    const v1 = await openDB(name, 1, { upgrade: (db) => void db.createObjectStore('conversations') });
    await v1.put(
      'conversations',
      { version: 1, roomId: 'r', savedAt: Date.now(), entries: [notice, chat('m1')] },
      'ann/r',
    );
    await v1.put('conversations', { version: 1, roomId: 'q', savedAt: 1, entries: [{ kind: 'bogus' }] }, 'ann/q');
    v1.close();
    const store = new IdbHistoryStore({ name, tabId: 't1' });
    expect(await store.load('ann/r')).to.deep.equal([notice, chat('m1')]);
    expect(await store.load('ann/q')).to.deep.equal([]);
  });
});
