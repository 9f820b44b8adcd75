import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodePeerMessage,
  encodePeerMessage,
  frameTextBytes,
  LIMITS,
  messageRoom,
  type PeerMessage,
  peerMessages,
} from '../../shared/protocol.ts';

const chat: PeerMessage = { type: 'chat', id: '0123456789abcdef', sentAt: 1_700_000_000_000, text: 'hello' };

describe('data-channel messages', () => {
  it('keys the wire table by each message type, so a frame is read by the schema its type names', () => {
    for (const [type, schema] of Object.entries(peerMessages)) {
      assert.deepEqual([...schema.shape.type.def.values], [type]);
    }
  });

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
    // The widest envelope (a personal message, an id of 64 escaped characters, the latest sentAt) around the most
    // text bytes allowed still fits one frame.
    const envelope = JSON.stringify({
      type: 'personal',
      id: '\u0001'.repeat(64),
      sentAt: Number.MAX_SAFE_INTEGER,
      text: '',
    });
    assert.ok(new TextEncoder().encode(envelope).length + LIMITS.messageBytes <= LIMITS.peerFrameBytes);
  });

  it('measures text as it travels: control characters take 6 bytes each, emoji 4, letters 1', () => {
    assert.equal(frameTextBytes('\u0001'.repeat(10)), 60);
    assert.equal(frameTextBytes('😀'.repeat(10)), 40);
    assert.equal(frameTextBytes('hello'), 5);
    const controls = messageRoom('\u0001'.repeat(LIMITS.messageChars));
    assert.deepEqual(controls, { chars: 4000, bytes: 24000, fits: false });
    assert.equal(messageRoom('😀'.repeat(LIMITS.messageChars / 2)).fits, true);
    assert.equal(messageRoom('😀'.repeat(LIMITS.messageChars / 2 + 1)).fits, false);
  });

  it('refuses, on both ends, a text too large for one frame although short enough in characters', () => {
    const controls = { ...chat, text: '\u0001'.repeat(LIMITS.messageChars) };
    assert.throws(() => encodePeerMessage(controls));
    // Another client may send it in a frame under the cap: the text itself is still refused.
    const text = '\u0001'.repeat(Math.ceil(LIMITS.messageBytes / 6) + 1);
    assert.equal(messageRoom(text).fits, false);
    const frame = JSON.stringify({ ...chat, text });
    assert.ok(new TextEncoder().encode(frame).length <= LIMITS.peerFrameBytes);
    assert.deepEqual(decodePeerMessage(frame), { ok: false, reason: 'text too large for one frame' });
  });

  it('ignores a claimed sender inside the payload (attribution comes from the connection)', () => {
    const decoded = decodePeerMessage(JSON.stringify({ ...chat, from: 'admin', user: { name: 'Admin' } }));
    assert.equal(decoded.ok, true);
    assert.ok(decoded.ok && !('from' in decoded.message) && !('user' in decoded.message));
  });
});
