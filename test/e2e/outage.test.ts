import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { register, unexpectedErrors } from '../support/accounts.ts';
import { startAppProcess } from '../support/app-process.ts';
import { newPerson, type Person } from '../support/browser.ts';
import { connectedTo, conversation, inRoom, meetInRoom, say, TIMEOUT } from '../support/room-ui.ts';
import { peerConnectionCount, RTC_INSTRUMENT } from '../support/rtc-instrument.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

const RECONNECTING = 'Reconnecting to the server… chat continues with people already connected.';
const PER_PERSON = 50;

/** Waits until `page` shows the reconnecting notice (`shown`) or no longer shows it. */
async function serverNotice(page: Page, shown: boolean): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: RECONNECTING })
    .waitFor({
      state: shown ? 'visible' : 'detached',
      timeout: TIMEOUT,
    });
}

/** The texts of the conversation's lines that match `pattern`, in the order shown. */
async function lines(page: Page, pattern: RegExp): Promise<string[]> {
  const texts = await conversation(page).locator('li.notice, li .text').allTextContents();
  return texts.map((t) => t.trim()).filter((t) => pattern.test(t));
}

async function waitForLines(page: Page, pattern: RegExp, count: number): Promise<string[]> {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const found = await lines(page, pattern);
    if (found.length >= count || Date.now() > deadline) return found;
    await page.waitForTimeout(100);
  }
}

const NOTICES = /^(ann|bob|cat) (joined|left)$/;

describe('the conversation outlives the server', () => {
  let scene: Scene;
  let people: [Person, Person, Person];
  const names = ['ann', 'bob', 'cat'] as const;
  let roomPath: string;

  before(async () => {
    scene = await openRegisteredScene(names, {
      scripts: { ann: [RTC_INSTRUMENT], bob: [RTC_INSTRUMENT], cat: [RTC_INSTRUMENT] },
    });
    people = scene.people as [Person, Person, Person];
    const [ann, bob, cat] = people;
    roomPath = await meetInRoom('Outage', { ann, bob, cat });
  });
  after(() => scene?.close());

  /** Everyone sends PER_PERSON messages tagged `round`; every other page gets all of them, in order per sender. */
  async function chatWhileDown(round: string): Promise<void> {
    await Promise.all(
      people.map(async (p, i) => {
        for (let n = 0; n < PER_PERSON; n++) await say(p.page, `${round} ${names[i]} ${n}`);
      }),
    );
    let delivered = 0;
    for (const [i, p] of people.entries()) {
      for (const [j, sender] of names.entries()) {
        if (i === j) continue;
        const got = await waitForLines(p.page, new RegExp(`^${round} ${sender} \\d+$`), PER_PERSON);
        assert.deepEqual(
          got,
          Array.from({ length: PER_PERSON }, (_, n) => `${round} ${sender} ${n}`),
          `${names[i]} got ${sender}'s messages`,
        );
        delivered += got.length;
      }
    }
    console.log(`# ${round}: ${delivered} of ${PER_PERSON * 6} deliveries arrived while the server was down`);
  }

  async function restartedServer(): Promise<void> {
    const port = new URL(scene.server.url).port;
    scene.server = await startAppProcess({ PORT: port }, scene.server.dataDir);
    const listening = Date.now();
    for (const p of people) await serverNotice(p.page, false);
    console.log(`# every page showed the server connected again ${Date.now() - listening} ms after it listened`);
  }

  it('keeps the room open and carries every message while the server is killed, then resumes on the same connections', async () => {
    const noticesBefore = await Promise.all(people.map((p) => lines(p.page, NOTICES)));
    const connectionsBefore = await Promise.all(people.map((p) => peerConnectionCount(p.page)));
    await scene.server.stop({ keepData: true, signal: 'SIGKILL' });
    for (const p of people) await serverNotice(p.page, true);
    await chatWhileDown('killed');
    await restartedServer();
    for (const [i, p] of people.entries()) {
      for (const other of names.filter((_, j) => j !== i)) await connectedTo(p.page, other);
      await p.page.getByRole('heading', { name: 'People (3)' }).waitFor({ timeout: TIMEOUT });
      assert.deepEqual(await lines(p.page, NOTICES), noticesBefore[i], `${names[i]} saw no joined/left notices`);
    }
    // Resumed, not rejoined: the same data channels carry on, and still carry messages.
    assert.deepEqual(await Promise.all(people.map((p) => peerConnectionCount(p.page))), connectionsBefore);
    await say(people[0].page, 'after the restart');
    for (const p of people.slice(1))
      assert.deepEqual(await waitForLines(p.page, /^after the restart$/, 1), ['after the restart']);
  });

  it('does the same through a graceful restart (SIGTERM, a deploy)', async () => {
    await scene.server.stop({ keepData: true, signal: 'SIGTERM' });
    for (const p of people) await serverNotice(p.page, true);
    await chatWhileDown('restarted');
    await restartedServer();
  });

  it('lets a newcomer join after the restart and talk with everyone', async () => {
    const dan = await newPerson(scene.browser, scene.server.url);
    await register(dan.page, 'dan');
    await dan.page.goto(roomPath);
    await inRoom(dan.page);
    for (const other of names) await connectedTo(dan.page, other);
    await say(dan.page, 'hello from the newcomer');
    for (const p of people) await waitForLines(p.page, /^hello from the newcomer$/, 1);
    for (const p of people) assert.equal((await lines(p.page, /^hello from the newcomer$/)).length, 1);
    // While the server was down each page logged its failed attempts to reach it; nothing else went wrong.
    const outage = /^WebSocket connection to .* failed/;
    assert.deepEqual(
      unexpectedErrors([...people, dan]).filter((e) => !outage.test(e)),
      [],
    );
  });
});
