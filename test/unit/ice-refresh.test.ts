import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { credentialExpiry, offersRelay, refreshBeforeExpiry } from '../../web/services/ice-servers.ts';

const relay = (expiry: number) => [
  { urls: 'stun:stun.example.org' },
  { urls: ['turn:relay.example.org:3478'], username: `${expiry}:ann`, credential: 'x' },
];

describe('refreshBeforeExpiry', () => {
  it('asks for fresh TURN credentials before they expire, and again before the fresh ones do', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000_000_000 });
    try {
      const now = () => Date.now();
      const expiry = now() / 1000 + 3600;
      const asked: number[] = [];
      const applied: number[] = [];
      const stop = refreshBeforeExpiry(
        relay(expiry),
        async () => {
          asked.push(now());
          return relay(now() / 1000 + 3600);
        },
        (fresh) => applied.push(credentialExpiry(fresh) ?? 0),
        now,
      );
      mock.timers.tick(2879_000);
      assert.equal(asked.length, 0, 'not asked long before expiry');
      mock.timers.tick(1_000);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(asked.length, 1, 'asked at 80% of the lifetime');
      assert.ok((asked[0] as number) < expiry * 1000 - 60_000, 'well before expiry');
      assert.deepEqual(applied, [(asked[0] as number) / 1000 + 3600]);
      mock.timers.tick(2880_000);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(asked.length, 2, 'the fresh credentials are renewed too');
      stop();
      mock.timers.tick(10 * 3600_000);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(asked.length, 2, 'nothing after stop');
    } finally {
      mock.timers.reset();
    }
  });

  it('does nothing without expiring credentials', () => {
    let asked = 0;
    const stop = refreshBeforeExpiry(
      [{ urls: 'stun:stun.example.org' }],
      async () => {
        asked++;
        return [];
      },
      () => {},
    );
    stop();
    assert.equal(asked, 0);
    assert.equal(credentialExpiry([{ urls: 'turn:x.org', username: 'static', credential: 'y' }]), undefined);
  });

  it('tells a relay from STUN alone', () => {
    assert.equal(offersRelay(relay(1)), true);
    assert.equal(offersRelay([{ urls: 'stun:stun.example.org' }]), false);
    assert.equal(offersRelay([]), false);
  });
});
