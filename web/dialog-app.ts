import { ContextProvider } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SelfUser } from '../shared/protocol.ts';
import { servicesContext } from './context.ts';
import { ChangeController } from './controllers/emitter-controller.ts';
import { NavigationController } from './controllers/navigation-controller.ts';
import './pages/login-page.ts';
import type { InviteDismissEvent, LogoutRequestEvent } from './components/events.ts';
import { PUBLIC_ROUTES, type Route } from './services/router.ts';
import type { Services } from './services/services.ts';
import './components/language-picker.ts';
import { localRoomTitle, t } from './i18n/locale.ts';
import { localized } from './i18n/localized.ts';

const TITLES = {
  login: 'title.login',
  register: 'title.register',
  lobby: 'title.lobby',
  room: 'title.room',
  profile: 'title.profile',
  people: 'title.people',
  conversations: 'title.conversations',
  person: 'title.person',
  admin: 'title.admin',
  'not-found': 'title.notFound',
} as const satisfies Record<Route['name'], string>;

/**
 * The pages not in the first script, fetched when first shown (Register, for newcomers only; the room's page with the
 * room's code; the others are seldom opened). Until its code arrives a page's element is empty; then it upgrades
 * itself.
 */
const PAGE_CODE: Partial<Record<Route['name'], () => Promise<unknown>>> = {
  register: () => import('./pages/register-page.ts'),
  room: () => import('./pages/room-page.ts'),
  profile: () => import('./pages/profile-page.ts'),
  people: () => import('./pages/people-page.ts'),
  person: () => import('./pages/person-page.ts'),
  conversations: () => import('./pages/conversations-page.ts'),
  admin: () => import('./pages/admin-page.ts'),
};

/** What only a logged-in person sees (the nav bar, the lobby…), fetched once someone is logged in. */
const LOGGED_IN_CODE = () => import('./logged-in.ts');

/**
 * The name above a page with no nav bar (logged out, loading), with the language control: in a banner, as every
 * piece of a page is in a landmark.
 */
const brand = () =>
  html`<header class="bar"><p class="brand">${t('app.brand')}</p><language-picker></language-picker></header>`;

/** Instead of any page once fetching part of the app failed (most likely a newer build is served now). */
const codeFailed = () =>
  html`<p role="alert">${t('app.codeFailed')}</p>
    <button type="button" @click=${() => location.reload()}>${t('app.reload')}</button>`;

/** The app shell: provides the services, shows the nav bar and the page the address names. */
@customElement('dialog-app')
export class DialogApp extends LitElement {
  static override styles = css`
    :host { display: grid; grid-template-rows: auto auto 1fr; height: 100vh; box-sizing: border-box; padding: 1rem; gap: 1rem; }
    .bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem; }
    .brand { margin: 0; font-size: 1rem; color: var(--dialog-accent); letter-spacing: 0.05em; font-weight: 700; }
    main { min-height: 0; overflow-y: auto; outline: none; }
    main.room { overflow: hidden; }
    [role='alert'] { color: var(--dialog-danger); }
    button { font: inherit; padding: 0.4rem 0.8rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); }
    a { color: var(--dialog-accent); }
    @media (max-width: 640px) { :host { padding: 0.5rem; gap: 0.5rem; } }
  `;

  /** Created once in main.ts and handed to every page below through `servicesContext`. */
  @property({ attribute: false }) services: Services | undefined;
  readonly #provider = new ContextProvider(this, { context: servicesContext });

  @state() private notice = '';
  /** The tab title and every page follow a language switch. */
  protected readonly language = localized(this);
  readonly #session = new ChangeController(this, () => this.services?.session);
  readonly #router = new ChangeController(this, () => this.services?.router);
  readonly #rooms = new ChangeController(this, () => this.services?.room);
  readonly #invites = new ChangeController(this, () => this.services?.invites);
  /** The room page shows whether the signal server is out of reach. */
  readonly #signaling = new ChangeController(this, () => this.services?.signaling);
  /** Unread count, and the open room's name when it changes (a rename): the tab title and the nav follow it. */
  readonly #attention = new ChangeController(this, () => this.services?.attention);
  /** Unread messages over the private conversations, beside Conversations in the nav. */
  readonly #conversations = new ChangeController(this, () => this.services?.conversations);
  /** Muted rooms: their count shows quietly. */
  readonly #alerts = new ChangeController(this, () => this.services?.alerts);
  /** Whether fetching a page's code failed. */
  readonly #code = new ChangeController(this, () => this.services?.code);
  /** Redirects and room entry; works through its subscriptions, never called directly. */
  protected readonly navigation = new NavigationController(this, () => this.services);
  #shownPath = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Before the pages render, so they find the services when they connect.
    if (changed.has('services') && this.services) this.#provider.setValue(this.services);
    this.#fetchCode();
  }

  /** Starts fetching the code of what the person is about to see. */
  #fetchCode(): void {
    const code = this.services?.code;
    const session = this.#session.source;
    const route = this.#router.source?.route;
    if (!code || !route || session?.status !== 'ready') return;
    if (session.user) code.fetch(LOGGED_IN_CODE);
    const page = PAGE_CODE[route.name];
    // Logged in, a page of the app; logged out, Log in or Register (any other address goes to Log in).
    if (page && !!session.user !== PUBLIC_ROUTES.has(route.name)) code.fetch(page);
  }

  override render() {
    const session = this.#session.source;
    const router = this.#router.source;
    if (!session || !router) return nothing;
    if (session.status === 'loading') return html`${brand()}<main><p role="status">${t('app.loading')}</p></main>`;
    if (session.status === 'error') {
      return html`${brand()}
        <main>
          <p role="alert">${session.error}</p>
          <button type="button" @click=${() => session.load()}>${t('app.tryAgain')}</button>
        </main>`;
    }
    const route = router.route;
    const user = session.user;
    return html`
      ${
        user
          ? html`<app-nav
              .user=${user}
              .route=${route}
              .unread=${this.#rooms.source?.current?.room?.kind === 'direct' ? 0 : (this.#attention.source?.unread ?? 0)}
              .conversationsUnread=${this.#conversations.source?.unread ?? 0}
              ?muted=${this.#mutedRoom()}
              @logout-request=${this.#logout}
            ></app-nav>`
          : brand()
      }
      ${
        user
          ? html`<invite-list
              .invites=${this.#invites.source?.rooms ?? []}
              .conversationInvites=${this.#invites.source?.conversations ?? []}
              @invite-dismiss=${(e: InviteDismissEvent) => this.services?.invites.dismiss(e.roomId)}
            ></invite-list>`
          : nothing
      }
      <main tabindex="-1" class=${route.name === 'room' ? 'room' : ''} @logout-request=${this.#logout}>
        ${this.notice ? html`<p role="alert">${this.notice}</p>` : nothing} ${user ? this.#chip(route) : nothing}
        ${this.#code.source?.failed ? codeFailed() : this.#page(route, user)}
      </main>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const router = this.#router.source;
    if (!router || this.#session.source?.status !== 'ready') return;
    const route = router.route;
    const room = this.#rooms.source?.current;
    const shown = route.name === 'room' && room?.roomId === route.roomId ? room.room : undefined;
    const roomName = shown && localRoomTitle(shown, this.#session.source?.user?.username);
    const unread = this.#attention.source?.unread ?? 0;
    document.title = `${unread ? `(${unread}) ` : ''}${roomName ?? t(TITLES[route.name])} · ${t('app.brand')}`;
    const path = router.url.pathname;
    // A new page: move focus to it so keyboard and screen reader users start at its top.
    if (this.#shownPath && this.#shownPath !== path) this.renderRoot.querySelector('main')?.focus();
    this.#shownPath = path;
  }

  #page(route: Route, user: SelfUser | null) {
    if (!user) {
      if (route.name === 'register') return html`<register-page></register-page>`;
      return route.name === 'login' ? html`<login-page></login-page>` : nothing;
    }
    switch (route.name) {
      case 'login':
      case 'register':
        return nothing;
      case 'lobby':
        return html`<lobby-page></lobby-page>`;
      case 'room': {
        const room = this.#rooms.source?.current;
        if (room && this.#rooms.source?.wouldLeave(route.roomId)) return this.#askToSwitch(route.roomId);
        if (room?.roomId !== route.roomId) return html`<p role="status">${t('app.joining', route.roomId)}</p>`;
        return html`<room-page
          .session=${room}
          ?reconnecting=${this.#signaling.source?.state.name === 'reconnecting'}
          @leave-room=${this.#leave}
        ></room-page>`;
      }
      case 'profile':
        return html`<profile-page></profile-page>`;
      case 'people':
        return html`<people-page></people-page>`;
      case 'conversations':
        return html`<conversations-page></conversations-page>`;
      case 'person':
        return html`<person-page .username=${route.username}></person-page>`;
      case 'admin':
        return user.isAdmin
          ? html`<admin-page></admin-page>`
          : html`<h1>${t('title.admin')}</h1><p>${t('app.adminOnly')}</p>`;
      case 'not-found':
        return html`<h1>${t('app.notFound')}</h1><p><a href="/">${t('app.goToRooms')}</a></p>`;
    }
  }

  /** On every other page while a room is open in this tab: the way back to it. */
  #chip(route: Route) {
    const room = this.#rooms.source?.current;
    if (!room || route.name === 'room') return nothing;
    return html`<room-chip
      .roomId=${room.roomId}
      .roomName=${room.room?.name ?? room.roomId}
      .unread=${this.#attention.source?.unread ?? 0}
      ?muted=${this.#mutedRoom()}
    ></room-chip>`;
  }

  /** Whether the room open in this tab is muted. */
  #mutedRoom(): boolean {
    const room = this.#rooms.source?.current;
    return !!room && !!this.#alerts.source?.isMuted(room.roomId);
  }

  /** The address names another room while one is open: leaving that one (and its conversation) is asked first. */
  #askToSwitch(roomId: string) {
    const services = this.services;
    const current = services?.room.current;
    if (!services || !current) return nothing;
    const { lobby, invites, room } = services;
    const name = current.room?.name ?? current.roomId;
    const next =
      lobby.rooms?.find((r) => r.id === roomId)?.name ?? invites.rooms.find((i) => i.room.id === roomId)?.room.name;
    const talk = invites.conversations.find((i) => i.roomId === roomId)?.from.displayName;
    return html`<p role="status">${t('app.inRoom', name)}</p>
      <leave-dialog
        open
        .roomName=${name}
        .reason=${next ? t('app.toEnterRoom', next) : talk ? t('app.toOpenConversation', talk) : t('app.toEnterAnother')}
        .undelivered=${current.waitingCount}
        @leave-room=${() => void room.enter(roomId)}
        @leave-cancel=${() => this.services?.router.navigate(`/rooms/${encodeURIComponent(current.roomId)}`, { replace: true })}
      ></leave-dialog>`;
  }

  /** Leave confirmed: to the lobby first (so the room address does not enter the room again), then leave. */
  #leave = (): void => {
    const services = this.services;
    if (!services) return;
    services.router.navigate('/');
    services.room.leave().catch((err: unknown) => console.warn('dialog: could not leave the room', err));
  };

  #logout = async (event: LogoutRequestEvent): Promise<void> => {
    const services = this.services;
    if (!services) return;
    this.notice = '';
    const username = services.session.user?.username;
    try {
      await services.session.logout();
      if (event.forget && username) await services.device.forget(username);
      services.router.navigate('/login', { replace: true });
    } catch (err) {
      this.notice = t('app.logoutFailed', (err as Error).message);
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'dialog-app': DialogApp;
  }
}
