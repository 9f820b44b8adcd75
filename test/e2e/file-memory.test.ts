import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CDPSession } from 'playwright-core';
import type { Person } from '../support/browser.ts';
import { FILE_TIMEOUT, fileCard, progress, savedSha256, sha256, shareFile } from '../support/file-ui.ts';
import { connectedTo, createRoom, inRoom } from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

const MB = 1024 * 1024;
const FILE_BYTES = 40 * MB;

/** What the page holds live after a full garbage collection: its JS heap and its ArrayBuffers' bytes. */
async function liveBytes(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize + usage.backingStorageSize;
}

describe('files: a large file received in bounded memory', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let dir: string;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
    [ann, bob] = scene.people as [Person, Person];
    dir = mkdtempSync(join(tmpdir(), 'dialog-file-memory-'));
    const roomPath = await createRoom(ann.page, 'Big files');
    await bob.page.goto(roomPath);
    await inRoom(bob.page);
    await connectedTo(ann.page, 'bob');
  });
  after(async () => {
    await scene?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the receiving page far below the size of a 40 MB file while it arrives, and the file intact', async () => {
    const bytes = randomBytes(FILE_BYTES);
    const path = join(dir, 'big.bin');
    writeFileSync(path, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    const cdp = await bob.context.newCDPSession(bob.page);
    const idle = await liveBytes(cdp);
    await shareFile(ann.page, path);
    // Shown with Save once every byte is in and its hash matched.
    const done = fileCard(bob.page, 'big.bin')
      .getByRole('link', { name: 'Save big.bin' })
      .waitFor({ timeout: FILE_TIMEOUT })
      .then(() => true);
    const later = () => new Promise<false>((resolve) => setTimeout(() => resolve(false), 100));
    let peak = 0;
    let looks = 0;
    while (!(await Promise.race([done, later()]))) {
      const came = await progress(bob.page, 'Receiving big.bin');
      const growth = (await liveBytes(cdp)) - idle;
      if (came < 0.5) continue;
      looks++;
      peak = Math.max(peak, growth);
    }
    const settled = (await liveBytes(cdp)) - idle;
    console.log(
      `receiving a 40 MB file, the page's live JS memory (heap + ArrayBuffers, after GC) over idle: at most ${(peak / MB).toFixed(1)} MB past half-way (${looks} looks), ${(settled / MB).toFixed(1)} MB once it is in`,
    );
    assert.ok(looks > 0, 'the page was not looked at past half-way');
    assert.ok(peak < FILE_BYTES / 4, `the page held ${(peak / MB).toFixed(1)} MB more while the file came`);
    assert.equal((await savedSha256(bob.page, 'big.bin')).sha256, sha256(bytes), 'the saved file is the one sent');
  });
});
