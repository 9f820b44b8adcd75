import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeFailure, invalidFields } from '../components/form-fields.ts';

/** What a form shows about a failed action: errors at the fields they are about, and one form-wide message. */
export interface Failure {
  fields: Record<string, string>;
  message: string;
}

/** Turns an action's error into what the form shows. */
export type Describe = (err: unknown) => Failure;

/** The default: the server's answer (or the error's message) form-wide, with "try again in…" when rate limited. */
const formWide: Describe = (err) => describeFailure(err, []);

/** The error's own message and nothing else, for controls whose failures were always shown that way. */
export const errorMessage: Describe = (err) => ({ fields: {}, message: (err as Error).message });

/**
 * Runs a form's async action and holds what the form shows about it: whether it is busy, what went wrong (per-field
 * errors and a form-wide message) and a status line after success; the host re-renders on each change. An action
 * runs once at a time: a submit while it is busy is ignored. Starting an action clears what the last one showed.
 *
 * A page with one control per row (a room, an account) keys each action by its row: rows run independently, and
 * what is shown belongs to the row of the latest action (`subject`).
 */
export class FormTask implements ReactiveController {
  /** Errors by field name. */
  fields: Record<string, string> = {};
  /** The form-wide problem, or ''. */
  message = '';
  /** What the last successful action said it did (e.g. "Saved."), or ''. */
  status = '';
  /** The key of the latest action ('' when the form has one). */
  subject = '';
  readonly #host: ReactiveControllerHost;
  readonly #describe: Describe;
  readonly #running = new Set<string>();

  /** `describe`: how a failure is shown; by default `describeFailure(err, [])` (one form-wide message). */
  constructor(host: ReactiveControllerHost, describe: Describe = formWide) {
    this.#host = host;
    this.#describe = describe;
    host.addController(this);
  }

  /** Whether any action is running. */
  get busy(): boolean {
    return this.#running.size > 0;
  }

  /** Whether the action for `key` is running. */
  busyWith(key: string): boolean {
    return this.#running.has(key);
  }

  /** Shows what the shared/ schema found wrong with the fields, without asking anyone; ignored while busy. */
  invalid(error: Parameters<typeof invalidFields>[0]): void {
    if (!this.busy) this.clear(invalidFields(error));
  }

  /** Forgets what the last action showed (the input changed), showing instead `fields` found before any action. */
  clear(fields: Record<string, string> = {}): void {
    this.#show({ fields, message: '' });
  }

  /**
   * Runs `action` unless the one for the same `key` is still running. A string it resolves to becomes `status`; what
   * it throws is shown through `describe` (this call's, else the form's). Never rejects.
   */
  async run(action: () => Promise<unknown>, options: RunOptions = {}): Promise<void> {
    const key = options.key ?? '';
    if (this.#running.has(key)) return;
    this.#running.add(key);
    this.subject = key;
    this.#show({ fields: {}, message: '' });
    let status = '';
    let failure: Failure | undefined;
    try {
      const result = await action();
      if (typeof result === 'string') status = result;
    } catch (err) {
      failure = (options.describe ?? this.#describe)(err);
    }
    this.#running.delete(key);
    this.subject = key;
    this.#show(failure ?? { fields: {}, message: '' }, status);
  }

  hostConnected(): void {
    // Nothing to subscribe to: the state changes only through this controller's own calls.
  }

  #show(failure: Failure, status = ''): void {
    this.fields = failure.fields;
    this.message = failure.message;
    this.status = status;
    this.#host.requestUpdate();
  }
}

/** How one `run` differs from the form's usual. */
export interface RunOptions {
  /** Which row the action is about; '' (the default) for a form with one action. */
  key?: string;
  /** How this action's failure is shown, instead of the form's `describe`. */
  describe?: Describe;
}
