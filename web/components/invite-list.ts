import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ConversationInvite, Invite } from '../../shared/protocol.ts';
import { InviteDismissEvent } from './events.ts';
import './user-avatar.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';

/**
 * Invitations into rooms ("Join") and to private conversations ("Open" / "Not now"), shown on every page until
 * entered or dismissed. Entering is a link; dismissing dispatches `invite-dismiss` (nobody else is told).
 */
@customElement('invite-list')
export class InviteList extends LitElement {
  static override styles = css`
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
    li { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; padding: 0.5rem 0.75rem; border-radius: 8px; background: var(--dialog-info-bg); border: 1px solid var(--dialog-info-border); }
    p { margin: 0; flex: 1; min-width: 12rem; }
    a { padding: 0.3rem 0.8rem; border-radius: 6px; background: var(--dialog-accent); color: var(--dialog-on-accent); text-decoration: none; }
    button { font: inherit; padding: 0.3rem 0.8rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); cursor: pointer; }
  `;

  @property({ attribute: false }) invites: readonly Invite[] = [];
  @property({ attribute: false }) conversationInvites: readonly ConversationInvite[] = [];
  protected readonly language = localized(this);

  override render() {
    const any = this.invites.length + this.conversationInvites.length > 0;
    // The live region stays in place so that a new invitation is announced when it appears.
    return html`<div aria-live="polite">${any ? this.#list() : nothing}</div>`;
  }

  #list() {
    return html`<ul aria-label=${t('invites.label')}>
      ${repeat(
        this.conversationInvites,
        (i) => i.roomId,
        (i) => html`<li>
          <user-avatar size="small" decorative name=${i.from.displayName} .src=${i.from.avatarUrl}></user-avatar>
          <p>${t('invites.wantsToTalk', i.from.displayName)}</p>
          <a href="/rooms/${encodeURIComponent(i.roomId)}" aria-label=${t('invites.openLabel', i.from.displayName)}>${t('invites.open')}</a>
          <button type="button" aria-label=${t('invites.notNowLabel', i.from.displayName)} @click=${() =>
            this.dispatchEvent(new InviteDismissEvent(i.roomId))}>${t('invites.notNow')}</button>
        </li>`,
      )}
      ${repeat(
        this.invites,
        (i) => i.room.id,
        (i) => html`<li>
          <user-avatar size="small" decorative name=${i.from.displayName} .src=${i.from.avatarUrl}></user-avatar>
          <p>${t('invites.invites', i.from.displayName, i.room.name)}</p>
          <a href="/rooms/${encodeURIComponent(i.room.id)}" aria-label=${t('invites.joinLabel', i.room.name)}>${t('invites.join')}</a>
          <button type="button" aria-label=${t('invites.dismissLabel', i.room.name)} @click=${() =>
            this.dispatchEvent(new InviteDismissEvent(i.room.id))}>${t('invites.dismiss')}</button>
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'invite-list': InviteList;
  }
}
