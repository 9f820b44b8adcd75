import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { connectedTo, inRoom, say, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

/** The row of the conversation with `name` in the Conversations list. */
function row(page: Page, name: string) {
  return page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: name });
}

/** Opens Conversations from the navigation, as a person would (the open conversation stays open in this tab). */
async function openList(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Conversations/ })
    .click();
  await page.getByRole('heading', { name: 'Conversations' }).waitFor();
}

describe('the Conversations list', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let cat: Person;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob', 'cat']);
    [ann, bob, cat] = scene.people as [Person, Person, Person];
  });
  after(() => scene?.close());

  it('says what to do while there is none, and that the text stays in this browser', async () => {
    await openList(bob.page);
    await bob.page.getByText('No conversations yet.').waitFor();
    await bob.page.getByText('The text of your conversations is kept only in this browser.').waitFor();
  });

  it("shows Bob Ann's conversation with its last message and a live unread count that clears on reading", async () => {
    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Message bob' }).click();
    await inRoom(ann.page);
    await bob.page.getByRole('link', { name: 'Open the conversation with ann' }).click();
    await inRoom(bob.page);
    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');
    await say(ann.page, 'Hello Bob');
    await seesInConversation(bob.page, 'Hello Bob');
    await say(bob.page, 'Hi Ann');
    await seesInConversation(ann.page, 'Hi Ann');

    await openList(bob.page);
    await row(bob.page, 'ann').filter({ hasText: 'You: Hi Ann' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await row(bob.page, 'ann').getByRole('img', { name: 'Online' }).count(), 1, 'Ann shows online');
    assert.equal(
      await row(bob.page, 'ann')
        .getByText(/unread/)
        .count(),
      0,
    );

    await say(ann.page, 'Are you still there?');
    await row(bob.page, 'ann').filter({ hasText: 'Are you still there?' }).filter({ hasText: '1 unread' }).waitFor({
      timeout: TIMEOUT,
    });
    await bob.page.getByRole('link', { name: 'Conversations 1 unread' }).waitFor();

    await row(bob.page, 'ann').getByRole('link', { name: 'ann' }).click();
    await seesInConversation(bob.page, 'Are you still there?');
    await openList(bob.page);
    await row(bob.page, 'ann').filter({ hasText: 'Are you still there?' }).waitFor();
    assert.equal(
      await row(bob.page, 'ann')
        .getByText(/unread/)
        .count(),
      0,
      'read: no unread count',
    );
    assert.equal(await bob.page.getByRole('link', { name: 'Conversations', exact: true }).count(), 1);
  });

  it("keeps the preview in Bob's browser across a reload", async () => {
    await bob.page.reload();
    await row(bob.page, 'ann').filter({ hasText: 'Are you still there?' }).waitFor({ timeout: TIMEOUT });
  });

  it('shows Cat no trace of it', async () => {
    await cat.page.goto('/conversations');
    await cat.page.getByText('No conversations yet.').waitFor({ timeout: TIMEOUT });
    assert.equal(await cat.page.getByText('ann', { exact: true }).count(), 0);
    await cat.page.goto('/');
    await cat.page.getByText('No rooms are open right now').waitFor({ timeout: TIMEOUT });
    assert.deepEqual(unexpectedErrors([ann, bob, cat]), []);
  });
});
