/** A store's methods: each returns a promise, so a call can wait for the store's code. */
type AsyncMethods<T> = { [K in keyof T]: (...args: never[]) => Promise<unknown> };

/**
 * A store made once its code has been fetched (`open`, on first use): each call waits for it, then runs on the store;
 * a failed fetch is tried again on the next call.
 */
export function lazyStore<T extends AsyncMethods<T>>(open: () => Promise<T>): T {
  let store: Promise<T> | undefined;
  const ready = (): Promise<T> => {
    store ??= open().catch((err: unknown) => {
      store = undefined;
      throw err;
    });
    return store;
  };
  return new Proxy({} as T, {
    // Not a promise itself: `then` stays undefined, so awaiting the store does not call into it.
    get: (_target, name) =>
      name === 'then'
        ? undefined
        : (...args: unknown[]) =>
            ready().then((s) =>
              (s[name as keyof T] as unknown as (...a: unknown[]) => Promise<unknown>).apply(s, args),
            ),
  });
}
