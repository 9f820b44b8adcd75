import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationEntry } from '../../shared/protocol.ts';
import { Conversation } from '../../web/services/conversation.ts';
import type { HistoryStore } from '../../web/services/history-store.ts';

type ChatEntry = Extract<ConversationEntry, { kind: 'chat' }>;
const ann = { username: 'ann', displayName: 'Ann', avatarUrl: null };
const bob = { username: 'bob', displayName: 'Bob', avatarUrl: null };

/** An in-memory history store whose writes finish only when the test says (`finish()`). */
class SlowHistory implements HistoryStore {
  readonly kept = new Map<string, ConversationEntry[]>();
  readonly #pending: (() => void)[] = [];
  async load(key: string) {
    return [...(this.kept.get(key) ?? [])];
  }
  put(key: string, entries: readonly ConversationEntry[]): Promise<void> {
    return new Promise((resolve) =>
      this.#pending.push(() => {
        const lines = (this.kept.get(key) ?? []).filter((l) => !entries.some((e) => e.id === l.id));
        this.kept.set(key, [...lines, ...entries]);
        resolve();
      }),
    );
  }
  async prepend(key: string, entries: readonly ConversationEntry[]) {
    this.kept.set(key, [...entries, ...(this.kept.get(key) ?? [])]);
  }
  async clear(key: string) {
    this.kept.delete(key);
  }
  async forgetPerson() {}
  /** Lets every write under way finish. */
  async finish(): Promise<void> {
    for (const done of this.#pending.splice(0)) done();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Bob's conversation in room r1 on a fixed clock; `changes()` counts its change signals. */
function setup(history = new SlowHistory()) {
  let changes = 0;
  let over = false;
  const conversation = new Conversation({
    history,
    key: () => 'bob/r1',
    now: () => Date.parse('2026-01-01T10:00:00Z'),
    over: () => over,
    changed: () => changes++,
  });
  return { conversation, history, changes: () => changes, end: () => (over = true) };
}

const theirs = (id: string, text = id): ChatEntry => ({
  kind: 'chat',
  id,
  author: ann,
  authorPeerId: 'p-ann',
  own: false,
  text,
  sentAt: 1,
  sentTo: [],
  deliveredTo: [],
});
const mine = (id: string): ChatEntry => ({
  ...theirs(id),
  author: bob,
  authorPeerId: 'p-bob',
  own: true,
  sentTo: ['p-ann'],
});
const texts = (c: Conversation) => c.entries.map((e) => (e.kind === 'chat' ? e.text : `[${e.text}]`));

describe('Conversation', () => {
  it('shows a message only once it is kept, and confirms it only then', async () => {
    const { conversation, history } = setup();
    const acks: string[] = [];
    conversation.received(theirs('m1', 'hello'), () => acks.push('m1'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(texts(conversation), []);
    assert.deepEqual(acks, []);
    await history.finish();
    assert.deepEqual(texts(conversation), ['hello']);
    assert.deepEqual(acks, ['m1']);
    assert.deepEqual(
      history.kept.get('bob/r1')?.map((e) => e.id),
      ['m1'],
    );
  });

  it('shows a message that comes twice once, and confirms each copy once it is kept', async () => {
    const { conversation, history } = setup();
    const acks: number[] = [];
    conversation.received(theirs('m1'), () => acks.push(1));
    conversation.received(theirs('m1'), () => acks.push(2));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(acks.length, 0, 'no copy is confirmed before the line is kept');
    await history.finish();
    conversation.received(theirs('m1'), () => acks.push(3));
    await history.finish();
    assert.deepEqual(texts(conversation), ['m1']);
    assert.deepEqual(acks.sort(), [1, 2, 3]);
  });

  it('updates an own line as receipts come, building each change on the last', async () => {
    const { conversation, history } = setup();
    const kept = conversation.append(mine('o1'));
    await history.finish();
    await kept;
    conversation.replace('o1', (e) => ({ ...e, deliveredTo: [...e.deliveredTo, 'p-ann'] }));
    conversation.replace('o1', (e) => ({ ...e, deliveredTo: [...e.deliveredTo, 'p-cat'] }));
    conversation.replace('nope', (e) => ({ ...e, text: 'never' }));
    await history.finish();
    assert.deepEqual(conversation.own('o1')?.deliveredTo, ['p-ann', 'p-cat']);
    assert.equal(conversation.own('m1'), undefined);
    const line = history.kept.get('bob/r1')?.[0];
    assert.deepEqual(line?.kind === 'chat' && line.deliveredTo, ['p-ann', 'p-cat']);
  });

  it('puts what was kept before what was said since, and earlier lines from a member above, each once', async () => {
    const history = new SlowHistory();
    history.kept.set('bob/r1', [theirs('k1', 'kept')]);
    const { conversation } = setup(history);
    conversation.received(theirs('live', 'live'), () => {});
    await history.finish();
    assert.equal(await conversation.restore(), true);
    assert.deepEqual(texts(conversation), ['kept', 'live']);
    conversation.received(theirs('late', 'late'), () => {}); // still being kept when the earlier lines come
    await conversation.prependEarlier([theirs('e1', 'earlier'), theirs('live', 'live'), theirs('late', 'late')], ann);
    await history.finish();
    assert.deepEqual(texts(conversation), [
      'earlier',
      '[Earlier messages, as Ann’s browser kept them. You joined here.]',
      'kept',
      'live',
      'late',
    ]);
  });

  it('shows an own line once when the kept conversation is read back just as that line was written', async () => {
    const { conversation, history } = setup();
    const appended = conversation.append(mine('m1'));
    const written = history.finish(); // the line is on disk, and the page has not shown it yet...
    const restored = conversation.restore(); // ...when joining reads the kept conversation back
    await Promise.all([appended, written, restored]);
    assert.deepEqual(texts(conversation), ['m1']);
  });

  it('shows nothing more once the room is over', async () => {
    const { conversation, history, end } = setup();
    conversation.notice('Ann joined');
    end();
    await history.finish();
    assert.deepEqual(texts(conversation), []);
  });

  it('hands out the same array until the lines change', async () => {
    const { conversation, history, changes } = setup();
    const before = conversation.entries;
    assert.equal(conversation.entries, before);
    conversation.notice('Ann joined');
    await history.finish();
    assert.notEqual(conversation.entries, before);
    assert.equal(changes(), 1);
  });
});
