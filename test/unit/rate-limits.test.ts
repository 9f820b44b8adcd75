import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthRateLimits } from '../../signal-server/accounts/rate-limits.ts';

describe('AuthRateLimits', () => {
  const limits = () =>
    new AuthRateLimits({
      failuresPerIp: 5,
      failuresPerUserAndIp: 3,
      registrationsPerIp: 2,
      passwordFailuresPerUser: 3,
    });

  it('blocks password changes for an account after repeated wrong current passwords, not for others', async () => {
    const l = limits();
    for (let i = 0; i < 2; i++) await l.passwordChangeFailed('ann');
    assert.equal(await l.passwordChangeBlockedFor('ann'), 0);
    await l.passwordChangeFailed('ann');
    assert.ok((await l.passwordChangeBlockedFor('ann')) > 0);
    assert.equal(await l.passwordChangeBlockedFor('bob'), 0);
  });

  it("blocks one address after repeated failures for an account, but not the owner's own address", async () => {
    const l = limits();
    for (let i = 0; i < 3; i++) await l.loginFailed('ann', '203.0.113.9');
    assert.ok((await l.loginBlockedFor('ann', '203.0.113.9')) > 0);
    assert.equal(await l.loginBlockedFor('ann', '198.51.100.7'), 0);
  });

  it('blocks an address that fails across many accounts', async () => {
    const l = limits();
    for (const name of ['a', 'b', 'c', 'd', 'e']) await l.loginFailed(name, '203.0.113.9');
    assert.ok((await l.loginBlockedFor('f', '203.0.113.9')) > 0);
    assert.equal(await l.loginBlockedFor('f', '198.51.100.7'), 0);
  });

  it('forgets an account+address pair after a successful login', async () => {
    const l = limits();
    await l.loginFailed('ann', '198.51.100.7');
    await l.loginFailed('ann', '198.51.100.7');
    await l.loginSucceeded('ann', '198.51.100.7');
    await l.loginFailed('ann', '198.51.100.7');
    assert.equal(await l.loginBlockedFor('ann', '198.51.100.7'), 0);
  });

  it('limits registrations per address', async () => {
    const l = limits();
    assert.equal(await l.registration('203.0.113.9'), 0);
    assert.equal(await l.registration('203.0.113.9'), 0);
    assert.ok((await l.registration('203.0.113.9')) > 0);
    assert.equal(await l.registration('198.51.100.7'), 0);
  });
});
