/**
 * Runs tasks one at a time per key: a person's room creations are counted one after another, and two people
 * opening their conversation at once get one conversation. A key's chain is dropped once idle.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#tails.get(key) ?? Promise.resolve()).then(task);
    const settled = run.then(
      () => undefined,
      () => undefined, // the caller sees the rejection through `run`; the chain only waits for it
    );
    this.#tails.set(key, settled);
    void settled.then(() => {
      if (this.#tails.get(key) === settled) this.#tails.delete(key);
    });
    return run;
  }
}
