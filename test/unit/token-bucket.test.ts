import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenBucket } from '../../web/services/token-bucket.ts';

/** A bucket on a clock the test moves by hand. */
function bucket(perSecond: number, burst: number) {
  const clock = { ms: 0 };
  return { clock, bucket: new TokenBucket({ perSecond, burst, now: () => clock.ms }) };
}

/** How many of `n` events at the current instant the bucket takes. */
const taken = (b: TokenBucket, n: number) => Array.from({ length: n }, () => b.take()).filter(Boolean).length;

describe('TokenBucket', () => {
  it('takes a burst at once, then refuses until time passes', () => {
    const { bucket: b } = bucket(50, 200);
    assert.equal(taken(b, 5000), 200);
    assert.equal(b.take(), false);
  });

  it('refills at its rate, never above the burst', () => {
    const { bucket: b, clock } = bucket(50, 200);
    taken(b, 200);
    clock.ms += 1000;
    assert.equal(taken(b, 1000), 50);
    clock.ms += 3_600_000;
    assert.equal(taken(b, 1000), 200);
  });

  it('lets a steady sender at the rate through', () => {
    const { bucket: b, clock } = bucket(50, 200);
    let refused = 0;
    for (let i = 0; i < 10_000; i++) {
      clock.ms += 20;
      if (!b.take()) refused++;
    }
    assert.equal(refused, 0);
  });
});
