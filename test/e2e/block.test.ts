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

describe('blocking a person', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
    [ann, bob] = scene.people as [Person, Person];
  });
  after(() => scene?.close());

  it('Bob blocks Ann from her page: she cannot open a conversation with him, and is told why', async () => {
    await bob.page.goto('/people/ann');
    await bob.page.getByRole('button', { name: 'Block ann' }).click();
    await bob.page.getByRole('button', { name: 'Unblock ann' }).waitFor({ timeout: TIMEOUT });
    await bob.page.getByRole('status').filter({ hasText: 'You blocked ann' }).waitFor();

    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Message bob' }).click();
    await ann.page
      .getByRole('alert')
      .filter({ hasText: 'bob does not accept conversations or invitations from you.' })
      .waitFor({ timeout: TIMEOUT });
    assert.equal(new URL(ann.page.url()).pathname, '/people/bob', 'Ann stays on his page');
  });

  it("does not deliver Ann's personal message to Bob in a shared room; she sees 'not delivered'", async () => {
    await ann.page.goto('/');
    const room = await createRoom(ann.page, 'Shared');
    await bob.page.goto(room);
    await inRoom(bob.page);
    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');

    const secret = 'Bob, please read this';
    await personRow(ann.page, 'bob').getByRole('button').click();
    await ann.page.getByRole('textbox', { name: 'Personal message to bob' }).fill(secret);
    await ann.page.getByRole('button', { name: 'Send to bob' }).click();
    const atAnn = conversation(ann.page).getByRole('listitem').filter({ hasText: secret });
    await atAnn.getByText('not delivered', { exact: true }).waitFor({ timeout: TIMEOUT });

    // The room itself still works both ways, and a later message proves the personal one was dropped, not late.
    await say(ann.page, 'Hello, room');
    await seesInConversation(bob.page, 'Hello, room');
    assert.equal(await conversation(bob.page).getByText(secret).count(), 0);
    assert.equal(await atAnn.getByText('delivered', { exact: true }).count(), 0, 'never a false "delivered"');

    // Unblocked, her next personal message arrives.
    await bob.page.goto('/people/ann');
    await bob.page.getByRole('button', { name: 'Unblock ann' }).click();
    await bob.page.getByRole('button', { name: 'Block ann' }).waitFor({ timeout: TIMEOUT });
    await bob.page.goto(room);
    await inRoom(bob.page);
    await personRow(ann.page, 'bob').getByRole('button').click();
    await ann.page.getByRole('textbox', { name: 'Personal message to bob' }).fill('Thanks for unblocking');
    await ann.page.getByRole('button', { name: 'Send to bob' }).click();
    await seesInConversation(bob.page, 'Thanks for unblocking');

    assert.deepEqual(unexpectedErrors([ann, bob], [401, 403]), []);
  });
});
