import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PublicUser } from '../../shared/protocol.ts';
import '../components/message-button.ts';
import '../components/presence-dot.ts';
import '../components/user-avatar.ts';
import { servicesContext } from '../context.ts';
import { errorMessage, FormTask } from '../controllers/form-task.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import { ApiRequestError } from '../services/api-client.ts';
import type { Services } from '../services/services.ts';
import { asSeenBy, watchPresence } from './live-presence.ts';
import { pageStyles } from './page-styles.ts';

/** One person's profile, and how to reach them. */
@customElement('person-page')
export class PersonPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      header { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; margin-bottom: 1.5rem; }
      header h1 { margin: 0; overflow-wrap: anywhere; }
      .username { margin: 0.2rem 0; color: var(--dialog-muted); }
      .about { white-space: pre-wrap; overflow-wrap: anywhere; }
      [role='alert'] { color: var(--dialog-danger); }
    `,
  ];

  @consume({ context: servicesContext })
  @state()
  services?: Services;

  /** Whose profile to show. */
  @property() username = '';
  @state() private person: PublicUser | undefined;
  @state() private error = '';
  readonly #blocking = new FormTask(this, errorMessage);
  protected readonly language = localized(this);
  #inFlight: AbortController | undefined;
  #unwatch: (() => void) | undefined;
  #unwatchBlocks: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.services)
      this.#unwatch = watchPresence(this.services, {
        changed: (username, online) => {
          if (this.person?.username === username) this.person = { ...this.person, online };
        },
        stale: () => void this.#load(),
      });
    this.#unwatchBlocks = this.services?.blocks.on('change', () => this.requestUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('username')) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#inFlight?.abort();
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#unwatchBlocks?.();
    this.#unwatchBlocks = undefined;
  }

  override render() {
    if (this.error)
      return html`<h1>${t('person.heading')}</h1><p role="alert">${this.error}</p><p><a href="/people">${t('person.allPeople')}</a></p>`;
    if (!this.person) return html`<p role="status">${t('app.loading')}</p>`;
    const person = asSeenBy(this.person, this.services);
    return html`
      <header>
        <user-avatar size="large" decorative name=${person.displayName} .src=${person.avatarUrl}></user-avatar>
        <div>
          <h1>${person.displayName}</h1>
          <p class="username">@${person.username}</p>
          <presence-dot labelled ?online=${person.online}></presence-dot>
        </div>
      </header>
      <section aria-labelledby="about-heading">
        <h2 id="about-heading">${t('person.about')}</h2>
        ${person.about ? html`<p class="about">${person.about}</p>` : html`<p class="muted">${t('person.nothingYet')}</p>`}
      </section>
      <section aria-labelledby="message-heading">
        <h2 id="message-heading">${t('person.conversation')}</h2>
        ${this.#reach(person)}
      </section>
      ${this.#blockSection(person)}
    `;
  }

  #blockSection(person: PublicUser) {
    const blocks = this.services?.blocks;
    if (!blocks || person.username === this.services?.session.user?.username) return nothing;
    const name = person.displayName;
    const blocked = blocks.has(person.username);
    return html`<section aria-labelledby="block-heading">
      <h2 id="block-heading">${t('person.block')}</h2>
      <p role="status">
        ${blocked ? t('person.blocked', name) : t('person.blocking', name)}
      </p>
      <button type="button" ?disabled=${this.#blocking.busy} @click=${() => this.#toggleBlock(person.username, blocked)}>
        ${blocked ? t('person.unblockButton', name) : t('person.blockButton', name)}
      </button>
      ${this.#blocking.message ? html`<p role="alert">${this.#blocking.message}</p>` : nothing}
    </section>`;
  }

  async #toggleBlock(username: string, blocked: boolean): Promise<void> {
    const blocks = this.services?.blocks;
    if (!blocks) return;
    await this.#blocking.run(() => (blocked ? blocks.unblock(username) : blocks.block(username)));
  }

  #reach(person: PublicUser) {
    if (person.username === this.services?.session.user?.username) {
      return html`<p>${t('person.thisIsYou')} <a href="/profile">${t('person.editProfile')}</a></p>`;
    }
    const name = person.displayName;
    const when = person.online ? t('person.bothOnline') : t('person.offline', name);
    return html`<p>
        ${when} ${t('person.private')}
      </p>
      <message-button .person=${person}></message-button>`;
  }

  async #load(): Promise<void> {
    const services = this.services;
    if (!services || !this.username) return;
    this.#inFlight?.abort();
    const request = new AbortController();
    this.#inFlight = request;
    // A refetch of the same person (after the socket reconnected) keeps the page as it is until the answer comes.
    if (this.person?.username !== this.username) this.person = undefined;
    this.error = '';
    try {
      this.person = await services.people.get(this.username, request.signal);
    } catch (err) {
      // A newer profile was asked for; this answer no longer matters.
      if (request.signal.aborted) return;
      const missing = err instanceof ApiRequestError && err.code === 'NOT_FOUND';
      this.error = missing ? t('person.missing', this.username) : (err as Error).message;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'person-page': PersonPage;
  }
}
