import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { register, unexpectedErrors } from '../support/accounts.ts';
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
import { openScene, type Scene } from '../support/scene.ts';

/**
 * Dialog served over plain http on a non-loopback address, as on a LAN (`HOST=0.0.0.0`, opened as
 * `http://192.168.1.5:3000`): the page is not a secure context there, so an API that exists only on https or
 * localhost (crypto.randomUUID once) breaks it. Inside the test namespace the server is on its veth address.
 */
describe('a plain-http LAN origin', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openScene(2);
    [ann, bob] = scene.people as [Person, Person];
  });
  after(() => scene?.close());

  it('is served on a non-loopback address, not a secure context, without Cross-Origin-Opener-Policy', async (t) => {
    const { hostname } = new URL(scene.server.url);
    if (!process.env.DIALOG_IN_NETNS) return t.skip('needs the test namespace (its veth address)');
    assert.doesNotMatch(hostname, /^(127\.|localhost$|\[?::1\]?$)/);
    const answer = await ann.page.goto('/');
    assert.equal(answer?.headers()['cross-origin-opener-policy'], undefined);
    assert.equal(await ann.page.evaluate(() => window.isSecureContext), false);
  });

  it('sends, sends personally and survives a reload, with no page error', async () => {
    await register(ann.page, 'ann');
    const room = await createRoom(ann.page, 'Over http');
    await register(bob.page, 'bob');
    await bob.page.goto(room);
    await inRoom(bob.page);
    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');

    await say(ann.page, 'Hello over plain http');
    await seesInConversation(bob.page, 'Hello over plain http');

    await personRow(bob.page, 'ann').getByRole('button').click();
    await bob.page.getByRole('textbox', { name: 'Personal message to ann' }).fill('Only for Ann');
    await bob.page.getByRole('button', { name: 'Send to ann' }).click();
    const personal = conversation(ann.page).getByRole('listitem').filter({ hasText: 'Only for Ann' });
    await personal.waitFor({ timeout: TIMEOUT });
    assert.match((await personal.textContent()) ?? '', /personal/);

    await bob.page.reload();
    await inRoom(bob.page);
    await seesInConversation(bob.page, 'Hello over plain http');
    await connectedTo(bob.page, 'ann');
    await say(bob.page, 'Back after a reload');
    await seesInConversation(ann.page, 'Back after a reload');

    assert.deepEqual(unexpectedErrors([ann, bob]), []);
  });
});
