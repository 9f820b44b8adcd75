import type { Page } from 'playwright-core';
import type { Person } from './browser.ts';

/** How long a UI step may take in e2e tests (WebRTC set-up included). */
export const TIMEOUT = 20_000;

/**
 * The first `<name>` element of a page, found through the shadow roots, as an expression to evaluate in the page. The
 * conversation's own tree is not entered: on a page a flood filled, walking every line is a 30–70 ms task on each
 * poll, which the page's long-task record would count as its own.
 */
export const elementNamed = (name: string) => `(() => {
  const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.localName === ${JSON.stringify(name)}) return el;
      const inner = el.localName !== 'message-list' && el.shadowRoot && find(el.shadowRoot);
      if (inner) return inner;
    }
    return undefined;
  };
  return find(document);
})()`;

/** A page's `<room-page>` element, as an expression to evaluate in the page. */
export const ROOM_PAGE = elementNamed('room-page');

/** A page's room session, as an expression to evaluate in the page: the app's own send path, faster than a hand. */
export const ROOM_SESSION = `${ROOM_PAGE}.session`;

/** Starts a room from the lobby's form and enters it; returns its address, which invites others. */
export async function createRoom(page: Page, name: string, topic = ''): Promise<string> {
  await page.getByLabel('Room name').fill(name);
  if (topic) await page.getByLabel('Topic (optional)').fill(topic);
  await page.getByRole('button', { name: 'Create room' }).click();
  await inRoom(page);
  return new URL(page.url()).pathname;
}

/** Waits until the page shows a room's composer. */
export async function inRoom(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'Message', exact: true }).waitFor({ timeout: TIMEOUT });
}

/** The row of the person named `name` in the room's people list. */
export function personRow(page: Page, name: string) {
  return page.getByRole('list', { name: 'People in this room' }).getByRole('listitem').filter({ hasText: name });
}

/** Waits until the person named `name` shows as connected in `page`'s people list. */
export async function connectedTo(page: Page, name: string): Promise<void> {
  await personRow(page, name)
    .filter({ hasText: /\bconnected · (direct|via relay)$/ })
    .waitFor({ timeout: TIMEOUT });
}

/**
 * The first of `people` (keyed by name) starts a room called `name` from the lobby and the others enter it by its
 * address; returns the address once each of them shows every other as connected.
 */
export async function meetInRoom(name: string, people: Record<string, Person>): Promise<string> {
  const [host, ...guests] = Object.values(people) as [Person, ...Person[]];
  const path = await createRoom(host.page, name);
  for (const guest of guests) {
    await guest.page.goto(path);
    await inRoom(guest.page);
  }
  for (const [self, person] of Object.entries(people))
    for (const other of Object.keys(people)) if (other !== self) await connectedTo(person.page, other);
  return path;
}

export function conversation(page: Page) {
  return page.getByRole('log', { name: 'Conversation' });
}

export async function seesInConversation(page: Page, text: string): Promise<void> {
  await conversation(page).getByText(text, { exact: true }).waitFor({ timeout: TIMEOUT });
}

/** Types into the composer and presses Enter. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** Presses "Leave room" and confirms in the dialog that asks first (leaving forgets the conversation). */
export async function leaveRoom(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Leave room' }).click();
  const dialog = page.getByRole('dialog', { name: /^Leave “.*”\?$/ });
  await dialog.getByRole('button', { name: 'Leave and forget the conversation' }).click();
}

/** Waits until the cursor is in the composer's text box (nothing clicked), as on entering a room. */
export async function composerFocused(page: Page): Promise<void> {
  const box = await page.getByRole('textbox', { name: 'Message', exact: true }).elementHandle();
  await page.waitForFunction((el) => !!el && (el.getRootNode() as ShadowRoot).activeElement === el, box, {
    timeout: TIMEOUT,
  });
}
