import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReceivedBytes } from '../../web/services/received-bytes.ts';

/** `count` chunks of `size` bytes, each byte telling its place in the whole. */
function chunks(count: number, size: number): Uint8Array[] {
  return Array.from({ length: count }, (_, c) => Uint8Array.from({ length: size }, (_, i) => (c * size + i) % 251));
}

describe('received bytes', () => {
  it('gives back every byte in order, across many folds of a small buffer', async () => {
    const bytes = new ReceivedBytes(1000);
    const sent = chunks(25, 300);
    for (const chunk of sent) bytes.push(chunk);
    const blob = bytes.take();
    assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), Uint8Array.from(sent.flatMap((c) => [...c])));
    assert.equal(bytes.take().size, 0, 'the bytes were still held after being taken');
  });

  it('keeps nothing once dropped', async () => {
    const bytes = new ReceivedBytes(1000);
    for (const chunk of chunks(5, 300)) bytes.push(chunk);
    bytes.drop();
    assert.equal(bytes.take().size, 0);
  });
});
