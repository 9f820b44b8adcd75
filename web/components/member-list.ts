import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { messageRoom } from '../../shared/protocol.ts';
import type { RoomPerson } from '../services/room-session.ts';
import { PersonalMessageEvent, RefuseFilesEvent } from './events.ts';
import './file-attach.ts';
import './message-button.ts';
import { counterText } from './message-composer.ts';
import './user-avatar.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';

const STATE_TEXT = {
  self: 'members.you',
  connecting: 'members.connecting',
  connected: 'members.connected',
  failed: 'members.failed',
} as const satisfies Record<RoomPerson['connection'], string>;

/** What the state says: how an open connection runs, or why a failed one failed. */
function stateText(p: RoomPerson, relayOffered: boolean): string {
  if (p.connection === 'connected' && p.route) return t(p.route === 'relay' ? 'members.viaRelay' : 'members.direct');
  if (p.connection !== 'failed') return t(STATE_TEXT[p.connection]);
  // Closed by us for flooding far past the limit: not a network to fix.
  if (p.cutOff) return t('members.cutOff');
  return relayOffered ? t('members.relayFailed', p.user.displayName) : t('members.noRelay', p.user.displayName);
}

/** What an administrator can do about a failed connection. */
function adminHint(relayOffered: boolean): string {
  return relayOffered ? t('members.adminRelay') : t('members.adminNoRelay');
}

/**
 * Who is in the room and how our connection to each of them is doing. Choosing a person opens a form for a
 * personal message to them (sending dispatches `personal-message`) and, with `messaging`, the way to a private
 * conversation with them.
 */
@customElement('member-list')
export class MemberList extends LitElement {
  static override styles = css`
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.35rem; }
    .person { box-sizing: border-box; display: flex; align-items: center; gap: 0.5rem; width: 100%; font: inherit; text-align: left; padding: 0.25rem; border: 0; border-radius: 6px; background: none; color: inherit; }
    button.person { cursor: pointer; }
    button.person:hover, button.person[aria-expanded='true'] { background: var(--dialog-hover); }
    .name { flex: 1; min-width: 0; overflow-wrap: anywhere; }
    .state { font-size: 0.8rem; color: var(--dialog-muted); }
    .state.connected { color: var(--dialog-success); }
    .state.failed { color: var(--dialog-danger); }
    .too-fast { font-size: 0.8rem; font-weight: 600; color: var(--dialog-danger); }
    form { display: grid; gap: 0.35rem; margin: 0.25rem 0 0.5rem; }
    textarea { font: inherit; padding: 0.4rem; border: 1px solid var(--dialog-control-border); border-radius: 6px; resize: vertical; }
    .actions { display: flex; gap: 0.35rem; }
    .actions button { font: inherit; padding: 0.3rem 0.7rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); }
    .actions button.primary { background: var(--dialog-accent); color: var(--dialog-on-accent); border-color: var(--dialog-accent); }
    .hint { margin: 0; font-size: 0.8rem; color: var(--dialog-muted); }
    .hint.over { color: var(--dialog-danger); font-weight: 600; }
  `;

  @property({ attribute: false }) people: readonly RoomPerson[] = [];
  /** The server offers a TURN relay (a failed connection failed even through it). */
  @property({ type: Boolean }) relayOffered = false;
  /** The person looking is an administrator: a failed connection also says what to change on the server. */
  @property({ type: Boolean }) admin = false;
  /** Offer each person's private conversation beside the personal message (not inside a conversation itself). */
  @property({ type: Boolean }) messaging = false;
  /** Whose files this person refuses (by username). */
  @property({ attribute: false }) refusingFiles: readonly string[] = [];
  /** Whose personal-message form is open. */
  @state() private open = '';
  @state() private draft = '';
  protected readonly language = localized(this);

  override render() {
    return html`
      <ul aria-label=${t('members.label')}>
        ${repeat(
          this.people,
          (p) => p.user.username,
          (p) =>
            html`<li>${this.#person(p)}${
              this.admin && p.connection === 'failed' && !p.cutOff
                ? html`<p class="hint">${adminHint(this.relayOffered)}</p>`
                : nothing
            }${this.open === p.user.username ? this.#form(p) : nothing}</li>`,
        )}
      </ul>
    `;
  }

  override updated(): void {
    if (this.open && !this.people.some((p) => p.user.username === this.open)) this.open = '';
  }

  #person(p: RoomPerson) {
    // One line of text: "<name> <state>", or "<name> sending too fast <state>" while their extra messages are dropped.
    const row = html`<user-avatar size="small" decorative name=${p.user.displayName} .src=${p.user.avatarUrl}></user-avatar
      ><span class="name">${p.user.displayName}</span> ${
        p.tooFast
          ? html`<span class="too-fast" title=${t('members.droppedTitle')}>${t('members.tooFast')}</span> `
          : nothing
      }<span class="state ${p.connection}">${stateText(p, this.relayOffered)}</span>`;
    if (p.connection === 'self') return html`<div class="person">${row}</div>`;
    const expanded = this.open === p.user.username;
    return html`<button
      type="button"
      class="person"
      aria-expanded=${expanded ? 'true' : 'false'}
      data-username=${p.user.username}
      title=${t('members.sendTitle', p.user.displayName)}
      @click=${() => this.#toggle(p.user.username)}
    >${row}</button>`;
  }

  #form(p: RoomPerson) {
    const label = t('members.personalTo', p.user.displayName);
    const empty = this.draft.trim() === '';
    const room = messageRoom(this.draft.trim());
    return html`
      <form aria-label=${label} @submit=${(e: SubmitEvent) => this.#send(e, p)}>
        <textarea
          aria-label=${label}
          rows="2"
          aria-describedby="personal-counter"
          .value=${this.draft}
          @input=${(e: InputEvent) => (this.draft = (e.target as HTMLTextAreaElement).value)}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) this.#send(e, p);
            if (e.key === 'Escape') this.#close();
          }}
        ></textarea>
        <p class="hint">${t('members.onlyThem', p.user.displayName)}</p>
        <p id="personal-counter" class="hint ${room.fits ? '' : 'over'}">${counterText(room)}</p>
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${empty || !room.fits}>${t('members.sendTo', p.user.displayName)}</button>
          <file-attach to=${p.user.username} label=${t('members.sendFile', p.user.displayName)}></file-attach>
          <button type="button" @click=${this.#close}>${t('members.close')}</button>
        </div>
        <label class="hint"><input
          type="checkbox"
          .checked=${!this.refusingFiles.includes(p.user.username)}
          @change=${(e: Event) =>
            this.dispatchEvent(new RefuseFilesEvent(p.user.username, !(e.target as HTMLInputElement).checked))}
        /> ${t('members.acceptFiles', p.user.displayName)}</label>
        ${
          this.messaging
            ? html`<p class="hint">${t('members.orPrivate')}</p>
              <message-button .person=${p.user}></message-button>`
            : nothing
        }
      </form>
    `;
  }

  #toggle(username: string): void {
    this.open = this.open === username ? '' : username;
    this.draft = '';
    if (this.open) void this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus());
  }

  /** Closes the open form and gives focus back to the person's button that opened it (not the page's body). */
  #close = (): void => {
    const username = this.open;
    this.open = '';
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`button.person[data-username="${CSS.escape(username)}"]`)?.focus(),
    );
  };

  #send(event: Event, p: RoomPerson): void {
    event.preventDefault();
    const text = this.draft.trim();
    if (!text || !messageRoom(text).fits) return;
    if (this.dispatchEvent(new PersonalMessageEvent(p.user.username, text))) this.draft = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'member-list': MemberList;
  }
}
