import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { register, unexpectedErrors } from '../support/accounts.ts';
import { setHidden, titleIs } from '../support/attention-ui.ts';
import type { Person } from '../support/browser.ts';
import { connectedTo, createRoom, inRoom, personRow, say, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { openScene, type Scene } from '../support/scene.ts';

/**
 * Installed before the app's scripts: `window.Notification` recording every notification the page makes (then
 * making the real one) and every time it asks for permission; and a count of WebAudio tones played. On this plain
 * http address Chromium reports `permission` as 'denied' even when the context grants it (only its
 * `requestPermission()` answers 'granted'), so the recorder remembers that answer for the tab, as the browser
 * remembers a grant on an https site.
 */
const RECORDER = `(() => {
  const Real = window.Notification;
  let answer = sessionStorage.getItem('recorded-permission');
  window.__notifications = [];
  window.__asked = 0;
  window.__tones = 0;
  class Recorded extends Real {
    constructor(title, options) {
      window.__notifications.push({ title, body: (options && options.body) || '' });
      super(title, options);
    }
    static get permission() { return answer || Real.permission; }
    static async requestPermission() {
      window.__asked++;
      answer = await Real.requestPermission();
      sessionStorage.setItem('recorded-permission', answer);
      return answer;
    }
  }
  window.Notification = Recorded;
  const createOscillator = BaseAudioContext.prototype.createOscillator;
  BaseAudioContext.prototype.createOscillator = function () { window.__tones++; return createOscillator.call(this); };
})()`;

interface Shown {
  title: string;
  body: string;
}

const notifications = (page: Page) => page.evaluate('window.__notifications') as Promise<Shown[]>;
const tones = (page: Page) => page.evaluate('window.__tones') as Promise<number>;

/** Waits until the page has made `count` notifications; returns them. */
async function notified(page: Page, count: number): Promise<Shown[]> {
  await page.waitForFunction(
    (n) => (window as unknown as { __notifications: Shown[] }).__notifications.length >= n,
    count,
    {
      timeout: TIMEOUT,
    },
  );
  return notifications(page);
}

/** Ann sends Bob a personal message from the room's people list. */
async function personal(ann: Page, text: string): Promise<void> {
  const box = ann.getByRole('textbox', { name: 'Personal message to bob' });
  if (!(await box.isVisible()))
    await personRow(ann, 'bob')
      .getByRole('button', { name: /^bob connected/ })
      .click();
  await box.fill(text);
  await ann.getByRole('button', { name: 'Send to bob' }).click();
}

describe('desktop notifications, sound and muting while Bob’s tab is hidden', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openScene(1);
    [ann] = scene.people as [Person];
    const context = await scene.browser.newContext({ baseURL: scene.server.url, permissions: ['notifications'] });
    await context.addInitScript(RECORDER);
    bob = { context, page: await context.newPage(), frames: [], errors: [] };
    bob.page.on('pageerror', (err) => bob.errors.push(String(err)));
    bob.page.on('console', (msg) => msg.type() === 'error' && bob.errors.push(msg.text()));
    await register(ann.page, 'ann');
    await register(bob.page, 'bob');
  });
  after(() => scene?.close());

  it('asks for notifications only when Bob ticks them on his profile; both settings start off', async () => {
    await bob.page.goto('/profile');
    const notify = bob.page.getByRole('checkbox', { name: 'Desktop notifications' });
    const sound = bob.page.getByRole('checkbox', { name: 'Play a soft sound' });
    await notify.waitFor({ timeout: TIMEOUT });
    assert.equal(await notify.isChecked(), false, 'notifications start off');
    assert.equal(await sound.isChecked(), false, 'the sound starts off');
    assert.equal(await bob.page.evaluate('window.__asked'), 0, 'not asked before the click');
    await notify.check();
    await bob.page.getByText('You get a notification for personal messages').waitFor({ timeout: TIMEOUT });
    assert.equal(await bob.page.evaluate('window.__asked'), 1, 'asked once, on the click');
    await sound.check();
    // Kept for his account: still on after a reload.
    await bob.page.reload();
    await bob.page.getByRole('checkbox', { name: 'Play a soft sound', checked: true }).waitFor({ timeout: TIMEOUT });
    await bob.page
      .getByRole('checkbox', { name: 'Desktop notifications', checked: true })
      .waitFor({ timeout: TIMEOUT });
  });

  it('notifies a personal message and a mention, not a normal message', async () => {
    const room = await createRoom(ann.page, 'Book club');
    await bob.page.goto(room);
    await inRoom(bob.page);
    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');
    await bob.page.getByRole('button', { name: 'Mute', exact: true, pressed: false }).waitFor({ timeout: TIMEOUT });
    await setHidden(bob.page, true);

    await say(ann.page, 'A normal line for everyone');
    await seesInConversation(bob.page, 'A normal line for everyone');
    await personal(ann.page, 'Just for you, Bob');
    const [first] = await notified(bob.page, 1);
    await say(ann.page, 'Has @bob read chapter two?');
    const shown = await notified(bob.page, 2);
    console.log('notifications:', JSON.stringify(shown));
    assert.deepEqual(shown, [
      { title: 'ann · personal message', body: 'Just for you, Bob' },
      { title: 'ann · mention in Book club', body: 'Has @bob read chapter two?' },
    ]);
    assert.deepEqual(first, shown[0], 'the normal line before it made none');
    assert.equal(await tones(bob.page), 4, 'a soft two-note chime for each');
  });

  it('alerts nothing from a muted room, and still counts its unread messages, quietly', async () => {
    await setHidden(bob.page, false);
    await bob.page.getByRole('button', { name: 'Mute', exact: true }).click();
    await bob.page.getByRole('button', { name: 'Mute', exact: true, pressed: true }).waitFor({ timeout: TIMEOUT });
    await setHidden(bob.page, true);

    await personal(ann.page, 'Another one just for you');
    await say(ann.page, '@bob, still there?');
    await seesInConversation(bob.page, '@bob, still there?');
    await titleIs(bob.page, '(2) Book club · Dialog');
    assert.equal((await notifications(bob.page)).length, 2, 'no notification from a muted room');
    assert.equal(await tones(bob.page), 4, 'no sound from a muted room');

    await setHidden(bob.page, false);
    await bob.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await say(ann.page, 'Muted but counted');
    await bob.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Rooms 1 unread, muted' })
      .waitFor({ timeout: TIMEOUT });
    await bob.page
      .getByRole('link', { name: "You're in Book club — back 1 new message · muted" })
      .waitFor({ timeout: TIMEOUT });
    assert.deepEqual(unexpectedErrors([ann, bob]), []);
  });
});
