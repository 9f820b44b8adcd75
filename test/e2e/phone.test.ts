import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { createSuperuser, logIn, register } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { connectedTo, conversation, createRoom, inRoom, TIMEOUT } from '../support/room-ui.ts';
import { openScene, type Scene } from '../support/scene.ts';

const PHONE = { width: 390, height: 844 };
const SHOTS = 'docs/screenshots';

/** Brings `locator` into view (where its page scrolls) and checks all of it lies inside the phone's viewport. */
async function onScreen(locator: Locator, what: string): Promise<void> {
  await locator.waitFor({ timeout: TIMEOUT });
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  assert.ok(box, `${what} has a box`);
  const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= PHONE.width && box.y + box.height <= PHONE.height;
  assert.ok(inside, `${what} is on screen: ${JSON.stringify(box)}`);
}

/** Whether the page is wider than the phone (a sideways scroll). */
async function sidewaysScroll(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
}

describe('on a phone (390×844)', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let phone: Page;
  let roomPath: string;

  before(async () => {
    scene = await openScene(1);
    [bob] = scene.people as [Person];
    await createSuperuser(scene.server.dataDir, 'ann');
    const context = await scene.browser.newContext({
      baseURL: scene.server.url,
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 1,
    });
    phone = await context.newPage();
    ann = { context, page: phone, frames: [], errors: [] };
    phone.on('pageerror', (err) => ann.errors.push(String(err)));
    await phone.goto('/login');
    await logIn(phone, 'ann');
    await phone.getByRole('button', { name: 'Log out' }).waitFor({ timeout: TIMEOUT });
    await register(bob.page, 'bob');
    roomPath = await createRoom(phone, 'Pocket', 'Chat from a phone');
    await bob.page.goto(roomPath);
    await inRoom(bob.page);
    mkdirSync(SHOTS, { recursive: true });
  });
  after(() => scene?.close());

  it('gives the conversation most of the height and folds the people into a button', async () => {
    await inRoom(phone);
    const toggle = phone.getByRole('button', { name: /^People \(2\)/ });
    await onScreen(toggle, 'the People toggle');
    assert.equal(await phone.getByRole('list', { name: 'People in this room' }).isVisible(), false, 'folded');
    await onScreen(phone.getByRole('textbox', { name: 'Message', exact: true }), 'the composer');
    const log = await conversation(phone).boundingBox();
    assert.ok(log, 'the conversation has a box');
    console.log(
      `conversation: ${Math.round(log.height)} of ${PHONE.height} px (${Math.round((100 * log.height) / PHONE.height)}%)`,
    );
    assert.ok(log.height > PHONE.height / 2, `the conversation gets most of the height (${log.height} px)`);
    await phone.screenshot({ path: `${SHOTS}/phone-room.png` });
  });

  it('opens the people list and a personal message to Bob, Send button on screen', async () => {
    await phone.getByRole('button', { name: /^People \(2\)/ }).click();
    await connectedTo(phone, 'bob');
    await phone.getByRole('button', { name: /bob/ }).filter({ hasText: 'connected' }).click();
    const form = phone.getByRole('form', { name: 'Personal message to bob' });
    await onScreen(form.getByRole('textbox'), 'the personal message box');
    await form.getByRole('textbox').fill('Hello from my phone');
    const send = form.getByRole('button', { name: 'Send to bob' });
    await onScreen(send, 'Send to bob');
    await phone.screenshot({ path: `${SHOTS}/phone-people.png` });
    await send.click();
    await conversation(bob.page).getByText('Hello from my phone').waitFor({ timeout: TIMEOUT });
  });

  it("puts the admin page's Disable button on screen", async () => {
    await phone.goto('/admin');
    await onScreen(phone.getByRole('button', { name: 'Disable bob' }), 'Disable bob');
    await phone.screenshot({ path: `${SHOTS}/phone-admin.png` });
  });

  it('never scrolls sideways', async () => {
    const pages = [roomPath, '/', '/people', '/people/bob', '/profile', '/admin'];
    for (const path of pages) {
      await phone.goto(path);
      await phone.getByRole('heading', { level: 1 }).first().waitFor({ timeout: TIMEOUT });
      const { scrollWidth, innerWidth } = await sidewaysScroll(phone);
      console.log(`${path}: scrollWidth ${scrollWidth}, innerWidth ${innerWidth}`);
      assert.ok(scrollWidth <= innerWidth, `${path} scrolls sideways (${scrollWidth} > ${innerWidth})`);
    }
    await phone.goto('/login');
    await phone.context().clearCookies();
    for (const path of ['/login', '/register']) {
      await phone.goto(path);
      await phone.getByRole('heading', { level: 1 }).first().waitFor({ timeout: TIMEOUT });
      const { scrollWidth, innerWidth } = await sidewaysScroll(phone);
      assert.ok(scrollWidth <= innerWidth, `${path} scrolls sideways (${scrollWidth} > ${innerWidth})`);
    }
  });

  it('can be installed: a manifest with icons, served with its type', async () => {
    const href = await phone.locator('link[rel="manifest"]').getAttribute('href');
    assert.equal(href, '/manifest.webmanifest');
    const res = await phone.request.get(href);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /^application\/manifest\+json/);
    const manifest = (await res.json()) as Record<string, any>;
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.name && manifest.short_name && manifest.theme_color);
    for (const icon of manifest.icons as { src: string; type: string }[]) {
      const image = await phone.request.get(icon.src);
      assert.equal(image.status(), 200, icon.src);
      assert.equal(image.headers()['content-type']?.split(';')[0], icon.type, icon.src);
    }
    assert.deepEqual(ann.errors, [], 'no page errors (a CSP refusal of the manifest would be one)');
  });
});
