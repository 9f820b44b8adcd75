import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { logIn, unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { untilTrue } from '../support/browser.ts';
import { conversation, createRoom, inRoom, ROOM_SESSION, say, TIMEOUT } from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

/** Written while Bob is away, then sent by two of Ann's tabs. */
const TWICE = ['Sent from two tabs (twice one)', 'Sent from two tabs (twice two)'];
/** Written, then discarded by leaving before Bob came back. */
const DISCARDED = 'Never mind (outbox four)';
const MESSAGES = [
  'Are you there, Bob? (outbox one)',
  'Second: I will wait (outbox two)',
  'Third and last (outbox three)',
];

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  );
}

/** In the page: whether the outbox (IndexedDB `dialog-outbox`) holds `expected` messages. */
function countOutbox(expected: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('dialog-outbox');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const count = open.result.transaction('entries').objectStore('entries').count();
      count.onsuccess = () => resolve(count.result === expected);
      count.onerror = () => reject(count.error);
    };
  });
}

describe('the offline outbox of a conversation', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
    [ann, bob] = scene.people as [Person, Person];
    await bob.page.getByRole('button', { name: 'Log out' }).click();
    await bob.page.getByRole('button', { name: 'Log in' }).waitFor();
  });
  after(() => scene?.close());

  /** Ann's line saying `text`, in her conversation. */
  const line = (person: Person, text: string) =>
    conversation(person.page).getByRole('listitem').filter({ hasText: text });

  it('keeps what Ann writes to Bob while he is away as waiting, through a reload, and delivers it once he is back', async () => {
    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Message bob' }).click();
    await inRoom(ann.page);
    for (const text of MESSAGES) await say(ann.page, text);
    for (const text of MESSAGES)
      await line(ann, text).getByText('waiting', { exact: true }).waitFor({ timeout: TIMEOUT });

    await ann.page.reload();
    await inRoom(ann.page);
    for (const text of MESSAGES)
      await line(ann, text).getByText('waiting', { exact: true }).waitFor({ timeout: TIMEOUT });

    // Bob logs in and stays in the lobby: his page opens the conversation in the background and takes them.
    const started = Date.now();
    await logIn(bob.page, 'bob');
    for (const text of MESSAGES)
      await line(ann, text).getByText('delivered', { exact: true }).waitFor({ timeout: TIMEOUT });
    console.log(`# all ${MESSAGES.length} delivered ${Date.now() - started} ms after Bob pressed Log in`);

    await bob.page.getByRole('link', { name: /^You're in / }).click();
    await inRoom(bob.page);
    await line(bob, MESSAGES[2] as string).waitFor({ timeout: TIMEOUT });
    const said = await conversation(bob.page)
      .getByRole('listitem')
      .filter({ hasText: /\(outbox (one|two|three)\)/ })
      .allTextContents();
    assert.deepEqual(
      said.map((text) => MESSAGES.find((m) => text.includes(m))),
      MESSAGES,
      'each arrived once, in order',
    );
    assert.deepEqual(unexpectedErrors([ann, bob]), []);
  });

  it('asks before Ann leaves a conversation with an undelivered message, and leaving discards it', async () => {
    await bob.page.getByRole('button', { name: 'Log out' }).click();
    await bob.page.getByRole('button', { name: 'Log in' }).waitFor();
    await say(ann.page, DISCARDED);
    await line(ann, DISCARDED).getByText('waiting', { exact: true }).waitFor({ timeout: TIMEOUT });
    await ann.page.getByRole('status').filter({ hasText: '1 message waits in this browser' }).waitFor();

    await ann.page.getByRole('button', { name: 'Leave room' }).click();
    const dialog = ann.page.getByRole('dialog', { name: /^Leave “.*”\?$/ });
    await dialog.getByText('1 message you wrote has not been delivered yet: leaving discards it.').waitFor();
    await dialog.getByRole('button', { name: 'Stay' }).click();
    assert.equal(await ann.page.evaluate(countOutbox, 1), true, 'Stay keeps it');

    await ann.page.getByRole('button', { name: 'Leave room' }).click();
    await dialog.getByRole('button', { name: 'Leave and forget the conversation' }).click();
    await ann.page.getByRole('textbox', { name: 'Message', exact: true }).waitFor({ state: 'detached' });
    await ann.page.waitForFunction(countOutbox, 0, { timeout: TIMEOUT }); // leaving discarded it
  });

  it('shows Bob a message once though two of Ann’s tabs both send it from their shared outbox', async () => {
    // Bob is logged out (the test before). Ann opens the conversation again and writes; a second tab of hers opens it
    // too and finds the same outbox. Both send to Bob once he is back, each from its own peer id.
    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Message bob' }).click();
    await inRoom(ann.page);
    for (const text of TWICE) await say(ann.page, text);
    for (const text of TWICE) await line(ann, text).getByText('waiting', { exact: true }).waitFor({ timeout: TIMEOUT });
    const second = await ann.context.newPage();
    await second.goto(new URL(ann.page.url()).pathname);
    await inRoom(second);
    const secondLine = (text: string) => conversation(second).getByRole('listitem').filter({ hasText: text });
    for (const text of TWICE)
      await secondLine(text).getByText('waiting', { exact: true }).waitFor({ timeout: TIMEOUT });

    await logIn(bob.page, 'bob');
    for (const text of TWICE) {
      await line(ann, text).getByText('delivered', { exact: true }).waitFor({ timeout: TIMEOUT });
      await secondLine(text).getByText('delivered', { exact: true }).waitFor({ timeout: TIMEOUT });
    }
    await bob.page.getByRole('link', { name: /^You're in / }).click();
    await inRoom(bob.page);
    for (const text of TWICE) await line(bob, text).waitFor({ timeout: TIMEOUT });
    for (const text of TWICE) assert.equal(await line(bob, text).count(), 1, `“${text}” shows once`);
    await second.close();
  });

  it('told the server no message text: not in any signaling frame, not in its data directory', async () => {
    const frames = [...ann.frames, ...bob.frames];
    assert.ok(
      frames.some((f) => f.includes('conversation:pending')),
      'the frames were recorded (the flag is among them)',
    );
    for (const text of [...MESSAGES, DISCARDED, ...TWICE]) {
      assert.equal(frames.filter((f) => f.includes(text)).length, 0, `no frame carries “${text}”`);
      const files = filesUnder(scene.server.dataDir);
      assert.ok(files.length > 0, 'the data directory has files');
      for (const file of files)
        assert.equal(readFileSync(file).includes(Buffer.from(text)), false, `${file} does not hold “${text}”`);
    }
  });
});

describe('the outbox when the other person is busy in a room', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
    [ann, bob] = scene.people as [Person, Person];
  });
  after(() => scene?.close());

  it("asks Bob ('ann wants to talk') instead of taking him out of his room, and delivers once he opens it", async () => {
    await bob.page.goto('/');
    await createRoom(bob.page, 'Busy');
    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Message bob' }).click();
    await inRoom(ann.page);
    const notice = bob.page
      .getByRole('list', { name: 'Invitations' })
      .getByRole('listitem')
      .filter({ hasText: 'ann wants to talk.' });
    await notice.waitFor({ timeout: TIMEOUT });
    await bob.page.getByRole('button', { name: "Not now: dismiss ann's invitation" }).click();
    await notice.waitFor({ state: 'detached' });

    // Bob is in his room, not in the conversation: what Ann writes waits, and the server knocks for it.
    const text = 'Knock knock (outbox busy)';
    await say(ann.page, text);
    await conversation(ann.page).getByRole('listitem').filter({ hasText: text }).getByText('waiting').waitFor();
    await notice.waitFor({ timeout: TIMEOUT });
    await bob.page.getByRole('link', { name: 'Open the conversation with ann' }).click();
    const leave = bob.page.getByRole('dialog', { name: /^Leave “Busy”/ });
    await leave.getByRole('button', { name: 'Leave and forget the conversation' }).click();
    await bob.page.getByRole('heading', { name: 'Conversation with ann' }).waitFor({ timeout: TIMEOUT });
    await conversation(bob.page).getByText(text, { exact: true }).waitFor({ timeout: TIMEOUT });
    await conversation(ann.page)
      .getByRole('listitem')
      .filter({ hasText: text })
      .getByText('delivered', { exact: true })
      .waitFor({ timeout: TIMEOUT });
    assert.equal(await conversation(bob.page).getByText(text, { exact: true }).count(), 1);
  });
});

describe('a backlog larger than what the other browser takes at once', () => {
  /** More than the 200 frames a browser takes from one peer at once (PEER_RECEIVE_LIMIT). */
  const BACKLOG = 260;
  let scene: Scene;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
  });
  after(() => scene?.close());

  it(`delivers all ${BACKLOG} messages Ann wrote while Bob was away, once he is back`, async () => {
    const [ann, bob] = scene.people as [Person, Person];
    await bob.page.getByRole('button', { name: 'Log out' }).click();
    await bob.page.getByRole('button', { name: 'Log in' }).waitFor();
    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Message bob' }).click();
    await inRoom(ann.page);
    // Through the app's own send path, as fast as her send limit lets her (it refuses the rest, and she tries again).
    await ann.page.evaluate(`(async () => {
      const s = ${ROOM_SESSION};
      for (let i = 0; i < ${BACKLOG}; i++)
        while (!s.send('backlog ' + i)) await new Promise((r) => setTimeout(r, 50));
    })()`);
    const count = (which: string) =>
      `${ROOM_SESSION}.conversation.filter((e) => e.kind === 'chat' && e.own && ${which}).length`;
    await untilTrue(ann.page, `${count('e.waiting')} === ${BACKLOG}`, { timeout: TIMEOUT, every: 250 });

    const started = Date.now();
    await logIn(bob.page, 'bob');
    await untilTrue(ann.page, `${count('e.deliveredTo.length > 0')} === ${BACKLOG}`, { timeout: 60_000, every: 250 });
    console.log(`# all ${BACKLOG} delivered ${Date.now() - started} ms after Bob pressed Log in`);
    assert.deepEqual(unexpectedErrors(scene.people), []);
  });
});
