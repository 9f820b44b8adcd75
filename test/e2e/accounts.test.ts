import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page, WebSocket } from 'playwright-core';
import { createSuperuser, logIn, PASSWORD, register, unexpectedErrors } from '../support/accounts.ts';
import type { AppProcess } from '../support/app-process.ts';
import { newPerson, type Person } from '../support/browser.ts';
import { solidPng } from '../support/png.ts';
import { openScene, type Scene } from '../support/scene.ts';

const TIMEOUT = 20_000;

const path = (page: Page) => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
};

/** Waits until `page`'s address is `expected` (client-side navigation fires no load event). */
async function at(page: Page, expected: string): Promise<void> {
  await page.waitForURL((url) => `${url.pathname}${url.search}` === expected, { timeout: TIMEOUT });
}

/** True once `avatar` (found by role and name) is a real, loaded picture rather than initials. */
async function isLoadedPicture(avatar: Locator): Promise<{ tag: string; loaded: boolean; src: string }> {
  return avatar.evaluate((el) => ({
    tag: el.tagName,
    loaded: el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
    src: el.getAttribute('src') ?? '',
  }));
}

/** Calls `GET /api/auth/me` outside the browser with exactly these cookies. */
async function me(url: string, cookie: string): Promise<number> {
  const response = await fetch(new URL('/api/auth/me', url), { headers: { Cookie: cookie } });
  return response.status;
}

/** Starts a room from the lobby and enters it; returns its address. */
async function createRoom(page: Page, name: string): Promise<string> {
  await page.goto('/');
  await page.getByLabel('Room name').fill(name);
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.getByRole('textbox', { name: 'Message', exact: true }).waitFor({ timeout: TIMEOUT });
  return new URL(page.url()).pathname;
}

/** `name`'s row in the room's people list. */
const memberRow = (page: Page, name: string) =>
  page.getByRole('list', { name: 'People in this room' }).getByRole('listitem').filter({ hasText: name });

async function seesInConversation(page: Page, text: string): Promise<void> {
  await page.getByRole('log', { name: 'Conversation' }).getByText(text, { exact: true }).waitFor({ timeout: TIMEOUT });
}

describe('accounts, profiles and the people directory in the browser', () => {
  let scene: Scene;
  let server: AppProcess;
  let browser: Browser;
  let ann: Person;
  let bob: Person;
  /** The address of the room Ann starts. */
  let room = '';

  before(async () => {
    scene = await openScene(2);
    ({ server, browser } = scene);
    [ann, bob] = scene.people as [Person, Person];
  });
  after(() => scene?.close());

  it('sends a logged-out visitor to Log in, and after registering back to the page they asked for', async () => {
    await ann.page.goto('/people');
    await at(ann.page, '/login?next=%2Fpeople');
    await ann.page.getByRole('heading', { name: 'Log in' }).waitFor();
    await ann.page.getByRole('link', { name: 'Create an account' }).click();
    await at(ann.page, '/register?next=%2Fpeople');

    await ann.page.getByLabel('Username', { exact: true }).fill('ann');
    await ann.page.getByLabel('Password', { exact: true }).fill('short');
    await ann.page.getByRole('button', { name: 'Create account' }).click();
    const password = ann.page.getByLabel('Password', { exact: true });
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    await ann.page.getByRole('alert').filter({ hasText: 'at least 8' }).waitFor();

    await password.fill(PASSWORD);
    await ann.page.getByRole('button', { name: 'Create account' }).click();
    await at(ann.page, '/people');
    await ann.page.getByRole('heading', { name: 'People' }).waitFor();
    await ann.page.getByRole('navigation', { name: 'Main' }).getByText('ann', { exact: true }).waitFor();

    await register(bob.page, 'bob');
    assert.equal(path(bob.page), '/');
    await bob.page.getByRole('heading', { name: 'Start a room' }).waitFor();
  });

  it('refuses a username that is taken, at the username field', async () => {
    const stranger = await newPerson(browser, server.url);
    await stranger.page.goto('/register');
    await stranger.page.getByLabel('Username', { exact: true }).fill('Ann');
    await stranger.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await stranger.page.getByRole('button', { name: 'Create account' }).click();
    await stranger.page.getByRole('alert').filter({ hasText: 'That username is taken.' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await stranger.page.getByLabel('Username', { exact: true }).getAttribute('aria-invalid'), 'true');
    await stranger.context.close();
  });

  it('lets Ann change her display name and upload a picture, previewed first', async () => {
    const page = ann.page;
    await page.getByRole('link', { name: 'My profile' }).click();
    await at(page, '/profile');
    await page.getByLabel('Display name').fill('Ann Lee');
    await page.getByLabel('About you').fill('Plays the cello.');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor({ timeout: TIMEOUT });
    await page.getByRole('navigation', { name: 'Main' }).getByText('Ann Lee', { exact: true }).waitFor();

    await page.getByLabel('Choose a picture').setInputFiles({
      name: 'ann.png',
      mimeType: 'image/png',
      buffer: solidPng(64, 64, [200, 40, 90]),
    });
    const preview = page.getByRole('img', { name: 'Preview of your new picture' });
    assert.match((await isLoadedPicture(preview)).src, /^blob:/);
    await page.getByRole('button', { name: 'Upload picture' }).click();
    await page.getByRole('status').filter({ hasText: 'Picture updated.' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await preview.count(), 0);
    const avatar = page.getByRole('region', { name: 'Picture' }).getByRole('img', { name: 'Ann Lee' });
    await page.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
      await avatar.elementHandle(),
    );
    assert.match((await isLoadedPicture(avatar)).src, /^\/api\/users\/ann\/avatar\?v=/);
  });

  it("shows Bob Ann's new name and picture in People, and her profile", async () => {
    const page = bob.page;
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByLabel('Search people').fill('lee');
    await page
      .getByRole('status')
      .filter({ hasText: /^1 person$/ })
      .waitFor({ timeout: TIMEOUT });
    const row = page.getByRole('list', { name: 'People' }).getByRole('listitem').filter({ hasText: 'Ann Lee' });
    assert.equal(await page.getByRole('list', { name: 'People' }).getByRole('listitem').count(), 1);
    const avatar = row.getByRole('img', { name: 'Ann Lee' });
    await page.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
      await avatar.elementHandle(),
    );
    const picture = await isLoadedPicture(avatar);
    assert.equal(picture.tag, 'IMG');
    assert.match(picture.src, /^\/api\/users\/ann\/avatar\?v=/);
    await row.getByRole('img', { name: /^(Online|Offline)$/ }).waitFor();

    await row.getByRole('link', { name: 'Ann Lee' }).click();
    await at(page, '/people/ann');
    await page.getByRole('heading', { name: 'Ann Lee', level: 1 }).waitFor();
    await page.getByText('Plays the cello.').waitFor();
  });

  it("ends Ann's session on Log out: her socket is cut and her old cookie is refused", async () => {
    const socket: Promise<WebSocket> = ann.page.waitForEvent('websocket', { timeout: TIMEOUT });
    room = await createRoom(ann.page, 'Accounts');
    const annSocket = await socket;
    await bob.page.goto(room);
    await seesInConversation(ann.page, 'bob joined');
    await memberRow(bob.page, 'Ann Lee')
      .filter({ hasText: /connected · (direct|via relay)$/ })
      .waitFor({ timeout: TIMEOUT });

    const cookies = await ann.context.cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    assert.ok(
      cookies.some((c) => c.httpOnly && c.sameSite === 'Lax'),
      'the session cookie is HttpOnly and Lax',
    );
    assert.equal(await me(server.url, cookie), 200, 'the saved cookie works before logging out');

    // Log out from a second tab, which has no socket of its own: the room tab's socket can only be cut by the server.
    const closed = annSocket.waitForEvent('close', { timeout: TIMEOUT });
    const otherTab = await ann.context.newPage();
    await otherTab.goto('/people');
    await otherTab.getByRole('button', { name: 'Log out' }).click();
    await at(otherTab, '/login');
    await closed;
    await memberRow(bob.page, 'Ann Lee').waitFor({ state: 'detached', timeout: TIMEOUT });
    // The room tab finds out its session is over and offers Log in, remembering the room.
    await at(ann.page, `/login?next=${encodeURIComponent(room)}`);
    assert.equal(await me(server.url, cookie), 401, 'the old cookie is refused after logging out');

    await logIn(ann.page, 'ann');
    await at(ann.page, room);
    await memberRow(bob.page, 'Ann Lee')
      .filter({ hasText: /connected · (direct|via relay)$/ })
      .waitFor({ timeout: TIMEOUT });
    await otherTab.close();
  });

  it('lets an administrator disable and enable an account', async () => {
    await createSuperuser(server.dataDir, 'root');
    const admin = await newPerson(browser, server.url);
    await admin.page.goto('/admin');
    await at(admin.page, '/login?next=%2Fadmin');
    await logIn(admin.page, 'root');
    await at(admin.page, '/admin');
    await admin.page.getByRole('table', { name: 'Admin' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await ann.page.getByRole('link', { name: 'Admin' }).count(), 0, 'only administrators see Admin');

    await admin.page.getByRole('button', { name: 'Disable bob' }).click();
    await admin.page.getByRole('button', { name: 'Enable bob' }).waitFor({ timeout: TIMEOUT });
    // Disabling cut Bob's socket: he is out of the room and his tab is back at Log in.
    await memberRow(ann.page, 'bob').waitFor({ state: 'detached', timeout: TIMEOUT });
    await at(bob.page, `/login?next=${encodeURIComponent(room)}`);
    await logIn(bob.page, 'bob');
    await bob.page.getByRole('alert').filter({ hasText: 'disabled' }).waitFor({ timeout: TIMEOUT });

    await admin.page.getByRole('button', { name: 'Enable bob' }).click();
    await admin.page.getByRole('button', { name: 'Disable bob' }).waitFor({ timeout: TIMEOUT });
    await logIn(bob.page, 'bob');
    await at(bob.page, room);
    await memberRow(ann.page, 'bob')
      .filter({ hasText: /connected · (direct|via relay)$/ })
      .waitFor({ timeout: TIMEOUT });
    // 403: Bob's login while disabled.
    assert.deepEqual(unexpectedErrors([ann, bob, admin], [401, 403]), []);
    await admin.context.close();
  });
});
