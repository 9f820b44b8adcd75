import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SelfUser } from '../../shared/protocol.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import type { Route } from '../services/router.ts';
import { LogoutRequestEvent } from './events.ts';
import './language-picker.ts';
import './user-avatar.ts';

type Section = 'rooms' | 'conversations' | 'people' | 'profile' | 'admin';

function section(route: Route): Section | undefined {
  if (route.name === 'lobby' || route.name === 'room') return 'rooms';
  if (route.name === 'people' || route.name === 'person') return 'people';
  if (route.name === 'profile' || route.name === 'admin' || route.name === 'conversations') return route.name;
  return undefined;
}

/** The bar at the top: the app's sections, who is logged in, and Log out (dispatches `logout-request`). */
@customElement('app-nav')
export class AppNav extends LitElement {
  static override styles = css`
    :host { display: block; border-bottom: 1px solid var(--dialog-border); padding-bottom: 0.5rem; }
    nav { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.25rem; }
    .brand { margin: 0; font-weight: 700; color: var(--dialog-accent); letter-spacing: 0.05em; }
    ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem; margin: 0; padding: 0; flex: 1; }
    a { display: inline-block; padding: 0.35rem 0.6rem; border-radius: 6px; color: var(--dialog-fg); text-decoration: none; }
    a:hover { background: var(--dialog-hover); }
    a[aria-current='page'] { background: var(--dialog-info-bg); font-weight: 600; }
    .me { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; min-width: 0; }
    .who { overflow-wrap: anywhere; }
    .unread { margin-left: 0.3rem; padding: 0 0.4rem; border-radius: 999px; background: var(--dialog-accent); color: var(--dialog-on-accent); font-size: 0.8rem; font-weight: 600; }
    .unread.muted { background: none; color: var(--dialog-muted); font-weight: 400; border: 1px solid var(--dialog-control-border); }
    .hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    button { font: inherit; padding: 0.35rem 0.7rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); cursor: pointer; white-space: nowrap; }
  `;

  @property({ attribute: false }) user: SelfUser | undefined;
  @property({ attribute: false }) route: Route = { name: 'lobby' };
  /** Unread messages in the open room: shown beside Rooms. */
  @property({ type: Number }) unread = 0;
  /** Unread messages over the private conversations: shown beside Conversations. */
  @property({ type: Number }) conversationsUnread = 0;
  /** The open room is muted: its count shows quietly. */
  @property({ type: Boolean }) muted = false;
  protected readonly language = localized(this);

  override render() {
    const user = this.user;
    if (!user) return nothing;
    const current = section(this.route);
    const counts: Partial<Record<Section, number>> = { rooms: this.unread, conversations: this.conversationsUnread };
    const badge = (name: Section) => {
      const count = counts[name];
      if (!count) return nothing;
      // Only the open room can be muted, and its count is the one beside Rooms.
      const muted = name === 'rooms' && this.muted;
      return html` <span class="unread ${muted ? 'muted' : ''}">${count}<span class="hidden">${t(muted ? 'nav.unreadMuted' : 'nav.unread')}</span></span>`;
    };
    const link = (href: string, name: Section, text: string) =>
      html`<li><a href=${href} aria-current=${current === name ? 'page' : nothing}>${text}${badge(name)}</a></li>`;
    return html`
      <nav aria-label=${t('nav.label')}>
        <p class="brand">${t('app.brand')}</p>
        <ul>
          ${link('/', 'rooms', t('nav.rooms'))} ${link('/conversations', 'conversations', t('nav.conversations'))}
          ${link('/people', 'people', t('nav.people'))} ${link('/profile', 'profile', t('nav.profile'))}
          ${user.isAdmin ? link('/admin', 'admin', t('nav.admin')) : nothing}
        </ul>
        <div class="me">
          <user-avatar size="small" decorative name=${user.displayName} .src=${user.avatarUrl}></user-avatar>
          <span class="who">${t('nav.loggedInAs')} <strong>${user.displayName}</strong></span>
          <button type="button" @click=${() => this.dispatchEvent(new LogoutRequestEvent())}>${t('nav.logout')}</button>
          <language-picker></language-picker>
        </div>
      </nav>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-nav': AppNav;
  }
}
