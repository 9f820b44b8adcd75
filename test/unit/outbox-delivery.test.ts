import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutboxEntry, RoomId } from '../../shared/protocol.ts';
import { OutboxDelivery } from '../../web/services/outbox-delivery.ts';
import type { OutboxStore } from '../../web/services/outbox-store.ts';

const ROOM = 'dm-ann-bob' as RoomId;

/** OutboxStore in memory: what a browser would keep on disk, in the order written. */
class MemoryOutbox implements OutboxStore {
  entries: OutboxEntry[] = [];
  async add(entry: OutboxEntry) {
    this.entries.push(entry);
  }
  async list(owner: string, roomId: RoomId) {
    return this.entries.filter((e) => e.owner === owner && e.roomId === roomId).sort((a, b) => a.order - b.order);
  }
  async rooms(owner: string) {
    return [...new Set(this.entries.filter((e) => e.owner === owner).map((e) => e.roomId))];
  }
  async remove(owner: string, roomId: RoomId, id: string) {
    this.entries = this.entries.filter((e) => !(e.owner === owner && e.roomId === roomId && e.id === id));
  }
  async clear(owner: string, roomId: RoomId) {
    this.entries = this.entries.filter((e) => !(e.owner === owner && e.roomId === roomId));
  }
  async forget(owner: string) {
    this.entries = this.entries.filter((e) => e.owner !== owner);
  }
}

/** Ann's outbox towards Bob: what went over which connection, what the server was told, what the page noted. */
function annToBob(
  options: {
    closed?: string[];
    flagAnswer?: { ok: false; code: 'FORBIDDEN'; message: string };
    pace?: { burst: number; perSecond: number };
  } = {},
) {
  const store = new MemoryOutbox();
  const frames: string[] = [];
  const flags: boolean[] = [];
  const sent: string[] = [];
  const notices: string[] = [];
  const outbox = new OutboxDelivery({
    store,
    roomId: ROOM,
    send: (peerId, frame) => {
      if (options.closed?.includes(peerId)) return false;
      frames.push(`${peerId}:${frame.text}`);
      return true;
    },
    flag: async (pending) => {
      flags.push(pending);
      return options.flagAnswer ?? { ok: true };
    },
    sent: (id, peerId) => sent.push(`${id}>${peerId}`),
    refused: (message) => notices.push(message),
    pace: options.pace,
  });
  const write = async (id: string, text: string, sentAt = 1000) => {
    const item = outbox.entry('ann', id, sentAt, text);
    await outbox.keep(item);
    outbox.wait([item]);
    return item;
  };
  return { store, outbox, frames, flags, sent, notices, write };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('OutboxDelivery', () => {
  it('keeps messages while Bob is away, asks the server once to prompt him, and sends them in order when he connects', async () => {
    const { store, outbox, frames, flags, sent, write } = annToBob();
    await write('m1', 'first');
    outbox.deliver([]);
    await write('m2', 'second');
    outbox.deliver([]);
    assert.deepEqual(flags, [true], 'the server is told only when that changes');
    assert.deepEqual(frames, []);
    assert.deepEqual(
      store.entries.map((e) => e.text),
      ['first', 'second'],
    );
    assert.equal(outbox.count, 2);

    outbox.deliver(['b1', 'b2']);
    assert.deepEqual(frames, ['b1:first', 'b1:second', 'b2:first', 'b2:second']);
    assert.deepEqual(sent, ['m1>b1', 'm2>b1', 'm1>b2', 'm2>b2']);
    assert.deepEqual(flags, [true, false]);
  });

  it('sends each message once per connection, and again over a new one after the old one closed', async () => {
    const { outbox, frames, write } = annToBob();
    await write('m1', 'hello');
    outbox.deliver(['b1']);
    outbox.deliver(['b1']);
    assert.deepEqual(frames, ['b1:hello']);
    outbox.lost('b1');
    outbox.deliver(['b1']);
    assert.deepEqual(frames, ['b1:hello', 'b1:hello']);
  });

  it('stops at a connection that cannot take a frame, so nothing arrives out of order', async () => {
    const { outbox, frames, write } = annToBob({ closed: ['b1'] });
    await write('m1', 'one');
    await write('m2', 'two');
    outbox.deliver(['b1', 'b2']);
    assert.deepEqual(frames, ['b2:one', 'b2:two']);
  });

  it('forgets a message once Bob confirms it, on disk too, and clears the flag when none is left', async () => {
    const { store, outbox, flags, write } = annToBob();
    await write('m1', 'one');
    await write('m2', 'two');
    outbox.deliver([]);
    outbox.delivered('ann', 'm1');
    await settle();
    assert.deepEqual(
      store.entries.map((e) => e.id),
      ['m2'],
    );
    assert.deepEqual(flags, [true]);
    outbox.delivered('ann', 'm2');
    outbox.delivered('ann', 'unknown');
    await settle();
    assert.equal(outbox.count, 0);
    assert.deepEqual(store.entries, []);
    assert.deepEqual(flags, [true, false]);
  });

  it('sends a backlog no faster than the other browser takes it: a burst at once, the rest by itself, in order', async () => {
    const { outbox, frames, write } = annToBob({ pace: { burst: 3, perSecond: 20 } });
    for (let i = 0; i < 10; i++) await write(`m${i}`, `message ${i}`);
    outbox.deliver(['bob-tab']);
    const all = Array.from({ length: 10 }, (_, i) => `bob-tab:message ${i}`);
    assert.deepEqual(frames, all.slice(0, 3));
    for (let tries = 0; tries < 50 && frames.length < 10; tries++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(frames, all);
  });

  it('reads back what a reload left on disk before the newer messages, and orders new ones after it', async () => {
    const { store, outbox, frames, write } = annToBob();
    store.entries.push({ owner: 'ann', roomId: ROOM, id: 'old', sentAt: 50, text: 'from before', order: 5000 });
    await write('new', 'just now', 1000);
    const unread = await outbox.unread('ann');
    assert.deepEqual(
      unread.map((e) => e.id),
      ['old'],
      'what already waits here is not read twice',
    );
    outbox.wait(unread, true);
    const later = outbox.entry('ann', 'later', 1000, 'later');
    assert.equal(later.order, 5001);
    outbox.deliver(['b1']);
    assert.deepEqual(frames, ['b1:from before', 'b1:just now']);
  });

  it('discards everything on leaving and tells the server for certain, even if it was told before', async () => {
    const { store, outbox, flags, write } = annToBob();
    await write('m1', 'one');
    outbox.deliver(['b1']);
    await outbox.discard('ann');
    assert.equal(outbox.count, 0);
    assert.deepEqual(store.entries, []);
    assert.deepEqual(flags, [false], 'another tab may have flagged the conversation');
  });

  it('shows why the server refused the flag, and asks again next time', async () => {
    const message = 'Bob does not take messages from you.';
    const { outbox, flags, notices, write } = annToBob({ flagAnswer: { ok: false, code: 'FORBIDDEN', message } });
    await write('m1', 'one');
    outbox.deliver([]);
    await settle();
    assert.deepEqual(notices, [message]);
    outbox.deliver([]);
    assert.deepEqual(flags, [true, true]);
  });
});
