/**
 * Broadcast latency and server work per message: one sender, five receivers, Dialog's data channels and the relay
 * side by side, timed send → in the receiver's DOM.
 */
import { type BenchPage, PEOPLE } from './bench-pages.ts';
import { settle, within } from './machine.ts';
import type { Arrival } from './pages/timed-conversation.ts';
import { percentile, sleep, summary } from './stats.ts';

export interface BroadcastPlan {
  warmup: number;
  messages: number;
  /** One message every `gapMs`: a steady pace, so the figure is latency rather than queueing. */
  gapMs: number;
  /** The timed messages go in this many alternating blocks (Dialog, relay, relay, Dialog, …). */
  blocks: number;
  /** Longest wait for the machine to go quiet before the broadcast runs. */
  settleMs: number;
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
  plan: BroadcastPlan,
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
export async function broadcastRuns(dialog: BenchPage[], relay: BenchPage[], plan: BroadcastPlan, painted: boolean) {
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

/** A latency sample's summary, its quick end and how many messages never arrived. */
export const latencyOf = (run: BroadcastRun) => ({
  ...summary(run.render),
  ...low(run.render),
  lost: run.expected - run.render.length,
});
/** a / b to two decimals. */
export const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

export function broadcastFigures(painted: BroadcastPair, unpainted: BroadcastPair, plan: BroadcastPlan) {
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
