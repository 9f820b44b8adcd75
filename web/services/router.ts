import { Emitter } from './emitter.ts';

/** Every page of the app, as read from the path. */
export type Route =
  | { name: 'login' }
  | { name: 'register' }
  | { name: 'lobby' }
  | { name: 'room'; roomId: string }
  | { name: 'profile' }
  | { name: 'people' }
  | { name: 'person'; username: string }
  | { name: 'conversations' }
  | { name: 'admin' }
  | { name: 'not-found' };

/** Pages a logged-out visitor may see; every other page sends them to /login first. */
export const PUBLIC_ROUTES: ReadonlySet<Route['name']> = new Set(['login', 'register']);

function segment(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    // A malformed escape such as `%E0%A4%A` names no page.
    return undefined;
  }
}

/** Reads the page from a path such as `/rooms/team-chat` or `/people/ann`. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const fixed: Record<string, Route> = {
    '/': { name: 'lobby' },
    '/login': { name: 'login' },
    '/register': { name: 'register' },
    '/profile': { name: 'profile' },
    '/people': { name: 'people' },
    '/conversations': { name: 'conversations' },
    '/admin': { name: 'admin' },
  };
  const page = fixed[path];
  if (page) return page;
  const room = segment(/^\/rooms\/([^/]+)$/.exec(path)?.[1]);
  if (room) return { name: 'room', roomId: room };
  const username = segment(/^\/people\/([^/]+)$/.exec(path)?.[1]);
  if (username) return { name: 'person', username };
  return { name: 'not-found' };
}

/**
 * Where to go after logging in: `next` if it is a path on this site, otherwise `/`. Refuses absolute URLs,
 * protocol-relative `//host` and `/\host` (which browsers treat as `//host`), and the login pages themselves.
 */
export function safeNext(next: string | null | undefined, origin: string = location.origin): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  const url = new URL(next, origin);
  if (url.origin !== origin) return '/';
  if (PUBLIC_ROUTES.has(matchRoute(url.pathname).name)) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `/login?next=<where the visitor was going>`. */
export function loginPath(next: string): string {
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

export interface RouterEvents extends Record<string, unknown> {
  change: undefined;
}

/**
 * Client-side routing on the history API. Clicks on same-site links anywhere in the page (shadow roots included)
 * become `navigate` calls instead of page loads. Plain TypeScript; the app shell renders `route`.
 */
export class Router extends Emitter<RouterEvents> {
  readonly #window: Window;
  #started = false;

  constructor(win: Window = window) {
    super();
    this.#window = win;
  }

  /** The current address. */
  get url(): URL {
    return new URL(this.#window.location.href);
  }

  get route(): Route {
    return matchRoute(this.#window.location.pathname);
  }

  /** Path, query and hash of the current address, e.g. `/rooms/x?y=1`. */
  get here(): string {
    const { pathname, search, hash } = this.#window.location;
    return `${pathname}${search}${hash}`;
  }

  /** Goes to a same-site path; `replace` overwrites the current history entry instead of adding one. */
  navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
    const url = new URL(to, this.#window.location.href);
    if (url.origin !== this.#window.location.origin) throw new Error(`navigate: ${to} is not on this site`);
    const path = `${url.pathname}${url.search}${url.hash}`;
    if (path === this.here) return;
    if (replace) this.#window.history.replaceState(null, '', path);
    else this.#window.history.pushState(null, '', path);
    this.emit('change', undefined);
  }

  /** Starts following back/forward and intercepting link clicks. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#window.addEventListener('popstate', this.#onPopState);
    this.#window.document.addEventListener('click', this.#onClick);
  }

  stop(): void {
    this.#started = false;
    this.#window.removeEventListener('popstate', this.#onPopState);
    this.#window.document.removeEventListener('click', this.#onClick);
  }

  #onPopState = (): void => this.emit('change', undefined);

  #onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor?.href || anchor.hasAttribute('download')) return;
    if (anchor.target && anchor.target !== '_self') return;
    const url = new URL(anchor.href);
    // The API and avatar images are real resources, never pages.
    if (url.origin !== this.#window.location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    this.navigate(`${url.pathname}${url.search}${url.hash}`);
  };
}
