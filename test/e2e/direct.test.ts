import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { connectedTo, inRoom, personRow, say, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

/** "ann wants to talk." among the page's invitations. */
function talkNotice(page: Page) {
  return page
    .getByRole('list', { name: 'Invitations' })
    .getByRole('listitem')
    .filter({ hasText: 'ann wants to talk.' });
}

describe('a private conversation', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let cat: Person;
  let path = '';

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob', 'cat']);
    [ann, bob, cat] = scene.people as [Person, Person, Person];
  });
  after(() => scene?.close());

  it('Ann messages Bob from his page; Bob opens the invitation and they chat', async () => {
    await bob.page.goto('/people');
    const bobOtherTab = await bob.context.newPage();
    await bobOtherTab.goto('/');
    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Message bob' }).click();
    await inRoom(ann.page);
    path = new URL(ann.page.url()).pathname;
    await ann.page.getByRole('heading', { name: 'Conversation with bob' }).waitFor();
    await seesInConversation(ann.page, 'You invited bob.');
    assert.equal(await ann.page.getByRole('button', { name: /^Edit room/ }).count(), 0, 'nothing to rename');

    // Every page Bob has open hears it; "Not now" puts it away on that page only.
    for (const page of [bob.page, bobOtherTab]) await talkNotice(page).waitFor({ timeout: TIMEOUT });
    await bobOtherTab.getByRole('button', { name: "Not now: dismiss ann's invitation" }).click();
    assert.equal(await talkNotice(bobOtherTab).count(), 0, 'dismissed on that page');
    assert.equal(await talkNotice(bob.page).count(), 1, 'still on his other page');
    await bob.page.getByRole('link', { name: 'Open the conversation with ann' }).click();
    await inRoom(bob.page);
    await bob.page.getByRole('heading', { name: 'Conversation with ann' }).waitFor();
    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');
    await say(ann.page, 'Just between us, Bob.');
    await seesInConversation(bob.page, 'Just between us, Bob.');
    await say(bob.page, 'Understood, Ann.');
    await seesInConversation(ann.page, 'Understood, Ann.');
    assert.equal(await talkNotice(bob.page).count(), 0, 'the invitation is gone once used');
    await bobOtherTab.close();
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
