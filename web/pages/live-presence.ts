import type { PublicUser } from '../../shared/protocol.ts';
import type { Services } from '../services/services.ts';

/**
 * Keeps a page's online flags current while it is shown: `changed` for each push from the server, `stale` when the
 * socket (re)connected and pushes may have been missed (fetch again). Answers the function that stops watching.
 */
export function watchPresence(
  services: Services,
  on: { changed: (username: string, online: boolean) => void; stale: () => void },
): () => void {
  const offs = [
    services.presence.on('changed', ({ username, online }) => on.changed(username, online)),
    services.presence.on('stale', on.stale),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** The person as this page shows them: whoever is looking at the page is online, whatever a snapshot said. */
export function asSeenBy<T extends PublicUser>(person: T, services: Services | undefined): T {
  const self = services?.session.user?.username;
  return person.username === self && !person.online ? { ...person, online: true } : person;
}
