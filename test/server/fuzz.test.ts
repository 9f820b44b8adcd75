import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { Encoder, PacketType } from 'socket.io-parser';
import { ERROR_CODES, LIMITS } from '../../shared/protocol.ts';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { type CalmPair, calmPair, registerAt } from '../support/calm-pair.ts';
import {
  CLIENT_EVENTS,
  hostileBody,
  hostileFrame,
  hostilePollingPayload,
  hostileSegment,
  hostileValue,
} from '../support/hostile-values.ts';
import { RawSocket } from '../support/raw-socket.ts';
import { API_ROUTES, APP_ROUTES } from '../support/routes.ts';
import { socketAt } from '../support/server.ts';

/** Generated cases per surface: 10,000 in all. */
const RUNS = { events: 5000, frames: 3000, requests: 2000 };

/** Every route the routers declare (read from the routers, so a new route is fuzzed too), and a few more. */
const ROUTES = [
  ...API_ROUTES,
  ...APP_ROUTES,
  { method: 'POST', path: '/api/no/such/:id' },
  // socket.io's long-polling transport: a handshake, and frames posted into a live session (`:sid`).
  { method: 'GET', path: '/socket.io/?EIO=4&transport=:transport' },
  { method: 'POST', path: '/socket.io/?EIO=4&transport=polling&sid=:sid' },
];

/** An ack as the protocol allows it: `{ ok: true, … }` or a failure with a code from the closed list, not INTERNAL. */
function assertResult(result: unknown, context: string): void {
  const r = result as { ok?: unknown; code?: unknown; message?: unknown } | null;
  assert.equal(typeof r, 'object', context);
  if (r?.ok === true) return;
  assert.equal(r?.ok, false, context);
  assert.ok((ERROR_CODES as readonly unknown[]).includes(r?.code), `${context}: code ${String(r?.code)}`);
  assert.notEqual(r?.code, 'INTERNAL', context);
  assert.equal(typeof r?.message, 'string', context);
}

/**
 * The engine.io text frame socket.io's client writes for `emit(event, ...args)` (binary goes in frames of its own):
 * its size in bytes, and whether it is a binary packet whose data also holds socket.io's own `_placeholder` marker.
 */
function frameOf(event: string, args: unknown[]): { bytes: number; placeholder: boolean } {
  const [text, ...attachments] = new Encoder().encode({
    type: PacketType.EVENT,
    nsp: '/',
    data: [event, ...args],
    id: 1,
  });
  return {
    bytes: Buffer.byteLength(`4${text as string}`) + 4, // the real ack id may have a few more digits
    placeholder: attachments.length > 0 && /"_placeholder":/.test(JSON.stringify(args)),
  };
}

/** The `p`th percentile (0–100) of `values`, in ms with one decimal. */
function percentile(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN).toFixed(1);
}

/** Paces the calm round trips well inside the 200-per-second signal limit. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

/**
 * The calm pair's round trips, one after another until `stop()`; `stop` answers every latency, or throws the first
 * failure (a refused ack, a lost relay, a dropped connection).
 */
function calmMonitor(calm: CalmPair): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  let failure: unknown;
  const loop = (async () => {
    while (running) {
      try {
        latencies.push(await calm.roundTrip());
      } catch (err) {
        failure = err;
        return;
      }
      await pause();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      if (failure) throw failure;
      return latencies;
    },
  };
}

// The real server in its own process (main.ts, as deployed): a crash is an exit, and an unhandled rejection it
// survives is still an error line in its log, which fails the test.
describe('fuzz', () => {
  let app: AppProcess;
  let calm: CalmPair;
  const idle: number[] = [];
  before(async () => {
    app = await startAppProcess({}, undefined, 'signal-server/main.ts');
    calm = await calmPair(app.url);
    for (let i = 0; i < 200; i++) {
      idle.push(await calm.roundTrip());
      await pause();
    }
  });
  after(async () => {
    calm?.close();
    await app?.stop();
  });

  /** Runs `fuzz` while the calm pair keeps talking; then the server must be up, calm, and have logged no error. */
  async function whileCalm(fuzz: () => Promise<void>): Promise<number[]> {
    const monitor = calmMonitor(calm);
    const fuzzed = await fuzz().then(
      () => undefined,
      (err: unknown) => err,
    );
    const latencies = await monitor.stop();
    if (fuzzed) throw fuzzed;
    assert.equal(app.child.exitCode, null, 'the server exited');
    assert.equal(app.child.signalCode, null, 'the server was killed');
    assert.deepEqual(app.errors, []);
    assert.ok(latencies.length > 0, 'the calm pair got no round trip in');
    return latencies;
  }

  /** The calm pair's ack round trips, idle and under this fuzz (printed, not asserted: the machine is noisy). */
  const figures = (latencies: number[]) =>
    `calm ack round trip p50/p99: idle ${percentile(idle, 50)}/${percentile(idle, 99)} ms (${idle.length}), ` +
    `under fuzz ${percentile(latencies, 50)}/${percentile(latencies, 99)} ms (${latencies.length}, every ack ok)`;

  it('answers every malformed event with a result from the closed list, never INTERNAL', async (t) => {
    const cookie = await registerAt(app.url, 'fuzz-events');
    let socket: Socket = await socketAt(app.url, cookie);
    const cuts = { over: 0, placeholder: 0 };
    const calmRuns = await whileCalm(() =>
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...CLIENT_EVENTS),
          fc.array(hostileValue, { maxLength: 3 }),
          fc.boolean(),
          async (event, args, withAck) => {
            assert.ok(socket.connected, 'the server cut a connection over a frame it should have answered');
            const { bytes, placeholder } = frameOf(event, args);
            if (Math.abs(bytes - LIMITS.socketFrameBytes) < 64) return; // too close to the limit to say which side
            const over = bytes > LIMITS.socketFrameBytes;
            if (over || placeholder) {
              // Over the limit the server must cut the connection. A binary packet holding socket.io's own
              // `{ _placeholder: true }` marker it may cut: its parser cannot tell the marker from data.
              const cut = new Promise<'cut'>((resolve) => socket.once('disconnect', () => resolve('cut')));
              const answer = socket
                .timeout(5000)
                .emitWithAck(event, ...args)
                .catch(() => cut);
              const outcome = await Promise.race([cut, answer]);
              assert.ok(outcome === 'cut' || !over, `a ${bytes}-byte frame was answered`);
              if (outcome !== 'cut') return assertResult(outcome, event);
              if (over) cuts.over++;
              else cuts.placeholder++;
              socket = await socketAt(app.url, cookie);
              return;
            }
            if (!withAck) return void socket.emit(event, ...args);
            assertResult(await socket.timeout(5000).emitWithAck(event, ...args), event);
          },
        ),
        { numRuns: RUNS.events },
      ),
    );
    socket.disconnect();
    t.diagnostic(
      `${RUNS.events} events; the connection was cut by ${cuts.over} over the frame limit and ` +
        `${cuts.placeholder} binary packets carrying socket.io's placeholder marker`,
    );
    t.diagnostic(figures(calmRuns));
  });

  it('drops or answers every hostile frame, and the next connection works', async (t) => {
    const cookie = await registerAt(app.url, 'fuzz-frames');
    let raw = await RawSocket.open(app.url, cookie);
    let reopened = 0;
    const calmRuns = await whileCalm(() =>
      fc.assert(
        fc.asyncProperty(hostileFrame, async ({ frame, text }) => {
          if (!raw.open) {
            reopened++;
            raw = await RawSocket.open(app.url, cookie);
          }
          raw.send(frame, text);
          // A socket.io DISCONNECT: the client has left, so nothing more is answered on this connection.
          if (typeof frame === 'string' && /^41(\/,)?\d*$/.test(frame)) return raw.close();
          const outcome = await raw.request('lobby:unwatch', {});
          assert.ok(!('silent' in outcome), 'the server neither answered nor closed the connection');
          if ('acked' in outcome) assertResult(outcome.acked, 'lobby:unwatch after a hostile frame');
          for (const ack of raw.strayAcks.splice(0)) assertResult(ack, 'the hostile frame');
        }),
        { numRuns: RUNS.frames },
      ),
    );
    raw.close();
    t.diagnostic(`${RUNS.frames} frames; connection closed by the server ${reopened} times`);
    t.diagnostic(figures(calmRuns));
  });

  /** Opens an engine.io long-polling session (as `headers`' person, or nobody) and answers its id. */
  async function pollingSession(headers: Record<string, string>): Promise<string> {
    const res = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, { headers });
    const open = /^0(\{.*\})$/.exec(await res.text());
    assert.ok(open, `no polling handshake (${res.status})`);
    return (JSON.parse(open[1] as string) as { sid: string }).sid;
  }

  it('answers every malformed request to every route without a 5xx', async (t) => {
    const cookie = await registerAt(app.url, 'fuzz-http');
    const statuses = new Map<number, number>();
    const calmRuns = await whileCalm(() =>
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ROUTES),
          hostileSegment,
          hostileBody,
          fc.constantFrom('person', 'anonymous'),
          fc.constantFrom(app.url, app.url, 'https://evil.example', undefined),
          fc.option(hostileSegment),
          hostilePollingPayload,
          async (route, segment, { contentType, body }, who, origin, query, polling) => {
            const headers: Record<string, string> = {};
            if (origin) headers.Origin = origin;
            if (contentType) headers['Content-Type'] = contentType;
            // Logged in, logout would end the session every later case runs in; it reads no body anyway.
            if (who === 'person' && route.path !== '/api/auth/logout') headers.Cookie = cookie;
            const live = route.path.includes(':sid');
            const filled = route.path.replace(':sid', live ? await pollingSession(headers) : '');
            const separator = route.path.includes('?') ? '&' : '?';
            const path = `${filled.replace(/:\w+/g, segment)}${query === null ? '' : `${separator}q=${query}`}`;
            const res = await fetch(`${app.url}${path}`, {
              method: route.method,
              headers,
              body: route.method === 'GET' ? undefined : live ? polling : body,
            });
            const answer = await res.text();
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            assert.ok(res.status < 500, `${route.method} ${path}: ${res.status} ${answer.slice(0, 200)}`);
          },
        ),
        { numRuns: RUNS.requests },
      ),
    );
    const counts = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    t.diagnostic(`${RUNS.requests} requests over ${ROUTES.length} routes: ${counts.join(' ')}`);
    t.diagnostic(figures(calmRuns));
  });
});
