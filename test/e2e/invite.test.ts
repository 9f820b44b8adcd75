import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { connectedTo, inRoom, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

describe('starting a conversation from a profile', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
    [ann, bob] = scene.people as [Person, Person];
  });
  after(() => scene?.close());

  it("opens a room for two from Bob's profile and tells him; Bob opens it from the notice", async () => {
    await bob.page.goto('/people');
    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Message bob' }).click();
    await inRoom(ann.page);
    await ann.page.getByRole('heading', { name: 'Conversation with bob' }).waitFor();
    await seesInConversation(ann.page, 'You invited bob.');

    const invitation = bob.page.getByRole('list', { name: 'Invitations' }).getByRole('listitem');
    await invitation.filter({ hasText: 'ann wants to talk.' }).waitFor({ timeout: TIMEOUT });
    await bob.page.getByRole('link', { name: 'Open the conversation with ann' }).click();
    await inRoom(bob.page);
    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');
    assert.equal(await invitation.count(), 0, 'the invitation is gone once used');
    assert.deepEqual(unexpectedErrors([ann, bob]), []);
  });
});
