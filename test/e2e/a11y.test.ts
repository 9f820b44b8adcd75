import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createSuperuser, logIn, register, unexpectedErrors } from '../support/accounts.ts';
import { axe } from '../support/axe.ts';
import type { Person } from '../support/browser.ts';
import { solidPng } from '../support/png.ts';
import { connectedTo, conversation, createRoom, inRoom, say, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { openScene, type Scene } from '../support/scene.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 720 };

describe('accessibility: axe finds nothing on any page state, light and dark', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  /** Every state checked: [state, scheme, violations]. */
  const table: [string, string, number][] = [];
  const found: string[] = [];

  /** Checks `page` as it is now in both colour schemes; collects what axe finds (asserted at the end). */
  async function check(page: Page, state: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const violations = await axe(page);
      table.push([state, scheme, violations.length]);
      for (const v of violations)
        found.push(`${state} (${scheme}): ${v.id} [${v.impact}] ${v.help}\n    ${v.nodes.join('\n    ')}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  before(async () => {
    scene = await openScene(2);
    [ann, bob] = scene.people as [Person, Person];
    for (const p of scene.people) await p.page.setViewportSize(DESKTOP);
    await createSuperuser(scene.server.dataDir, 'ann');
  });
  after(async () => {
    console.log(`\n${'page state'.padEnd(44)} ${'scheme'.padEnd(6)} violations`);
    for (const [state, scheme, n] of table) console.log(`${state.padEnd(44)} ${scheme.padEnd(6)} ${n}`);
    await scene?.close();
  });

  it('logged out: log in (empty and refused) and create an account with field errors', async () => {
    const page = bob.page;
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Log in', level: 1 }).waitFor({ timeout: TIMEOUT });
    await check(page, 'log in');
    await logIn(page, 'nobody', 'not the password at all');
    await page.getByRole('alert').first().waitFor({ timeout: TIMEOUT });
    await check(page, 'log in, refused');
    await page.goto('/register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').first().waitFor({ timeout: TIMEOUT });
    await check(page, 'create an account, field errors');
  });

  it('the lobby, empty and with a room, and the new-room form with errors', async () => {
    await register(bob.page, 'bob');
    await bob.page.getByRole('heading', { name: 'Rooms', level: 1 }).waitFor({ timeout: TIMEOUT });
    await check(bob.page, 'lobby, no rooms');
    await bob.page.getByRole('button', { name: 'Create room' }).click();
    await bob.page.getByRole('alert').first().waitFor({ timeout: TIMEOUT });
    await check(bob.page, 'lobby, new-room form with errors');

    await ann.page.goto('/login');
    await logIn(ann.page, 'ann');
    await ann.page.getByRole('button', { name: 'Log out' }).waitFor({ timeout: TIMEOUT });
    await createRoom(ann.page, 'Book club', 'Chapters one to three');
    await bob.page
      .getByRole('link', { name: /Book club/ })
      .first()
      .waitFor({ timeout: TIMEOUT });
    await check(bob.page, 'lobby, one room');
  });

  it('a room with two people and an overflowing conversation, its forms and dialog', async () => {
    await bob.page
      .getByRole('link', { name: /Book club/ })
      .first()
      .click();
    await inRoom(bob.page);
    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');
    for (let n = 1; n <= 30; n++) await say(ann.page, `Line ${n} of the first chapter`);
    await seesInConversation(bob.page, 'Line 30 of the first chapter');
    await say(bob.page, 'I read it too');
    await seesInConversation(ann.page, 'I read it too');
    const log = conversation(bob.page);
    assert.ok(await log.evaluate((el) => el.scrollHeight > el.clientHeight), 'the conversation overflows (it scrolls)');
    // The keyboard reaches the conversation and scrolls it; receipts changing inside it are not announced.
    await log.focus();
    await bob.page.keyboard.press('Home');
    await bob.page.waitForFunction((el) => el?.scrollTop === 0, await log.elementHandle(), { timeout: TIMEOUT });
    assert.equal(await log.getAttribute('aria-relevant'), 'additions', 'the live region announces new lines only');
    await check(bob.page, 'room, overflowing conversation');
    await check(ann.page, 'room, as its owner (edit controls)');

    const annButton = bob.page.getByRole('button', { name: /ann/ }).filter({ hasText: 'connected' });
    await annButton.click();
    const form = bob.page.getByRole('form', { name: 'Personal message to ann' });
    await form.waitFor({ timeout: TIMEOUT });
    await check(bob.page, 'room, personal-message form open');
    await bob.page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached', timeout: TIMEOUT });
    assert.ok(await annButton.evaluate((el) => el.matches(':focus')), 'Escape gives focus back to the button');

    await bob.page.getByRole('button', { name: 'Leave room' }).click();
    await bob.page.getByRole('dialog', { name: /^Leave/ }).waitFor({ timeout: TIMEOUT });
    await check(bob.page, 'room, leave dialog');
    await bob.page.getByRole('button', { name: 'Stay' }).click();

    await bob.page.setViewportSize(PHONE);
    await check(bob.page, 'room, phone 390×844');
    await bob.page.getByRole('button', { name: /^People \(2\)/ }).click();
    await check(bob.page, 'room, phone, people open');
    await bob.page.setViewportSize(DESKTOP);
  });

  it('Conversations, People, a person, my profile with an avatar error, admin', async () => {
    const nav = bob.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: /^Conversations/ }).click();
    await bob.page.getByText('No conversations yet.').waitFor({ timeout: TIMEOUT });
    await check(bob.page, 'Conversations, none yet');
    await nav.getByRole('link', { name: /^People/ }).click();
    await bob.page.getByRole('heading', { name: 'People', level: 1 }).waitFor({ timeout: TIMEOUT });
    await bob.page.getByRole('link', { name: /ann/ }).first().waitFor({ timeout: TIMEOUT });
    await check(bob.page, 'People (room chip shown)');
    await bob.page.getByRole('link', { name: /ann/ }).first().click();
    await bob.page.getByRole('heading', { name: /ann/, level: 1 }).waitFor({ timeout: TIMEOUT });
    await check(bob.page, "a person's page");

    await bob.page.goto('/profile');
    // Named and typed as a PNG, but only its first bytes: the browser cannot read it.
    await bob.page.getByLabel('Choose a picture').setInputFiles({
      name: 'broken.png',
      mimeType: 'image/png',
      buffer: solidPng(8, 8, [200, 40, 40]).subarray(0, 40),
    });
    await bob.page
      .getByText('This file cannot be read as a picture. Choose another one.')
      .waitFor({ timeout: TIMEOUT });
    assert.equal(await bob.page.getByRole('img', { name: 'Preview of your new picture' }).count(), 0, 'no preview');
    assert.ok(await bob.page.getByRole('button', { name: 'Upload picture' }).isDisabled(), 'Upload stays off');
    await check(bob.page, 'my profile, unreadable picture chosen');

    await ann.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await ann.page.getByRole('button', { name: 'Disable bob' }).waitFor({ timeout: TIMEOUT });
    await check(ann.page, 'admin');
  });

  it('reports zero violations of any impact', () => {
    assert.equal(found.length, 0, `axe found:\n${found.join('\n')}`);
    assert.deepEqual(unexpectedErrors([ann, bob], [400, 401]), []);
  });
});
