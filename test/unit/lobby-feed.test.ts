import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomListing } from '../../shared/protocol.ts';
import type { Logger } from '../../signal-server/log.ts';
import { LobbyFeed } from '../../signal-server/rooms/lobby-feed.ts';

describe('LobbyFeed.close', () => {
  it('waits for a push still reading rooms, and takes no change after it (shutdown closes the database next)', async () => {
    const emitted: unknown[] = [];
    const errors: string[] = [];
    const announce = { toLobby: (changes: unknown) => emitted.push(changes) };
    const log = { info() {}, warn() {}, error: (message: string) => errors.push(message) } as unknown as Logger;
    let release = (): void => {};
    let reading = (): void => {};
    const started = new Promise<void>((resolve) => {
      reading = resolve;
    });
    const listing = () =>
      new Promise<RoomListing | undefined>((resolve) => {
        reading();
        release = () => resolve(undefined);
      });
    const feed = new LobbyFeed({ announce, log, listing }, 0);
    feed.changed('r1', 'updated');
    await started;
    let closed = false;
    const closing = feed.close().then(() => {
      closed = true;
    });
    feed.changed('r2', 'added');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(closed, false, 'close waited for the push under way');
    release();
    await closing;
    assert.deepEqual(emitted, [{ added: [], updated: [], removed: ['r1'] }]);
    assert.deepEqual(errors, []);
  });
});
