import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unexpectedErrors } from '../support/accounts.ts';
import { setHidden, titleIs } from '../support/attention-ui.ts';
import type { Person } from '../support/browser.ts';
import { conversation, meetInRoom, say, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

describe('attention: unread count and title while Bob looks elsewhere', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
    [ann, bob] = scene.people as [Person, Person];
    await meetInRoom('Book club', { ann, bob });
  });
  after(() => scene?.close());

  it("titles the tab with the room's name, also after a rename", async () => {
    await titleIs(bob.page, 'Book club · Dialog');
    await ann.page.getByRole('button', { name: 'Edit room “Book club”' }).click();
    await ann.page.getByLabel('Room name').fill('Reading circle');
    await ann.page.getByRole('button', { name: 'Save' }).click();
    await titleIs(bob.page, 'Reading circle · Dialog');
    await titleIs(ann.page, 'Reading circle · Dialog');
  });

  it("counts Ann's messages in Bob's title while his tab is hidden, and clears the count when he looks", async () => {
    await setHidden(bob.page, true);
    const lines = [1, 2, 3].map((n) => `While you were away ${n} ${Date.now()}`);
    for (const line of lines) await say(ann.page, line);
    await seesInConversation(bob.page, lines[2] as string);
    await titleIs(bob.page, '(3) Reading circle · Dialog');
    // Ann was looking all along: her own messages count nowhere.
    assert.equal(await ann.page.title(), 'Reading circle · Dialog');

    await setHidden(bob.page, false);
    await titleIs(bob.page, 'Reading circle · Dialog');
  });

  it('shows the count in the navigation while Bob is on another page, until he goes back to the room', async () => {
    await bob.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await bob.page.getByRole('link', { name: /^You're in Reading circle — back/ }).waitFor({ timeout: TIMEOUT });
    const line = `Are you there, Bob? ${Date.now()}`;
    await say(ann.page, line);
    const chip = bob.page.getByRole('link', { name: "You're in Reading circle — back 1 new message" });
    await chip.waitFor({ timeout: TIMEOUT });
    const rooms = bob.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rooms 1 unread' });
    await rooms.waitFor({ timeout: TIMEOUT });
    await titleIs(bob.page, '(1) People · Dialog');

    await chip.click();
    await seesInConversation(bob.page, line);
    await titleIs(bob.page, 'Reading circle · Dialog');
    await bob.page.getByRole('link', { name: 'Rooms', exact: true }).waitFor({ timeout: TIMEOUT });
  });

  it('renders an https address in a message as a link, and a javascript: one as text', async () => {
    const address = `https://example.com/notes?from=ann&t=${Date.now()}`;
    await say(ann.page, `Notes: ${address}. And javascript:alert(document.domain) <b>bold</b>`);
    const link = conversation(bob.page).getByRole('link', { name: address });
    await link.waitFor({ timeout: TIMEOUT });
    assert.equal(await link.getAttribute('href'), address);
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await conversation(bob.page).getByRole('link').count(), 1, 'only the https address is a link');
    assert.equal(await conversation(bob.page).locator('b').count(), 0, 'markup stays text');
    assert.deepEqual(unexpectedErrors([ann, bob]), []);
  });
});
