import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { launchBrowser } from '../support/browser.ts';
import { TIMEOUT } from '../support/room-ui.ts';

type Rgb = [number, number, number];

/** `rgb(r, g, b)` as numbers. */
function rgb(css: string): Rgb {
  const parts = css
    .match(/\d+(\.\d+)?/g)
    ?.slice(0, 3)
    .map(Number);
  assert.ok(parts?.length === 3, `a colour: ${css}`);
  return parts as Rgb;
}

/** WCAG relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const f = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

/** WCAG contrast ratio. */
function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** What the Log in page looks like in one colour scheme: page colours, and the primary button's. */
async function looks(browser: Browser, url: string, colorScheme: 'light' | 'dark') {
  const context = await browser.newContext({ baseURL: url, colorScheme });
  const page = await context.newPage();
  await page.goto('/login');
  const button: Locator = page.getByRole('button', { name: 'Log in' });
  await button.waitFor({ timeout: TIMEOUT });
  const body = await page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return { bg: style.backgroundColor, fg: style.color };
  });
  const primary = await button.evaluate((el) => {
    const style = getComputedStyle(el);
    return { bg: style.backgroundColor, fg: style.color };
  });
  await context.close();
  return { bg: rgb(body.bg), fg: rgb(body.fg), accent: rgb(primary.bg), onAccent: rgb(primary.fg) };
}

describe('colour schemes', () => {
  let server: AppProcess;
  let browser: Browser;
  before(async () => {
    server = await startAppProcess();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('follows prefers-color-scheme: a dark page and another accent in dark, both readable', async () => {
    const light = await looks(browser, server.url, 'light');
    const dark = await looks(browser, server.url, 'dark');
    console.log('light', JSON.stringify(light), 'dark', JSON.stringify(dark));
    assert.ok(luminance(light.bg) > 0.8, 'light page background');
    assert.ok(luminance(dark.bg) < 0.05, 'dark page background');
    assert.notDeepEqual(dark.accent, light.accent, 'the accent changes with the scheme');
    for (const [name, theme] of Object.entries({ light, dark })) {
      const text = contrast(theme.fg, theme.bg);
      const button = contrast(theme.onAccent, theme.accent);
      console.log(`${name}: text ${text.toFixed(2)}:1, primary button ${button.toFixed(2)}:1`);
      assert.ok(text >= 4.5, `${name}: body text meets WCAG AA (${text})`);
      assert.ok(button >= 4.5, `${name}: primary button text meets WCAG AA (${button})`);
    }
  });
});
