import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { register, unexpectedErrors } from '../support/accounts.ts';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { launchBrowser, newPerson, type Person } from '../support/browser.ts';
import { startCouch, type TestCouch } from '../support/couch-server.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { meetInRoom, say, seesInConversation } from '../support/room-ui.ts';

/** Two server processes sharing one Redis and one CouchDB-protocol server, as behind a load balancer. */
describe('three people over two server processes', () => {
  let redis: TestRedis;
  let couch: TestCouch;
  let servers: AppProcess[] = [];
  let browser: Browser;
  let ann: Person;
  let bob: Person;
  let cat: Person;

  before(async () => {
    [redis, couch] = await Promise.all([startRedis(), startCouch()]);
    const env = { REDIS_URL: redis.url, COUCHDB_URL: couch.url };
    const a = await startAppProcess(env); // first: it creates the database
    const b = await startAppProcess(env);
    servers = [a, b];
    browser = await launchBrowser();
    // Ann and Cat reach the first process, Bob the second.
    [ann, bob, cat] = (await Promise.all([a.url, b.url, a.url].map((url) => newPerson(browser, url)))) as [
      Person,
      Person,
      Person,
    ];
  });
  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all([redis?.stop(), couch?.stop()]);
  });

  it('meet in one room and chat browser to browser', async () => {
    for (const [person, name] of [
      [ann, 'ann'],
      [bob, 'bob'],
      [cat, 'cat'],
    ] as const)
      await register(person.page, name);
    await meetInRoom('Across', { ann, bob, cat });
    await seesInConversation(ann.page, 'bob joined');

    const fromBob = `Bob on the second process ${Date.now()}`;
    await say(bob.page, fromBob);
    await seesInConversation(ann.page, fromBob);
    await seesInConversation(cat.page, fromBob);
    const fromCat = `Cat on the first process ${Date.now()}`;
    await say(cat.page, fromCat);
    await seesInConversation(bob.page, fromCat);
    await seesInConversation(ann.page, fromCat);

    assert.deepEqual(unexpectedErrors([ann, bob, cat]), []);
    assert.deepEqual(
      servers.flatMap((s) => s.errors),
      [],
      'neither process logged an error',
    );
  });
});
