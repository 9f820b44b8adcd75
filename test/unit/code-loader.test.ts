import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeLoader } from '../../web/services/code-loader.ts';

/** A fetch of code that fails the first `failures` times, counting its calls. */
function flaky(failures: number) {
  const fetch = async () => {
    fetch.calls++;
    if (fetch.calls <= failures) throw new TypeError('Failed to fetch dynamically imported module');
    return { answer: 42 };
  };
  fetch.calls = 0;
  return fetch;
}

describe('CodeLoader', () => {
  it('fetches a module once and keeps it', async () => {
    const loader = new CodeLoader();
    const fetch = flaky(0);
    const module = loader.module(fetch);
    assert.equal(module.module, undefined);
    const [a, b] = await Promise.all([module.load(), module.load()]);
    assert.equal(a, b);
    assert.equal(module.module, a);
    assert.equal(fetch.calls, 1);
    assert.equal(loader.failed, false);
  });

  it('says once that fetching code failed, whichever piece failed', async () => {
    const loader = new CodeLoader();
    let changes = 0;
    loader.on('change', () => changes++);
    const module = loader.module(flaky(1));
    await assert.rejects(module.load(), TypeError);
    loader.fetch(flaky(1));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(loader.failed, true);
    assert.equal(changes, 1);
    // A module whose fetch failed is fetched again when asked again.
    assert.deepEqual(await module.load(), { answer: 42 });
  });

  it('fetches code nothing waits for only once', async () => {
    const loader = new CodeLoader();
    const fetch = flaky(0);
    loader.fetch(fetch);
    loader.fetch(fetch);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(fetch.calls, 1);
    assert.equal(loader.failed, false);
  });
});
