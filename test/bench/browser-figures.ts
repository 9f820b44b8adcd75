/**
 * Browser figures, in headless Chromium with one browser context per person: mesh set-up, broadcast latency
 * (Dialog's data channels against the server-relayed baseline), the server's work per message, and what the app's
 * `<message-list>` costs per message. Dialog runs as built (dist/server) with real accounts; its pages use the
 * app's own SignalingClient and Mesh (test/bench/pages).
 */
import type { Browser } from 'playwright-core';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { launchBrowser } from '../support/browser.ts';
import {
  type BenchPage,
  clockCheck,
  closePages,
  createRoom,
  dialogPages,
  join,
  joinPacing,
  leaveAll,
  ok,
  PEOPLE,
  relayPages,
} from './bench-pages.ts';
import { type BenchSite, startBenchSite } from './bench-site.ts';
import { type BroadcastPlan, broadcastFigures, broadcastRuns } from './broadcast.ts';
import { fieldFigures } from './field.ts';
import { settle, within } from './machine.ts';
import { type RelayProcess, startRelayProcess } from './relay/relay-process.ts';
import { sleep, summary } from './stats.ts';

/** One account opens every trial's rooms, faster and more of them than a person may: the room quota is lifted. */
const ROOMS_UNCAPPED = { ROOMS_PER_PERSON: '1000', ROOM_CREATES_PER_MINUTE: '10000' };

export interface Plan extends BroadcastPlan {
  /** Rooms built up one newcomer at a time (one sample per room size each), then joined all at once. */
  meshTrials: number;
  /** Samples per size for the `<message-list>` probe. */
  listSamples: number;
}

const PLANS: Record<'quick' | 'full', Plan> = {
  quick: { meshTrials: 3, warmup: 30, messages: 200, gapMs: 8, blocks: 2, settleMs: 8_000, listSamples: 20 },
  full: { meshTrials: 20, warmup: 100, messages: 1000, gapMs: 8, blocks: 4, settleMs: 20_000, listSamples: 50 },
};

/**
 * Mesh set-up. Each trial builds a room one newcomer at a time: the k-th person's time from "join" to data channels
 * open with all k−1 already there is one sample for a room of k (the last one completes the full mesh). Then all
 * six join a fresh room at the same moment: first join to the last of the 15 channels open.
 */
export async function meshFigures(app: AppProcess, pages: BenchPage[], cookie: string, plan: Plan) {
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

  const setting = { site, app, relay, browser, cookies: dialog.cookies };
  Object.assign(figures, await stage('field (server 40 ms away)', () => fieldFigures(setting, plan)));
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
    app = await stage('server', () => startAppProcess({ ALLOWED_ORIGINS: origin, ...ROOMS_UNCAPPED }));
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
  const { joins, paced, waitedMs } = joinPacing;
  figures.join_pacing = { joins, paced, waited_s: Math.round(waitedMs / 100) / 10 };
  return figures;
}
