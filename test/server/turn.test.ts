import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { startAppProcess } from '../support/app-process.ts';
import { cookieOf, PASSWORD, request, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
const SECRET = 'the relay secret nobody may see';
const TURN_URLS = ['turn:10.0.0.9:3478', 'turns:relay.example.org:5349'];

describe('TURN credentials', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      iceServers: [{ urls: 'stun:static.example.org' }],
      turn: { urls: TURN_URLS, secret: SECRET, ttlS: 600 },
    });
  });
  after(() => server.stop());

  it('hands each person in the room:join answer their own short-lived TURN credential, never the secret', async () => {
    const ann = await server.person('ann');
    const frames: string[] = [];
    ann.socket.io.engine.on('packet', (packet: { data?: unknown }) => frames.push(String(packet.data)));
    const roomId = await server.createRoom(ann.cookie);
    const before = Math.floor(Date.now() / 1000);
    const join = await request<Json>(ann.socket, 'room:join', { roomId });
    assert.equal(join.ok, true);
    assert.deepEqual(join.iceServers[0], { urls: 'stun:static.example.org' });
    const relay = join.iceServers.find((s: Json) => [s.urls].flat().includes(TURN_URLS[0]));
    assert.deepEqual(relay.urls, TURN_URLS);
    const [expiry, username] = String(relay.username).split(':');
    assert.equal(username, 'ann');
    assert.ok(Number(expiry) >= before + 600 && Number(expiry) <= Math.ceil(Date.now() / 1000) + 600, relay.username);
    assert.match(relay.credential, /^[A-Za-z0-9+/]{27}=$/);
    const fresh = await request<Json>(ann.socket, 'ice:servers', {});
    assert.equal(fresh.ok, true);
    assert.deepEqual(fresh.iceServers.at(-1).urls, TURN_URLS);
    assert.ok(frames.length >= 2, 'the answers were seen on the wire');
    for (const frame of frames) assert.equal(frame.includes(SECRET), false, 'the secret went out in a frame');
  });

  it('gives different people different credentials', async () => {
    const [bob, cat] = await Promise.all([server.person('bob'), server.person('cat')]);
    const [b, c] = await Promise.all([bob, cat].map((p) => request<Json>(p.socket, 'ice:servers', {})));
    assert.notEqual(b?.iceServers.at(-1).credential, c?.iceServers.at(-1).credential);
    assert.match(b?.iceServers.at(-1).username, /^\d+:bob$/);
  });

  it('hands out only the static servers when no relay is configured', async () => {
    const plain = await startTestServer({ iceServers: [{ urls: 'stun:static.example.org' }] });
    try {
      const dan = await plain.person('dan');
      const answer = await request<Json>(dan.socket, 'ice:servers', {});
      assert.deepEqual(answer, { ok: true, iceServers: [{ urls: 'stun:static.example.org' }] });
    } finally {
      await plain.stop();
    }
  });
});

describe('TURN secret in the server process', () => {
  it('appears in no frame and no log line while people join and renew credentials', async () => {
    const app = await startAppProcess(
      { TURN_URLS: TURN_URLS.join(','), TURN_SECRET: SECRET, HOST: '127.0.0.1' },
      undefined,
      'signal-server/main.ts',
    );
    const frames: string[] = [];
    try {
      const headers = { Origin: app.url, 'Content-Type': 'application/json' };
      const registered = await fetch(`${app.url}/api/auth/register`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ username: 'hal', password: PASSWORD }),
      });
      const cookie = cookieOf(registered);
      const created = await fetch(`${app.url}/api/rooms`, {
        method: 'POST',
        headers: { ...headers, Cookie: cookie },
        body: JSON.stringify({ name: 'Relay' }),
      });
      const roomId = ((await created.json()) as Json).room.id;
      const socket = connect(app.url, {
        auth: { protocol: PROTOCOL_VERSION },
        extraHeaders: { Cookie: cookie, Origin: app.url },
        transports: ['websocket'],
        reconnection: false,
      });
      socket.io.on('open', () => socket.io.engine.on('packet', (p: { data?: unknown }) => frames.push(String(p.data))));
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
      const join = await request<Json>(socket, 'room:join', { roomId });
      const renewed = await request<Json>(socket, 'ice:servers', {});
      socket.disconnect();
      assert.match(join.iceServers.at(-1).username, /^\d+:hal$/);
      assert.equal(renewed.ok, true);
      assert.ok(
        frames.some((f) => f.includes('iceServers')),
        'the credentials were seen on the wire',
      );
    } finally {
      await app.stop();
    }
    assert.ok(app.output.length > 0, 'the server logged');
    for (const line of [...frames, ...app.output]) assert.equal(line.includes(SECRET), false, line);
  });
});

describe('TURN configuration at start', () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'signal-server/main.ts'], {
      env: { ...process.env, PORT: '0', DATA_DIR: '/nonexistent/dialog-config-test', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('refuses a bad TURN URL with one sentence and a non-zero exit', () => {
    const run = start({ TURN_URLS: 'http://relay.example.org', TURN_SECRET: SECRET });
    assert.equal(run.status, 1);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    const { level, message } = JSON.parse(lines[0] ?? '{}');
    assert.equal(level, 'error');
    assert.match(
      message,
      /^Dialog could not start: Bad configuration: TURN_URLS: "http:\/\/relay\.example\.org" is not/,
    );
    assert.equal(run.stderr.includes(SECRET), false);
  });

  it('refuses TURN_URLS without TURN_SECRET', () => {
    const run = start({ TURN_URLS: 'turn:relay.example.org' });
    assert.equal(run.status, 1);
    assert.match(JSON.parse(run.stderr).message, /TURN_URLS is set but TURN_SECRET is not/);
  });
});

describe('relay-only setting', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('is saved in the profile and shown to its owner only', async () => {
    const cookie = await server.register('eve');
    const me = async () => ((await (await server.api('/api/auth/me', { cookie })).json()) as Json).user;
    assert.equal((await me()).relayOnly, false);
    const saved = await server.api('/api/profile', { method: 'PATCH', cookie, body: { relayOnly: true } });
    assert.equal(saved.status, 200);
    assert.equal(((await saved.json()) as Json).user.relayOnly, true);
    assert.equal((await me()).relayOnly, true);
    assert.equal((await server.users.get('eve'))?.relayOnly, true);
    const other = await server.register('fay');
    const seen = ((await (await server.api('/api/users/eve', { cookie: other })).json()) as Json).user;
    assert.equal('relayOnly' in seen, false, 'others do not learn the setting');
  });

  it('refuses a value that is not true or false, writing nothing', async () => {
    const cookie = await server.register('gus');
    for (const bad of ['yes', 1, null]) {
      const res = await server.api('/api/profile', { method: 'PATCH', cookie, body: { relayOnly: bad, about: 'x' } });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as Json).code, 'INVALID');
    }
    const stored = await server.users.get('gus');
    assert.deepEqual([stored?.relayOnly, stored?.about], [undefined, '']);
  });
});
