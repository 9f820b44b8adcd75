import { Emitter } from './emitter.ts';

export interface CodeLoaderEvents extends Record<string, unknown> {
  /** `failed` became true. */
  change: undefined;
}

const warn = (err: unknown) => console.warn('dialog: could not fetch part of the app', err);

/** A piece of the app's code fetched on demand, once; `module` once it has arrived. */
export class LazyModule<M> {
  module: M | undefined;
  readonly #fetch: () => Promise<M>;
  readonly #failed: (err: unknown) => void;
  #loading: Promise<M> | undefined;

  constructor(fetch: () => Promise<M>, failed: (err: unknown) => void = warn) {
    this.#fetch = fetch;
    this.#failed = failed;
  }

  /** Fetches the module (once; a failed fetch is tried again on the next call). */
  load(): Promise<M> {
    this.#loading ??= this.#fetch().then(
      (module) => {
        this.module = module;
        return module;
      },
      (err: unknown) => {
        this.#loading = undefined;
        this.#failed(err);
        throw err;
      },
    );
    return this.#loading;
  }
}

/**
 * The code the first page does not need (the room's WebRTC code, the pages seldom opened) is fetched when it is
 * needed. A fetch that fails most likely means the server now serves a newer build, whose files have other names:
 * only reloading the page helps, so `failed` stays set and the app shell says so.
 */
export class CodeLoader extends Emitter<CodeLoaderEvents> {
  /** Fetching some code failed. */
  failed = false;
  readonly #fetched = new Set<() => Promise<unknown>>();

  /** A module fetched on demand by `fetch` (a dynamic `import()`), whose failure sets `failed`. */
  module<M>(fetch: () => Promise<M>): LazyModule<M> {
    return new LazyModule(fetch, this.#fail);
  }

  /** Fetches code nothing waits for (a page's module: its element upgrades itself once defined), once. */
  fetch(fetch: () => Promise<unknown>): void {
    if (this.#fetched.has(fetch)) return;
    this.#fetched.add(fetch);
    fetch().catch((err: unknown) => {
      this.#fetched.delete(fetch);
      this.#fail(err);
    });
  }

  #fail = (err: unknown): void => {
    warn(err);
    if (this.failed) return;
    this.failed = true;
    this.emit('change', undefined);
  };
}
