/**
 * Server-side figures: start-up, signaling capacity (idle sockets, churn, ack latency at load, each beside a bare
 * socket.io server holding the same sockets in the same run) and ack latency during a login storm. The built server
 * runs in its own process; the load comes from this one.
 */
import type { Socket } from 'socket.io-client';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { startRelayProcess } from './relay/relay-process.ts';
import { connectSocket, cookieOf, post, registerUser, rssMb, timedAck } from './server-client.ts';
import { sleep, summary } from './stats.ts';

const PASSWORD = 'bench password 1';

export interface ServerBenchOptions {
  quick: boolean;
}

/** Process start to /healthz answering, with the embedded database (median of several starts). */
export async function startupFigures(runs: number): Promise<{ server_start_ms: ReturnType<typeof summary> }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const app = await startAppProcess();
    for (let tries = 0; tries < 200; tries++) {
      const ok = await fetch(`${app.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(5);
    }
    samples.push(performance.now() - started);
    await app.stop();
  }
  return { server_start_ms: summary(samples) };
}

/** A server, some people and their sessions, and a room where two sockets exchange signals to time acks. */
async function setUp(app: AppProcess, people: number, sessionsEach: number) {
  const cookies: string[] = [];
  for (let i = 0; i < people; i++) {
    const username = `bench${i}`;
    cookies.push(await registerUser(app.url, username, PASSWORD));
    for (let s = 1; s < sessionsEach; s++)
      cookies.push(cookieOf(await post(app.url, '/api/auth/login', { username, password: PASSWORD })));
  }
  return cookies;
}

async function probePair(app: AppProcess, cookie: string) {
  const res = await post(app.url, '/api/rooms', { name: 'probe' }, cookie);
  const roomId = ((await res.json()) as { room: { id: string } }).room.id;
  const a = await connectSocket(app.url, cookie);
  const b = await connectSocket(app.url, cookie);
  await a.emitWithAck('room:join', { roomId });
  const bJoin = await b.emitWithAck('room:join', { roomId });
  const to = bJoin.self.peerId as string;
  /** Ack round trips of a relayed signal, paced under the per-socket signal limit so the probe is no load. */
  const measure = async (count: number, gapMs = 6) => {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const { ms, result } = await timedAck(a, 'signal', { roomId, to, data: { candidate: `probe ${i}` } });
      if (!result.ok) throw new Error(`probe signal failed: ${result.code}`);
      samples.push(ms);
      await sleep(gapMs);
    }
    return samples;
  };
  return { measure, sockets: [a, b] };
}

type Probe = Awaited<ReturnType<typeof probePair>>;

/** The same probe against the bare socket.io baseline (test/bench/relay): a `signal` relayed to one socket. */
async function relayProbePair(url: string): Promise<Probe> {
  const [a, b] = [await connectSocket(url, ''), await connectSocket(url, '')];
  const measure = async (count: number, gapMs = 6) => {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const { ms, result } = await timedAck(a, 'signal', { to: b.id, data: { candidate: `probe ${i}` } });
      if (!result.ok) throw new Error('relay probe signal failed');
      samples.push(ms);
      await sleep(gapMs);
    }
    return samples;
  };
  return { measure, sockets: [a, b] };
}

/** How many sockets are held, where the ack probe runs, and how many probes it takes. */
interface IdlePlan {
  idle: number;
  loadPoint: number;
  probes: number;
}

/** Opens `plan.idle` sockets on a server, timing acks once `plan.loadPoint` are up; the server's RSS before and after. */
async function holdIdle(url: string, pid: number, cookies: string[], probe: Probe, plan: IdlePlan, opened: Socket[]) {
  await probe.measure(100); // warm-up
  const rssBefore = rssMb(pid);
  opened.push(...(await connectMany(url, cookies, plan.loadPoint)));
  await sleep(500);
  const ackAtLoad = summary(await probe.measure(plan.probes));
  opened.push(...(await connectMany(url, cookies, plan.idle - plan.loadPoint)));
  await sleep(1000);
  const rssAfter = rssMb(pid);
  return {
    rss_mb: Math.round(rssAfter),
    rss_mb_per_1k: Math.round(((rssAfter - rssBefore) / plan.idle) * 1000 * 10) / 10,
    ackAtLoad,
  };
}

/** The bare socket.io baseline holding the same idle sockets. */
async function bareFigures(plan: IdlePlan) {
  const relay = await startRelayProcess();
  const opened: Socket[] = [];
  try {
    const probe = await relayProbePair(relay.url);
    opened.push(...probe.sockets);
    return await holdIdle(relay.url, relay.child.pid as number, [''], probe, plan, opened);
  } finally {
    for (const socket of opened) socket.disconnect();
    await relay.stop();
  }
}

async function connectMany(url: string, cookies: string[], count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const batch = 100;
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i);
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: n }, (_, j) => connectSocket(url, cookies[(i + j) % cookies.length] as string)),
      )),
    );
  }
  return sockets;
}

/**
 * Idle sockets and memory, ack latency at load, and join/leave churn with presence fan-out; then a bare socket.io
 * server holding as many sockets (Dialog's ratios to it).
 */
export async function signalingFigures(options: ServerBenchOptions) {
  const plan: IdlePlan = {
    idle: options.quick ? 2_000 : 10_000,
    loadPoint: options.quick ? 1_000 : 5_000,
    probes: options.quick ? 300 : 1000,
  };
  const dialog = await dialogSignalingFigures(options, plan);
  const bare = await bareFigures(plan);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return {
    ...dialog,
    bare_rss_mb_at_idle_sockets: bare.rss_mb,
    bare_rss_mb_per_1k_sockets: bare.rss_mb_per_1k,
    bare_ack_p99_ms_at_load: bare.ackAtLoad.p99,
    bare_ack_ms_at_load: { ...bare.ackAtLoad, sockets: plan.loadPoint },
    rss_ratio_to_bare: ratio(dialog.rss_mb_at_idle_sockets, bare.rss_mb),
    rss_per_1k_ratio_to_bare: ratio(dialog.rss_mb_per_1k_sockets, bare.rss_mb_per_1k),
    ack_p99_ratio_to_bare: ratio(dialog.ack_p99_ms_at_load, bare.ackAtLoad.p99),
  };
}

async function dialogSignalingFigures(options: ServerBenchOptions, plan: IdlePlan) {
  // Thousands of sockets over five accounts, churn rooms shared by them: the per-person caps are lifted here.
  const app = await startAppProcess({
    ROOM_GRACE_MS: '600000',
    SOCKETS_PER_PERSON: '100000',
    ROOM_TABS_PER_PERSON: '16',
    ROOMS_PER_PERSON: '1000',
    ROOM_CREATES_PER_MINUTE: '10000',
  });
  const opened: Socket[] = [];
  try {
    const cookies = await setUp(app, 5, 10);
    const probe = await probePair(app, cookies[0] as string);
    opened.push(...probe.sockets);
    const held = await holdIdle(app.url, app.child.pid as number, cookies, probe, plan, opened);

    // Churn: sockets join and leave rooms of 10, each join/leave fanned out to the others in the room.
    const churners = opened.slice(2, 2 + (options.quick ? 100 : 200));
    const roomIds: string[] = [];
    for (let r = 0; r < churners.length / 10; r++) {
      const res = await post(app.url, '/api/rooms', { name: `churn ${r}` }, cookies[r % cookies.length]);
      roomIds.push(((await res.json()) as { room: { id: string } }).room.id);
    }
    let pairs = 0;
    const until = performance.now() + (options.quick ? 3_000 : 8_000);
    await Promise.all(
      churners.map(async (socket, i) => {
        const roomId = roomIds[i % roomIds.length];
        while (performance.now() < until) {
          const joined = await socket.timeout(10_000).emitWithAck('room:join', { roomId });
          if (joined.code === 'RATE_LIMITED') {
            await sleep(200);
            continue;
          }
          await socket.timeout(10_000).emitWithAck('room:leave', { roomId });
          pairs++;
        }
      }),
    );
    const churnSeconds = (options.quick ? 3_000 : 8_000) / 1000;
    return {
      idle_sockets: plan.idle,
      rss_mb_at_idle_sockets: held.rss_mb,
      rss_mb_per_1k_sockets: held.rss_mb_per_1k,
      ack_p99_ms_at_load: held.ackAtLoad.p99,
      ack_ms_at_load: { ...held.ackAtLoad, sockets: plan.loadPoint },
      join_leave_per_s: Math.round(pairs / churnSeconds),
    };
  } finally {
    for (const socket of opened) socket.disconnect();
    await app.stop();
  }
}

/** Signal ack latency alone, then while 20 logins per second run at the configured bcrypt cost (12). */
export async function loginStormFigures(options: ServerBenchOptions) {
  const app = await startAppProcess();
  const opened: Socket[] = [];
  try {
    const cookies = await setUp(app, 2, 1);
    const probe = await probePair(app, cookies[0] as string);
    opened.push(...probe.sockets);
    await probe.measure(100);
    const count = options.quick ? 300 : 1000;
    const idle = summary(await probe.measure(count, 5));

    let storming = true;
    let logins = 0;
    let attempted = 0;
    // Logins beyond what the machine can hash queue up in the server; once the probe is done they are cut off and
    // the server is killed (a graceful stop would wait for, or log, every queued login).
    const cutOff = new AbortController();
    const storm = (async () => {
      while (storming) {
        const tick = performance.now();
        attempted++;
        post(app.url, '/api/auth/login', { username: 'bench1', password: PASSWORD }, undefined, cutOff.signal).then(
          () => logins++,
          () => undefined,
        );
        await sleep(Math.max(0, 50 - (performance.now() - tick))); // 20 per second
      }
    })();
    const during = summary(await probe.measure(count, 5));
    storming = false;
    await storm;
    cutOff.abort();
    return {
      ack_p99_ms_idle: idle.p99,
      ack_p99_ms_during_logins: during.p99,
      ack_ms_idle: idle,
      ack_ms_during_logins: { ...during, logins_attempted: attempted, logins_completed: logins },
    };
  } finally {
    for (const socket of opened) socket.disconnect();
    await app.stop({ signal: 'SIGKILL' });
  }
}
