import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PouchSessionStore, PouchUserStore } from '../../signal-server/accounts/pouch-stores.ts';
import { Sessions, sessionIdOf } from '../../signal-server/accounts/sessions.ts';
import { type Database, openEmbeddedDb } from '../../signal-server/db/open-db.ts';

const HOUR = 3600_000;

describe('Sessions', () => {
  let dir: string;
  let db: Database;
  let clock: number;
  let sessions: Sessions;
  let users: PouchUserStore;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dialog-sessions-'));
    db = openEmbeddedDb(dir);
    users = new PouchUserStore(db);
    clock = Date.UTC(2026, 0, 1);
    sessions = new Sessions(new PouchSessionStore(db), users, { absoluteMs: 48 * HOUR, idleMs: 6 * HOUR }, () => clock);
    for (const username of ['ann', 'bob']) {
      await users.create({
        username,
        displayName: username,
        email: null,
        about: '',
        passwordHash: 'x',
        isAdmin: false,
        disabled: false,
        createdAt: new Date(clock).toISOString(),
        avatarTag: null,
      });
    }
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues 256-bit tokens and stores only their hash', async () => {
    const { token, session } = await sessions.issue('ann');
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.equal(session.id, sessionIdOf(token));
    const all = await db.allDocs({ include_docs: true });
    assert.equal(JSON.stringify(all).includes(token), false);
    assert.equal((await sessions.resolve(token))?.user.username, 'ann');
  });

  it('gives a different token on every login', async () => {
    const a = await sessions.issue('ann');
    const b = await sessions.issue('ann');
    assert.notEqual(a.token, b.token);
  });

  it('ends a session left idle too long, but not one in use', async () => {
    const idle = await sessions.issue('ann');
    const busy = await sessions.issue('ann');
    for (let i = 0; i < 4; i++) {
      clock += 2 * HOUR;
      assert.ok(await sessions.resolve(busy.token), `busy session alive after ${2 * (i + 1)} h`);
    }
    assert.equal(await sessions.resolve(idle.token), undefined);
  });

  it('ends every session at its absolute expiry, however busy', async () => {
    const { token } = await sessions.issue('ann');
    for (let hours = 5; hours <= 45; hours += 5) {
      clock += 5 * HOUR;
      assert.ok(await sessions.resolve(token), `alive ${hours} h after login`);
    }
    clock += 5 * HOUR; // 50 h after login
    assert.equal(await sessions.resolve(token), undefined);
  });

  it('refuses sessions of a disabled person and revokes all but one on request', async () => {
    const one = await sessions.issue('bob');
    const two = await sessions.issue('bob');
    const revoked = await sessions.revokeAllFor('bob', one.session.id);
    assert.deepEqual(revoked, [two.session.id]);
    assert.ok(await sessions.resolve(one.token));
    assert.equal(await sessions.resolve(two.token), undefined);
    await users.update('bob', { disabled: true });
    assert.equal(await sessions.resolve(one.token), undefined);
  });

  it('sweeps sessions past their idle or absolute end out of the store, keeping live ones', async () => {
    const idle = await sessions.issue('ann');
    clock += 5 * HOUR;
    const live = await sessions.issue('ann');
    clock += 2 * HOUR; // `idle` unused for 7 h (over 6), `live` for 2
    const swept = await sessions.sweep();
    assert.ok(swept.includes(idle.session.id));
    assert.ok(!swept.includes(live.session.id));
    assert.equal(await db.get(`session:${idle.session.id}`).catch((err) => err.status), 404);
    assert.ok(await sessions.resolve(live.token));
  });

  it('keeps at most maxPerAccount sessions per person, ending the oldest', async () => {
    const capped = new Sessions(
      new PouchSessionStore(db),
      users,
      { absoluteMs: 48 * HOUR, idleMs: 6 * HOUR, maxPerAccount: 3 },
      () => clock,
    );
    await capped.revokeAllFor('ann');
    const issued = [];
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      issued.push(await capped.issue('ann'));
    }
    assert.deepEqual(
      issued.map((s) => s.ended.length),
      [0, 0, 0, 1, 1],
    );
    assert.deepEqual(issued[3]?.ended, [issued[0]?.session.id]);
    assert.deepEqual(issued[4]?.ended, [issued[1]?.session.id]);
    const alive = await Promise.all(issued.map(async (s) => (await capped.resolve(s.token)) !== undefined));
    assert.deepEqual(alive, [false, false, true, true, true]);
  });

  it('ignores garbage tokens', async () => {
    assert.equal(await sessions.resolve(undefined), undefined);
    assert.equal(await sessions.resolve(''), undefined);
    assert.equal(await sessions.resolve('x'.repeat(5000)), undefined);
  });
});
