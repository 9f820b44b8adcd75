import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CHUNK_HEADER_BYTES,
  type PeerId,
  type PeerMessage,
  peerMessageSchema,
  type UserSummary,
} from '../../shared/protocol.ts';
import { Emitter } from '../../web/services/emitter.ts';
import { type Clock, FileTransfers, type Transfer } from '../../web/services/file-transfer.ts';
import type { ChunkSink, Mesh, MeshEvents } from '../../web/services/mesh.ts';
import type { RoomSession } from '../../web/services/room-session.ts';

const user = (name: string): UserSummary => ({ username: name, displayName: name, avatarUrl: null });

/** Time that moves only when the test says so, with the timers due by then run in order. */
class TestClock implements Clock {
  at = 0;
  #timers = new Map<number, { due: number; run: () => void }>();
  #next = 0;
  now = () => this.at;
  setTimeout = (run: () => void, ms: number) => {
    this.#timers.set(++this.#next, { due: this.at + ms, run });
    return this.#next;
  };
  clearTimeout = (timer: unknown) => void this.#timers.delete(timer as number);
  async advance(ms: number): Promise<void> {
    const end = this.at + ms;
    for (;;) {
      const [id, timer] = [...this.#timers].sort(([, a], [, b]) => a.due - b.due)[0] ?? [];
      if (id === undefined || !timer || timer.due > end) break;
      this.#timers.delete(id);
      this.at = timer.due;
      timer.run();
      await settle();
    }
    this.at = end;
  }
}

/** Lets every pending promise and message run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * One side of a two-tab mesh: messages and chunks reach the other side as they would over a data channel (checked
 * against the wire schema). `credits` is how many more chunks the channel takes: at 0 it no longer drains, until
 * the test `allow`s more.
 */
class TestMesh extends Emitter<MeshEvents> {
  other: TestMesh | undefined;
  sink: ChunkSink | undefined;
  credits = Number.POSITIVE_INFINITY;
  #waiting: (() => void)[] = [];
  sent: PeerMessage[] = [];
  constructor(readonly self: PeerId) {
    super();
  }
  takeChunks(sink: ChunkSink) {
    this.sink = sink;
  }
  send(_to: PeerId, message: PeerMessage) {
    this.sent.push(message);
    const other = this.other as TestMesh;
    const parsed = peerMessageSchema.parse(JSON.parse(JSON.stringify(message)));
    setTimeout(() => other.emit('message', { from: this.self, message: parsed }));
    return true;
  }
  chunkFrameBytes() {
    return 1024 + CHUNK_HEADER_BYTES;
  }
  sendChunk(_to: PeerId, frame: Uint8Array) {
    if (this.credits <= 0) return false;
    this.credits--;
    this.chunkBytesSent += frame.length - CHUNK_HEADER_BYTES;
    const copy = frame.slice();
    setTimeout(() => this.other?.sink?.(this.self, copy));
    return true;
  }
  /** Credits this side held back (`holdCredits`) instead of sending. */
  heldCredits: Uint8Array[] = [];
  holdCredits = false;
  chunkBytesSent = 0;
  sendCredit(_to: PeerId, frame: Uint8Array) {
    const copy = frame.slice();
    if (this.holdCredits) this.heldCredits.push(copy);
    else setTimeout(() => this.other?.sink?.(this.self, copy));
  }
  releaseCredits() {
    this.holdCredits = false;
    for (const copy of this.heldCredits.splice(0)) setTimeout(() => this.other?.sink?.(this.self, copy));
  }
  writable() {
    return new Promise<void>((resolve) => this.#waiting.push(resolve));
  }
  allow(chunks: number) {
    this.credits += chunks;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
  state() {
    return 'connected' as const;
  }
}

/** A room session as file transfers see it: who is here, its mesh and its conversation's notes. */
class TestSession extends Emitter<{ mesh: Mesh; change: undefined }> {
  readonly roomId = 'room';
  status = 'joined';
  readonly peers = new Map<PeerId, { peerId: PeerId; user: UserSummary }>();
  readonly notes: string[] = [];
  constructor(
    readonly self: { user: UserSummary },
    readonly mesh: TestMesh,
    other: { peerId: PeerId; user: UserSummary },
  ) {
    super();
    this.peers.set(other.peerId, other);
  }
  note(text: string) {
    this.notes.push(text);
  }
}

/** Ann's and Bob's transfers, linked by a test mesh and sharing one test clock. */
function pair(stallMs = 10_000) {
  const clock = new TestClock();
  const annMesh = new TestMesh('pa');
  const bobMesh = new TestMesh('pb');
  annMesh.other = bobMesh;
  bobMesh.other = annMesh;
  const session = (self: string, mesh: TestMesh, peerId: PeerId, other: string) =>
    new TestSession({ user: user(self) }, mesh, { peerId, user: user(other) }) as unknown as RoomSession;
  const ann = new FileTransfers(session('ann', annMesh, 'pb', 'bob'), { clock, stallMs });
  const bob = new FileTransfers(session('bob', bobMesh, 'pa', 'ann'), { clock, stallMs });
  return { clock, ann, bob, annMesh, bobMesh };
}

/** Waits until Ann's file is going out and Bob's is coming in. */
async function underWay(ann: FileTransfers, bob: FileTransfers): Promise<void> {
  while (bob.transfers[0]?.state !== 'receiving' || ann.transfers[0]?.state !== 'sending') await settle();
}

const only = (files: FileTransfers): Transfer => {
  assert.equal(files.transfers.length, 1);
  return files.transfers[0] as Transfer;
};

describe('file transfers', () => {
  it('carries a file from Ann to Bob, who shows it once its hash matched', async () => {
    const { ann, bob } = pair();
    const bytes = new Uint8Array(5000).map((_, i) => i % 251);
    await ann.send([new File([bytes], 'numbers.bin')]);
    while (only(ann).state !== 'done') await settle();
    assert.equal(only(ann).status, 'Delivered to bob');
    const got = only(bob);
    assert.equal(got.state, 'done');
    assert.deepEqual(new Uint8Array(await (await fetch(got.url as string)).arrayBuffer()), bytes);
  });

  it('stops a transfer that makes no progress for the stall time, on both sides, keeping nothing', async () => {
    const { clock, ann, bob, annMesh } = pair(10_000);
    annMesh.credits = 1;
    await ann.send([new File([new Uint8Array(5000)], 'stuck.bin')]);
    await underWay(ann, bob);
    await clock.advance(9_000);
    assert.equal(only(ann).state, 'sending', 'not before the stall time');
    assert.equal(only(bob).state, 'receiving');
    await clock.advance(3_000);
    await settle();
    assert.equal(only(ann).state, 'failed');
    assert.equal(only(ann).status, 'It stalled for bob and was stopped');
    assert.equal(only(bob).state, 'failed');
    assert.equal(only(bob).status, 'Nothing arrived for a while: stopped, and nothing was kept');
    assert.equal(only(bob).url, undefined);
    assert.ok(
      annMesh.sent.some((m) => m.type === 'file-cancel' && m.reason === 'stalled'),
      'Bob was told',
    );
  });

  it('stops an offer nobody takes: the sender says so after the stall time', async () => {
    const { clock, ann, bobMesh } = pair(10_000);
    bobMesh.send = () => true; // Bob's tab never answers
    await ann.send([new File([new Uint8Array(10)], 'unanswered.bin')]);
    await settle();
    assert.equal(ann.transfers[0]?.state, 'waiting');
    await clock.advance(13_000);
    assert.equal(only(ann).state, 'failed');
    assert.equal(only(ann).status, 'It stalled for bob and was stopped');
  });

  it('sends no more than 32 KiB beyond what the receiving tab says it has taken', async () => {
    const { ann, bob, annMesh, bobMesh } = pair();
    bobMesh.holdCredits = true;
    const bytes = new Uint8Array(200_000).map((_, i) => i % 253);
    await ann.send([new File([bytes], 'paced.bin')]);
    await underWay(ann, bob);
    for (let i = 0; i < 20; i++) await settle();
    // Bob's tab took what came but its credits never reached Ann: she waits with at most the window in flight.
    assert.ok(
      annMesh.chunkBytesSent > 0 && annMesh.chunkBytesSent <= 32 * 1024,
      `${annMesh.chunkBytesSent} bytes sent`,
    );
    assert.equal(only(ann).state, 'sending');
    bobMesh.releaseCredits();
    while (only(ann).state !== 'done') await settle();
    assert.equal(annMesh.chunkBytesSent, bytes.length);
    assert.deepEqual(new Uint8Array(await (await fetch(only(bob).url as string)).arrayBuffer()), bytes);
  });

  it('lets a slow transfer that still moves go on', async () => {
    const { clock, ann, bob, annMesh } = pair(10_000);
    annMesh.credits = 1;
    await ann.send([new File([new Uint8Array(10_000)], 'slow.bin')]);
    await underWay(ann, bob);
    for (let i = 0; i < 4; i++) {
      await clock.advance(8_000);
      annMesh.allow(1); // one chunk every 8 s: slow, never still for the 10 s stall time
      await settle();
    }
    assert.equal(only(bob).state, 'receiving');
    annMesh.allow(Number.POSITIVE_INFINITY);
    while (only(ann).state !== 'done') await settle();
    assert.equal(only(bob).state, 'done');
  });
});
