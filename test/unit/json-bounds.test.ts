import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isJsonWithin } from '../../shared/json-bounds.ts';

describe('isJsonWithin', () => {
  const bounds = { maxDepth: 3, maxLength: 64 };

  it('measures exactly what JSON.stringify would write', () => {
    const value = { type: 'offer', sdp: 'v=0\r\n"é"', n: [1.5, -2e-7, true, null, { a: [] }] };
    const length = JSON.stringify(value).length;
    // Four levels: the object, n, { a }, a.
    assert.equal(isJsonWithin(value, { maxDepth: 4, maxLength: length }), true);
    assert.equal(isJsonWithin(value, { maxDepth: 4, maxLength: length - 1 }), false);
    assert.equal(isJsonWithin(value, { maxDepth: 3, maxLength: length }), false);
  });

  it('refuses 100,000 levels of nesting without overflowing the stack', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    assert.throws(() => JSON.stringify(deep), RangeError);
    assert.equal(isJsonWithin(deep, { maxDepth: 8, maxLength: 1_000_000 }), false);
  });

  it('refuses what JSON cannot carry as it is', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, undefined, Buffer.from('x'), new Date(0), () => 1]) {
      assert.equal(isJsonWithin({ value }, bounds), false, String(value));
    }
    assert.equal(isJsonWithin(Object.create({ inherited: 1 }), bounds), false);
  });
});
