import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../signal-server/app.ts';
import { embeddedDeps } from '../../signal-server/embedded-deps.ts';
import { silentLogger } from '../../signal-server/log.ts';
import { withRedis } from '../../signal-server/redis-deps.ts';
import { startCouch } from '../support/couch-server.ts';
import { startRedis } from '../support/redis.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('http', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const web = join(server.dataDir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Dialog</title>');
    writeFileSync(join(web, 'assets', 'app-abc.js'), 'export {};');
  });
  after(() => server.stop());

  it('answers /healthz once the database is open', async () => {
    const res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  });

  it('answers /readyz with every store reachable', async () => {
    const res = await fetch(`${server.url}/readyz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true, stores: { database: 'ok' } });
  });

  it('serves index.html for deep links such as /rooms/<id>', async () => {
    const res = await fetch(`${server.url}/rooms/team-chat`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /<title>Dialog<\/title>/);
  });

  it('serves hashed assets with long-lived caching and a CSP without inline script', async () => {
    const res = await fetch(`${server.url}/assets/app-abc.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.doesNotMatch(csp, /'unsafe-eval'/);
  });

  it('answers 404 JSON for a missing asset and an unknown API route, not the app page', async () => {
    const asset = await fetch(`${server.url}/assets/missing.js`);
    assert.equal(asset.status, 404);
    const api = await fetch(`${server.url}/api/nothing-here`);
    assert.equal(api.status, 404);
    assert.deepEqual(await api.json(), { code: 'NOT_FOUND', message: 'No such API route.' });
  });

  it('sends Cross-Origin-Opener-Policy only where browsers honour it: https or a loopback host, not a LAN address', async () => {
    assert.equal(await coopOf(server.url, { Host: '192.168.1.5:3000' }), undefined);
    assert.equal(await coopOf(server.url, { Host: '10.77.0.1' }), undefined);
    assert.equal(await coopOf(server.url, { Host: 'localhost:3000' }), 'same-origin');
    assert.equal(await coopOf(server.url, { Host: '127.0.0.1:3000' }), 'same-origin');
    assert.equal(await coopOf(server.url, { Host: '[::1]:3000' }), 'same-origin');
  });

  it('sends Cross-Origin-Opener-Policy on a LAN host when a trusted proxy says the page came over https', async () => {
    const proxied = await startTestServer({ trustProxy: true });
    try {
      const lan = { Host: '192.168.1.5' };
      assert.equal(await coopOf(proxied.url, lan), undefined);
      assert.equal(await coopOf(proxied.url, { ...lan, 'X-Forwarded-Proto': 'https' }), 'same-origin');
    } finally {
      await proxied.stop();
    }
  });
});

/** The Cross-Origin-Opener-Policy of /healthz asked with `headers` (node:http, which lets a test choose Host). */
function coopOf(url: string, headers: Record<string, string>): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/healthz`, { headers }, (res) => {
      res.resume();
      resolve(res.headers['cross-origin-opener-policy'] as string | undefined);
    });
    req.on('error', reject).end();
  });
}

describe('/readyz', () => {
  it('answers 503 naming the store that does not answer', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dialog-test-'));
    const deps = embeddedDeps({ dataDir, bcryptCost: 12, log: silentLogger });
    // The database stops answering under a running server (as a remote one would).
    let down = false;
    const info = deps.db.info.bind(deps.db);
    deps.db.info = (() => (down ? Promise.reject(new Error('unreachable')) : info())) as typeof deps.db.info;
    const app = createApp(deps, { webRoot: join(dataDir, 'web') });
    const { port } = await app.listen(0, '127.0.0.1');
    try {
      down = true;
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { ok: false, stores: { database: 'unreachable' } });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('answers 503 naming Redis while it does not answer, and 200 again once it is back', async () => {
    const redis = await startRedis();
    const dataDir = mkdtempSync(join(tmpdir(), 'dialog-test-'));
    const deps = withRedis(embeddedDeps({ dataDir, bcryptCost: 12, log: silentLogger }), redis.url, silentLogger);
    const app = createApp(deps, { webRoot: join(dataDir, 'web') });
    const { port } = await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${port}`;
    try {
      assert.deepEqual(await readiness(url), [200, { ok: true, stores: { database: 'ok', redis: 'ok' } }]);
      await redis.kill();
      assert.deepEqual(await readiness(url), [503, { ok: false, stores: { database: 'ok', redis: 'unreachable' } }]);
      assert.equal((await fetch(`${url}/healthz`)).status, 200, 'still alive: a restart would not bring Redis back');
      await redis.restart();
      const back = Date.now();
      assert.deepEqual(await readyAgain(url), { ok: true, stores: { database: 'ok', redis: 'ok' } });
      console.log(`ready again ${Date.now() - back} ms after Redis came back`);
    } finally {
      await app.close();
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('answers 503 naming CouchDB while it does not answer, and 200 again once it is back', async () => {
    const couch = await startCouch();
    const dataDir = mkdtempSync(join(tmpdir(), 'dialog-test-'));
    const deps = embeddedDeps({ dataDir, couchUrl: couch.url, bcryptCost: 12, log: silentLogger });
    const app = createApp(deps, { webRoot: join(dataDir, 'web') });
    const { port } = await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${port}`;
    try {
      assert.deepEqual(await readiness(url), [200, { ok: true, stores: { couchdb: 'ok' } }]);
      await couch.kill();
      assert.deepEqual(await readiness(url), [503, { ok: false, stores: { couchdb: 'unreachable' } }]);
      assert.equal((await fetch(`${url}/healthz`)).status, 200, 'still alive: a restart would not bring CouchDB back');
      await couch.restart();
      assert.deepEqual(await readyAgain(url), { ok: true, stores: { couchdb: 'ok' } });
    } finally {
      await app.close();
      await couch.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** /readyz's status and body. */
async function readiness(url: string): Promise<[number, unknown]> {
  const res = await fetch(`${url}/readyz`);
  return [res.status, await res.json()];
}

/** /readyz's body once it answers 200 (a client reconnects by itself, within seconds); fails after 15 s. */
async function readyAgain(url: string): Promise<unknown> {
  const started = Date.now();
  for (;;) {
    const [status, body] = await readiness(url);
    if (status === 200 || Date.now() - started > 15_000) {
      assert.equal(status, 200, `still ${JSON.stringify(body)}`);
      return body;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
