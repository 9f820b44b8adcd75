/**
 * The people of the browser figures: one Chromium context and page each, on the Dialog or the relay bench page,
 * with every WebSocket frame between the page and a server counted.
 */
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_JOINS_PER_10S } from '../../signal-server/signaling/handlers.ts';
import type { AppProcess } from '../support/app-process.ts';
import type { BenchSite } from './bench-site.ts';
import { within } from './machine.ts';
import { Pacer } from './pacer.ts';
import type { JoinTiming } from './pages/dialog-page.ts';
import type { RelayProcess } from './relay/relay-process.ts';
import { post, registerUser } from './server-client.ts';

export const PEOPLE = 6;
const PASSWORD = 'bench password 1';
const JOIN_TIMEOUT_MS = 10_000;

/** WebSocket frames and payload bytes a page exchanged with a server while counting was on. */
export class FrameCounter {
  frames = 0;
  bytes = 0;
  /** engine.io ping/pong: the connection's heartbeat, not work caused by messages. */
  heartbeats = 0;
  #counting = false;

  constructor(page: Page) {
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => this.#count(f.payload));
      ws.on('framereceived', (f) => this.#count(f.payload));
    });
  }

  /** Zeroes the counts and starts (or stops) counting. */
  reset(counting: boolean): void {
    this.frames = 0;
    this.bytes = 0;
    this.heartbeats = 0;
    this.#counting = counting;
  }

  #count(payload: string | Buffer): void {
    if (!this.#counting) return;
    if (payload === '2' || payload === '3') this.heartbeats++;
    else {
      this.frames++;
      this.bytes += typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    }
  }
}

/** One person's page and its frame counter. */
export interface BenchPage {
  page: Page;
  frames: FrameCounter;
}

const nodeNow = () => performance.timeOrigin + performance.now();

/**
 * Page clocks (performance.timeOrigin + now) are compared directly: one Chromium on one machine maps the same
 * system clock in every renderer. This checks it against our own clock: for each page, the offset seen in the
 * quickest of several round trips (NTP's estimate, good to about half that round trip).
 */
export async function clockCheck(pages: BenchPage[]) {
  const offsets: number[] = [];
  let rtt = 0;
  for (const { page } of pages) {
    let best = { offset: 0, rtt: Number.POSITIVE_INFINITY };
    for (let i = 0; i < 10; i++) {
      const t0 = nodeNow();
      const pageTime = await page.evaluate(() => performance.timeOrigin + performance.now());
      const t1 = nodeNow();
      if (t1 - t0 < best.rtt) best = { offset: pageTime - (t0 + t1) / 2, rtt: t1 - t0 };
    }
    offsets.push(best.offset);
    rtt = Math.max(rtt, best.rtt);
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { max_offset_ms: round(Math.max(...offsets.map(Math.abs))), max_round_trip_ms: round(rtt) };
}

/** A fresh browser context and page at `url`, with the session cookie for `cookie.appUrl` if given. */
export async function openPage(browser: Browser, url: string, cookie?: { value: string; appUrl: string }) {
  const context = await browser.newContext();
  if (cookie) {
    const [name, value] = cookie.value.split('=') as [string, string];
    await context.addCookies([{ name, value, url: cookie.appUrl, httpOnly: true, sameSite: 'Lax' }]);
  }
  const page = await context.newPage();
  const frames = new FrameCounter(page);
  page.on('pageerror', (err) => process.stderr.write(`\nbench page error: ${err}\n`));
  await page.goto(url);
  return { page, frames };
}

export async function createRoom(app: AppProcess, cookie: string, name: string): Promise<string> {
  const res = await post(app.url, '/api/rooms', { name }, cookie);
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { room: { id: string } }).room.id;
}

/**
 * The server lets one socket join 20 times per 10 s (the product's default, which the bench keeps): each page paces
 * its joins within that, with a second to spare for the way to the server. The wait comes before the join's own
 * clock starts, so it is in no figure; `joinPacing` says how much there was.
 */
const pacers = new WeakMap<BenchPage, Pacer>();
export const joinPacing = { joins: 0, paced: 0, waitedMs: 0 };

export async function join(p: BenchPage, roomId: string, expected: number): Promise<JoinTiming> {
  let pacer = pacers.get(p);
  if (!pacer) {
    pacer = new Pacer({ limit: DEFAULT_JOINS_PER_10S, windowMs: 11_000 });
    pacers.set(p, pacer);
  }
  const waited = await pacer.take();
  joinPacing.joins++;
  if (waited > 0) joinPacing.paced++;
  joinPacing.waitedMs += waited;
  return within(
    JOIN_TIMEOUT_MS + 5_000,
    'join',
    p.page.evaluate(([r, e, t]) => window.dialogBench.join(r, e, t), [roomId, expected, JOIN_TIMEOUT_MS] as const),
  );
}

export const leaveAll = (pages: BenchPage[]) =>
  within(10_000, 'leave', Promise.all(pages.map((p) => p.page.evaluate(() => window.dialogBench.leave()))));

export function ok(timing: JoinTiming): Extract<JoinTiming, { ok: true }> {
  if (!timing.ok) throw new Error(`join failed: ${timing.reason}`);
  return timing;
}

/** Six people registered, each in their own context on the Dialog bench page, connected to the server. */
export async function dialogPages(browser: Browser, app: AppProcess, site: BenchSite) {
  const cookies = await Promise.all(
    Array.from({ length: PEOPLE }, (_, i) => registerUser(app.url, `bench${i}`, PASSWORD)),
  );
  const pages = await Promise.all(
    cookies.map(async (cookie) => {
      const p = await openPage(browser, `${site.url}/dialog.html`, { value: cookie, appUrl: app.url });
      await within(
        10_000,
        'connect',
        p.page.evaluate((url) => window.dialogBench.connect(url), app.url),
      );
      return p;
    }),
  );
  return { pages, cookie: cookies[0] as string, cookies };
}

/** Six people on the relay bench page, each in their own context, in one relay room. */
export function relayPages(browser: Browser, relay: RelayProcess, site: BenchSite): Promise<BenchPage[]> {
  return Promise.all(
    Array.from({ length: PEOPLE }, async () => {
      const p = await openPage(browser, `${site.url}/relay.html`);
      await within(
        10_000,
        'relay connect',
        p.page.evaluate((url) => window.relayBench.connect(url), relay.url),
      );
      const joined = await within(
        10_000,
        'relay join',
        p.page.evaluate(() => window.relayBench.join('bench')),
      );
      if (!joined) throw new Error('relay join refused');
      return p;
    }),
  );
}

export async function closePages(pages: BenchPage[]) {
  for (const p of pages) await p.page.context().close();
}
