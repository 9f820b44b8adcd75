import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
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
  });

  it('answers 404 JSON for a missing asset and an unknown API route, not the app page', async () => {
    const asset = await fetch(`${server.url}/assets/missing.js`);
    assert.equal(asset.status, 404);
    const api = await fetch(`${server.url}/api/nothing-here`);
    assert.equal(api.status, 404);
    assert.deepEqual(await api.json(), { code: 'NOT_FOUND', message: 'No such API route.' });
  });
});
