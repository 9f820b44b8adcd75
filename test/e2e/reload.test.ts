import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { unexpectedErrors } from '../support/accounts.ts';
import type { Person } from '../support/browser.ts';
import { connectedTo, conversation, inRoom, meetInRoom, say, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { openRegisteredScene, type Scene } from '../support/scene.ts';

/**
 * Runs in the page: waits (every frame) until the conversation shows `text`, then reloads the page `delay` ms
 * later. A string, because tsx would decorate a function with helpers that do not exist in the page.
 */
const RELOAD_AFTER_SHOWN = `({ text, delay }) => new Promise((resolve) => {
  const shows = () => {
    const roots = [document];
    while (roots.length) {
      for (const el of roots.pop().querySelectorAll('*')) {
        if (el.shadowRoot) roots.push(el.shadowRoot);
        if (el.getAttribute('role') === 'log' && (el.shadowRoot ?? el).textContent.includes(text)) return true;
      }
    }
    return false;
  };
  const poll = () => {
    if (!shows()) return requestAnimationFrame(poll);
    setTimeout(() => location.reload(), delay);
    resolve(true);
  };
  poll();
})`;

async function reloadAfterShown(page: Page, text: string, delay: number): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { timeout: TIMEOUT });
  await page.evaluate(`(${RELOAD_AFTER_SHOWN})(${JSON.stringify({ text, delay })})`);
  await navigated;
  await page.waitForLoadState('load');
  await inRoom(page);
}

const DELAYS = [0, 50, 100, 150, 200];

describe('reloading never loses a message', () => {
  let scene: Scene;
  let ann: Person;
  let bob: Person;

  before(async () => {
    scene = await openRegisteredScene(['ann', 'bob']);
    [ann, bob] = scene.people as [Person, Person];
    await meetInRoom('Reloads', { ann, bob });
  });
  after(() => scene?.close());

  it('keeps a received message when the receiver reloads 0–200 ms after it shows, and its sender sees it delivered', async () => {
    for (const delay of DELAYS) {
      const text = `to Bob, who reloads ${delay} ms after it shows`;
      await connectedTo(ann.page, 'bob');
      await connectedTo(bob.page, 'ann');
      await say(ann.page, text);
      await reloadAfterShown(bob.page, text, delay);
      await seesInConversation(bob.page, text);
      const mine = conversation(ann.page).getByRole('listitem').filter({ hasText: text });
      await mine.getByText('delivered', { exact: true }).waitFor({ timeout: TIMEOUT });
    }
    for (const delay of DELAYS)
      assert.equal(await conversation(bob.page).getByText(`to Bob, who reloads ${delay} ms after it shows`).count(), 1);
  });

  it('keeps an own message when the sender reloads 0–200 ms after sending, and it still reaches the other person', async () => {
    for (const delay of DELAYS) {
      const text = `from Ann, who reloads ${delay} ms after sending`;
      await connectedTo(ann.page, 'bob');
      await connectedTo(bob.page, 'ann');
      await say(ann.page, text);
      await reloadAfterShown(ann.page, text, delay);
      await seesInConversation(ann.page, text);
      await seesInConversation(bob.page, text);
    }
    for (const delay of DELAYS)
      assert.equal(
        await conversation(ann.page).getByText(`from Ann, who reloads ${delay} ms after sending`).count(),
        1,
      );
    assert.deepEqual(unexpectedErrors([ann, bob]), []);
  });
});
