import type { ReactiveController, ReactiveControllerHost } from 'lit';

interface Subscribable {
  on(event: 'change', listener: () => void): () => void;
}

/**
 * Re-renders its host whenever a service emits `change`; subscribes only while the host is connected.
 * The service is set through `source`, or picked by `select` before each render (e.g. from a context value).
 */
export class ChangeController<T extends Subscribable> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #select: (() => T | undefined) | undefined;
  #source: T | undefined;
  #off: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, select?: () => T | undefined) {
    this.#host = host;
    this.#select = select;
    host.addController(this);
  }

  /** Follows a different service (or none). */
  set source(source: T | undefined) {
    if (source === this.#source) return;
    this.#off?.();
    this.#off = undefined;
    this.#source = source;
    if (this.#connected) this.#subscribe();
    this.#host.requestUpdate();
  }

  get source(): T | undefined {
    return this.#source;
  }

  #connected = false;

  hostConnected(): void {
    this.#connected = true;
    if (this.#select) this.#source = this.#select();
    this.#subscribe();
  }

  hostUpdate(): void {
    if (this.#select) this.source = this.#select();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#off?.();
    this.#off = undefined;
  }

  #subscribe(): void {
    this.#off?.();
    this.#off = this.#source?.on('change', () => this.#host.requestUpdate());
  }
}
