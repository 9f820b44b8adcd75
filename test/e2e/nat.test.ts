import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { register, unexpectedErrors } from '../support/accounts.ts';
import { startAppProcess } from '../support/app-process.ts';
import { newPerson, type Person } from '../support/browser.ts';
import { CHROMIUM_ARGS } from '../support/chromium.ts';
import { type Coturn, startCoturn } from '../support/coturn.ts';
import { type Home, LAB_SKIP, type Lab, labUnavailable, openLab, PUBLIC_IPS } from '../support/lab.ts';
import { conversation, createRoom, inRoom, personRow, say, seesInConversation, TIMEOUT } from '../support/room-ui.ts';
import { RTC_INSTRUMENT } from '../support/rtc-instrument.ts';

/**
 * Ann and Bob at home, each behind their own router (symmetric NAT, nothing unsolicited in), the signal server and
 * a coturn relay on the public segment. See support/lab.ts for the addresses.
 */

/** coturn's static-auth-secret and the server's TURN_SECRET (REST scheme: credentials made per person). */
const SECRET = 'lab-turn-secret-never-sent';

/** "<local type>-<remote type>" of the selected pair of each connected RTCPeerConnection (a string: see RTC_INSTRUMENT). */
const SELECTED_PAIRS = `(async () => {
  const pairs = [];
  for (const pc of window.__rtc.connections.filter((c) => c.connectionState === 'connected')) {
    const stats = [...(await pc.getStats()).values()];
    const byId = new Map(stats.map((s) => [s.id, s]));
    const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    const pair = byId.get(transport && transport.selectedCandidatePairId) || {};
    const type = (id) => (byId.get(id) || {}).candidateType || '?';
    pairs.push(type(pair.localCandidateId) + '-' + type(pair.remoteCandidateId));
  }
  return pairs;
})()`;

function selectedPairs(person: Person): Promise<string[]> {
  return person.page.evaluate(SELECTED_PAIRS) as Promise<string[]>;
}

function launchAt(home: Home): Promise<Browser> {
  return chromium.launch({ executablePath: home.chromium, headless: true, args: CHROMIUM_ARGS });
}

/** Types of the ICE candidates a page signalled (host, srflx, prflx, relay), from its recorded frames. */
function candidateTypes(person: Person): Set<string> {
  return new Set([...person.frames.join('\n').matchAll(/ typ (host|srflx|prflx|relay)\b/g)].map((m) => m[1] as string));
}

/** The lab's world for one scenario: the server with `env`, one Chromium per home, one person at each of `homes`. */
async function meet(lab: Lab, env: Record<string, string>, homes: ('a' | 'b')[] = ['a', 'b']) {
  const server = await startAppProcess({ HOST: PUBLIC_IPS.server, ...env });
  const browsers = new Map<string, Browser>();
  const close = async () => {
    await Promise.all([...browsers.values()].map((b) => b.close()));
    await server.stop();
  };
  try {
    for (const id of new Set(homes)) browsers.set(id, await launchAt(lab.homes[id]));
    const people = await Promise.all(homes.map((id) => newPerson(browsers.get(id) as Browser, server.url)));
    await Promise.all(people.map((p) => p.context.addInitScript(RTC_INSTRUMENT)));
    return { server, people: people as [Person, Person], close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Ann opens a room, Bob enters it from its link; returns when both pages show the room. */
async function enterOneRoom(ann: Person, bob: Person): Promise<void> {
  await register(ann.page, 'ann');
  await register(bob.page, 'bob');
  const room = await createRoom(ann.page, 'Across town');
  await bob.page.goto(room);
  await inRoom(bob.page);
}

describe('two homes behind NAT', () => {
  let lab: Lab;
  let coturn: Coturn | undefined;

  before(() => {
    if (LAB_SKIP) return;
    const why = labUnavailable();
    if (why) throw new Error(why);
    lab = openLab();
  });
  afterEach(async () => {
    await coturn?.stop();
    coturn = undefined;
  });
  after(() => lab?.close());

  it('connect through the TURN relay and chat both ways', { skip: LAB_SKIP }, async () => {
    coturn = await startCoturn(PUBLIC_IPS.relay, SECRET);
    const world = await meet(lab, { TURN_URLS: coturn.url, TURN_SECRET: SECRET });
    try {
      const { server } = world;
      const [ann, bob] = world.people;
      await enterOneRoom(ann, bob);
      const entered = Date.now();
      const viaRelay = (page: Person['page'], name: string) =>
        personRow(page, name).filter({ hasText: 'connected · via relay' }).waitFor({ timeout: TIMEOUT });
      await Promise.all([viaRelay(ann.page, 'bob'), viaRelay(bob.page, 'ann')]);
      console.log(`  connected via the relay ${Date.now() - entered} ms after Bob entered`);

      await say(ann.page, 'Hello from home A');
      await seesInConversation(bob.page, 'Hello from home A');
      await say(bob.page, 'Hello from home B');
      await seesInConversation(ann.page, 'Hello from home B');
      await personRow(bob.page, 'ann').getByRole('button').click();
      await bob.page.getByRole('textbox', { name: 'Personal message to ann' }).fill('Just for you, Ann');
      await bob.page.getByRole('button', { name: 'Send to ann' }).click();
      const personal = conversation(ann.page).getByRole('listitem').filter({ hasText: 'Just for you, Ann' });
      await personal.waitFor({ timeout: TIMEOUT });
      assert.match((await personal.textContent()) ?? '', /personal/);

      // ICE chose a pair through the relay on both sides (relay-relay, or the relay and the mapping that reached it).
      const pairs = { ann: await selectedPairs(ann), bob: await selectedPairs(bob) };
      console.log(`  selected candidate pairs (local-remote): Ann ${pairs.ann}, Bob ${pairs.bob}`);
      for (const [who, list] of Object.entries(pairs)) {
        assert.equal(list.length, 1, `${who} has one connected connection`);
        assert.match(list[0] ?? '', /relay/, `${who}'s selected pair goes through the relay`);
      }

      // The relay carried it: both allocated and opened permissions for the other side.
      await coturn.logged(/CREATE_PERMISSION processed, success/);
      assert.ok(coturn.log.filter((l) => /ALLOCATE processed, success/.test(l)).length >= 2, 'two allocations');
      assert.ok(candidateTypes(ann).has('relay') && candidateTypes(bob).has('relay'), 'relay candidates signalled');
      // coturn accepted the server's time-limited credentials (<expiry>:<username>); the secret itself never travelled.
      for (const name of ['ann', 'bob']) await coturn.logged(new RegExp(`username=<\\d+:${name}>`));
      assert.equal([...ann.frames, ...bob.frames].filter((f) => f.includes(SECRET)).length, 0);
      assert.deepEqual(unexpectedErrors([ann, bob]), []);
      assert.deepEqual(server.errors, []);
    } finally {
      await world.close();
    }
  });

  it('never connect without a relay, even with STUN, and the page says so', { skip: LAB_SKIP }, async () => {
    // coturn answers STUN binding requests; the server hands out no TURN, so nobody can relay.
    coturn = await startCoturn(PUBLIC_IPS.relay, SECRET);
    const world = await meet(lab, { STUN_URLS: `stun:${PUBLIC_IPS.relay}:3478` });
    try {
      const [ann, bob] = world.people;
      await enterOneRoom(ann, bob);
      const entered = Date.now();
      await personRow(ann.page, 'bob')
        .filter({
          hasText: "Can't reach bob — neither network allows a direct connection and this server has no relay",
        })
        .waitFor({ timeout: 3 * TIMEOUT });
      console.log(`  Ann's page showed the failure ${Date.now() - entered} ms after Bob entered`);

      // Each side learnt its public mapping from STUN and signalled it, and still no pair worked: symmetric NAT.
      assert.ok(candidateTypes(ann).has('srflx') && candidateTypes(bob).has('srflx'), 'srflx candidates signalled');
      await personRow(bob.page, 'ann').filter({ hasText: "Can't reach ann —" }).waitFor({ timeout: TIMEOUT });
      for (const [page, name] of [
        [ann.page, 'bob'],
        [bob.page, 'ann'],
      ] as const) {
        assert.equal(
          await personRow(page, name)
            .filter({ hasText: /\bconnected\b/ })
            .count(),
          0,
        );
      }
      assert.equal(coturn.log.filter((l) => /ALLOCATE processed, success/.test(l)).length, 0, 'nobody relayed');
    } finally {
      await world.close();
    }
  });
  it("with 'Hide my network address' on, a same-LAN pair connects via relay and her address is never signalled", {
    skip: LAB_SKIP,
  }, async () => {
    coturn = await startCoturn(PUBLIC_IPS.relay, SECRET);
    const world = await meet(lab, { TURN_URLS: coturn.url, TURN_SECRET: SECRET }, ['a', 'a']);
    try {
      const [ann, cat] = world.people;
      const catSent: string[] = [];
      cat.page.on('websocket', (ws) =>
        ws.on('framesent', (f) => catSent.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))),
      );
      await register(ann.page, 'ann');
      await register(cat.page, 'cat');
      await cat.page.getByRole('link', { name: 'My profile' }).click();
      await cat.page.getByRole('checkbox', { name: 'Hide my network address from others' }).check();
      await cat.page.getByText('Your network address is hidden from now on.').waitFor({ timeout: TIMEOUT });

      const room = await createRoom(ann.page, 'Same flat');
      await cat.page.goto(room);
      await inRoom(cat.page);
      await personRow(ann.page, 'cat').filter({ hasText: 'connected · via relay' }).waitFor({ timeout: TIMEOUT });
      await personRow(cat.page, 'ann').filter({ hasText: 'connected · via relay' }).waitFor({ timeout: TIMEOUT });
      await say(cat.page, 'Hello from the next room');
      await seesInConversation(ann.page, 'Hello from the next room');

      // Cat signalled relay candidates only, and her LAN address in nothing she sent; Ann, not hiding, signalled hers.
      const catTypes = [...catSent.join('\n').matchAll(/ typ (\w+)/g)].map((m) => m[1]);
      assert.ok(catTypes.length > 0, 'Cat signalled candidates');
      assert.deepEqual([...new Set(catTypes)], ['relay']);
      assert.equal(catSent.filter((f) => f.includes(lab.homes.a.address)).length, 0);
      assert.ok(candidateTypes(ann).has('host'), 'Ann, not hiding, offered her host candidate');
      for (const [who, list] of Object.entries({ ann: await selectedPairs(ann), cat: await selectedPairs(cat) })) {
        assert.match(list[0] ?? '', /relay/, `${who}'s selected pair goes through the relay`);
      }
    } finally {
      await world.close();
    }
  });
});
