import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConversationEntry, EARLIER_LINES, type PeerMessage } from '../../shared/protocol.ts';
import { EarlierLines, earlierAnswer } from '../../web/services/earlier-lines.ts';

const ann = { username: 'ann', displayName: 'Ann', avatarUrl: null };
const bob = { username: 'bob', displayName: 'Bob', avatarUrl: null };

function chat(id: string, extra: Partial<Extract<ConversationEntry, { kind: 'chat' }>> = {}): ConversationEntry {
  return {
    kind: 'chat',
    id: `message-${id}`,
    author: ann,
    authorPeerId: 'p-ann',
    own: false,
    text: `text ${id}`,
    sentAt: 1_000 + Number(id),
    sentTo: [],
    deliveredTo: [],
    ...extra,
  };
}

const texts = (frames: PeerMessage[]) => frames.flatMap((f) => (f.type === 'history-line' ? [f.text] : []));

describe('earlier messages for late joiners', () => {
  it('answers with the last room messages only: no personal ones, no notices, at most the cap, then the end', () => {
    const lines: ConversationEntry[] = [
      chat('1'),
      { kind: 'notice', id: 'n1', text: 'bob joined', at: 1 },
      chat('2', { personal: true }),
      chat('3', { own: true, author: bob, personalTo: ann }),
      ...Array.from({ length: EARLIER_LINES + 5 }, (_, i) => chat(String(10 + i))),
    ];
    const frames = earlierAnswer(lines, true);
    assert.equal(frames.at(-1)?.type, 'history-end');
    assert.equal(texts(frames).length, EARLIER_LINES);
    assert.equal(texts(frames)[0], 'text 15', 'the newest ones');
    assert.ok(!texts(frames).some((t) => t === 'text 2' || t === 'text 3'), 'never a personal message');
  });

  it('answers with the end alone when the room does not share', () => {
    assert.deepEqual(earlierAnswer([chat('1')], false), [{ type: 'history-end' }]);
  });

  it('asks one peer that was there before, once, and takes lines only from it', () => {
    const earlier = new EarlierLines();
    earlier.expect(['p-ann', 'p-bob']);
    assert.equal(earlier.ask('p-cat'), false, 'came after us: has nothing earlier');
    assert.equal(earlier.ask('p-bob'), true);
    assert.equal(earlier.ask('p-ann'), false, 'one is asked');
    const line = (id: string): PeerMessage => ({ type: 'history-line', id, author: ann, sentAt: 5, text: id });
    assert.equal(earlier.take('p-ann', line('from-ann-1')), undefined);
    earlier.take('p-bob', { ...line('message-b'), sentAt: 9 } as PeerMessage);
    earlier.take('p-bob', line('message-a'));
    earlier.take('p-bob', line('message-a'));
    const got = earlier.take('p-bob', { type: 'history-end' });
    assert.deepEqual(
      got?.map((l) => [l.id, l.earlier]),
      [
        ['message-a', true],
        ['message-b', true],
      ],
      'oldest first, once each, marked earlier; nothing from a peer not asked',
    );
    assert.equal(earlier.take('p-bob', line('message-c')), undefined, 'nothing after the end');
  });

  it('asks another peer when the one asked leaves before answering, and never after a rejoin', () => {
    const earlier = new EarlierLines();
    earlier.expect(['p-ann', 'p-bob']);
    assert.ok(earlier.ask('p-ann'));
    earlier.lost('p-ann');
    assert.ok(earlier.ask('p-bob'));
    earlier.stop();
    assert.equal(earlier.take('p-bob', { type: 'history-end' }), undefined);
  });
});
