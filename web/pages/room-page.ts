import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  AttachFilesEvent,
  type FileCancelEvent,
  type PersonalMessageEvent,
  type RefuseFilesEvent,
  type RoomDeleteEvent,
  type RoomEditEvent,
  type SendMessageEvent,
} from '../components/events.ts';
import { servicesContext } from '../context.ts';
import { ChangeController } from '../controllers/emitter-controller.ts';
import { FormTask } from '../controllers/form-task.ts';
import type { RoomSession } from '../services/room-session.ts';
import type { Services } from '../services/services.ts';
import '../components/file-list.ts';
import '../components/leave-dialog.ts';
import '../components/member-list.ts';
import '../components/message-composer.ts';
import '../components/message-list.ts';
import '../components/room-controls.ts';
import { localRoomTitle, t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';

/** The room page: header (with the owner's controls), conversation, composer and people. Holds no WebRTC code. */
@customElement('room-page')
export class RoomPage extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: 1fr 15rem;
      grid-template-rows: auto auto 1fr auto auto auto;
      grid-template-areas: 'header header' 'controls controls' 'log people' 'typing people' 'files people' 'composer people';
      gap: 0.5rem 1rem;
      height: 100%;
      min-height: 0;
    }
    header { grid-area: header; display: flex; flex-wrap: wrap; align-items: flex-start; justify-content: space-between; gap: 0.5rem; }
    h1 { margin: 0; font-size: 1.3rem; overflow-wrap: anywhere; }
    .topic { margin: 0.15rem 0 0; color: var(--dialog-muted); overflow-wrap: anywhere; }
    .owner { margin: 0.15rem 0 0; font-size: 0.8rem; color: var(--dialog-muted); }
    room-controls { grid-area: controls; }
    message-list { grid-area: log; border: 1px solid var(--dialog-border); border-radius: 8px; min-height: 8rem; }
    .under-log { grid-area: typing; }
    .typing { margin: 0; min-height: 1.2em; font-size: 0.85rem; color: var(--dialog-muted); font-style: italic; }
    .too-fast { margin: 0; color: var(--dialog-danger); font-weight: 600; }
    message-composer { grid-area: composer; }
    file-list { grid-area: files; }
    :host(.dropping) message-list { outline: 2px dashed var(--dialog-accent); }
    aside { grid-area: people; border-left: 1px solid var(--dialog-border); padding-left: 0.75rem; overflow-y: auto; min-height: 0; }
    h2 { font-size: 1rem; margin: 0 0 0.5rem; }
    button { font: inherit; padding: 0.4rem 0.8rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); cursor: pointer; }
    [role='status'].joining { margin: 0; color: var(--dialog-muted); }
    .server { flex-basis: 100%; margin: 0; color: var(--dialog-warning); }
    .server:empty { display: none; }
    /* The title gives way (wraps) before the buttons drop below it: on a phone that height is the conversation's. */
    .title { flex: 1 1 8rem; min-width: 0; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    button[aria-pressed='true'] { background: var(--dialog-info-bg); border-color: var(--dialog-accent); font-weight: 600; }
    button[aria-pressed='true']::before { content: '✓ ' / ''; }
    .people-toggle { display: none; }
    /* Phones: the people list folds into a button so the conversation gets the height. */
    @media (max-width: 640px) {
      :host {
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: auto auto auto minmax(8rem, 1fr) auto auto auto;
        grid-template-areas: 'header' 'controls' 'people' 'log' 'typing' 'files' 'composer';
        gap: 0.35rem;
      }
      h1 { font-size: 1.1rem; }
      button { padding: 0.3rem 0.6rem; }
      .owner { display: none; }
      aside { border-left: 0; padding: 0; max-height: 50vh; }
      aside h2 { display: none; }
      .people-toggle { display: block; width: 100%; text-align: left; }
      .people-toggle::after { content: ' ▾'; }
      .people-toggle[aria-expanded='true']::after { content: ' ▴'; }
      .people-body:not(.open) { display: none; }
      .people-body { margin-top: 0.35rem; }
    }
  `;

  @consume({ context: servicesContext, subscribe: true })
  @state()
  services?: Services;

  /** The owner's edit and delete. */
  readonly #controls = new FormTask(this);
  /** Deleted from here: the controls stay busy until room:deleted (it reaches this tab too) leads to the lobby. */
  @state() private deleted = false;
  /** The Leave button asks first; the confirmed `leave-room` event bubbles on to the app shell. */
  @state() private leaving = false;
  /** On phones: whether the folded people list is shown. */
  @state() private peopleOpen = false;
  protected readonly language = localized(this);

  /** The signal server is out of reach: the conversation goes on over the open connections. */
  @property({ type: Boolean }) reconnecting = false;

  readonly #session = new ChangeController<RoomSession>(this);
  readonly #alerts = new ChangeController(this, () => this.services?.alerts);
  /** Files of the open room, and whose files are refused. */
  readonly #files = new ChangeController(this, () => this.services?.files);

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('attach-files', this.#attach);
    this.addEventListener('file-cancel', this.#cancelFile);
    this.addEventListener('refuse-files', this.#refuseFiles);
    this.addEventListener('dragover', this.#dragOver);
    this.addEventListener('dragleave', this.#dragLeave);
    this.addEventListener('drop', this.#drop);
  }

  @property({ attribute: false })
  set session(session: RoomSession | undefined) {
    this.#session.source = session;
  }
  get session(): RoomSession | undefined {
    return this.#session.source;
  }

  /** The room whose entry already put the cursor in the composer (a rejoin after an outage does not move it again). */
  #focusedRoomId?: string;

  protected override updated(): void {
    const session = this.session;
    if (session?.status !== 'joined' || this.#focusedRoomId === session.roomId) return;
    this.#focusedRoomId = session.roomId;
    // Entering a room: one can type at once — unless the person already put focus somewhere on the page, or
    // types on a touch screen (there focus would open the on-screen keyboard over half the conversation).
    if (!focusPlaced() && !matchMedia('(pointer: coarse)').matches) {
      const composer = this.renderRoot.querySelector('message-composer');
      void composer?.updateComplete.then(() => composer.focus());
    }
  }

  override render() {
    const session = this.session;
    if (!session) return null;
    const room = session.room;
    const me = this.services?.session.user;
    const direct = room?.kind === 'direct';
    // A conversation has nothing to rename, and leaving it is all either of the two needs.
    const canManage = !!room && !!me && !direct && (me.isAdmin || me.username === room.owner.username);
    const title = room ? localRoomTitle(room, me?.username) : t('room.title');
    const people = session.people;
    const muted = this.#alerts.source?.isMuted(session.roomId) ?? false;
    const files = this.#files.source;
    const transfers = files?.current?.session === session ? files.current : undefined;
    return html`
      <header>
        <div class="title">
          <h1>${title}</h1>
          ${room?.topic ? html`<p class="topic">${room.topic}</p>` : nothing}
          ${room && !direct ? html`<p class="owner">${t('room.startedBy', room.owner.displayName)}</p>` : nothing}
          ${direct ? html`<p class="topic" role="status">${waitingNote(session.waitingCount)}</p>` : nothing}
        </div>
        <div class="actions">
          <button
            type="button"
            aria-pressed=${muted ? 'true' : 'false'}
            title=${muted ? t('room.mutedTitle') : t('room.muteTitle')}
            @click=${() => this.services?.alerts.setMuted(session.roomId, !muted)}
          >${t('room.mute')}</button>
          <button type="button" aria-haspopup="dialog" @click=${() => (this.leaving = true)}>${t('room.leave')}</button>
        </div>
        <leave-dialog
          ?open=${this.leaving}
          .roomName=${room ? title : t('room.thisRoom')}
          .undelivered=${session.waitingCount}
          @leave-cancel=${() => (this.leaving = false)}
          @leave-room=${() => (this.leaving = false)}
        ></leave-dialog>
        <p role="status" class="server">${this.reconnecting ? t('room.reconnecting') : nothing}</p>
      </header>
      ${
        canManage
          ? html`<room-controls
              .room=${room}
              .error=${this.#controls.message}
              ?busy=${this.#controls.busy || this.deleted}
              @room-edit=${this.#edit}
              @room-delete=${this.#delete}
            ></room-controls>`
          : nothing
      }
      <!-- Focusable so a keyboard can scroll it; only new lines are announced, not receipts changing inside it. -->
      <message-list
        role="log"
        aria-label=${t('room.conversation')}
        aria-relevant="additions"
        tabindex="0"
        .entries=${session.conversation}
      ></message-list>
      <div class="under-log">
        <p class="typing" aria-live="polite">${typingText(session.typing)}</p>
        ${session.sendingTooFast ? html`<p role="alert" class="too-fast">${t('room.sendingTooFast')}</p>` : nothing}
      </div>
      <file-list .files=${transfers}></file-list>
      <message-composer
        ?disabled=${session.status !== 'joined'}
        @send-message=${(e: SendMessageEvent) => session.send(e.text) || e.preventDefault()}
        @typing=${() => session.typingNow()}
      ></message-composer>
      <aside>
        <h2>${t('room.people', people.length)}</h2>
        <button
          type="button"
          class="people-toggle"
          aria-expanded=${this.peopleOpen ? 'true' : 'false'}
          aria-controls="people-body"
          @click=${() => (this.peopleOpen = !this.peopleOpen)}
        >${t('room.people', people.length)}</button>
        <div id="people-body" class="people-body ${this.peopleOpen ? 'open' : ''}">
        <member-list
          .people=${people}
          .relayOffered=${session.relayOffered}
          .admin=${me?.isAdmin === true}
          ?messaging=${!direct}
          .refusingFiles=${people.filter((p) => files?.refusing(p.user.username)).map((p) => p.user.username)}
          @personal-message=${(e: PersonalMessageEvent) => session.sendPersonal(e.username, e.text) || e.preventDefault()}
        ></member-list>
        </div>
        ${session.status === 'joining' ? html`<p role="status" class="joining">${t('room.joining')}</p>` : nothing}
      </aside>
    `;
  }

  #attach = (event: AttachFilesEvent): void => {
    const transfers = this.services?.files.current;
    if (!transfers || transfers.session !== this.session) return;
    transfers.send(event.files, event.to).catch((err: unknown) => console.warn('dialog: could not send a file', err));
  };

  #cancelFile = (event: FileCancelEvent): void => this.services?.files.current?.cancel(event.id);

  #refuseFiles = (event: RefuseFilesEvent): void => this.services?.files.setRefusing(event.username, event.refuse);

  /** Files dragged over the room can be dropped anywhere on it: they go to the whole room. */
  #dragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files') || this.session?.status !== 'joined') return;
    event.preventDefault();
    this.classList.add('dropping');
  };

  #dragLeave = (event: DragEvent): void => {
    if (event.target === this) this.classList.remove('dropping');
  };

  #drop = (event: DragEvent): void => {
    this.classList.remove('dropping');
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!files.length || this.session?.status !== 'joined') return;
    event.preventDefault();
    this.#attach(new AttachFilesEvent(files));
  };

  #edit = async (event: RoomEditEvent): Promise<void> => {
    const rooms = this.services?.rooms;
    if (!rooms) return;
    await this.#controls.run(() => rooms.update(event.roomId, event.changes));
  };

  #delete = async (event: RoomDeleteEvent): Promise<void> => {
    const rooms = this.services?.rooms;
    if (!rooms) return;
    await this.#controls.run(async () => {
      await rooms.remove(event.roomId);
      this.deleted = true;
    });
  };
}

function typingText(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return t('room.typingOne', names[0] ?? '');
  if (names.length === 2) return t('room.typingTwo', names[0] ?? '', names[1] ?? '');
  return t('room.typingMany');
}

/** What a conversation says of its outbox: messages wait in this browser, never on the server. */
function waitingNote(count: number): string {
  if (!count) return '';
  return t('room.waiting', count);
}

/** Whether focus rests on a control (not on the page's body or its `<main>`, where navigation leaves it). */
function focusPlaced(): boolean {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return !!active && active !== document.body && active.localName !== 'main';
}

declare global {
  interface HTMLElementTagNameMap {
    'room-page': RoomPage;
  }
}
