import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import {
  connectedTo,
  conversation,
  inRoom,
  leaveRoom,
  meetInRoom,
  say,
  seesInConversation,
  TIMEOUT,
} from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

/** The "You're in <room> — back" link the other pages show while a room is open. */
function chip(page: Page, room: string) {
  return page.getByRole('link', { name: `You're in ${room} — back` });
}

/** Goes to a section through the nav bar and waits for its heading (Rooms may say how many messages are unread). */
async function visit(page: Page, link: string, heading: string): Promise<void> {
  const name = new RegExp(`^${link}( \\d+ unread)?$`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor({ timeout: TIMEOUT });
}

/** How often `text` shows as a whole line in the page's conversation. */
function count(page: Page, text: string): Promise<number> {
  return conversation(page).getByText(text, { exact: true }).count();
}

/** Signaling frames this page sent that leave a room. */
function leaves(person: Person): string[] {
  return person.frames.filter((f) => f.includes('"room:leave"'));
}

describe('navigation inside the app never leaves a room', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let roomPath: string;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
    [ann, bob] = scene.people as [Person, Person];
    roomPath = await meetInRoom('Corner', { ann, bob });
    await say(ann.page, 'Ann, before the walk');
    await seesInConversation(bob.page, 'Ann, before the walk');
    await say(bob.page, 'Bob, before the walk');
    await seesInConversation(ann.page, 'Bob, before the walk');
  });
  after(() => scene?.close());

  it('keeps Ann in the room through People, My profile and the lobby, and the chip takes her back to it', async () => {
    await visit(ann.page, 'People', 'People');
    await chip(ann.page, 'Corner').waitFor({ timeout: TIMEOUT });
    // The room lives beside the pages: what Bob says now reaches Ann's room while she looks elsewhere.
    await say(bob.page, 'Bob, while Ann is on People');
    await visit(ann.page, 'My profile', 'My profile');
    await chip(ann.page, 'Corner').waitFor({ timeout: TIMEOUT });
    await visit(ann.page, 'Rooms', 'Rooms');
    await chip(ann.page, 'Corner').click();

    await inRoom(ann.page);
    assert.equal(new URL(ann.page.url()).pathname, roomPath);
    await seesInConversation(ann.page, 'Bob, while Ann is on People');
    for (const text of ['Ann, before the walk', 'Bob, before the walk', 'Bob, while Ann is on People'])
      assert.equal(await count(ann.page, text), 1, `Ann's conversation shows "${text}" once`);
    assert.equal(await chip(ann.page, 'Corner').count(), 0, 'no chip inside the room itself');

    // Still connected, and nobody saw her go: a message after the walk travels both ways.
    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');
    await say(ann.page, 'Ann, back from the walk');
    await seesInConversation(bob.page, 'Ann, back from the walk');
    assert.equal(await count(bob.page, 'ann left'), 0, 'Bob saw no "ann left"');
    assert.equal(await count(bob.page, 'ann joined'), 0, 'Bob saw no "ann joined"');
    // The browser's Back button works the same way.
    await visit(ann.page, 'People', 'People');
    await ann.page.goBack();
    await inRoom(ann.page);
    assert.equal(new URL(ann.page.url()).pathname, roomPath);
    await seesInConversation(ann.page, 'Ann, back from the walk');
    assert.equal(await count(bob.page, 'ann left'), 0, 'Bob saw no "ann left"');
    assert.deepEqual(leaves(ann), [], 'Ann sent no room:leave');
  });

  it('asks before Leave: Stay (or Escape) keeps the room; "Leave and forget the conversation" leaves, and Bob sees it', async () => {
    await ann.page.getByRole('button', { name: 'Leave room' }).click();
    const ask = ann.page.getByRole('dialog', { name: 'Leave “Corner”?' });
    await ask.waitFor({ timeout: TIMEOUT });
    await ann.page.keyboard.press('Escape');
    await ask.waitFor({ state: 'hidden', timeout: TIMEOUT });
    await ann.page.getByRole('button', { name: 'Leave room' }).click();
    await ask.getByRole('button', { name: 'Stay' }).click();
    await ask.waitFor({ state: 'hidden', timeout: TIMEOUT });
    await inRoom(ann.page);
    await say(ann.page, 'Ann, staying');
    await seesInConversation(bob.page, 'Ann, staying');
    assert.deepEqual(leaves(ann), [], 'Stay sent no room:leave');

    await leaveRoom(ann.page);
    await seesInConversation(bob.page, 'ann left');
    await ann.page.getByRole('button', { name: 'Create room' }).waitFor({ timeout: TIMEOUT });
    assert.equal(new URL(ann.page.url()).pathname, '/');
    assert.equal(await chip(ann.page, 'Corner').count(), 0, 'no chip once the room is left');
    assert.equal(leaves(ann).length, 1);
  });

  it('asks before entering another room from the lobby: Stay keeps Corner, confirming enters the other', async () => {
    await ann.page.getByRole('link', { name: 'Join Corner' }).click();
    await inRoom(ann.page);
    await connectedTo(bob.page, 'ann');
    await visit(ann.page, 'Rooms', 'Rooms');
    await ann.page.getByLabel('Room name').fill('Side room');
    await ann.page.getByRole('button', { name: 'Create room' }).click();
    const ask = ann.page.getByRole('dialog', { name: /^Leave “Corner” to enter / });
    await ask.getByRole('button', { name: 'Stay' }).click();
    await inRoom(ann.page);
    assert.equal(new URL(ann.page.url()).pathname, roomPath);
    await connectedTo(ann.page, 'bob');

    await visit(ann.page, 'Rooms', 'Rooms');
    await ann.page.getByRole('link', { name: 'Join Side room' }).click();
    const named = ann.page.getByRole('dialog', { name: 'Leave “Corner” to enter “Side room”?' });
    await named.getByRole('button', { name: 'Leave and forget the conversation' }).click();
    await ann.page.getByRole('heading', { name: 'Side room', level: 1 }).waitFor({ timeout: TIMEOUT });
    await inRoom(ann.page);
    await conversation(bob.page).getByText('ann left', { exact: true }).nth(1).waitFor({ timeout: TIMEOUT });
    assert.equal(await count(bob.page, 'ann left'), 2, 'Bob saw her leave Corner twice: the Leave button, the switch');
    await leaveRoom(ann.page);
    await ann.page.getByRole('button', { name: 'Create room' }).waitFor({ timeout: TIMEOUT });
  });

  it("keeps Ann's other tab's conversation across a reload when she leaves in one tab", async () => {
    const first = ann.page;
    await first.goto(roomPath);
    await inRoom(first);
    const second = await ann.context.newPage();
    // The leaving tab forgets its conversation before it tells the server (RoomSession.leave): once its room:leave
    // frame is out, the forgetting is done.
    let leaveSent: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => {
      leaveSent = resolve;
    });
    second.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        if (String(f.payload).includes('"room:leave"')) leaveSent();
      }),
    );
    await second.goto(roomPath);
    await inRoom(second);
    const text = `Bob, to both of Ann's tabs ${Date.now()}`;
    await connectedTo(bob.page, 'ann');
    await say(bob.page, text);
    await seesInConversation(first, text);
    await seesInConversation(second, text);

    await leaveRoom(second);
    await sent;
    await second.close();

    await first.reload();
    await inRoom(first);
    await seesInConversation(first, text);
    assert.equal(await count(first, text), 1);
    assert.deepEqual(unexpectedErrors([ann, bob]), [], JSON.stringify(unexpectedErrors([ann, bob])));
  });
});
