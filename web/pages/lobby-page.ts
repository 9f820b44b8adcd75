import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { RoomListing } from '../../shared/protocol.ts';
import '../components/create-room-form.ts';
import type { CreateRoomEvent, RoomDeleteEvent, RoomEditEvent } from '../components/events.ts';
import '../components/room-controls.ts';
import '../components/user-avatar.ts';
import { servicesContext } from '../context.ts';
import { ChangeController } from '../controllers/emitter-controller.ts';
import { FormTask } from '../controllers/form-task.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import type { Services } from '../services/services.ts';
import { pageStyles } from './page-styles.ts';

/** The lobby: open rooms with who is inside, live; starting a room; the owner's edit and delete. */
@customElement('lobby-page')
export class LobbyPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .rooms { list-style: none; margin: 0 0 2rem; padding: 0; display: grid; gap: 0.75rem; }
      .room { border: 1px solid var(--dialog-border); border-radius: 10px; padding: 0.75rem 1rem; display: grid; gap: 0.4rem; }
      .head { display: flex; align-items: baseline; justify-content: space-between; gap: 0.75rem; flex-wrap: wrap; }
      h2 { margin: 0; font-size: 1.1rem; overflow-wrap: anywhere; }
      .topic, .meta { margin: 0; overflow-wrap: anywhere; }
      .meta { font-size: 0.85rem; color: var(--dialog-muted); }
      .inside { display: flex; align-items: center; gap: 0.25rem; flex-wrap: wrap; }
      a.join { padding: 0.35rem 0.9rem; border-radius: 6px; background: var(--dialog-accent); color: var(--dialog-on-accent); text-decoration: none; }
      .empty { color: var(--dialog-muted); }
      [role='status'].notice { color: var(--dialog-warning); background: var(--dialog-notice-bg); border: 1px solid var(--dialog-notice-border); padding: 0.5rem 0.75rem; border-radius: 6px; }
    `,
  ];

  @consume({ context: servicesContext, subscribe: true })
  @state()
  services?: Services;

  readonly #creating = new FormTask(this);
  /** The owner's edit and delete, keyed by room: the error shows at the room acted on last. */
  readonly #controls = new FormTask(this);
  protected readonly language = localized(this);
  readonly #lobby = new ChangeController(this, () => this.services?.lobby);
  /** Says why the room the person was in (or tried to enter) was lost. */
  readonly #current = new ChangeController(this, () => this.services?.room);
  #unwatch: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unwatch = this.services?.lobby.watch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  override render() {
    const lobby = this.#lobby.source;
    const room = this.#current.source?.state;
    const notice = room?.name === 'deleted' ? room.notice : '';
    const failed = (room && 'error' in room && room.error) || lobby?.error || '';
    return html`
      <h1>${t('lobby.heading')}</h1>
      ${notice ? html`<p role="status" class="notice">${notice}</p>` : nothing}
      ${failed ? html`<p role="alert" class="form-error">${failed}</p>` : nothing}
      ${this.#list(lobby?.rooms)}
      ${lobby?.rooms?.length && lobby.more ? html`<p class="meta">${t('lobby.more', lobby.rooms.length)}</p>` : nothing}
      <create-room-form .error=${this.#creating.message} ?busy=${this.#creating.busy} @create-room=${this.#create}></create-room-form>
    `;
  }

  #list(list: RoomListing[] | undefined) {
    if (!list) return html`<p role="status">${t('lobby.loading')}</p>`;
    if (list.length === 0) return html`<p class="empty">${t('lobby.empty')}</p>`;
    return html`<ul class="rooms" aria-label=${t('lobby.list')}>
      ${repeat(
        list,
        (room) => room.id,
        (room) => this.#room(room),
      )}
    </ul>`;
  }

  #room(room: RoomListing) {
    const me = this.services?.session.user;
    const canManage = !!me && (me.isAdmin || me.username === room.owner.username);
    return html`<li class="room" aria-label=${room.name}>
      <div class="head">
        <h2>${room.name}</h2>
        <a class="join" href="/rooms/${encodeURIComponent(room.id)}" aria-label=${t('lobby.joinRoom', room.name)}>${t('lobby.join')}</a>
      </div>
      ${room.topic ? html`<p class="topic">${room.topic}</p>` : nothing}
      <p class="meta">${t('lobby.startedBy', room.owner.displayName)} · ${room.memberCount ? t('lobby.inside', room.memberCount) : t('lobby.closing')}</p>
      ${
        room.members.length
          ? html`<div class="inside" aria-label=${t('lobby.insideList', room.members.map((m) => m.displayName).join(', '))}>
              ${room.members.map(
                (m) => html`<user-avatar size="small" name=${m.displayName} .src=${m.avatarUrl}></user-avatar>`,
              )}
            </div>`
          : nothing
      }
      ${
        canManage
          ? html`<room-controls
              .room=${room}
              .error=${this.#controls.subject === room.id ? this.#controls.message : ''}
              ?busy=${this.#controls.busyWith(room.id)}
              @room-edit=${this.#edit}
              @room-delete=${this.#delete}
            ></room-controls>`
          : nothing
      }
    </li>`;
  }

  #create = async (event: CreateRoomEvent): Promise<void> => {
    const services = this.services;
    if (!services) return;
    await this.#creating.run(async () => {
      const room = await services.rooms.create(event.name, event.topic);
      services.router.navigate(`/rooms/${encodeURIComponent(room.id)}`);
    });
  };

  #edit = async (event: RoomEditEvent): Promise<void> => {
    const rooms = this.services?.rooms;
    if (!rooms) return;
    await this.#controls.run(() => rooms.update(event.roomId, event.changes), { key: event.roomId });
  };

  #delete = async (event: RoomDeleteEvent): Promise<void> => {
    const rooms = this.services?.rooms;
    if (!rooms) return;
    await this.#controls.run(() => rooms.remove(event.roomId), { key: event.roomId });
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'lobby-page': LobbyPage;
  }
}
