import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { logIn, register, unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { TIMEOUT } from '../support/room-ui.ts';
import { openScene, type Scene } from '../support/scene.ts';

/** The People page's dot for `username`, by what it says ('Online' or 'Offline'). */
function dot(page: Page, username: string, state: 'Online' | 'Offline') {
  return page
    .getByRole('listitem')
    .filter({ hasText: `@${username}` })
    .getByRole('img', { name: state, exact: true });
}

/**
 * In the page: Ann's own presence dots (her row on People, or the dot on her profile) as their `online` flags, or
 * false until one shows. No named inner functions: the test bundler would wrap them in a helper the page lacks.
 */
function ownDots(path: string): boolean[] | false {
  const dots: Element[] = [];
  const roots: (Document | ShadowRoot)[] = [document];
  for (let root = roots.pop(); root; root = roots.pop()) {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
      if (el.tagName === 'PRESENCE-DOT') dots.push(el);
    }
  }
  const mine = path === '/people' ? dots.filter((d) => d.closest('li')?.textContent?.includes('@ann')) : dots;
  return mine.length > 0 ? mine.map((d) => (d as Element & { online: boolean }).online) : false;
}

async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('button', { name: 'Log in' }).waitFor({ timeout: TIMEOUT });
}

describe('live presence', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openScene(2);
    [ann, bob] = scene.people as [Person, Person];
    await register(bob.page, 'bob');
    await logOut(bob.page);
    await register(ann.page, 'ann');
  });
  after(() => scene?.close());

  it('People shows Bob go Online when he logs in and Offline when he logs out, without reloading', async () => {
    await ann.page.goto('/people');
    await dot(ann.page, 'bob', 'Offline').waitFor({ timeout: TIMEOUT });
    // Nothing reloads Ann's page from here on: a marker on the window would be gone if it did.
    await ann.page.evaluate(() => Object.assign(window, { stayed: true }));

    await logIn(bob.page, 'bob');
    await dot(ann.page, 'bob', 'Online').waitFor({ timeout: TIMEOUT });

    await logOut(bob.page);
    await dot(ann.page, 'bob', 'Offline').waitFor({ timeout: TIMEOUT });
    assert.equal(await ann.page.evaluate(() => 'stayed' in window), true, 'the same page all along');
  });

  it("Bob's profile page follows him online and offline too", async () => {
    await ann.page.goto('/people/bob');
    const status = ann.page.locator('presence-dot');
    await ann.page.getByText('Offline', { exact: true }).waitFor({ timeout: TIMEOUT });
    await logIn(bob.page, 'bob');
    await ann.page.getByText('Online', { exact: true }).waitFor({ timeout: TIMEOUT });
    assert.equal(await status.evaluate((d) => (d as HTMLElement & { online: boolean }).online), true);
    await logOut(bob.page);
    await ann.page.getByText('Offline', { exact: true }).waitFor({ timeout: TIMEOUT });
  });

  it('Ann never sees herself Offline, straight after a page load', async () => {
    // Ann's socket is held back, so the server's list (asked before any push) really says she is offline.
    const held = (ws: { url(): string }) => void ws.url();
    await ann.page.routeWebSocket(/socket\.io/, held);
    for (const path of ['/people', '/people/ann']) {
      await ann.page.goto(path);
      // Count Ann's own "Offline" from the first moment her row or profile shows, before any push could fix it.
      const offline = await ann.page.waitForFunction(ownDots, path, {
        timeout: TIMEOUT,
        polling: 'raf',
      });
      assert.deepEqual(await offline.jsonValue(), [true], `${path}: Ann shows as online`);
    }
    await ann.page.unrouteAll();
    assert.deepEqual(unexpectedErrors(scene.people), []);
  });
});
