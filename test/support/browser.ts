import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

/** Headless Debian Chromium driven by playwright-core (never a downloaded browser). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** One person: their own browser context (cookies, storage) and page, with every WebSocket frame recorded. */
export interface Person {
  context: BrowserContext;
  page: Page;
  /** Text of every WebSocket frame this page sent or received. */
  frames: string[];
  /** Page errors and console errors, for diagnosing failures. */
  errors: string[];
}

/** `locale` sets the browser's language (navigator.languages, Accept-Language); Playwright's default is en-US. */
export async function newPerson(browser: Browser, baseURL: string, options: { locale?: string } = {}): Promise<Person> {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  const frames: string[] = [];
  const errors: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8')));
    ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8')));
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  return { context, page, frames, errors };
}

/**
 * Waits until `expression` (a string: tsx would decorate a function with helpers the page lacks) is true in `page`,
 * looking every `every` ms. Not `waitForFunction`, whose string form the app's Content-Security-Policy refuses.
 */
export async function untilTrue(
  page: Page,
  expression: string,
  { timeout, every }: { timeout: number; every: number },
): Promise<void> {
  for (const end = Date.now() + timeout; !(await page.evaluate(expression)); ) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${expression.slice(0, 80)}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
