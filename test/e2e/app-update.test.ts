import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Person } from '../support/browser.ts';
import { inRoom, TIMEOUT } from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

const MESSAGE = 'Part of Dialog could not be loaded. Dialog may have been updated: reload the page.';

/**
 * What a page sees once the server restarted with a newer build: the app's files it has not fetched yet are gone
 * (404), so the code of a page or of the room cannot arrive.
 */
async function newBuildServed(page: Page): Promise<void> {
  await page.route('**/assets/*.js', (route) => route.fulfill({ status: 404, body: 'Not found' }));
}

/** The app says it could not load part of itself and offers a reload, which brings the page back. */
async function reloadsFromTheMessage(page: Page): Promise<void> {
  await page.getByRole('alert').filter({ hasText: MESSAGE }).waitFor({ timeout: TIMEOUT });
  await page.unrouteAll();
  await page.getByRole('button', { name: 'Reload' }).click();
}

describe('code a page fetches on demand, after the server moved to a newer build', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
    [ann, bob] = scene.people as [Person, Person];
  });

  after(() => scene.close());

  it('a page whose code cannot be fetched says so with a Reload button, which brings the page', async () => {
    const { page } = ann;
    await newBuildServed(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' }).click();
    await reloadsFromTheMessage(page);
    await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor({ timeout: TIMEOUT });
  });

  it('a room whose code cannot be fetched says so with a Reload button, which enters the room', async () => {
    const { page } = bob;
    await newBuildServed(page);
    await page.getByLabel('Room name').fill('Porch');
    await page.getByRole('button', { name: 'Create room' }).click();
    await reloadsFromTheMessage(page);
    await inRoom(page);
    assert.match(new URL(page.url()).pathname, /^\/rooms\//);
  });
});
