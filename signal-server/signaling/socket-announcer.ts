import type { RoomAnnouncer, RoomEvent } from '../rooms/room-announcer.ts';
import { type DialogServer, LOBBY_CHANNEL, peerChannel, roomChannel, userChannel } from './types.ts';

/** RoomAnnouncer over socket.io rooms: works across processes once socket.io has a shared adapter. */
export function socketAnnouncer(io: DialogServer): RoomAnnouncer {
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
      for (const socket of await io.in(userChannel(user.username)).fetchSockets()) socket.data.user = user;
    },
    emptyRoom(roomId) {
      io.in(roomChannel(roomId)).socketsLeave(roomChannel(roomId));
    },
  };
}
