import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { RoomSession } from '../services/room-session.ts';
import { SignalingClient } from '../services/signaling-client.ts';
import './chat-room.ts';
import type { JoinRequestEvent } from './events.ts';
import './join-form.ts';

const NAME_KEY = 'dialog.name';

/** Reads `/rooms/<id>` from a path. */
function roomFromPath(path: string): string {
  const match = /^\/rooms\/([^/]+)\/?$/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : '';
}

/** The app shell: the join form or the room, and the services behind them. */
@customElement('dialog-app')
export class DialogApp extends LitElement {
  static override styles = css`
    :host { display: grid; grid-template-rows: auto 1fr; height: 100vh; box-sizing: border-box; padding: 1rem; gap: 1rem; }
    .brand { margin: 0; font-size: 1rem; color: #2457c5; letter-spacing: 0.05em; }
    main { min-height: 0; }
  `;

  @state() private session: RoomSession | undefined;
  @state() private error = '';
  @state() private busy = false;
  #signaling: SignalingClient | undefined;
  #signalingName = '';

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.#onPopState);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#onPopState);
    this.session?.dispose();
    this.#signaling?.close();
  }

  override render() {
    return html`
      <p class="brand">Dialog</p>
      <main>
        ${
          this.session
            ? html`<chat-room .session=${this.session} @leave-room=${this.#leave}></chat-room>`
            : html`<join-form
              .name=${localStorage.getItem(NAME_KEY) ?? ''}
              .room=${roomFromPath(location.pathname)}
              .error=${this.error}
              ?busy=${this.busy}
              @join-request=${this.#join}
            ></join-form>`
        }
      </main>
    `;
  }

  #join = async (event: JoinRequestEvent): Promise<void> => {
    this.busy = true;
    this.error = '';
    try {
      const signaling = await this.#connect(event.name);
      localStorage.setItem(NAME_KEY, event.name);
      const session = new RoomSession(signaling, event.roomId);
      await session.join();
      if (session.status === 'error') {
        this.error = session.error;
        session.dispose();
        return;
      }
      this.session = session;
      const path = `/rooms/${encodeURIComponent(event.roomId)}`;
      if (location.pathname !== path) history.pushState(null, '', path);
      document.title = `${event.roomId} · Dialog`;
    } catch (err) {
      this.error = (err as Error).message || 'Could not reach the server.';
    } finally {
      this.busy = false;
    }
  };

  async #connect(name: string): Promise<SignalingClient> {
    if (this.#signaling && this.#signalingName === name) return this.#signaling;
    this.#signaling?.close();
    this.#signaling = undefined;
    const signaling = new SignalingClient(name);
    await signaling.connect();
    this.#signaling = signaling;
    this.#signalingName = name;
    return signaling;
  }

  #leave = async (): Promise<void> => {
    const session = this.session;
    this.session = undefined;
    history.pushState(null, '', '/');
    document.title = 'Dialog';
    await session?.leave();
    session?.dispose();
  };

  #onPopState = (): void => {
    if (this.session && roomFromPath(location.pathname) !== this.session.roomId) void this.#leave();
    this.requestUpdate();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'dialog-app': DialogApp;
  }
}
