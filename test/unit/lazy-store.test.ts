import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lazyStore } from '../../web/services/lazy-store.ts';

interface Notes {
  put(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
}

/** A store in memory, made only when `open` is called; counts how often its code was fetched. */
function notes(failFirst = 0) {
  let fetched = 0;
  const made = new Map<string, string>();
  const open = async (): Promise<Notes> => {
    fetched++;
    if (fetched <= failFirst) throw new Error('Failed to fetch dynamically imported module');
    return {
      async put(key, value) {
        made.set(key, value);
      },
      async get(key) {
        return made.get(key);
      },
    };
  };
  return { open, fetched: () => fetched };
}

describe('lazyStore', () => {
  it("fetches the store's code on first use only, and passes each call through with its arguments", async () => {
    const { open, fetched } = notes();
    const store = lazyStore(open);
    assert.equal(fetched(), 0);
    await Promise.all([store.put('a', 'one'), store.put('b', 'two')]);
    assert.equal(await store.get('b'), 'two');
    assert.equal(fetched(), 1);
  });

  it('tries a failed fetch again on the next call', async () => {
    const { open, fetched } = notes(1);
    const store = lazyStore(open);
    await assert.rejects(store.put('a', 'one'), /Failed to fetch/);
    await store.put('a', 'one');
    assert.equal(await store.get('a'), 'one');
    assert.equal(fetched(), 2);
  });

  it('is not taken for a promise: awaiting it fetches nothing', async () => {
    const { open, fetched } = notes();
    const store = lazyStore(open);
    assert.equal(await store, store);
    assert.equal(fetched(), 0);
  });
});
