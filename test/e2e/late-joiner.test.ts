import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import {
  connectedTo,
  conversation,
  inRoom,
  meetInRoom,
  personRow,
  say,
  seesInConversation,
} from '../support/room-ui.ts';
import { RTC_INSTRUMENT, receivedFrames } from '../support/rtc-instrument.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

/** The texts of a page's conversation lines, oldest first. */
function lines(person: Person): Promise<string[]> {
  return conversation(person.page).getByRole('listitem').allTextContents();
}

describe('late joiners see what the room was talking about', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;
  let cat: Person;
  let dan: Person;
  let roomPath: string;
  const stamp = Date.now();
  const first = `First words, from Ann ${stamp}`;
  const reply = `A reply from Bob ${stamp}`;
  const secret = `Bob, only for you ${stamp}`;
  const separator = /Earlier messages, as .+’s browser kept them\. You joined here\./;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob', 'cat', 'dan'], {
      scripts: { cat: [RTC_INSTRUMENT], dan: [RTC_INSTRUMENT] },
    });
    [ann, bob, cat, dan] = scene.people as [Person, Person, Person, Person];
    roomPath = await meetInRoom('Context', { ann, bob });
    await say(ann.page, first);
    await seesInConversation(bob.page, first);
    await say(bob.page, reply);
    await seesInConversation(ann.page, reply);
    await personRow(ann.page, 'bob').getByRole('button').click();
    await ann.page.getByRole('textbox', { name: 'Personal message to bob' }).fill(secret);
    await ann.page.getByRole('button', { name: 'Send to bob' }).click();
    await seesInConversation(bob.page, secret);
  });
  after(() => scene?.close());

  it("shows a newcomer the room's earlier messages above a separator, in order, and never a personal one", async () => {
    await cat.page.goto(roomPath);
    await inRoom(cat.page);
    await conversation(cat.page).getByText(separator).waitFor();
    const seen = await lines(cat);
    const at = (pattern: string | RegExp) =>
      seen.findIndex((l) => (typeof pattern === 'string' ? l.includes(pattern) : pattern.test(l)));
    assert.ok(at(first) >= 0 && at(first) < at(reply), `Cat sees both earlier messages in order: ${seen.join(' | ')}`);
    assert.ok(at(reply) < at(separator), 'the separator comes after the earlier messages');
    assert.equal(at(secret), -1, "Ann's personal message to Bob is not among them");
    assert.ok(
      !(await receivedFrames(cat.page)).some((frame) => frame.includes(secret)),
      "the personal message never reached Cat's browser",
    );
  });

  it('keeps the earlier messages above the rest across a reload', async () => {
    const said = `Cat is here ${stamp}`;
    await say(cat.page, said);
    await cat.page.reload();
    await inRoom(cat.page);
    await conversation(cat.page).getByText(said).waitFor();
    const seen = await lines(cat);
    const at = (text: string) => seen.findIndex((l) => l.includes(text));
    assert.ok(at(first) >= 0 && at(first) < at(reply) && at(reply) < at(said), `order kept: ${seen.join(' | ')}`);
  });

  it('shows nothing earlier once the owner turns sharing off', async () => {
    await ann.page.getByRole('button', { name: 'Edit room “Context”' }).click();
    await ann.page.getByRole('checkbox', { name: /Show newcomers the last 50 messages/ }).uncheck();
    await ann.page.getByRole('button', { name: 'Save' }).click();
    await ann.page.getByRole('form', { name: 'Edit room' }).waitFor({ state: 'detached' });
    await dan.page.goto(roomPath);
    await inRoom(dan.page);
    for (const other of ['ann', 'bob', 'cat']) await connectedTo(dan.page, other);
    // Whoever Dan asked answered before its next message, over the same ordered channel: once a line from each
    // member has arrived, every answer has.
    const members = [
      [ann, 'ann'],
      [bob, 'bob'],
      [cat, 'cat'],
    ] as const;
    for (const [p, name] of members) await say(p.page, `Welcome, Dan — ${name}`);
    for (const [, name] of members) await seesInConversation(dan.page, `Welcome, Dan — ${name}`);
    const seen = await lines(dan);
    assert.ok(!seen.some((l) => l.includes(first) || l.includes(reply) || separator.test(l)), seen.join(' | '));
    assert.ok(
      !(await receivedFrames(dan.page)).some((frame) => frame.includes(first)),
      "no earlier message reached Dan's browser",
    );
  });

  it('logs no errors in any page', () => {
    assert.deepEqual(unexpectedErrors(scene.people), []);
  });
});
