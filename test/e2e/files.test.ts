import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import {
  fileCard,
  fileSays,
  progress,
  progressSeen,
  savedSha256,
  sendFileTo,
  sha256,
  shareFile,
  watchProgress,
} from '../support/file-ui.ts';
import { solidPng } from '../support/png.ts';
import { connectedTo, inRoom, meetInRoom, personRow, say, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { RTC_INSTRUMENT } from '../support/rtc-instrument.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

/** Writes `size` random bytes to `path` (large files go to the page by path) and answers them. */
function randomFile(path: string, size: number): Buffer {
  const bytes = randomBytes(size);
  writeFileSync(path, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  return bytes;
}

/** Waits until `check` holds, polling (a transfer's progress has no event a test can await). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('files: browser to browser, with progress', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let cat: Person;
  let dir: string;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob', 'cat'], {
      scripts: { ann: [RTC_INSTRUMENT], bob: [RTC_INSTRUMENT], cat: [RTC_INSTRUMENT] },
    });
    [ann, bob, cat] = scene.people as [Person, Person, Person];
    dir = mkdtempSync(join(tmpdir(), 'dialog-files-'));
    await meetInRoom('Files', { ann, bob, cat });
  });
  after(async () => {
    await scene?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('carries a 5 MB random file from Ann to both others intact, with progress shown on every side', async () => {
    const bytes = randomBytes(5 * 1024 * 1024);
    const name = 'random.bin';
    for (const p of [ann, bob, cat]) await watchProgress(p.page);
    await shareFile(ann.page, { name, mimeType: 'application/octet-stream', buffer: bytes });
    for (const p of [bob, cat]) {
      await fileSays(p.page, name, 'From ann');
      const saved = await savedSha256(p.page, name);
      assert.equal(saved.sha256, sha256(bytes), 'the saved file is the one Ann sent');
      assert.equal(saved.filename, name);
      await seesInConversation(p.page, 'ann shared “random.bin” (5.2 MB)');
      assert.ok(`Receiving ${name}` in (await progressSeen(p.page)), 'a progress bar showed while it came');
    }
    await fileSays(ann.page, name, 'Delivered to bob and cat');
    assert.ok(`Sending ${name}` in (await progressSeen(ann.page)), 'a progress bar showed while it went');
    await seesInConversation(ann.page, 'You shared “random.bin” (5.2 MB)');
  });

  it('keeps chat flowing while a file moves, showing speed and time left (latency printed, not asserted)', async () => {
    const latency = async (text: string) => {
      const t = Date.now();
      await say(ann.page, text);
      await seesInConversation(bob.page, text);
      return Date.now() - t;
    };
    const idle = await latency('idle before the transfer');
    const path = join(dir, 'busy.bin');
    randomFile(path, 40 * 1024 * 1024);
    await shareFile(ann.page, path);
    await until(async () => (await progress(bob.page, 'Receiving busy.bin')) > 0.05, 'the transfer to get going');
    const during = await latency('said while a file moves');
    const stillMoving = (await progress(bob.page, 'Receiving busy.bin')) < 1;
    console.log(
      `chat latency (Ann → Bob, seen in Bob's page, Playwright overhead included): idle ${idle} ms, during a 40 MB transfer ${during} ms${stillMoving ? '' : ' (the transfer had ended by then)'}`,
    );
    if (stillMoving)
      await fileCard(bob.page, 'busy.bin')
        .getByText(/\d+% · [\d.]+ [KMG]?B\/s · \d+ s left/)
        .waitFor();
    await fileSays(ann.page, 'busy.bin', 'Delivered to bob and cat');
  });

  it('sends a personal file to its recipient only: the third browser never receives a byte of it', async () => {
    const bytes = randomBytes(256 * 1024);
    const name = `for-cat-${Date.now()}.bin`;
    await sendFileTo(bob.page, 'cat', { name, mimeType: 'application/octet-stream', buffer: bytes });
    await fileSays(cat.page, name, 'From bob');
    await fileCard(cat.page, name).getByText('from bob, personal').waitFor();
    assert.equal((await savedSha256(cat.page, name)).sha256, sha256(bytes));
    await fileSays(bob.page, name, 'Delivered to cat');
    await seesInConversation(cat.page, `bob sent you “${name}” (262 KB), personal`);

    // A room message after it travels the same ordered channel from Bob to Ann: had the file gone there, it was first.
    await say(bob.page, 'after the personal file');
    await seesInConversation(ann.page, 'after the personal file');
    assert.equal(await fileCard(ann.page, name).count(), 0);
    // Counted in the pages: the recorded frames hold every file received so far.
    const count = (p: Person, test: string) =>
      p.page.evaluate(`window.__rtc.frames.filter((f) => ${test}).length`) as Promise<number>;
    assert.ok((await count(ann, `f.includes('after the personal file')`)) > 0, 'Ann’s frames were recorded');
    assert.equal(await count(ann, `f.includes(${JSON.stringify(name)})`), 0, 'the offer reached Ann');
    // Ann has only sent files so far: not one chunk frame (the zero marker byte) has reached her.
    assert.equal(await count(ann, `f.startsWith('\\u0000')`), 0, 'chunks reached Ann');
    assert.ok((await count(cat, `f.startsWith('\\u0000')`)) > 0, 'chunk frames are recorded where they arrive');
  });

  it('stops a file Ann cancels half-way: every side says so and nobody keeps any of it', async () => {
    const path = join(dir, 'stopped-by-ann.bin');
    randomFile(path, 60 * 1024 * 1024);
    await shareFile(ann.page, path);
    await until(async () => (await progress(bob.page, 'Receiving stopped-by-ann.bin')) > 0.02, 'bytes at Bob');
    await fileCard(ann.page, 'stopped-by-ann.bin').getByRole('button', { name: 'Cancel stopped-by-ann.bin' }).click();
    await fileSays(ann.page, 'stopped-by-ann.bin', 'You cancelled it');
    for (const p of [bob, cat]) {
      await fileSays(p.page, 'stopped-by-ann.bin', 'ann cancelled it');
      const card = fileCard(p.page, 'stopped-by-ann.bin');
      assert.equal(await card.getByRole('link', { name: /^Save/ }).count(), 0);
      assert.equal(await card.getByRole('progressbar').count(), 0);
    }
  });

  it('stops a file Bob cancels half-way for Bob alone: Ann is told, Cat still gets it', async () => {
    const path = join(dir, 'stopped-by-bob.bin');
    const bytes = randomFile(path, 60 * 1024 * 1024);
    await shareFile(ann.page, path);
    await until(async () => (await progress(bob.page, 'Receiving stopped-by-bob.bin')) > 0.02, 'bytes at Bob');
    await fileCard(bob.page, 'stopped-by-bob.bin').getByRole('button', { name: 'Cancel stopped-by-bob.bin' }).click();
    await fileSays(bob.page, 'stopped-by-bob.bin', 'You cancelled it');
    assert.equal(await fileCard(bob.page, 'stopped-by-bob.bin').getByRole('link', { name: /^Save/ }).count(), 0);
    await fileSays(ann.page, 'stopped-by-bob.bin', 'Delivered to cat · bob cancelled it');
    assert.equal((await savedSha256(cat.page, 'stopped-by-bob.bin')).sha256, sha256(bytes));
    // The chunks still in flight to Bob were his to drop, not a flood: Ann is not marked as sending too fast.
    await say(ann.page, 'after the cancelled file');
    await seesInConversation(bob.page, 'after the cancelled file');
    assert.equal(await personRow(bob.page, 'ann').getByText('sending too fast').count(), 0);
  });

  it('shows a picture inline by its bytes, and never renders an SVG or an HTML file (a card with Save only)', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1"><script>window.__pwned=2</script></svg>';
    const html = '<html><body><script>window.__pwned=3</script><img src=x onerror="window.__pwned=4"></body></html>';
    const files = [
      // Declared as a picture: the bytes say otherwise.
      { name: 'looks-like.png', mimeType: 'image/png', buffer: Buffer.from(svg) },
      { name: 'drawing.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) },
      { name: 'page.html', mimeType: 'text/html', buffer: Buffer.from(html) },
      // A real picture declared as anything: previewed.
      { name: 'red.png', mimeType: 'application/octet-stream', buffer: solidPng(8, 8, [255, 0, 0]) },
    ];
    for (const file of files) await shareFile(ann.page, file);
    for (const file of files) await fileSays(bob.page, file.name, 'From ann');
    for (const name of ['looks-like.png', 'drawing.svg', 'page.html']) {
      const card = fileCard(bob.page, name);
      assert.equal(await card.locator('img, iframe, object, embed, svg').count(), 0, `${name} was rendered`);
      await card.getByRole('link', { name: `Save ${name}` }).waitFor();
    }
    const picture = fileCard(bob.page, 'red.png').getByRole('img', { name: 'Picture red.png' });
    await picture.waitFor({ timeout: TIMEOUT });
    assert.equal(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), 8);
    assert.equal(await bob.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('keeps a received picture across a reload; "Forget files on this device" lets it go and its card says so', async () => {
    await shareFile(ann.page, { name: 'kept.png', mimeType: 'image/png', buffer: solidPng(6, 4, [0, 128, 255]) });
    // Shown once every byte is in, checked and kept.
    await fileCard(bob.page, 'kept.png').getByRole('img', { name: 'Picture kept.png' }).waitFor({ timeout: TIMEOUT });
    await bob.page.reload();
    await inRoom(bob.page);
    const picture = fileCard(bob.page, 'kept.png').getByRole('img', { name: 'Picture kept.png' });
    await picture.waitFor({ timeout: TIMEOUT });
    assert.equal(await picture.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)), 6);
    await fileCard(bob.page, 'kept.png').getByRole('link', { name: 'Save kept.png' }).waitFor();

    await bob.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Conversations/ })
      .click();
    await bob.page.getByRole('button', { name: 'Forget files on this device' }).click();
    await bob.page.getByRole('status').filter({ hasText: 'no longer kept on this device' }).waitFor();
    await bob.page.goBack();
    await inRoom(bob.page);
    await fileSays(bob.page, 'kept.png', 'No longer kept on this device');
    const card = fileCard(bob.page, 'kept.png');
    assert.equal(await card.locator('img').count(), 0, 'the picture is no longer shown');
    assert.equal(await card.getByRole('link', { name: /^Save/ }).count(), 0);
    // Nor after another reload: its bytes are gone from this browser, the card stays.
    await bob.page.reload();
    await inRoom(bob.page);
    await fileSays(bob.page, 'kept.png', 'No longer kept on this device');
    assert.equal(await fileCard(bob.page, 'kept.png').locator('img').count(), 0);
    await connectedTo(bob.page, 'ann');
    await connectedTo(bob.page, 'cat');
  });

  it('lets Cat refuse files from Ann: Ann is told, and nothing reaches Cat', async () => {
    await personRow(cat.page, 'ann').getByRole('button').first().click();
    await cat.page.getByRole('checkbox', { name: 'Accept files from ann' }).uncheck();
    await shareFile(ann.page, { name: 'unwanted.txt', mimeType: 'text/plain', buffer: Buffer.from('hello cat') });
    await fileSays(ann.page, 'unwanted.txt', 'Delivered to bob · cat refused it');
    assert.equal(await fileCard(cat.page, 'unwanted.txt').count(), 0);
    await cat.page.getByRole('checkbox', { name: 'Accept files from ann' }).check();
  });

  it('refuses before sending a file over the size limit, and says why', async () => {
    const path = join(dir, 'huge.bin');
    writeFileSync(path, '');
    truncateSync(path, 120_000_000); // sparse: nothing written
    await shareFile(ann.page, path);
    await fileSays(ann.page, 'huge.bin', '“huge.bin” is 120.0 MB: files up to 100.0 MB can be sent');
    assert.equal(await fileCard(bob.page, 'huge.bin').count(), 0);
    assert.deepEqual(unexpectedErrors([ann, bob, cat]), [], JSON.stringify(unexpectedErrors([ann, bob, cat])));
  });
});
