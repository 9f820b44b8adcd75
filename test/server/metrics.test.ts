import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nextEvent, PASSWORD, type Person, request, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
const TOKEN = 'the operator metrics token';

/** GET /metrics with `headers`: the status and the body's JSON (an error) or text. */
async function metricsAt(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/metrics`, { headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

/** A scrape with the token, as Prometheus makes it: each sample `name{labels}` with its value. */
async function scrape(url: string): Promise<Map<string, number>> {
  const { status, type, text } = await metricsAt(url, { Authorization: `Bearer ${TOKEN}` });
  assert.equal(status, 200);
  assert.match(type, /^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) samples.set(match[1] as string, Number(match[2]));
  }
  return samples;
}

/** How much each named sample grew from `before` to `after` (absent counts as 0). */
const growth = (before: Map<string, number>, after: Map<string, number>, names: string[]) =>
  Object.fromEntries(names.map((name) => [name, (after.get(name) ?? 0) - (before.get(name) ?? 0)]));

describe('/metrics', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      metricsToken: TOKEN,
      socketLimits: { joinsPer10s: 2 },
      roomQuota: { roomCreatesPerMinute: 1 },
    });
  });
  after(() => server.stop());

  it('answers 401 without the token, with another, or with only a session', async () => {
    const cookie = await server.register('nosy');
    await server.makeAdmin('nosy');
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer not the token' },
      { Authorization: TOKEN },
      { Cookie: cookie },
    ];
    for (const headers of attempts) {
      const { status, text } = await metricsAt(server.url, headers);
      assert.equal(status, 401, JSON.stringify(headers));
      assert.equal((JSON.parse(text) as Json).code, 'UNAUTHENTICATED');
    }
  });

  it("gives Node's event-loop lag and heap, and who is connected and in rooms", async () => {
    const ann = await server.person('ann');
    const bob = await server.person('bob');
    const roomId = await server.createRoom(ann.cookie);
    for (const person of [ann, bob]) await request(person.socket, 'room:join', { roomId });
    const samples = await scrape(server.url);
    assert.ok(samples.has('nodejs_eventloop_lag_seconds'));
    for (const name of ['nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes'])
      assert.ok((samples.get(name) ?? 0) > 0, name);
    assert.deepEqual(
      ['dialog_sockets_connected', 'dialog_people_online', 'dialog_rooms_open', 'dialog_room_members'].map((name) =>
        samples.get(name),
      ),
      [2, 2, 1, 2],
    );
    for (const person of [ann, bob]) person.socket.disconnect();
  });

  it('counts failed logins, relayed signals and requests refused as too many', async () => {
    const cara = await server.person('cara');
    const dan = await server.person('dan');
    const roomId = await server.createRoom(cara.cookie);
    const joins: Json[] = [];
    for (const person of [cara, dan] as Person[])
      joins.push(await request<Json>(person.socket, 'room:join', { roomId }));
    const before = await scrape(server.url);

    for (const password of ['wrong password one', 'wrong password two', PASSWORD]) {
      await server.api('/api/auth/login', { body: { username: 'cara', password } });
    }
    const relayed = nextEvent(cara.socket, 'signal');
    const signal = { roomId, to: joins[0]?.self.peerId, data: { type: 'offer', sdp: 'v=0' } };
    assert.deepEqual(await request(dan.socket, 'signal', signal), { ok: true });
    await relayed;
    // Dan's tab has used one of its two joins per 10 s: the second ice:servers is one too many.
    assert.equal((await request<Json>(dan.socket, 'ice:servers', {})).ok, true);
    assert.equal((await request<Json>(dan.socket, 'ice:servers', {})).code, 'RATE_LIMITED');
    // One room a minute: cara's second is refused with 429.
    assert.equal((await server.api('/api/rooms', { cookie: cara.cookie, body: { name: 'Too soon' } })).status, 429);

    const after = await scrape(server.url);
    assert.deepEqual(
      growth(before, after, [
        'dialog_login_failures_total',
        'dialog_signals_relayed_total',
        'dialog_rate_limited_total{via="socket"}',
        'dialog_rate_limited_total{via="http"}',
      ]),
      {
        dialog_login_failures_total: 2,
        dialog_signals_relayed_total: 1,
        'dialog_rate_limited_total{via="socket"}': 1,
        'dialog_rate_limited_total{via="http"}': 1,
      },
    );
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('is not there: 404 to anyone, even with a bearer token', async () => {
    const server = await startTestServer();
    try {
      const attempts: Record<string, string>[] = [{}, { Authorization: `Bearer ${TOKEN}` }];
      for (const headers of attempts) {
        const { status, text } = await metricsAt(server.url, headers);
        assert.equal(status, 404);
        assert.equal((JSON.parse(text) as Json).code, 'NOT_FOUND');
      }
    } finally {
      await server.stop();
    }
  });
});
