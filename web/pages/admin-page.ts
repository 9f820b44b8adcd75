import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AdminUser } from '../../shared/protocol.ts';
import { formAlert, formStyles } from '../components/form-fields.ts';
import '../components/user-avatar.ts';
import { servicesContext } from '../context.ts';
import { errorMessage, FormTask } from '../controllers/form-task.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import type { Services } from '../services/services.ts';
import { pageStyles } from './page-styles.ts';

/** Administrators' list of every account, with Disable / Enable. */
@customElement('admin-page')
export class AdminPage extends LitElement {
  static override styles = [
    pageStyles,
    formStyles,
    css`
      :host { max-width: 64rem; }
      .table { overflow-x: auto; }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid var(--dialog-border); vertical-align: middle; }
      .name { display: flex; align-items: center; gap: 0.5rem; }
      .disabled { color: var(--dialog-danger); font-weight: 600; }
      [role='status'] { color: var(--dialog-muted); }
      /* Phones: each person is a card, so the action sits on screen instead of past a sideways scroll. */
      @media (max-width: 640px) {
        table, tbody, tr, td { display: block; }
        thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
        tr { padding: 0.5rem 0; border-bottom: 1px solid var(--dialog-border); }
        td { border: 0; padding: 0.15rem 0; overflow-wrap: anywhere; }
      }
    `,
  ];

  @consume({ context: servicesContext })
  @state()
  services?: Services;

  @state() private users: AdminUser[] | undefined;
  /** Why the list could not be loaded. */
  @state() private error = '';
  protected readonly language = localized(this);
  /** Disable / Enable, keyed by username: several accounts can change at once. */
  readonly #toggles = new FormTask(this, errorMessage);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  override render() {
    return html`
      <h1 id="heading">${t('admin.heading')}</h1>
      ${formAlert(this.error || this.#toggles.message)}
      <p role="status">${this.users ? this.#toggles.status : t('people.loading')}</p>
      ${this.users ? this.#table(this.users) : nothing}
    `;
  }

  #table(users: AdminUser[]) {
    const me = this.services?.session.user?.username;
    return html`<div class="table">
      <table aria-labelledby="heading">
        <thead>
          <tr><th scope="col">${t('admin.name')}</th><th scope="col">${t('admin.username')}</th><th scope="col">${t('admin.email')}</th><th scope="col">${t('admin.account')}</th><th scope="col">${t('admin.action')}</th></tr>
        </thead>
        <tbody>
          ${repeat(
            users,
            (u) => u.username,
            (u) => html`<tr>
              <td>
                <span class="name">
                  <user-avatar size="small" decorative name=${u.displayName} .src=${u.avatarUrl}></user-avatar>
                  <a href="/people/${encodeURIComponent(u.username)}">${u.displayName}</a>
                </span>
              </td>
              <td>@${u.username}</td>
              <td>${u.email ?? ''}</td>
              <td class=${u.disabled ? 'disabled' : ''}>
                ${t(u.disabled ? 'admin.disabled' : 'admin.active')}${u.isAdmin ? t('admin.administrator') : ''}
              </td>
              <td>${u.username === me ? html`<span class="muted">${t('admin.you')}</span>` : this.#toggle(u)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #toggle(user: AdminUser) {
    const verb = t(user.disabled ? 'admin.enable' : 'admin.disable');
    return html`<button
      type="button"
      aria-label=${t(user.disabled ? 'admin.enableLabel' : 'admin.disableLabel', user.username)}
      ?disabled=${this.#toggles.busyWith(user.username)}
      @click=${() => this.#setDisabled(user, !user.disabled)}
    >${verb}</button>`;
  }

  async #load(): Promise<void> {
    const services = this.services;
    if (!services) return;
    try {
      this.users = await services.admin.list();
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async #setDisabled(user: AdminUser, disabled: boolean): Promise<void> {
    const services = this.services;
    if (!services) return;
    await this.#toggles.run(
      async () => {
        const updated = await services.admin.setDisabled(user.username, disabled);
        this.users = this.users?.map((u) => (u.username === updated.username ? updated : u));
        return t(disabled ? 'admin.nowDisabled' : 'admin.nowEnabled', updated.displayName, updated.username);
      },
      { key: user.username },
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-page': AdminPage;
  }
}
