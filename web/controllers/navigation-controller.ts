import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loginPath, PUBLIC_ROUTES, safeNext } from '../services/router.ts';
import type { Services } from '../services/services.ts';

/**
 * Keeps the address, the session and the room in step for the app shell:
 * a logged-out visitor on any other page goes to Log in (`?next=` remembers where they were going), a logged-in
 * one on Log in / Register goes on to `next`, and `/rooms/<id>` enters that room. Other pages leave no room: it
 * stays open beside them (leaving is the room's Leave button, logging out or closing the tab), and a room address
 * while another room is open waits for the person to confirm leaving it (the shell asks; see `CurrentRoom.wouldLeave`).
 */
export class NavigationController implements ReactiveController {
  readonly #select: () => Services | undefined;
  #services: Services | undefined;
  #off: (() => void)[] = [];

  constructor(host: ReactiveControllerHost, select: () => Services | undefined) {
    this.#select = select;
    host.addController(this);
  }

  hostConnected(): void {
    this.#bind(this.#select());
  }

  hostUpdate(): void {
    const services = this.#select();
    if (services !== this.#services) this.#bind(services);
  }

  hostDisconnected(): void {
    this.#bind(undefined);
  }

  #bind(services: Services | undefined): void {
    for (const off of this.#off.splice(0)) off();
    this.#services = services;
    if (!services) return;
    const sync = () => this.#sync(services);
    this.#off.push(
      services.router.on('change', sync),
      services.session.on('change', sync),
      services.room.on('change', sync),
    );
    // After the current render: syncing may navigate, which renders again.
    queueMicrotask(sync);
  }

  #sync(services: Services): void {
    if (services !== this.#services) return;
    const { router, session, room } = services;
    if (session.status !== 'ready') return;
    const route = router.route;
    if (!session.user) {
      if (!PUBLIC_ROUTES.has(route.name)) router.navigate(loginPath(router.here), { replace: true });
      return;
    }
    if (PUBLIC_ROUTES.has(route.name)) {
      router.navigate(safeNext(router.url.searchParams.get('next')), { replace: true });
      return;
    }
    if (route.name !== 'room') {
      room.giveUpEntry();
      return;
    }
    const { roomId } = route;
    if (room.state.name === 'deleted' && room.state.roomId === roomId) {
      router.navigate('/', { replace: true });
      return;
    }
    if (room.wouldLeave(roomId)) return;
    void room.enter(roomId).then((entered) => {
      // Back to the lobby, which says why; unless the person has already moved on, or the room's code could not be
      // fetched (the shell asks for a reload, which should enter this room again).
      const now = router.route;
      const failed = room.state.name === 'failed' && room.state.roomId === roomId;
      if (!entered && failed && !services.code.failed && now.name === 'room' && now.roomId === roomId) {
        router.navigate('/', { replace: true });
      }
    });
  }
}
