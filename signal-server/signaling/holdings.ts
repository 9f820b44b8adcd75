import type { Holdings } from '../presence/presence-store.ts';
import { type DialogServer, roomOfChannel } from './types.ts';

/**
 * What this process holds, read from its own sockets (PresenceStore.restore writes it back into a shared store that
 * lost it): the sockets of each person, and each socket's peer in every room whose channel it joined.
 */
export function holdings(io: DialogServer): Holdings {
  const sockets = new Map<string, number>();
  const peers: Holdings['peers'] = [];
  for (const socket of io.of('/').sockets.values()) {
    const { user, peerId } = socket.data;
    sockets.set(user.username, (sockets.get(user.username) ?? 0) + 1);
    for (const channel of socket.rooms) {
      const roomId = roomOfChannel(channel);
      if (roomId) peers.push({ roomId, member: { peerId, user } });
    }
  }
  return { sockets, peers };
}
