import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import {
  connectedTo,
  conversation,
  createRoom,
  inRoom,
  personRow,
  say,
  seesInConversation,
  TIMEOUT,
} from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

describe('a profile change reaches the rooms its person is in', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let cat: Person;
  const hello = `Hi Ann, Bob here ${Date.now()}`;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob', 'cat']);
    [ann, bob, cat] = scene.people as [Person, Person, Person];
  });
  after(() => scene?.close());

  it('brings Ann and Bob into one room, where Bob says hello', async () => {
    const roomPath = await createRoom(ann.page, 'Renames');
    await bob.page.goto(roomPath);
    await inRoom(bob.page);
    await connectedTo(ann.page, 'bob');
    await say(bob.page, hello);
    await seesInConversation(ann.page, hello);
  });

  it("shows Bob's new name in Ann's people list, on his line and in the lobby once he renames himself", async () => {
    await bob.page.getByRole('link', { name: 'My profile' }).click();
    await bob.page.getByLabel('Display name').fill('Bobby Tables');
    await bob.page.getByRole('button', { name: 'Save profile' }).click();
    await bob.page.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor({ timeout: TIMEOUT });
    const saved = Date.now();

    await personRow(ann.page, 'Bobby Tables').waitFor({ timeout: TIMEOUT });
    console.log(`# Ann's people list showed the new name ${Date.now() - saved} ms after Bob's page said saved`);
    const line = conversation(ann.page).getByRole('listitem').filter({ hasText: hello });
    await line.getByText('Bobby Tables', { exact: true }).waitFor({ timeout: TIMEOUT });
    await cat.page
      .getByRole('list', { name: 'Open rooms' })
      .getByRole('listitem', { name: 'Renames' })
      .getByLabel(/^Inside: .*Bobby Tables/)
      .waitFor({ timeout: TIMEOUT });
  });

  it('leaves the browsers without unexpected errors', () => {
    assert.deepEqual(unexpectedErrors([ann, bob, cat]), []);
  });
});
