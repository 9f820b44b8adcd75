import type { Holdings } from '../presence/presence-store.ts';
import type { PeerTabs } from './peer-tabs.ts';
import { type DialogServer, type DialogSocket, roomOfChannel } from './types.ts';

/**
 * What this process holds, read from its own sockets (PresenceStore.restore writes it back into a shared store that
 * lost it): the sockets of each person, and each socket's peer in every room whose channel it joined, plus the
 * places of the peers whose connection was lost and whose grace is still running.
 */
export function holdings(io: DialogServer, tabs: PeerTabs): Holdings {
  const sockets = new Map<string, number>();
  const peers = tabs.lost();
  for (const socket of io.of('/').sockets.values()) {
    const { username } = socket.data.user;
    sockets.set(username, (sockets.get(username) ?? 0) + 1);
    peers.push(...peersOf(socket));
  }
  return { sockets, peers };
}

/** A socket's peer in every room whose channel it joined. */
export function peersOf(socket: DialogSocket): Holdings['peers'] {
  const member = { peerId: socket.data.peerId, user: socket.data.user };
  return [...socket.rooms].flatMap((channel) => {
    const roomId = roomOfChannel(channel);
    return roomId ? [{ roomId, member }] : [];
  });
}
