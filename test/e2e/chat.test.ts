import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { register, unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { connectedTo, createRoom, inRoom, leaveRoom, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { openScene, type Scene } from '../support/scene.ts';

describe('two people chat browser to browser', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openScene(2);
    [ann, bob] = scene.people as [Person, Person];
  });
  after(() => scene?.close());

  it('creates a room from the lobby and joins it from its link, once registered', async () => {
    await register(ann.page, 'ann');
    const room = await createRoom(ann.page, 'Team Chat');
    assert.match(room, /^\/rooms\/[a-z0-9]+$/);
    await ann.page.getByRole('heading', { name: 'Team Chat' }).waitFor();

    await register(bob.page, 'bob');
    await bob.page.goto(room);
    await inRoom(bob.page);

    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');
    await seesInConversation(ann.page, 'bob joined');
  });

  it("carries Ann's message to Bob and Bob's to Ann, over the data channel only", async () => {
    const fromAnn = `Hello Bob, this is Ann ${Date.now()}`;
    const fromBob = `Hi Ann! Bob here ${Date.now()}`;

    await ann.page.getByRole('textbox', { name: 'Message', exact: true }).fill(fromAnn);
    await ann.page.getByRole('textbox', { name: 'Message', exact: true }).press('Enter');
    await seesInConversation(bob.page, fromAnn);
    await seesInConversation(ann.page, fromAnn);

    await bob.page.getByRole('textbox', { name: 'Message', exact: true }).fill(fromBob);
    await bob.page.getByRole('button', { name: 'Send' }).click();
    await seesInConversation(ann.page, fromBob);

    // Ann's copy shows the receipt from Bob's browser.
    await ann.page
      .getByRole('log', { name: 'Conversation' })
      .getByText('delivered', { exact: true })
      .first()
      .waitFor({ timeout: TIMEOUT });

    const frames = [...ann.frames, ...bob.frames];
    assert.ok(frames.length > 5, `expected signaling frames, saw ${frames.length}`);
    assert.ok(
      frames.some((f) => f.includes('room:join')),
      'the signaling socket was recorded',
    );
    for (const text of [fromAnn, fromBob, 'Hello Bob', 'Bob here']) {
      assert.equal(frames.filter((f) => f.includes(text)).length, 0, `"${text}" crossed the signaling socket`);
    }
  });

  it('tells Ann when Bob leaves', async () => {
    await leaveRoom(bob.page);
    await seesInConversation(ann.page, 'bob left');
    await bob.page.getByRole('button', { name: 'Create room' }).waitFor();
    assert.equal(new URL(bob.page.url()).pathname, '/');
    assert.deepEqual(unexpectedErrors([ann, bob]), []);
  });
});
