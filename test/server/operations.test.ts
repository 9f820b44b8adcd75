import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { registerAt } from '../support/calm-pair.ts';
import { socketAt } from '../support/server.ts';

/** GETs `path` and drops the connection as soon as the response starts, as a client that stops reading does. */
function dropAfterHeaders(url: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, (res) => {
      res.socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

describe('the server process, as an operator runs it', () => {
  let app: AppProcess;
  before(async () => {
    app = await startAppProcess();
  });
  after(() => app.stop());

  it('does not log a client that closes a response early as an error', async () => {
    const index = await (await fetch(`${app.url}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    assert.ok(script, 'the page names its script');
    for (let i = 0; i < 5; i++) assert.equal(await dropAfterHeaders(app.url, script), 200);
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200, 'still serving');
    await app.stop({ keepData: true });
    assert.deepEqual(app.errors, []);
  });
});

describe('SIGTERM', () => {
  it('exits cleanly and leaves every page free to reconnect (no disconnect packet, no logout)', async () => {
    const app = await startAppProcess();
    const cookie = await registerAt(app.url, 'leaver');
    const sockets = await Promise.all([socketAt(app.url, cookie), socketAt(app.url, cookie)]);
    const reasons = sockets.map((socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve)));
    const exit = new Promise<number | null>((resolve) => app.child.once('exit', resolve));
    await app.stop();
    assert.equal(await exit, 0);
    assert.deepEqual(await Promise.all(reasons), ['transport close', 'transport close']);
    assert.deepEqual(app.errors, []);
  });
});
