import { css, html, nothing, type TemplateResult } from 'lit';
import { fieldErrors } from '../../shared/protocol.ts';
import { locale, t } from '../i18n/locale.ts';
import { ApiRequestError } from '../services/api-client.ts';

/** One labelled input (or textarea) with its hint, counter and error, wired up with `aria-describedby`. */
export interface FieldOptions {
  /** The form field's name; also the element id, so unique within one shadow root. */
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email' | 'search';
  /** A textarea of this many rows instead of an input. */
  rows?: number;
  value?: string;
  autocomplete?: string;
  /** Shown under the field, e.g. the rules for a password. */
  hint?: string;
  /** e.g. `12 / 50`; marked when over. */
  counter?: { length: number; max: number };
  /** What is wrong with the value; marks the field invalid and is announced. */
  error?: string | undefined;
  disabled?: boolean;
  onInput?: (value: string) => void;
}

/** Renders a field. Every control gets a visible label, and its hint and error are read with it. */
export function field(o: FieldOptions): TemplateResult {
  const over = o.counter ? o.counter.length > o.counter.max : false;
  const described = [o.hint && `${o.name}-hint`, o.counter && `${o.name}-counter`, o.error && `${o.name}-error`]
    .filter(Boolean)
    .join(' ');
  const input = (e: Event) => o.onInput?.((e.target as HTMLInputElement | HTMLTextAreaElement).value);
  const control = o.rows
    ? html`<textarea
        id=${o.name}
        name=${o.name}
        rows=${o.rows}
        .value=${o.value ?? ''}
        ?disabled=${o.disabled}
        aria-invalid=${o.error || over ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        @input=${input}
      ></textarea>`
    : html`<input
        id=${o.name}
        name=${o.name}
        type=${o.type ?? 'text'}
        .value=${o.value ?? ''}
        autocomplete=${o.autocomplete ?? nothing}
        ?disabled=${o.disabled}
        aria-invalid=${o.error || over ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        @input=${input}
      />`;
  return html`
    <div class="field">
      <label for=${o.name}>${o.label}</label>
      ${control}
      ${o.hint ? html`<p id="${o.name}-hint" class="hint">${o.hint}</p>` : nothing}
      ${
        o.counter
          ? html`<p id="${o.name}-counter" class="counter ${over ? 'over' : ''}">
            ${o.counter.length} / ${o.counter.max}${over ? t('form.tooLong') : ''}
          </p>`
          : nothing
      }
      ${o.error ? html`<p id="${o.name}-error" class="error" role="alert">${o.error}</p>` : nothing}
    </div>
  `;
}

/** A form-wide problem (not about one field), announced when it appears. */
export function formAlert(message: string): TemplateResult | typeof nothing {
  return message ? html`<p class="form-error" role="alert">${message}</p>` : nothing;
}

/** "2 minutes", "45 seconds": how long a rate-limited person should wait. */
export function waitText(seconds: number): string {
  if (seconds >= 90) return t('form.minutes', Math.ceil(seconds / 60));
  if (seconds >= 60) return t('form.minutes', 1);
  return t('form.seconds', seconds);
}

/** What is wrong with each field of a form that failed its shared/ schema, in the page's language. */
export function invalidFields(error: Parameters<typeof fieldErrors>[0]): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors(error)).map(([name, text]) => [name, locale.field(text)]));
}

/** Splits a failed request into per-field errors and one form-wide message. */
export function describeFailure(
  err: unknown,
  known: readonly string[],
): { fields: Record<string, string>; message: string } {
  if (!(err instanceof ApiRequestError)) return { fields: {}, message: (err as Error).message || String(err) };
  const fields: Record<string, string> = {};
  for (const [name, text] of Object.entries(err.fields)) if (known.includes(name)) fields[name] = locale.field(text);
  if (err.code === 'RATE_LIMITED') {
    const wait = err.retryAfterSeconds === null ? t('form.aLittleWhile') : waitText(err.retryAfterSeconds);
    return { fields, message: t('form.tooManyAttempts', wait) };
  }
  // The summary is only needed when no field says what is wrong.
  return { fields, message: Object.keys(fields).length > 0 ? '' : err.message };
}

/** Shared look of every form: stacked labels, full-width controls, errors in red next to what they are about. */
export const formStyles = css`
  form { display: grid; gap: 1rem; max-width: 28rem; }
  .field { display: grid; gap: 0.3rem; }
  label { font-weight: 600; }
  input, textarea { font: inherit; padding: 0.5rem; border: 1px solid var(--dialog-control-border); border-radius: 6px; min-width: 0; }
  textarea { resize: vertical; }
  [aria-invalid='true'] { border-color: var(--dialog-danger); outline-color: var(--dialog-danger); }
  .hint, .counter { margin: 0; font-size: 0.85rem; color: var(--dialog-muted); }
  .counter.over { color: var(--dialog-danger); font-weight: 600; }
  .error, .form-error { margin: 0; color: var(--dialog-danger); }
  .form-error { padding: 0.5rem 0.75rem; border: 1px solid var(--dialog-error-border); border-radius: 6px; background: var(--dialog-error-bg); }
  button { font: inherit; padding: 0.5rem 1rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); cursor: pointer; }
  button.primary { border: 0; background: var(--dialog-accent); color: var(--dialog-on-accent); }
  button[disabled] { opacity: 0.6; cursor: default; }
  [role='status'] { margin: 0; color: var(--dialog-success); }
`;
