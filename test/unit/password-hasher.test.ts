import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import { BcryptHasher } from '../../signal-server/accounts/password-hasher.ts';

describe('BcryptHasher', () => {
  it('hashes at cost 12 and verifies', async () => {
    const hasher = new BcryptHasher({ cost: 12 });
    try {
      const hash = await hasher.hash('correct horse');
      assert.equal(bcrypt.getRounds(hash), 12);
      assert.equal(await hasher.verify('correct horse', hash), true);
      assert.equal(await hasher.verify('wrong horse', hash), false);
    } finally {
      await hasher.close();
    }
  });

  it('keeps the main thread free: a timer keeps ticking during concurrent logins', async () => {
    const hasher = new BcryptHasher({ cost: 12 });
    try {
      const hash = await hasher.hash('warm up the pool');
      let ticks = 0;
      const interval = setInterval(() => ticks++, 20);
      const started = Date.now();
      await Promise.all(Array.from({ length: 6 }, () => hasher.verify('warm up the pool', hash)));
      const elapsed = Date.now() - started;
      clearInterval(interval);
      // On the main thread, six cost-12 checks would block for their whole duration and allow ~6 ticks at most.
      assert.ok(ticks >= Math.floor(elapsed / 20 / 2), `${ticks} ticks in ${elapsed} ms`);
      assert.ok(ticks > 6, `${ticks} ticks in ${elapsed} ms`);
    } finally {
      await hasher.close();
    }
  });
});
