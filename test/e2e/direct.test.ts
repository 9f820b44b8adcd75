import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { register, unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { connectedTo, inRoom, personRow, say, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { openScene, type Scene } from '../support/scene.ts';

describe('a private conversation', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let cat: Person;
  let path = '';

  before(async () => {
    scene = await openScene(3);
    [ann, bob, cat] = scene.people as [Person, Person, Person];
    await register(ann.page, 'ann');
    await register(bob.page, 'bob');
    await register(cat.page, 'cat');
  });
  after(() => scene?.close());

  it('Ann messages Bob from his page; Bob opens the invitation and they chat', async () => {
    await bob.page.goto('/people');
    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Message bob' }).click();
    await inRoom(ann.page);
    path = new URL(ann.page.url()).pathname;
    await ann.page.getByRole('heading', { name: 'Conversation with bob' }).waitFor();
    await seesInConversation(ann.page, 'You invited bob.');
    assert.equal(await ann.page.getByRole('button', { name: /^Edit room/ }).count(), 0, 'nothing to rename');

    const invitation = bob.page.getByRole('list', { name: 'Invitations' }).getByRole('listitem');
    await invitation.filter({ hasText: 'ann invites you to' }).waitFor({ timeout: TIMEOUT });
    await invitation.getByRole('link', { name: /^Join/ }).click();
    await inRoom(bob.page);
    await bob.page.getByRole('heading', { name: 'Conversation with ann' }).waitFor();
    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');
    await say(ann.page, 'Just between us, Bob.');
    await seesInConversation(bob.page, 'Just between us, Bob.');
    await say(bob.page, 'Understood, Ann.');
    await seesInConversation(ann.page, 'Understood, Ann.');
  });

  it('shows Cat no trace of it in the lobby, and refuses her at its address', async () => {
    // A fresh lobby list while both are inside: the conversation is not in it.
    await cat.page.goto('/');
    await cat.page.getByText('No rooms are open right now').waitFor({ timeout: TIMEOUT });
    assert.equal(await cat.page.getByText(/ann & bob/).count(), 0);

    await cat.page.goto(path);
    await cat.page
      .getByRole('alert')
      .filter({ hasText: 'This conversation is private to the two people in it.' })
      .waitFor({ timeout: TIMEOUT });
    assert.equal(await cat.page.getByRole('textbox', { name: 'Message', exact: true }).count(), 0, 'no composer');
    assert.equal(await cat.page.getByRole('heading', { name: 'Conversation with bob' }).count(), 0);
    assert.equal(await cat.page.getByText('Just between us, Bob.').count(), 0);
    assert.equal(await personRow(ann.page, 'cat').count(), 0, 'Cat never appeared in the conversation');
    assert.deepEqual(unexpectedErrors([ann, bob]), []);
  });

  it('opens from the People list too, each pair its own conversation', async () => {
    await cat.page.goto('/people');
    await cat.page.getByRole('button', { name: 'Message ann' }).click();
    await inRoom(cat.page);
    await cat.page.getByRole('heading', { name: 'Conversation with ann' }).waitFor();
    assert.notEqual(new URL(cat.page.url()).pathname, path, "not Ann and Bob's conversation");
    assert.equal(await cat.page.getByText('Just between us, Bob.').count(), 0);
  });
});
