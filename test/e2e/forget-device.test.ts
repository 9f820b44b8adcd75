import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { logIn, unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { fileCard, shareFile } from '../support/file-ui.ts';
import { connectedTo, conversation, inRoom, say, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

const SAID = 'Remember this, Bob (forget one)';
const WAITING = 'For when you are back (forget two)';
const FILE = 'forget-three.txt';

/** In the page: everything every IndexedDB database of this origin holds, as one string. */
async function everythingKept(): Promise<string> {
  const dumps: string[] = [];
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const store of Array.from(db.objectStoreNames)) {
      const all = db.transaction(store).objectStore(store).getAll();
      dumps.push(
        JSON.stringify(
          await new Promise((resolve, reject) => {
            all.onsuccess = () => resolve(all.result);
            all.onerror = () => reject(all.error);
          }),
        ),
      );
    }
    db.close();
  }
  return dumps.join('\n');
}

describe('logging out with "forget on this device"', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
    [ann, bob] = scene.people as [Person, Person];
  });
  after(() => scene?.close());

  it('forgets the conversation, its waiting messages, its notes and its files in this browser, and only there', async () => {
    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Message bob' }).click();
    await inRoom(ann.page);
    await bob.page.getByRole('link', { name: 'Open the conversation with ann' }).click();
    await inRoom(bob.page);
    await connectedTo(ann.page, 'bob');
    await say(ann.page, SAID);
    await seesInConversation(bob.page, SAID);
    await shareFile(bob.page, { name: FILE, mimeType: 'text/plain', buffer: Buffer.from('a file for ann') });
    await fileCard(ann.page, FILE)
      .getByRole('link', { name: `Save ${FILE}` })
      .waitFor({ timeout: TIMEOUT });
    await bob.page.getByRole('button', { name: 'Log out' }).click();
    await bob.page.getByRole('button', { name: 'Log in' }).waitFor();
    await say(ann.page, WAITING);
    await conversation(ann.page)
      .getByRole('listitem')
      .filter({ hasText: WAITING })
      .getByText('waiting', { exact: true })
      .waitFor({ timeout: TIMEOUT });
    const before = await ann.page.evaluate(everythingKept);
    assert.ok(before.includes(SAID) && before.includes(WAITING) && before.includes(FILE), 'kept here before');

    await ann.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Conversations/ })
      .click();
    await ann.page.getByText('log out with “Forget on this device”', { exact: false }).waitFor();
    await ann.page.getByRole('button', { name: 'Log out and forget on this device' }).click();
    await ann.page.getByRole('button', { name: 'Log in' }).waitFor();
    const after = await ann.page.evaluate(everythingKept);
    assert.ok(
      !after.includes(SAID) && !after.includes(WAITING) && !after.includes(FILE),
      `nothing of it is kept: ${after.slice(0, 500)}`,
    );

    // Back in: the server still knows the two have a conversation, never what was said.
    await logIn(ann.page, 'ann');
    await ann.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Conversations/ })
      .click();
    const row = ann.page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'bob' });
    await row.waitFor();
    assert.equal((await row.getByText(SAID).count()) + (await row.getByText(WAITING).count()), 0);
    // Bob's browser keeps his copy: forgetting is per device and per person.
    await logIn(bob.page, 'bob');
    assert.ok((await bob.page.evaluate(everythingKept)).includes(SAID), "Bob's browser still has what he received");
  });

  it('logs no errors in any page', () => {
    assert.deepEqual(unexpectedErrors(scene.people), []);
  });
});
