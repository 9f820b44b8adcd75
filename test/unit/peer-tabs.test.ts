import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Logger } from '../../signal-server/log.ts';
import { PeerTabs } from '../../signal-server/signaling/peer-tabs.ts';
import type { DialogSocket } from '../../signal-server/signaling/types.ts';

/** A socket as PeerTabs sees it: its peer, its person and its channels (one room). */
function socketOf(peerId: string): DialogSocket {
  return {
    data: { peerId, user: { username: 'ann', displayName: 'ann', avatarUrl: null } },
    rooms: new Set([`room:r1`]),
  } as unknown as DialogSocket;
}

function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string) => void lines.push(message);
  return { lines, info: keep, warn: keep, error: keep };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('PeerTabs while the server shuts down', () => {
  it('leaves at once after a goodbye, but starts no leave once it is closing', async () => {
    const tabs = new PeerTabs(10_000, logger());
    let leaves = 0;
    const leave = async () => void leaves++;
    const first = socketOf('p1');
    tabs.claim(first);
    tabs.release(first, 'client namespace disconnect', leave);
    await turn();
    assert.equal(leaves, 1);
    tabs.close();
    const second = socketOf('p2');
    tabs.claim(second);
    tabs.release(second, 'transport close', leave);
    await turn();
    assert.equal(leaves, 1, 'a goodbye during shutdown leaves nothing to do after the store closes');
  });

  it('neither logs nor retries a leave that fails because the store closed under it', async () => {
    const log = logger();
    const tabs = new PeerTabs(10_000, log);
    let calls = 0;
    let fail: (err: Error) => void = () => {};
    tabs.release(socketOf('p1'), 'client namespace disconnect', () => {
      calls++;
      return new Promise((_resolve, reject) => {
        fail = reject;
      });
    });
    await turn();
    tabs.close();
    fail(new Error('database is closed'));
    await new Promise((resolve) => setTimeout(resolve, 700)); // past the first retry's 0.5 s
    assert.equal(calls, 1);
    assert.deepEqual(log.lines, []);
  });
});
