import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { PublicUser } from '../../shared/protocol.ts';
import { field, formAlert, formStyles } from '../components/form-fields.ts';
import '../components/message-button.ts';
import '../components/presence-dot.ts';
import '../components/user-avatar.ts';
import { servicesContext } from '../context.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import type { Services } from '../services/services.ts';
import { asSeenBy, watchPresence } from './live-presence.ts';
import { pageStyles } from './page-styles.ts';

/** How long typing may pause before the directory is asked again. */
const SEARCH_DELAY_MS = 250;

/**
 * The people directory: search, then everyone's avatar or initials, name, online state (kept live by the server's
 * pushes), a link to their profile and a way to message them.
 */
@customElement('people-page')
export class PeoplePage extends LitElement {
  static override styles = [
    pageStyles,
    formStyles,
    css`
      form { margin-bottom: 1rem; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.25rem; }
      li { display: flex; align-items: center; gap: 0.75rem; padding: 0.5rem; border-radius: 8px; }
      li:hover { background: var(--dialog-hover); }
      .who { flex: 1; min-width: 0; display: grid; }
      .who a { font-weight: 600; overflow-wrap: anywhere; }
      .username { font-size: 0.85rem; color: var(--dialog-muted); }
      [role='status'] { color: var(--dialog-muted); }
    `,
  ];

  @consume({ context: servicesContext })
  @state()
  services?: Services;

  @state() private query = '';
  @state() private people: PublicUser[] | undefined;
  @state() private error = '';
  protected readonly language = localized(this);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #unwatch: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
    if (this.services)
      this.#unwatch = watchPresence(this.services, {
        changed: (username, online) => {
          this.people = this.people?.map((p) => (p.username === username ? { ...p, online } : p));
        },
        stale: () => void this.#load(),
      });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  override render() {
    return html`
      <h1 id="heading">${t('people.heading')}</h1>
      <form role="search" @submit=${this.#submit}>
        ${field({
          name: 'q',
          label: t('people.search'),
          type: 'search',
          value: this.query,
          onInput: (v) => this.#typed(v),
        })}
      </form>
      ${formAlert(this.error)}
      <p role="status">${this.#summary()}</p>
      ${
        this.people?.length
          ? html`<ul aria-labelledby="heading">
            ${repeat(
              this.people,
              (p) => p.username,
              (p) => this.#person(p),
            )}
          </ul>`
          : nothing
      }
    `;
  }

  #person(listed: PublicUser) {
    const person = asSeenBy(listed, this.services);
    return html`<li>
      <user-avatar name=${person.displayName} .src=${person.avatarUrl}></user-avatar>
      <span class="who">
        <a href="/people/${encodeURIComponent(person.username)}">${person.displayName}</a>
        <span class="username">@${person.username}</span>
      </span>
      <presence-dot ?online=${person.online}></presence-dot>
      ${person.username === this.services?.session.user?.username ? nothing : html`<message-button .person=${person}></message-button>`}
    </li>`;
  }

  #summary(): string {
    if (!this.people) return this.error ? '' : t('people.loading');
    const n = this.people.length;
    if (n === 0) return this.query.trim() ? t('people.noMatch', this.query.trim()) : t('people.nobody');
    return t('people.count', n);
  }

  #typed(value: string): void {
    this.query = value;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#load(), SEARCH_DELAY_MS);
  }

  #submit = (event: SubmitEvent): void => {
    event.preventDefault();
    clearTimeout(this.#timer);
    void this.#load();
  };

  async #load(): Promise<void> {
    const services = this.services;
    if (!services) return;
    this.#inFlight?.abort();
    const request = new AbortController();
    this.#inFlight = request;
    try {
      this.people = await services.people.search(this.query, request.signal);
      this.error = '';
    } catch (err) {
      // A newer search replaced this one; its answer no longer matters.
      if (request.signal.aborted) return;
      this.error = (err as Error).message;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'people-page': PeoplePage;
  }
}
