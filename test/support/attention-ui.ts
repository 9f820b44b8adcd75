import type { Page } from 'playwright-core';
import { TIMEOUT } from './room-ui.ts';

/** Page Visibility emulated: the tab reports itself hidden (or visible again) and says so, as switching tabs does. */
export async function setHidden(page: Page, hidden: boolean): Promise<void> {
  // A string, not a function: tsx would wrap a function's inner arrows in a helper the page does not have.
  await page.evaluate(`(() => {
    const hidden = ${hidden};
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);
}

/** Waits until the tab's title reads `title`; fails with the last title seen. */
export async function titleIs(page: Page, title: string): Promise<void> {
  try {
    await page.waitForFunction((t) => document.title === t, title, { timeout: TIMEOUT });
  } catch (err) {
    throw new Error(`expected the title "${title}", it is "${await page.title()}"`, { cause: err });
  }
}
