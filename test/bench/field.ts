/**
 * The field figure: the people on one LAN, the server 40 ms away. The browsers sit in the bench's network namespace
 * next to each other; a delaying proxy on the same address (delay-proxy.ts) stands in front of both the Dialog
 * server and the relay baseline, so signaling and relayed chat pay the distance and Dialog's data channels, which go
 * browser to browser, don't. Figures: mesh set-up at the distance and broadcast latency, Dialog against the relay.
 */
import type { Browser } from 'playwright-core';
import type { AppProcess } from '../support/app-process.ts';
import { APP_HOST } from '../support/app-process.ts';
import { type BenchPage, closePages, createRoom, join, ok, openPage, PEOPLE, relayPages } from './bench-pages.ts';
import type { BenchSite } from './bench-site.ts';
import { broadcastRuns, latencyOf, ratio } from './broadcast.ts';
import { meshFigures, type Plan } from './browser-figures.ts';
import { type DelayProxy, startDelayProxy } from './delay-proxy.ts';
import { settle, within } from './machine.ts';
import type { RelayProcess } from './relay/relay-process.ts';

/** One way, client ↔ server. A round trip to the server costs twice this. */
export const FIELD_ONE_WAY_MS = 40;

/** The field runs fewer messages and trials than the local figures: every signaling step costs a round trip. */
const fieldPlan = (plan: Plan): Plan => ({
  ...plan,
  meshTrials: Math.max(2, Math.ceil(plan.meshTrials / 2)),
  warmup: Math.min(plan.warmup, 30),
  messages: Math.min(plan.messages, 400),
  blocks: 2,
});

const proxyTo = (url: string): Promise<DelayProxy> => {
  const { hostname, port } = new URL(url);
  return startDelayProxy({ host: APP_HOST, target: { host: hostname, port: Number(port) }, delayMs: FIELD_ONE_WAY_MS });
};

/** The six people again (their accounts from the local figures), each page connected through the proxy. */
function fieldDialogPages(browser: Browser, app: AppProcess, site: BenchSite, cookies: string[], proxy: DelayProxy) {
  return Promise.all(
    cookies.map(async (cookie) => {
      // The proxy listens on the server's host, so the session cookie (host-scoped, any port) rides along.
      const p = await openPage(browser, `${site.url}/dialog.html`, { value: cookie, appUrl: app.url });
      await within(
        10_000,
        'field connect',
        p.page.evaluate((url) => window.dialogBench.connect(url), proxy.url),
      );
      return p;
    }),
  );
}

export interface FieldSetting {
  browser: Browser;
  app: AppProcess;
  relay: RelayProcess;
  site: BenchSite;
  /** Session cookies of the six bench accounts. */
  cookies: string[];
}

/** The `field_*` figures; the proxies are closed whatever happens. */
export async function fieldFigures(setting: FieldSetting, plan: Plan): Promise<Record<string, unknown>> {
  const { browser, app, relay, site, cookies } = setting;
  const field = fieldPlan(plan);
  const proxies: DelayProxy[] = [];
  const pages: BenchPage[] = [];
  try {
    const appProxy = await proxyTo(app.url);
    proxies.push(appProxy);
    const relayProxy = await proxyTo(relay.url);
    proxies.push(relayProxy);

    const dialog = await fieldDialogPages(browser, app, site, cookies, appProxy);
    pages.push(...dialog);
    const busyBeforeMesh = await settle(field.settleMs);
    const mesh = await meshFigures(app, dialog, cookies[0] as string, field);

    const roomId = await createRoom(app, cookies[0] as string, 'field broadcast');
    await Promise.all(dialog.map((p) => join(p, roomId, PEOPLE - 1).then(ok)));
    const relayed = await relayPages(browser, { ...relay, url: relayProxy.url }, site);
    pages.push(...relayed);
    // Headline: lists not painted (six pages painting on two cores is the harness's cost, not the distance's; see
    // docs/benchmarks.md); then the same painted, as the local headline figure is taken.
    const quiet = await broadcastRuns(dialog, relayed, field, false);
    const painted = await broadcastRuns(dialog, relayed, field, true);
    const latency = latencyOf(quiet.dialog);
    const relayLatency = latencyOf(quiet.relay);
    const paintedLatency = latencyOf(painted.dialog);
    const paintedRelay = latencyOf(painted.relay);
    const setupSix = mesh.mesh_setup_ms[String(PEOPLE)]?.p50 ?? Number.NaN;
    return {
      field_broadcast_latency_ms: latency,
      field_relay_broadcast_latency_ms: relayLatency,
      field_latency_ratio_p2p_over_relay: ratio(latency.p50, relayLatency.p50),
      field_broadcast_latency_painted_ms: paintedLatency,
      field_relay_broadcast_latency_painted_ms: paintedRelay,
      field_latency_ratio_painted: ratio(paintedLatency.p50, paintedRelay.p50),
      field_mesh_setup_ms: mesh.mesh_setup_ms,
      field_mesh_setup_all_at_once_ms: mesh.mesh_setup_all_at_once_ms,
      field_setup: {
        one_way_ms: FIELD_ONE_WAY_MS,
        round_trip_ms: 2 * FIELD_ONE_WAY_MS,
        mesh_target_6_ms: 3 * 2 * FIELD_ONE_WAY_MS + 200,
        /** The sixth person's p50 beyond three round trips to the server (the target allows 200 ms). */
        mesh_6_beyond_3_round_trips_ms: Math.round((setupSix - 3 * 2 * FIELD_ONE_WAY_MS) * 10) / 10,
        mesh_trials: field.meshTrials,
        messages: quiet.dialog.messages,
        machine_busy_before: { mesh: busyBeforeMesh, broadcast: quiet.busyBefore, painted: painted.busyBefore },
      },
    };
  } finally {
    await closePages(pages);
    for (const proxy of proxies) await proxy.close();
  }
}
