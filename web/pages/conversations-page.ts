import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import '../components/presence-dot.ts';
import '../components/user-avatar.ts';
import { LogoutRequestEvent } from '../components/events.ts';
import { servicesContext } from '../context.ts';
import { ChangeController } from '../controllers/emitter-controller.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import type { Conversation } from '../services/conversations-service.ts';
import type { Services } from '../services/services.ts';
import { pageStyles } from './page-styles.ts';

/**
 * The person's private conversations: with whom (avatar, name, online or not, live), the last message and how many
 * are unread. Says plainly that the text is kept only in this browser.
 */
@customElement('conversations-page')
export class ConversationsPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.25rem; }
      li { display: flex; align-items: center; gap: 0.75rem; padding: 0.5rem; border-radius: 8px; }
      li:hover { background: var(--dialog-hover); }
      .what { flex: 1; min-width: 0; display: grid; }
      .what a { font-weight: 600; overflow-wrap: anywhere; }
      .last { margin: 0; font-size: 0.9rem; color: var(--dialog-muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .unread { padding: 0 0.5rem; border-radius: 999px; background: var(--dialog-accent); color: var(--dialog-on-accent); font-size: 0.8rem; font-weight: 600; }
      [role='alert'] { color: var(--dialog-danger); }
    `,
  ];

  @consume({ context: servicesContext })
  @state()
  services?: Services;

  readonly #conversations = new ChangeController(this, () => this.services?.conversations);
  protected readonly language = localized(this);
  /** What became of "Forget files on this device", once pressed. */
  @state() private filesNote = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.services?.conversations.load();
  }

  override render() {
    const service = this.#conversations.source;
    const list = service?.list;
    return html`
      <h1 id="heading">${t('conversations.heading')}</h1>
      <p class="muted">${t('conversations.privacy')}</p>
      <p class="muted">${t('conversations.filesPrivacy')}</p>
      <p>
        <button type="button" @click=${() => this.dispatchEvent(new LogoutRequestEvent(true))}>
          ${t('conversations.forget')}
        </button>
        <button type="button" @click=${this.#forgetFiles}>${t('conversations.forgetFiles')}</button>
      </p>
      <p role="status">${this.filesNote}</p>
      ${service?.error ? html`<p role="alert">${service.error}</p>` : nothing}
      ${this.#body(list, !!service?.error)}
    `;
  }

  #forgetFiles = async (): Promise<void> => {
    const username = this.services?.session.user?.username;
    if (!username) return;
    try {
      await this.services?.files.forgetBytes(username);
      this.filesNote = t('conversations.filesForgotten');
    } catch (err) {
      this.filesNote = t('conversations.filesNotForgotten', (err as Error).message);
    }
  };

  #body(list: Conversation[] | undefined, failed: boolean) {
    if (!list) return failed ? nothing : html`<p role="status">${t('conversations.loading')}</p>`;
    if (!list.length)
      return html`<p>
        ${t('conversations.emptyBefore')} <a href="/people">${t('conversations.emptyLink')}</a> ${t('conversations.emptyAfter')}
      </p>`;
    return html`<ul aria-labelledby="heading">
      ${repeat(
        list,
        (c) => c.roomId,
        (c) => this.#row(c),
      )}
    </ul>`;
  }

  #row(c: Conversation) {
    const name = c.with.displayName;
    return html`<li>
      <user-avatar name=${name} .src=${c.with.avatarUrl}></user-avatar>
      <span class="what">
        <a href="/rooms/${encodeURIComponent(c.roomId)}">${name}</a>
        <p class="last">${c.last ? `${c.last.own ? t('conversations.you') : ''}${c.last.text}` : t('conversations.nothingYet')}</p>
      </span>
      ${c.unread ? html`<span class="unread">${t('conversations.unread', c.unread)}</span>` : nothing}
      <presence-dot ?online=${c.with.online}></presence-dot>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conversations-page': ConversationsPage;
  }
}
