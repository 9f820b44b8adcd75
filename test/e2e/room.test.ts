import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import {
  composerFocused,
  connectedTo,
  conversation,
  createRoom,
  inRoom,
  leaveRoom,
  personRow,
  say,
  seesInConversation,
  TIMEOUT,
} from '../support/room-ui.ts';
import { RTC_INSTRUMENT, receivedFrames } from '../support/rtc-instrument.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

describe('the room: three people chatting browser to browser', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let cat: Person;
  let roomPath: string;
  const hello = `Hello both, from Ann ${Date.now()}`;
  const secret = `Cat, a secret from Bob ${Date.now()}`;
  const markup = '<img src=x onerror="window.__pwned=1">';

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob', 'cat'], {
      env: { ROOM_GRACE_MS: '2000' },
      scripts: { ann: [RTC_INSTRUMENT] },
    });
    [ann, bob, cat] = scene.people as [Person, Person, Person];
  });
  after(() => scene?.close());

  it('brings all three into one room, with join notices and a live people list', async () => {
    roomPath = await createRoom(ann.page, 'Trio');
    for (const p of [bob, cat]) {
      await p.page.goto(roomPath);
      await inRoom(p.page);
    }
    // Entering a room (from the lobby's form, or by its address) puts the cursor in the message box.
    for (const p of [ann, bob, cat]) await composerFocused(p.page);
    await connectedTo(ann.page, 'bob');
    await connectedTo(ann.page, 'cat');
    await connectedTo(bob.page, 'cat');
    await connectedTo(cat.page, 'bob');
    await seesInConversation(ann.page, 'bob joined');
    await seesInConversation(ann.page, 'cat joined');
    await ann.page.getByRole('heading', { name: 'People (3)' }).waitFor();
  });

  it("carries Ann's message to Bob and Cat, and shows it delivered to both", async () => {
    await say(ann.page, hello);
    await seesInConversation(bob.page, hello);
    await seesInConversation(cat.page, hello);
    const mine = conversation(ann.page).getByRole('listitem').filter({ hasText: hello });
    await mine.getByText('delivered', { exact: true }).waitFor({ timeout: TIMEOUT });
  });

  it('shows who is typing', async () => {
    await bob.page.getByRole('textbox', { name: 'Message', exact: true }).fill('I am wri');
    await ann.page.getByText('bob is typing…').waitFor({ timeout: TIMEOUT });
    await bob.page.getByRole('textbox', { name: 'Message', exact: true }).fill('');
  });

  it("sends Bob's personal message to Cat only: marked personal for her, 'to cat' for him, never reaching Ann", async () => {
    await personRow(bob.page, 'cat').getByRole('button').click();
    const box = bob.page.getByRole('textbox', { name: 'Personal message to cat' });
    await box.fill(secret);
    await bob.page.getByRole('button', { name: 'Send to cat' }).click();

    const atCat = conversation(cat.page).getByRole('listitem').filter({ hasText: secret });
    await atCat.waitFor({ timeout: TIMEOUT });
    assert.match((await atCat.textContent()) ?? '', /personal/);
    const atBob = conversation(bob.page).getByRole('listitem').filter({ hasText: secret });
    assert.match((await atBob.textContent()) ?? '', /to cat/);
    await atBob.getByText('delivered', { exact: true }).waitFor({ timeout: TIMEOUT });

    // A later room message reaches Ann over the same ordered channels, so the personal one would have come first.
    await say(bob.page, 'a room message after the secret');
    await seesInConversation(ann.page, 'a room message after the secret');
    assert.equal(await conversation(ann.page).getByText(secret).count(), 0);
    const annFrames = await receivedFrames(ann.page);
    assert.ok(
      annFrames.some((f) => f.includes('a room message after the secret')),
      'Ann’s data-channel traffic was recorded',
    );
    assert.equal(annFrames.filter((f) => f.includes(secret) || f.includes('a secret from Bob')).length, 0);
  });

  it('shows markup in a message as text and runs nothing', async () => {
    await say(ann.page, markup);
    await seesInConversation(bob.page, markup);
    assert.equal(await bob.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await conversation(bob.page).locator('.text img').count(), 0);
  });

  it('keeps the conversation across a reload, without left/joined notices', async () => {
    await cat.page.reload();
    await inRoom(cat.page);
    await seesInConversation(cat.page, hello);
    await seesInConversation(cat.page, secret);
    await connectedTo(cat.page, 'ann');
    await connectedTo(ann.page, 'cat');
    await say(cat.page, 'back after a reload');
    await seesInConversation(ann.page, 'back after a reload');
    assert.equal(await conversation(ann.page).getByText('cat joined', { exact: true }).count(), 1);
    assert.equal(await conversation(ann.page).getByText('cat left', { exact: true }).count(), 0);
  });

  it('never sent any message text over the signaling sockets', async () => {
    const frames = [...ann.frames, ...bob.frames, ...cat.frames];
    assert.ok(
      frames.some((f) => f.includes('room:join')),
      'the signaling sockets were recorded',
    );
    for (const text of [hello, secret, markup, 'a room message after the secret', 'back after a reload', 'I am wri']) {
      assert.equal(frames.filter((f) => f.includes(text)).length, 0, `"${text}" crossed a signaling socket`);
    }
  });

  it('announces leaving, forgets the conversation of one who left, and the room vanishes when all have left', async () => {
    await leaveRoom(cat.page);
    await seesInConversation(ann.page, 'cat left');
    await personRow(ann.page, 'cat').waitFor({ state: 'detached', timeout: TIMEOUT });
    await ann.page.getByRole('heading', { name: 'People (2)' }).waitFor();

    // Cat comes back through the link: her browser kept nothing for someone who left, so she is a newcomer again —
    // the room's messages come back only as the earlier ones a member shares, and her personal message not at all.
    await cat.page.goto(roomPath);
    await inRoom(cat.page);
    await connectedTo(cat.page, 'ann');
    await conversation(cat.page)
      .getByText(/^Earlier messages, as .+’s browser kept them/)
      .waitFor({ timeout: TIMEOUT });
    assert.equal(await conversation(cat.page).getByText(hello).count(), 1, 'once, as an earlier message');
    assert.equal(await conversation(cat.page).getByText(secret).count(), 0, 'the personal message is gone');
    await leaveRoom(cat.page);

    await leaveRoom(bob.page);
    await leaveRoom(ann.page);
    const row = cat.page.getByRole('list', { name: 'Open rooms' }).getByRole('listitem', { name: 'Trio' });
    await row.waitFor({ timeout: TIMEOUT });
    await row.waitFor({ state: 'detached', timeout: TIMEOUT });
    assert.deepEqual(unexpectedErrors([ann, bob, cat]), [], JSON.stringify(unexpectedErrors([ann, bob, cat])));
  });
});
