/**
 * Browser figures, in headless Chromium with one browser context per person: mesh set-up, broadcast latency
 * (Dialog's data channels against the server-relayed baseline) and the server's work per message.
 * Dialog runs as built (dist/server) with real accounts; the pages use the app's SignalingClient, Mesh and
 * `<message-list>` (test/bench/pages).
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { launchBrowser } from '../support/browser.ts';
import { type BenchSite, startBenchSite } from './bench-site.ts';
import type { JoinTiming } from './pages/dialog-page.ts';
import type { Arrival } from './pages/timed-conversation.ts';
import { type RelayProcess, startRelayProcess } from './relay/relay-process.ts';
import { post, registerUser } from './server-client.ts';
import { percentile, sleep, summary } from './stats.ts';

const PEOPLE = 6;
const PASSWORD = 'bench password 1';
const JOIN_TIMEOUT_MS = 10_000;

interface Plan {
  /** Rooms built up one newcomer at a time (one sample per room size each), then joined all at once. */
  meshTrials: number;
  warmup: number;
  messages: number;
  /** One message every `gapMs`: a steady pace, so the figure is latency rather than queueing. */
  gapMs: number;
  /** The timed messages go in this many alternating blocks (Dialog, relay, relay, Dialog, …). */
  blocks: number;
  /** Longest wait for the machine to go quiet before the broadcast runs. */
  settleMs: number;
  /** Samples per size for the `<message-list>` probe. */
  listSamples: number;
}

const PLANS: Record<'quick' | 'full', Plan> = {
  quick: { meshTrials: 3, warmup: 30, messages: 200, gapMs: 8, blocks: 2, settleMs: 8_000, listSamples: 20 },
  full: { meshTrials: 20, warmup: 100, messages: 1000, gapMs: 8, blocks: 4, settleMs: 20_000, listSamples: 50 },
};

/** WebSocket frames and payload bytes a page exchanged with a server while counting was on. */
class FrameCounter {
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
interface BenchPage {
  page: Page;
  frames: FrameCounter;
}

const nodeNow = () => performance.timeOrigin + performance.now();

/** Busy and total jiffies of the whole machine, from /proc/stat (Linux); undefined elsewhere. */
function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/**
 * Waits (at most `maxMs`) until the machine has been mostly idle for a second: fresh pages and new connections
 * keep Chromium busy for several seconds, and a figure taken then measures that instead. Answers the busy share
 * of the last second (1 = every core busy).
 */
async function settle(maxMs: number, threshold = 0.35): Promise<number> {
  const deadline = Date.now() + maxMs;
  let busy = 1;
  while (Date.now() < deadline) {
    const a = cpuTimes();
    await sleep(1000);
    const b = cpuTimes();
    if (!a || !b) return Number.NaN;
    busy = (b.busy - a.busy) / Math.max(1, b.total - a.total);
    if (busy < threshold) break;
  }
  return Math.round(busy * 100) / 100;
}

/** Bounds a promise that has no deadline of its own (page.evaluate has none). */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Page clocks (performance.timeOrigin + now) are compared directly: one Chromium on one machine maps the same
 * system clock in every renderer. This checks it against our own clock: for each page, the offset seen in the
 * quickest of several round trips (NTP's estimate, good to about half that round trip).
 */
async function clockCheck(pages: BenchPage[]) {
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

async function openPage(browser: Browser, url: string, cookie?: { value: string; appUrl: string }) {
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

async function createRoom(app: AppProcess, cookie: string, name: string): Promise<string> {
  const res = await post(app.url, '/api/rooms', { name }, cookie);
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { room: { id: string } }).room.id;
}

function join(p: BenchPage, roomId: string, expected: number): Promise<JoinTiming> {
  return within(
    JOIN_TIMEOUT_MS + 5_000,
    'join',
    p.page.evaluate(([r, e, t]) => window.dialogBench.join(r, e, t), [roomId, expected, JOIN_TIMEOUT_MS] as const),
  );
}

const leaveAll = (pages: BenchPage[]) =>
  within(10_000, 'leave', Promise.all(pages.map((p) => p.page.evaluate(() => window.dialogBench.leave()))));

function ok(timing: JoinTiming): Extract<JoinTiming, { ok: true }> {
  if (!timing.ok) throw new Error(`join failed: ${timing.reason}`);
  return timing;
}

/**
 * Mesh set-up. Each trial builds a room one newcomer at a time: the k-th person's time from "join" to data channels
 * open with all k−1 already there is one sample for a room of k (the last one completes the full mesh). Then all
 * six join a fresh room at the same moment: first join to the last of the 15 channels open.
 */
async function meshFigures(app: AppProcess, pages: BenchPage[], cookie: string, plan: Plan) {
  const bySize = new Map<number, number[]>();
  const allAtOnce: number[] = [];
  for (let trial = 0; trial < plan.meshTrials; trial++) {
    const order = [...pages.slice(trial % PEOPLE), ...pages.slice(0, trial % PEOPLE)];
    const roomId = await createRoom(app, cookie, `mesh ${trial}`);
    for (let k = 0; k < PEOPLE; k++) {
      const t = ok(await join(order[k] as BenchPage, roomId, k));
      if (k > 0) bySize.set(k + 1, [...(bySize.get(k + 1) ?? []), t.doneAt - t.startedAt]);
      await sleep(20);
    }
    await leaveAll(pages);

    const together = await createRoom(app, cookie, `mesh together ${trial}`);
    const timings = (await Promise.all(pages.map((p) => join(p, together, PEOPLE - 1)))).map(ok);
    allAtOnce.push(Math.max(...timings.map((t) => t.doneAt)) - Math.min(...timings.map((t) => t.startedAt)));
    await leaveAll(pages);
  }
  const mesh_setup_ms = Object.fromEntries([...bySize].map(([size, samples]) => [String(size), summary(samples)]));
  return { mesh_setup_ms, mesh_setup_all_at_once_ms: { [String(PEOPLE)]: summary(allAtOnce) } };
}

type Bench = 'dialogBench' | 'relayBench';

/** Sends `count` messages from the first page; answers when every other page rendered them (or a deadline). */
async function sendAndWait(bench: Bench, pages: BenchPage[], prefix: string, count: number, gapMs: number) {
  const [sender, ...receivers] = pages as [BenchPage, ...BenchPage[]];
  const sent = await within(
    count * gapMs + 10_000,
    'broadcast',
    sender.page.evaluate((a) => window[a.bench].broadcast(a.prefix, a.count, a.gapMs), { bench, prefix, count, gapMs }),
  );
  const deadline = Date.now() + 10_000;
  for (const r of receivers) {
    while (Date.now() < deadline) {
      const rendered = await r.page.evaluate((a) => window[a.bench].conversation.renderedCount(a.prefix), {
        bench,
        prefix,
      });
      if (rendered >= count) break;
      await sleep(50);
    }
  }
  return sent;
}

interface BroadcastRun {
  /** send → in the receiver's DOM, ms, one sample per message per receiver. */
  render: number[];
  /** send → arrived in the receiver's handler (transport only). */
  receive: number[];
  messages: number;
  expected: number;
  frames: number;
  bytes: number;
  heartbeats: number;
}

const emptyRun = (): BroadcastRun => ({
  render: [],
  receive: [],
  messages: 0,
  expected: 0,
  frames: 0,
  bytes: 0,
  heartbeats: 0,
});

/** One block of `count` messages from the first page, timed send → render at every other page, added to `run`. */
async function broadcastBlock(
  bench: Bench,
  pages: BenchPage[],
  prefix: string,
  count: number,
  plan: Plan,
  run: BroadcastRun,
) {
  for (const p of pages) p.frames.reset(true);
  const sent = await sendAndWait(bench, pages, prefix, count, plan.gapMs);
  await sleep(300); // let the last frames reach the pages' handlers
  for (const p of pages) {
    run.frames += p.frames.frames;
    run.bytes += p.frames.bytes;
    run.heartbeats += p.frames.heartbeats;
    p.frames.reset(false);
  }
  const receivers = pages.slice(1);
  const sentAt = new Map(sent);
  run.messages += sent.length;
  run.expected += sent.length * receivers.length;
  for (const r of receivers) {
    const arrivals: Arrival[] = await r.page.evaluate((a) => window[a.bench].conversation.arrivals(a.prefix), {
      bench,
      prefix,
    });
    for (const [id, receivedAt, renderedAt] of arrivals) {
      const s = sentAt.get(id);
      if (s === undefined) continue;
      run.receive.push(receivedAt - s);
      run.render.push(renderedAt - s);
    }
  }
}

/**
 * Dialog and the relay, side by side: a warm-up each, then `plan.blocks` blocks in A-B-B-A order, so load from
 * anything else on the machine falls on both alike. `painted`: whether the pages' lists are laid out and painted
 * (with six browsers on two cores, Chromium's software painting competes with the messaging itself).
 */
async function broadcastRuns(dialog: BenchPage[], relay: BenchPage[], plan: Plan, painted: boolean) {
  const runs = { dialogBench: emptyRun(), relayBench: emptyRun() };
  const pagesOf = { dialogBench: dialog, relayBench: relay };
  const variant = painted ? 'p' : 'n';
  for (const bench of ['dialogBench', 'relayBench'] as const) {
    for (const p of pagesOf[bench])
      await p.page.evaluate((a) => window[a.bench].conversation.reset(a.painted), { bench, painted });
  }
  const busy = await settle(plan.settleMs);
  for (const bench of ['dialogBench', 'relayBench'] as const)
    await sendAndWait(bench, pagesOf[bench], `bench-w${variant}-`, plan.warmup, plan.gapMs);
  const perBlock = Math.ceil(plan.messages / plan.blocks);
  for (let block = 0; block < plan.blocks; block++) {
    const order = block % 2 === 0 ? (['dialogBench', 'relayBench'] as const) : (['relayBench', 'dialogBench'] as const);
    for (const bench of order) {
      await sleep(200);
      await broadcastBlock(bench, pagesOf[bench], `bench-m${variant}${block}-`, perBlock, plan, runs[bench]);
    }
  }
  return { dialog: runs.dialogBench, relay: runs.relayBench, busyBefore: busy };
}

/** The quick end of a latency sample: what the path costs when nothing queues. */
const low = (values: number[]) => ({
  min: Math.round(percentile(values, 0) * 100) / 100,
  p10: Math.round(percentile(values, 10) * 100) / 100,
});

const perMessage = (total: number, messages: number) => Math.round((total / messages) * 100) / 100;

type BroadcastPair = Awaited<ReturnType<typeof broadcastRuns>>;

const latencyOf = (run: BroadcastRun) => ({
  ...summary(run.render),
  ...low(run.render),
  lost: run.expected - run.render.length,
});
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

function broadcastFigures(painted: BroadcastPair, unpainted: BroadcastPair, plan: Plan) {
  const { dialog, relay } = painted;
  const latency = latencyOf(dialog);
  const relayLatency = latencyOf(relay);
  const quiet = { dialog: latencyOf(unpainted.dialog), relay: latencyOf(unpainted.relay) };
  return {
    broadcast_latency_ms: latency,
    relay_broadcast_latency_ms: relayLatency,
    latency_ratio_p2p_over_relay: ratio(latency.p50, relayLatency.p50),
    broadcast_receive_latency_ms: summary(dialog.receive),
    relay_broadcast_receive_latency_ms: summary(relay.receive),
    broadcast_latency_unpainted_ms: quiet.dialog,
    relay_broadcast_latency_unpainted_ms: quiet.relay,
    latency_ratio_unpainted: ratio(quiet.dialog.p50, quiet.relay.p50),
    broadcast_setup: {
      senders: 1,
      receivers: PEOPLE - 1,
      messages: dialog.messages,
      warmup: plan.warmup,
      gap_ms: plan.gapMs,
      blocks: plan.blocks,
      text_bytes: 200,
      machine_busy_before: { painted: painted.busyBefore, unpainted: unpainted.busyBefore },
    },
    server_frames_per_message: perMessage(dialog.frames, dialog.messages),
    server_bytes_per_message: perMessage(dialog.bytes, dialog.messages),
    relay_server_frames_per_message: perMessage(relay.frames, relay.messages),
    relay_server_bytes_per_message: perMessage(relay.bytes, relay.messages),
    server_heartbeat_frames: { dialog: dialog.heartbeats, relay: relay.heartbeats },
  };
}

/** Six people registered, each in their own context on the Dialog bench page, connected to the server. */
async function dialogPages(browser: Browser, app: AppProcess, site: BenchSite) {
  const cookies = await stage('register', () =>
    Promise.all(Array.from({ length: PEOPLE }, (_, i) => registerUser(app.url, `bench${i}`, PASSWORD))),
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
  return { pages, cookie: cookies[0] as string };
}

/** Six people on the relay bench page, each in their own context, in one relay room. */
function relayPages(browser: Browser, relay: RelayProcess, site: BenchSite): Promise<BenchPage[]> {
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

/**
 * The app's own `<message-list>` re-renders the whole conversation for each message: its cost at a few sizes
 * (the broadcast figures above use a minimal list, the same for Dialog and the relay).
 */
async function messageListFigures(p: BenchPage | undefined, plan: Plan) {
  if (!p) return {};
  const out: Record<string, ReturnType<typeof summary>> = {};
  for (const size of [100, 1000]) {
    const costs = await within(
      60_000,
      'message-list cost',
      p.page.evaluate((a) => window.dialogBench.messageListCost(a.size, a.samples), {
        size,
        samples: plan.listSamples,
      }),
    );
    out[String(size)] = summary(costs);
  }
  return out;
}

/** Runs one part, noting its duration on stderr (the bench's progress line). */
async function stage<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await run();
  process.stderr.write(` [${name} ${((Date.now() - started) / 1000).toFixed(1)} s]`);
  return result;
}

async function closePages(pages: BenchPage[]) {
  for (const p of pages) await p.page.context().close();
}

interface Running {
  site: BenchSite;
  app: AppProcess;
  relay: RelayProcess;
  browser: Browser;
}

async function measure({ site, app, relay, browser }: Running, plan: Plan, figures: Record<string, unknown>) {
  const dialog = await stage('people', () => dialogPages(browser, app, site));
  figures.mesh_setup_machine_busy_before = await stage('settle', () => settle(plan.settleMs));
  Object.assign(figures, await stage('mesh set-up', () => meshFigures(app, dialog.pages, dialog.cookie, plan)));

  const roomId = await createRoom(app, dialog.cookie, 'broadcast');
  const relayed = await stage('broadcast set-up', async () => {
    const [, pages] = await Promise.all([
      Promise.all(dialog.pages.map((p) => join(p, roomId, PEOPLE - 1).then(ok))),
      relayPages(browser, relay, site),
    ]);
    return pages;
  });
  const clocks = await stage('clocks', () => clockCheck([...dialog.pages, ...relayed]));
  const painted = await stage('broadcast', () => broadcastRuns(dialog.pages, relayed, plan, true));
  const unpainted = await stage('broadcast, lists not painted', () =>
    broadcastRuns(dialog.pages, relayed, plan, false),
  );
  Object.assign(figures, broadcastFigures(painted, unpainted, plan), { browser_clock_check: clocks });
  await closePages(relayed);

  figures.message_list_update_ms = await stage('message-list', () => messageListFigures(dialog.pages[0], plan));
  await closePages(dialog.pages);
}

/** Every browser figure; on a failure, the figures measured so far and `browser_error`. */
export async function browserFigures(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const plan = PLANS[options.quick ? 'quick' : 'full'];
  const figures: Record<string, unknown> = {};
  let site: BenchSite | undefined;
  let app: AppProcess | undefined;
  let relay: RelayProcess | undefined;
  let browser: Browser | undefined;
  try {
    site = await stage('pages', () => startBenchSite());
    const origin = site.url;
    app = await stage('server', () => startAppProcess({ ALLOWED_ORIGINS: origin }));
    relay = await stage('relay', () => startRelayProcess());
    browser = await stage('chromium', () => launchBrowser());
    await measure({ site, app, relay, browser }, plan, figures);
  } catch (err) {
    process.stderr.write(`\nbench: browser figures incomplete: ${err instanceof Error ? err.stack : err}\n`);
    figures.browser_error = String(err);
  } finally {
    await stage('clean-up', async () => {
      await browser?.close();
      await relay?.stop();
      await app?.stop();
      await site?.close();
    });
  }
  return figures;
}
