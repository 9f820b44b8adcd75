import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePeerMessage, encodePeerMessage, LIMITS, type PeerMessage } from '../../shared/protocol.ts';

const chat: PeerMessage = { type: 'chat', id: '0123456789abcdef', sentAt: 1_700_000_000_000, text: 'hello' };

describe('data-channel messages', () => {
  it('round-trips a chat message and an ack', () => {
    assert.deepEqual(decodePeerMessage(encodePeerMessage(chat)), { ok: true, message: chat });
    const ack: PeerMessage = { type: 'ack', id: chat.id };
    assert.deepEqual(decodePeerMessage(new TextEncoder().encode(encodePeerMessage(ack))), { ok: true, message: ack });
  });

  it('rejects anything that is not a protocol message, without throwing', () => {
    const bad: unknown[] = [
      'not json',
      '{}',
      '{"type":"chat"}',
      JSON.stringify({ ...chat, type: 'shout' }),
      JSON.stringify({ ...chat, text: '' }),
      JSON.stringify({ ...chat, sentAt: -1 }),
      JSON.stringify({ ...chat, id: 'short' }),
      42,
      null,
      { type: 'chat' },
    ];
    for (const frame of bad) assert.equal(decodePeerMessage(frame).ok, false, String(frame));
  });

  it('rejects text over the limit and frames over the byte cap', () => {
    const long = JSON.stringify({ ...chat, text: 'x'.repeat(LIMITS.messageChars + 1) });
    assert.equal(decodePeerMessage(long).ok, false);
    const huge = `${JSON.stringify(chat).slice(0, -1)},"pad":"${'x'.repeat(LIMITS.peerFrameBytes)}"}`;
    assert.deepEqual(decodePeerMessage(huge), { ok: false, reason: 'frame too large' });
  });

  it('keeps the largest allowed message under the frame cap', () => {
    const widest = { ...chat, text: '語'.repeat(LIMITS.messageChars) };
    assert.doesNotThrow(() => encodePeerMessage(widest));
  });

  it('ignores a claimed sender inside the payload (attribution comes from the connection)', () => {
    const decoded = decodePeerMessage(JSON.stringify({ ...chat, from: 'admin', user: { name: 'Admin' } }));
    assert.equal(decoded.ok, true);
    assert.ok(decoded.ok && !('from' in decoded.message) && !('user' in decoded.message));
  });
});
