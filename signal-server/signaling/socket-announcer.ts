import type { UserSummary } from '../../shared/protocol.ts';
import type { RoomAnnouncer, RoomEvent } from '../rooms/room-announcer.ts';
import { type DialogServer, LOBBY_CHANNEL, peerChannel, roomChannel, userChannel } from './types.ts';

/**
 * RoomAnnouncer over socket.io rooms: works across processes once socket.io has a shared adapter (`clustered`);
 * then a person's new summary also goes to the other processes, which update the sockets they hold.
 */
export function socketAnnouncer(io: DialogServer, clustered: boolean): RoomAnnouncer {
  const { adapter, sockets } = io.of('/');
  /** The person's sockets in this process carry the new summary. */
  const updateLocal = (user: UserSummary) => {
    for (const id of adapter.rooms.get(userChannel(user.username)) ?? []) {
      const socket = sockets.get(id);
      if (socket) socket.data.user = user;
    }
  };
  if (clustered) io.on('user:changed', updateLocal);
  return {
    toRoom(roomId, event, payload, exceptPeer) {
      const members = io.to(roomChannel(roomId));
      // RoomAnnouncer already ties the payload to the event; socket.io's mapped emit types cannot follow a generic E.
      const target: { emit(event: RoomEvent, payload: unknown): boolean } = exceptPeer
        ? members.except(peerChannel(exceptPeer))
        : members;
      target.emit(event, payload);
    },
    toLobby(changes) {
      io.to(LOBBY_CHANNEL).emit('lobby:changed', changes);
    },
    async userChanged(user) {
      if (clustered) io.serverSideEmit('user:changed', user);
      updateLocal(user);
    },
    emptyRoom(roomId) {
      io.in(roomChannel(roomId)).socketsLeave(roomChannel(roomId));
    },
  };
}
