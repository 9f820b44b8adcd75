import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unexpectedErrors } from '../support/accounts.ts';
import type { AppProcess } from '../support/app-process.ts';
import type { Person } from '../support/browser.ts';
import { connectedTo, createRoom, inRoom, leaveRoom, TIMEOUT } from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

describe('rooms: the lobby and the owner’s powers', () => {
  let scene: Scene;
  let server: AppProcess;
  let ann: Person;
  let bob: Person;
  let roomPath: string;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob'], { env: { ROOM_GRACE_MS: '1500' } });
    ({ server } = scene);
    [ann, bob] = scene.people as [Person, Person];
  });
  after(() => scene?.close());

  const lobbyRoom = (p: Person, name: string) =>
    p.page.getByRole('list', { name: 'Open rooms' }).getByRole('listitem', { name });

  it('shows an empty lobby, then a room as soon as someone starts it, with who is inside', async () => {
    await bob.page.getByText('No rooms are open right now').waitFor({ timeout: TIMEOUT });
    roomPath = await createRoom(ann.page, 'Book club', 'Dune, part one');
    const row = lobbyRoom(bob, 'Book club');
    await row.waitFor({ timeout: TIMEOUT });
    await row.getByText('Dune, part one').waitFor();
    await row.getByText(/Started by ann · 1 person inside/).waitFor({ timeout: TIMEOUT });
  });

  it('lets Bob join from the lobby; both are in the room', async () => {
    await lobbyRoom(bob, 'Book club').getByRole('link', { name: 'Join Book club' }).click();
    await inRoom(bob.page);
    assert.equal(new URL(bob.page.url()).pathname, roomPath);
    await bob.page.getByRole('heading', { name: 'Book club' }).waitFor();
    await bob.page.getByText('Dune, part one').waitFor();
    await connectedTo(ann.page, 'bob');
    // Only the owner sees the owner's controls.
    assert.equal(await bob.page.getByRole('button', { name: /Edit room/ }).count(), 0);
  });

  it('lets the owner rename the room and change its topic; both see it at once', async () => {
    await ann.page.getByRole('button', { name: 'Edit room “Book club”' }).click();
    await ann.page.getByLabel('Room name').fill('Reading circle');
    await ann.page.getByLabel('Topic').fill('Dune, part two');
    await ann.page.getByRole('button', { name: 'Save' }).click();
    for (const p of [ann, bob]) {
      await p.page.getByRole('heading', { name: 'Reading circle' }).waitFor({ timeout: TIMEOUT });
      await p.page.getByText('Dune, part two').waitFor();
    }
    await bob.page.getByText('The room is now called “Reading circle”').waitFor();
  });

  it('lets the owner delete the room after confirming; Bob is returned to the lobby with a notice', async () => {
    await ann.page.getByRole('button', { name: 'Delete room “Reading circle”' }).click();
    await ann.page.getByRole('button', { name: 'Yes, delete it' }).click();
    for (const p of [ann, bob]) {
      await p.page
        .getByRole('status')
        .filter({ hasText: '“Reading circle” was deleted by ann.' })
        .waitFor({ timeout: TIMEOUT });
      assert.equal(new URL(p.page.url()).pathname, '/');
    }
    await bob.page.getByText('No rooms are open right now').waitFor();
    const gone = await bob.page.request.get(`${server.url}/api${roomPath}`);
    assert.equal(gone.status(), 404);
  });

  it('a room nobody enters disappears from the lobby after the grace period', async () => {
    await createRoom(ann.page, 'Fleeting');
    await lobbyRoom(bob, 'Fleeting').waitFor({ timeout: TIMEOUT });
    await leaveRoom(ann.page);
    await lobbyRoom(bob, 'Fleeting').waitFor({ state: 'detached', timeout: TIMEOUT });
    assert.deepEqual(unexpectedErrors([ann, bob]), []);
  });
});
